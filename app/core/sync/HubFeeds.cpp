#include "sync/HubFeeds.h"

#include "sync/EnrolledDevice.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include "store/Repositories.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <QMap>
#include <QQueue>

namespace ow::sync {

namespace {

Error hubFailed(const HttpResponse &r, const QString &what)
{
    if (!r.answered()) {
        return makeError(ErrorCode::Io,
                         SyncText::tr("The county hub cannot be reached. Cases stay safely on this device and are "
                                      "sent when the connection is back."),
                         QStringLiteral("%1: no answer: %2").arg(what, r.transportError));
    }
    return makeError(ErrorCode::Io, SyncText::tr("The county hub could not answer the request (%1).").arg(r.status),
                     QStringLiteral("%1: HTTP %2 %3").arg(what).arg(r.status).arg(hubErrorCode(r.body)));
}

} // namespace

bool isNoAnswer(const Error &error)
{
    return error.code == ErrorCode::Io && error.logDetail.contains(QLatin1String(": no answer: "));
}

Result<HttpResponse> sendSigned(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                HttpRequest request)
{
    auto auth = device.authHeaders(request.method, request.path.toUtf8(), request.body, clock.now().toSecsSinceEpoch());
    if (!auth.ok())
        return auth.error();
    request.headers += *auth;
    return transport.send(request);
}

std::optional<CaseState> stateFromHub(const QString &hubState)
{
    if (hubState == QLatin1String("received"))
        return CaseState::Received;
    if (hubState == QLatin1String("approved"))
        return CaseState::Approved;
    if (hubState == QLatin1String("denied"))
        return CaseState::Denied;
    if (hubState == QLatin1String("correction_requested"))
        return CaseState::CorrectionRequested;
    return std::nullopt;
}

QList<CaseState> reviewPath(CaseState from, CaseState to)
{
    // Only the ordinary path may be walked on the hub's behalf: never through refusal, pledge,
    // suspension or withdrawal, which need a person's decision on this side.
    const QList<CaseState> via = {CaseState::Draft, CaseState::Received, CaseState::Accepted, CaseState::UnderReview,
                                  CaseState::CorrectionRequested};
    QMap<CaseState, CaseState> parent;
    QQueue<CaseState> queue;
    queue.enqueue(from);
    parent.insert(from, from);
    while (!queue.isEmpty()) {
        const CaseState s = queue.dequeue();
        if (s == to)
            break;
        if (s != from && !via.contains(s))
            continue;
        for (CaseState next : caseState::successors(s)) {
            if (!parent.contains(next)) {
                parent.insert(next, s);
                queue.enqueue(next);
            }
        }
    }
    if (from == to || !parent.contains(to))
        return {};
    QList<CaseState> path;
    for (CaseState s = to; s != from; s = parent.value(s))
        path.prepend(s);
    return path;
}

EventFeed::EventFeed(Store &store, Transport &transport, const DeviceIdentity &device)
    : m_store(store)
    , m_transport(transport)
    , m_device(device)
{}

Result<EventsReport> EventFeed::pull(int pageSize)
{
    EventsReport report;
    auto stored = m_store.settings().value(QLatin1String(settingKey::kEventsCursor));
    if (!stored.ok())
        return stored.error();
    report.cursor = stored->has_value() ? QString::fromLatin1(**stored) : QStringLiteral("0");
    for (int page = 0; page < 10000; ++page) {
        HttpRequest req;
        req.method = "GET";
        req.path = QStringLiteral("/v1/events?after=%1&limit=%2").arg(report.cursor).arg(pageSize);
        auto response = sendSigned(m_transport, m_device, m_store.clock(), req);
        if (!response.ok())
            return response.error();
        if (response->status != 200)
            return hubFailed(*response, QStringLiteral("events after %1").arg(report.cursor));
        const QJsonObject body = QJsonDocument::fromJson(response->body).object();
        const QJsonArray events = body.value(QLatin1String("events")).toArray();
        for (const QJsonValue &v : events) {
            const QJsonObject e = v.toObject();
            ++report.received;
            const QString number = e.value(QLatin1String("caseId")).toString();
            const auto target = stateFromHub(e.value(QLatin1String("state")).toString());
            if (!target) {
                qCInfo(lcSync) << "event" << e.value(QLatin1String("cursor")).toString() << "has an unknown state";
                continue;
            }
            auto found = m_store.cases().findByNumber(number);
            if (!found.ok())
                return found.error();
            if (!found->has_value()) {
                qCInfo(lcSync) << "event for case" << number << "which is not on this device";
                continue;
            }
            const CaseState current = (*found)->state;
            if (current == *target)
                continue;
            const QList<CaseState> path = reviewPath(current, *target);
            if (path.isEmpty()) {
                qCWarning(lcSync) << "hub says case" << number << "is" << caseState::key(*target) << "but it is"
                                  << caseState::key(current) << "here; left as it is";
                continue;
            }
            const QString department = e.value(QLatin1String("department")).toString();
            const Actor actor{department.isEmpty() ? QStringLiteral("hub") : QStringLiteral("hub:") + department,
                              e.value(QLatin1String("type")).toString() == QLatin1String("decision")
                                  ? QStringLiteral("reviewer")
                                  : QStringLiteral("device")};
            const QString opinion = e.value(QLatin1String("opinion")).toString();
            for (CaseState step : path) {
                auto moved = m_store.cases().transition(number, step, actor, step == *target ? opinion : QString());
                if (!moved.ok())
                    return moved.error();
            }
            ++report.applied;
            report.changedCases.append(number);
        }
        const QString next = body.value(QLatin1String("next")).toString();
        if (!next.isEmpty() && next != report.cursor) {
            OW_TRY(m_store.settings().setValue(QLatin1String(settingKey::kEventsCursor), next.toLatin1()));
            report.cursor = next;
        }
        if (!body.value(QLatin1String("more")).toBool() || events.isEmpty())
            break;
    }
    if (report.received > 0)
        qCInfo(lcSync) << "events:" << report.received << "read," << report.applied << "applied, cursor"
                       << report.cursor;
    return report;
}

CatalogFeed::CatalogFeed(Store &store, Transport &transport, const DeviceIdentity &device)
    : m_store(store)
    , m_transport(transport)
    , m_device(device)
{}

Result<std::optional<QByteArray>> CatalogFeed::current()
{
    return m_store.settings().value(QLatin1String(settingKey::kCatalog));
}

Result<CatalogReport> CatalogFeed::pull()
{
    auto etag = m_store.settings().value(QLatin1String(settingKey::kCatalogEtag));
    if (!etag.ok())
        return etag.error();
    HttpRequest req;
    req.method = "GET";
    req.path = QStringLiteral("/v1/catalog");
    if (etag->has_value())
        req.header("If-None-Match", **etag);
    auto response = sendSigned(m_transport, m_device, m_store.clock(), req);
    if (!response.ok())
        return response.error();
    CatalogReport report;
    if (response->status == 304) {
        report.version = etag->has_value() ? QString::fromLatin1(**etag).remove(QLatin1Char('"')) : QString();
        return report;
    }
    if (response->status != 200)
        return hubFailed(*response, QStringLiteral("catalog"));
    const QJsonObject body = QJsonDocument::fromJson(response->body).object();
    if (!body.value(QLatin1String("items")).isArray()) {
        return makeError(ErrorCode::Invalid, SyncText::tr("The catalog sent by the county hub is damaged."),
                         QStringLiteral("catalog: no items array"));
    }
    Transaction tx(m_store.db());
    OW_TRY(tx.begun());
    OW_TRY(m_store.settings().setValue(QLatin1String(settingKey::kCatalog), response->body));
    OW_TRY(m_store.settings().setValue(QLatin1String(settingKey::kCatalogEtag), response->header("etag")));
    OW_TRY(tx.commit());
    report.changed = true;
    report.version = body.value(QLatin1String("version")).toString();
    report.items = static_cast<int>(body.value(QLatin1String("items")).toArray().size());
    qCInfo(lcSync) << "catalog" << report.version << "with" << report.items << "items";
    return report;
}

} // namespace ow::sync
