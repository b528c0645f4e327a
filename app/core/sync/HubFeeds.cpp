#include "sync/HubFeeds.h"

#include "sync/EnrolledDevice.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include "domain/Role.h"
#include "protocol/JsonFields.h"
#include "protocol/Messages.h"
#include "store/DeviceKeys.h"
#include "store/Repositories.h"
#include "store/Store.h"

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

// A hub answer as its typed message.
template<typename Message>
Result<Message> readHubAnswer(const QByteArray &body, const QString &what)
{
    auto object = protocol::parseObject(body, what);
    if (!object.ok())
        return object.error();
    return Message::fromJson(*object);
}

} // namespace

bool isNoAnswer(const Error &error)
{
    return error.code == ErrorCode::Io && error.logDetail.contains(QLatin1String(": no answer: "));
}

Result<HttpResponse> sendSigned(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                HttpRequest request)
{
    auto auth = device.authHeaders(request.method, request.path.toUtf8(), request.body, clock.now().toSecsSinceEpoch(),
                                   request.headers);
    if (!auth.ok())
        return auth.error();
    request.headers += *auth;
    return transport.send(request);
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
    for (int pages = 0; pages < 10000; ++pages) {
        HttpRequest req;
        req.method = "GET";
        req.path = QStringLiteral("/v1/events?after=%1&limit=%2").arg(report.cursor).arg(pageSize);
        auto response = sendSigned(m_transport, m_device, m_store.clock(), req);
        if (!response.ok())
            return response.error();
        if (response->status != 200)
            return hubFailed(*response, QStringLiteral("events after %1").arg(report.cursor));
        auto page = readHubAnswer<protocol::EventsPage>(response->body, QStringLiteral("events page"));
        if (!page.ok())
            return page.error();
        for (const protocol::Event &e : page->events) {
            ++report.received;
            const QString &number = e.caseId;
            const CaseState target = e.state;
            auto found = m_store.cases().findByNumber(number);
            if (!found.ok())
                return found.error();
            if (!found->has_value()) {
                qCInfo(lcSync) << "event for case" << number << "which is not on this device";
                continue;
            }
            if (e.type == protocol::EventType::DraftTaken) {
                // A window took this kiosk draft over: its personal data leaves this device.
                auto wiped = m_store.cases().purgeDraft(number, Actor{QStringLiteral("hub"), QStringLiteral("device")},
                                                        QStringLiteral("taken over at the window"));
                if (!wiped.ok())
                    return wiped.error();
                if (*wiped > 0) {
                    ++report.applied;
                    report.changedCases.append(number);
                    qCInfo(lcSync) << "draft" << number << "taken over at a window: its personal data is wiped";
                }
                continue;
            }
            const CaseState current = (*found)->state;
            if (current == target)
                continue;
            const QList<CaseState> path = reviewPath(current, target);
            if (path.isEmpty()) {
                qCWarning(lcSync) << "hub says case" << number << "is" << caseState::key(target) << "but it is"
                                  << caseState::key(current) << "here; left as it is";
                continue;
            }
            const Actor actor{e.department.isEmpty() ? QStringLiteral("hub") : QStringLiteral("hub:") + e.department,
                              e.type == protocol::EventType::Decision ? role::key(Role::DepartmentReviewer)
                                                                      : QStringLiteral("device")};
            for (CaseState step : path) {
                auto moved = m_store.cases().transition(number, step, actor, step == target ? e.opinion : QString());
                if (!moved.ok())
                    return moved.error();
            }
            ++report.applied;
            report.changedCases.append(number);
        }
        if (!page->next.isEmpty() && page->next != report.cursor) {
            OW_TRY(m_store.settings().setValue(QLatin1String(settingKey::kEventsCursor), page->next.toLatin1()));
            report.cursor = page->next;
        }
        if (!page->more || page->events.isEmpty())
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
    auto body = readHubAnswer<protocol::CatalogAnswer>(response->body, QStringLiteral("catalog answer"));
    if (!body.ok()) {
        return makeError(ErrorCode::Invalid, SyncText::tr("The catalog sent by the county hub is damaged."),
                         body.error().logDetail);
    }
    Transaction tx(m_store.db());
    OW_TRY(tx.begun());
    OW_TRY(m_store.settings().setValue(QLatin1String(settingKey::kCatalog), response->body));
    OW_TRY(m_store.settings().setValue(QLatin1String(settingKey::kCatalogEtag), response->header("etag")));
    OW_TRY(tx.commit());
    report.changed = true;
    report.version = body->version;
    report.items = static_cast<int>(body->items.size());
    qCInfo(lcSync) << "catalog" << report.version << "with" << report.items << "items";
    return report;
}

Result<protocol::ProgressAnswer> queryProgress(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                               const QString &receiptCode)
{
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/progress");
    req.body = protocol::toBytes(protocol::ProgressQuery{receiptCode}.toJson());
    req.header("Content-Type", "application/json");
    auto response = sendSigned(transport, device, clock, req);
    if (!response.ok())
        return response.error();
    if (response->status == 404 && hubErrorCode(response->body) == QLatin1String("unknown_receipt")) {
        return makeError(ErrorCode::NotFound,
                         SyncText::tr("The county hub has no application for this receipt. If it was submitted "
                                      "today, the kiosk may not have sent it yet; please try again later or ask "
                                      "at the service hall."),
                         QStringLiteral("progress: unknown receipt"));
    }
    if (response->status != 200)
        return hubFailed(*response, QStringLiteral("progress query"));
    return readHubAnswer<protocol::ProgressAnswer>(response->body, QStringLiteral("progress answer"));
}

namespace {

struct DeviceKeysFetch
{
    bool unchanged = false; // 304: the keys are those of `ifNoneMatch`
    QList<protocol::DeviceKey> keys;
    QByteArray etag;
};

Result<DeviceKeysFetch> fetchDeviceKeysIfChanged(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                                 const QByteArray &ifNoneMatch)
{
    HttpRequest req;
    req.method = "GET";
    req.path = QStringLiteral("/v1/devices/keys");
    if (!ifNoneMatch.isEmpty())
        req.header("If-None-Match", ifNoneMatch);
    auto response = sendSigned(transport, device, clock, req);
    if (!response.ok())
        return response.error();
    DeviceKeysFetch fetched;
    if (response->status == 304 && !ifNoneMatch.isEmpty()) {
        fetched.unchanged = true;
        return fetched;
    }
    if (response->status != 200)
        return hubFailed(*response, QStringLiteral("device keys"));
    auto answer = readHubAnswer<protocol::DeviceKeysAnswer>(response->body, QStringLiteral("device keys"));
    if (!answer.ok()) {
        return makeError(ErrorCode::Invalid,
                         SyncText::tr("The list of device keys sent by the county hub is damaged. The keys known "
                                      "before are kept."),
                         QStringLiteral("device keys answer refused: %1").arg(answer.error().logDetail));
    }
    fetched.keys = answer->devices;
    fetched.etag = response->header("etag");
    return fetched;
}

} // namespace

Result<QList<protocol::DeviceKey>> fetchDeviceKeys(Transport &transport, const DeviceIdentity &device,
                                                   const Clock &clock)
{
    auto fetched = fetchDeviceKeysIfChanged(transport, device, clock, {});
    if (!fetched.ok())
        return fetched.error();
    return fetched->keys;
}

Result<int> refreshDeviceKeys(Store &store, Transport &transport, const DeviceIdentity &device)
{
    // The keys kept are asked for again only if the county's list changed since (304 otherwise),
    // and only while some are kept.
    auto kept = DeviceKeyRepository(store.db()).all();
    if (!kept.ok())
        return kept.error();
    QByteArray ifNoneMatch;
    if (!kept->isEmpty()) {
        auto etag = store.settings().value(QLatin1String(settingKey::kDeviceKeysEtag));
        if (!etag.ok())
            return etag.error();
        ifNoneMatch = etag->value_or(QByteArray());
    }
    auto fetched = fetchDeviceKeysIfChanged(transport, device, store.clock(), ifNoneMatch);
    if (!fetched.ok()) {
        qCWarning(lcSync).noquote() << "device keys not updated, the stored ones are kept:"
                                    << fetched.error().logDetail;
        return fetched.error();
    }
    if (fetched->unchanged)
        return static_cast<int>(kept->size());
    QList<StoredDeviceKey> keys;
    keys.reserve(fetched->keys.size());
    for (const protocol::DeviceKey &key : fetched->keys)
        keys.append(StoredDeviceKey{key.deviceId, key.publicKey, key.enrolledAt, key.revokedAt});
    Transaction tx(store.db());
    OW_TRY(tx.begun());
    OW_TRY(DeviceKeyRepository(store.db()).replaceAll(keys, store.clock().now()));
    OW_TRY(store.settings().setValue(QLatin1String(settingKey::kDeviceKeysEtag), fetched->etag));
    OW_TRY(tx.commit());
    qCInfo(lcSync) << "device keys:" << keys.size() << "stored";
    return static_cast<int>(keys.size());
}

} // namespace ow::sync
