#include "sync/OutboxPump.h"

#include "sync/SyncText.h"

#include "protocol/JsonFields.h"
#include "protocol/Messages.h"
#include "store/Store.h"

#include <QSet>
#include <QUrl>

#include <algorithm>

namespace ow::sync {

namespace {

const Actor kSyncActor{QStringLiteral("sync"), QStringLiteral("device")};

void merge(PumpReport &into, const PumpReport &pass)
{
    into.acknowledged += pass.acknowledged;
    into.issued += pass.issued;
    into.partsUploaded += pass.partsUploaded;
    into.draftsSent += pass.draftsSent;
    into.ratingsSent += pass.ratingsSent;
    into.retriesPlanned += pass.retriesPlanned;
    into.rejected += pass.rejected;
    into.reachable = pass.reachable;
    into.slowedDown = pass.slowedDown;
    into.rejectedPackets += pass.rejectedPackets;
    into.rejections += pass.rejections;
    into.problems += pass.problems;
    if (pass.nextAttemptAt && (!into.nextAttemptAt || *pass.nextAttemptAt < *into.nextAttemptAt))
        into.nextAttemptAt = pass.nextAttemptAt;
}

Error unreachable(const QString &detail)
{
    return makeError(ErrorCode::Io,
                     SyncText::tr("The county hub cannot be reached. Cases stay safely on this device and are "
                                  "sent when the connection is back."),
                     detail);
}

Error rejectedBy(const QString &code, const QString &detail)
{
    if (code == QLatin1String("digest_conflict")) {
        return makeError(ErrorCode::AlreadyExists,
                         SyncText::tr("The county hub already holds a different packet under the same identity. "
                                      "This packet will not be sent again; please tell the county administrator."),
                         detail);
    }
    return makeError(ErrorCode::Invalid,
                     SyncText::tr("The county hub refused a packet (%1). It will not be sent again; please tell "
                                  "the county administrator.")
                         .arg(code.isEmpty() ? QStringLiteral("?") : code),
                     detail);
}

QByteArray pathOf(const QByteArray &location)
{
    if (location.startsWith('/'))
        return location;
    const QUrl url(QString::fromLatin1(location));
    return url.path(QUrl::FullyEncoded).toLatin1();
}

} // namespace

QString hubErrorCode(const QByteArray &body)
{
    return protocol::ErrorBody::codeOf(body);
}

OutboxPump::OutboxPump(Store &store, Transport &transport, const DeviceIdentity &device)
    : OutboxPump(store, transport, device, Backoff(), Options())
{}

OutboxPump::OutboxPump(Store &store, Transport &transport, const DeviceIdentity &device, Backoff backoff,
                       Options options)
    : m_store(store)
    , m_transport(transport)
    , m_device(device)
    , m_backoff(std::move(backoff))
    , m_options(options)
{}

OutboxPump::Outcome OutboxPump::fromResponse(const HttpResponse &response, const QString &what) const
{
    Outcome o;
    o.answered = response.answered();
    o.disposition = classify(response.status);
    if (!o.answered) {
        o.error = unreachable(QStringLiteral("%1: no answer: %2").arg(what, response.transportError));
        return o;
    }
    const QString code = hubErrorCode(response.body);
    // Error bodies are {"error", "message"} and carry no personal data; an unreadable one is logged
    // in part to tell a broken hub or proxy from a refusal.
    const QString detail =
        QStringLiteral("%1: HTTP %2 %3")
            .arg(what)
            .arg(response.status)
            .arg(code.isEmpty() ? QStringLiteral("(body: %1 bytes '%2')")
                                      .arg(response.body.size())
                                      .arg(QString::fromLatin1(response.body.left(80).toPercentEncoding(" {}:,\"")))
                                : code);
    if (response.status == 401 && code == QLatin1String("clock_skew")) {
        // Not the packet's fault and curable on the device: keep it and say so.
        o.disposition = Disposition::Retry;
        o.error = makeError(ErrorCode::Invalid,
                            SyncText::tr("This device's clock is wrong. Correct the date and time so that cases "
                                         "can be sent."),
                            detail);
        return o;
    }
    if (o.disposition == Disposition::Reject && response.body.isEmpty()) {
        // The hub always explains a refusal; an empty one was cut off on the way, so it is not
        // known what the hub decided. Asking again is safe: every write is idempotent.
        o.disposition = Disposition::Retry;
    }
    if (o.disposition == Disposition::Retry) {
        o.retryAfterMs = parseRetryAfterMs(response.header("retry-after"), m_store.clock().now());
        o.error =
            makeError(ErrorCode::Io,
                      SyncText::tr("The county hub is busy or has a problem. The case is sent again later."), detail);
    } else if (o.disposition == Disposition::Reject) {
        o.error = rejectedBy(code, detail);
    }
    return o;
}

bool OutboxPump::sign(HttpRequest &request, Outcome &failure) const
{
    const qint64 now = m_store.clock().now().toSecsSinceEpoch();
    auto auth = m_device.authHeaders(request.method, request.path.toUtf8(), request.body, now, request.headers);
    if (!auth.ok()) {
        failure.disposition = Disposition::Retry;
        failure.answered = true;
        failure.error = auth.error();
        return false;
    }
    request.headers += *auth;
    return true;
}

HttpResponse OutboxPump::exchange(HttpRequest request, Outcome &failure, bool &ok)
{
    ok = sign(request, failure);
    if (!ok)
        return {};
    return m_transport.send(request);
}

QList<OutboxPump::Outcome> OutboxPump::postPackets(const QList<const OutboxItem *> &items,
                                                   QList<CaseRepository::Receipted> &acknowledged)
{
    QList<Outcome> outcomes(items.size());
    QList<HttpRequest> requests;
    QList<qsizetype> sentFor; // index into items of each request
    QList<EnvelopeInfo> envelopes;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const OutboxItem &item = *items[i];
        auto envelope = readEnvelope(item.payload);
        if (!envelope.ok()) {
            outcomes[i].disposition = Disposition::Reject;
            outcomes[i].answered = true;
            outcomes[i].error = envelope.error();
            continue;
        }
        HttpRequest req;
        req.method = "POST";
        req.path = QStringLiteral("/v1/packets");
        req.body = item.payload;
        req.header("Content-Type", "application/vnd.onewindow.packet+json");
        if (onProgress) {
            const QString id = item.packetId;
            req.onUploadProgress = [this, id](qint64 sent, qint64 total) { onProgress(id, sent, total); };
        }
        if (!sign(req, outcomes[i]))
            continue;
        requests.append(std::move(req));
        sentFor.append(i);
        envelopes.append(*envelope);
    }
    const QList<HttpResponse> responses =
        requests.size() == 1 ? QList<HttpResponse>{m_transport.send(requests.first())} : m_transport.sendAll(requests);
    for (qsizetype r = 0; r < requests.size(); ++r) {
        const qsizetype i = sentFor[r];
        outcomes[i] =
            packetAnswer(*items[i], envelopes[r], r < responses.size() ? responses[r] : HttpResponse(), acknowledged);
    }
    return outcomes;
}

OutboxPump::Outcome OutboxPump::packetAnswer(const OutboxItem &item, const EnvelopeInfo &envelope,
                                             const HttpResponse &response,
                                             QList<CaseRepository::Receipted> &acknowledged)
{
    Outcome o = fromResponse(response, QStringLiteral("packet %1").arg(item.packetId));
    if (response.status == 409 && hubErrorCode(response.body) == QLatin1String("attachment_missing")) {
        // Its attachment is not complete at the hub yet: upload first, then this packet again.
        o.disposition = Disposition::Retry;
        return o;
    }
    if (o.disposition != Disposition::Done)
        return o;

    auto receipt = checkReceipt(m_device, response.body, envelope);
    if (!receipt.ok()) {
        // Without a valid receipt there is no proof the hub has it: keep the packet queued.
        o.disposition = Disposition::Retry;
        o.error = receipt.error();
        return o;
    }
    // Recorded with the others of this pass in one transaction. Should the device die before
    // that commits, these packets are posted again and the hub answers 200 with the same
    // receipts: nothing lost, nothing stored twice.
    acknowledged.append({envelope.caseNumber, item.id, receipt->body});
    qCInfo(lcSync) << "packet" << item.packetId << "acknowledged by hub" << receipt->hubId << "as"
                   << receipt->hubSequence << "(HTTP" << response.status << ")";
    return o;
}

OutboxPump::Outcome OutboxPump::postDraft(const OutboxItem &item)
{
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/drafts");
    req.body = item.payload;
    req.header("Content-Type", "application/vnd.onewindow.packet+json");
    Outcome o;
    bool ok = false;
    const HttpResponse response = exchange(req, o, ok);
    if (!ok)
        return o;
    o = fromResponse(response, QStringLiteral("draft %1").arg(item.packetId));
    if (o.disposition == Disposition::Done)
        qCInfo(lcSync) << "draft" << item.packetId << "stored by the hub for the window (HTTP" << response.status
                       << ")";
    return o;
}

OutboxPump::Outcome OutboxPump::uploadPart(const OutboxItem &item)
{
    const qsizetype slash = item.packetId.lastIndexOf(QLatin1Char('/'));
    Outcome o;
    if (slash <= 0) {
        o.disposition = Disposition::Reject;
        o.answered = true;
        o.error = makeError(ErrorCode::Invalid, SyncText::tr("A sealed packet in the outbox is damaged."),
                            QStringLiteral("attachment row %1 has no part name").arg(item.id));
        return o;
    }
    const QString what = QStringLiteral("upload %1").arg(item.packetId);
    const qint64 length = item.payload.size();
    protocol::UploadCreateRequest create;
    create.packetId = item.packetId.left(slash);
    create.name = item.packetId.mid(slash + 1);
    create.length = length;
    create.digest = suiteDigest(m_device.suite(), item.payload).toHex();
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/uploads");
    req.body = protocol::toBytes(create.toJson());
    req.header("Content-Type", "application/json").header("Tus-Resumable", "1.0.0");
    bool ok = false;
    HttpResponse response = exchange(req, o, ok);
    if (!ok)
        return o;
    o = fromResponse(response, what);
    if (o.disposition != Disposition::Done)
        return o;

    // The hub's offset is the truth: it is what the hub has committed.
    const QByteArray location = pathOf(response.header("location"));
    bool parsed = false;
    qint64 offset = response.header("upload-offset").toLongLong(&parsed);
    if (location.isEmpty() || !parsed || offset < 0 || offset > length) {
        o.disposition = Disposition::Retry;
        o.error = makeError(ErrorCode::Io,
                            SyncText::tr("The county hub is busy or has a problem. The case is sent again later."),
                            QStringLiteral("%1: create answer lacks Location or a sane Upload-Offset").arg(what));
        return o;
    }
    if (offset < item.uploadOffset)
        qCInfo(lcSync) << what << "hub holds" << offset << "bytes, less than the recorded" << item.uploadOffset;

    int mismatches = 0;
    while (offset < length) {
        if (m_stop) {
            o.disposition = Disposition::Retry;
            o.error = unreachable(QStringLiteral("%1: stopped at %2").arg(what).arg(offset));
            return o;
        }
        const QByteArray chunk = item.payload.mid(offset, m_options.chunkBytes);
        HttpRequest patch;
        patch.method = "PATCH";
        patch.path = QString::fromLatin1(location);
        patch.body = chunk;
        patch.header("Content-Type", "application/offset+octet-stream")
            .header("Tus-Resumable", "1.0.0")
            .header("Upload-Offset", QByteArray::number(offset));
        if (onProgress) {
            const QString id = item.packetId;
            const qint64 base = offset;
            patch.onUploadProgress = [this, id, base, length](qint64 sent, qint64) {
                onProgress(id, base + sent, length);
            };
        }
        response = exchange(patch, o, ok);
        if (!ok)
            return o;
        const QByteArray hubOffset = response.header("upload-offset");
        if (response.status == 409 && hubErrorCode(response.body) == QLatin1String("offset_mismatch") &&
            !hubOffset.isEmpty() && ++mismatches < 3) {
            offset = hubOffset.toLongLong();
            continue;
        }
        o = fromResponse(response, what);
        if (o.disposition != Disposition::Done)
            return o;
        const qint64 next = hubOffset.toLongLong(&parsed);
        if (!parsed || next != offset + chunk.size()) {
            o.disposition = Disposition::Retry;
            o.error = makeError(ErrorCode::Io,
                                SyncText::tr("The county hub is busy or has a problem. The case is sent again later."),
                                QStringLiteral("%1: hub acknowledged offset %2 after sending up to %3")
                                    .arg(what, QString::fromLatin1(hubOffset))
                                    .arg(offset + chunk.size()));
            return o;
        }
        offset = next;
        // Persisted only now that the hub has acknowledged these bytes.
        const Status recorded = m_store.outbox().recordOffset(item.id, offset);
        if (!recorded.ok())
            qCWarning(lcSync).noquote() << what << "offset not recorded:" << recorded.error().logDetail;
    }
    o.disposition = Disposition::Done;
    return o;
}

OutboxPump::Outcome OutboxPump::postIssue(const OutboxItem &item)
{
    Outcome o;
    const auto row = protocol::parseObject(item.payload, QStringLiteral("issue row"));
    const QString caseId = row.ok() ? row->value(QStringLiteral("caseId")).toString() : QString();
    if (caseId.isEmpty()) {
        o.disposition = Disposition::Reject;
        o.answered = true;
        o.error = makeError(ErrorCode::Invalid, SyncText::tr("A sealed packet in the outbox is damaged."),
                            QStringLiteral("issue row %1 unreadable").arg(item.id));
        return o;
    }
    const QString what = QStringLiteral("issue of %1").arg(caseId);
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/cases/%1/issue").arg(QString::fromLatin1(QUrl::toPercentEncoding(caseId)));
    req.body = protocol::toBytes(row->value(QStringLiteral("request")).toObject());
    req.header("Content-Type", "application/json");
    bool ok = false;
    const HttpResponse response = exchange(req, o, ok);
    if (!ok)
        return o;
    o = fromResponse(response, what);
    if (o.disposition == Disposition::Done)
        qCInfo(lcSync) << "the hub recorded" << what << "(HTTP" << response.status << ")";
    return o;
}

Result<bool> OutboxPump::caseStillUnsent(const OutboxItem &item)
{
    Statement st(m_store.db(), "SELECT 1 FROM outbox p JOIN outbox r ON r.case_id = p.case_id "
                               "WHERE r.id = ? AND p.kind = ? AND p.state <> ? LIMIT 1");
    st.bind(1, item.id).bind(2, QString::fromLatin1(kKindPacket)).bind(3, outboxState::key(OutboxState::Sent));
    const bool waiting = st.next();
    OW_TRY(st.status());
    return waiting;
}

OutboxPump::Outcome OutboxPump::postRating(const OutboxItem &item)
{
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/ratings");
    req.body = item.payload;
    req.header("Content-Type", "application/json");
    Outcome o;
    bool ok = false;
    const HttpResponse response = exchange(req, o, ok);
    if (!ok)
        return o;
    const QString what = QStringLiteral("rating %1").arg(item.packetId);
    o = fromResponse(response, what);
    if (o.disposition == Disposition::Done) {
        qCInfo(lcSync) << what << "stored by the hub (HTTP" << response.status << ")";
    } else if (o.disposition == Disposition::Reject && hubErrorCode(response.body) == QLatin1String("already_rated")) {
        o.error = makeError(ErrorCode::AlreadyExists,
                            SyncText::tr("The county hub already holds another rating of this application. This "
                                         "rating will not be sent again."),
                            o.error.logDetail);
    }
    return o;
}

Status OutboxPump::flush(QList<CaseRepository::Receipted> &acknowledged, PumpReport &report)
{
    if (acknowledged.isEmpty())
        return {};
    const Status s = m_store.cases().acknowledgeWithReceipts(acknowledged, kSyncActor);
    if (s.ok())
        report.acknowledged += static_cast<int>(acknowledged.size());
    acknowledged.clear();
    return s;
}

Result<bool> OutboxPump::settle(const OutboxItem &item, const Outcome &o, PumpReport &report)
{
    const bool isPart = item.kind == QLatin1String(kKindAttachment);
    switch (o.disposition) {
    case Disposition::Done:
        if (isPart) {
            OW_TRY(m_store.outbox().markSent(item.id, {}));
            ++report.partsUploaded;
        } else if (item.kind == QLatin1String(kKindIssue)) {
            OW_TRY(m_store.outbox().markSent(item.id, {}));
            ++report.issued;
        } else if (item.kind == QLatin1String(kKindDraft)) {
            OW_TRY(m_store.outbox().markSent(item.id, {}));
            ++report.draftsSent;
        } else if (item.kind == QLatin1String(kKindRating)) {
            OW_TRY(m_store.outbox().markSent(item.id, {}));
            ++report.ratingsSent;
        }
        return true;
    case Disposition::Retry: {
        const qint64 delay = m_backoff.delayMs(item.attempts, o.retryAfterMs);
        const QDateTime next = m_store.clock().now().addMSecs(delay);
        OW_TRY(m_store.outbox().recordFailure(item.id, next, o.error.logDetail));
        ++report.retriesPlanned;
        if (!report.nextAttemptAt || next < *report.nextAttemptAt)
            report.nextAttemptAt = next;
        qCInfo(lcSync).noquote() << o.error.logDetail << "- retry in" << delay << "ms";
        if (!o.answered)
            report.reachable = false;
        else if (o.retryAfterMs)
            report.slowedDown = true;
        if (report.problems.isEmpty())
            report.problems.append(o.error);
        // The hub is gone or asked us to slow down: do not hammer it with the rest.
        return o.answered && !o.retryAfterMs;
    }
    case Disposition::Reject:
        OW_TRY(m_store.outbox().markRejected(item.id, o.error.logDetail));
        ++report.rejected;
        report.rejectedPackets.append(item.packetId);
        report.rejections.append(o.error);
        report.problems.append(o.error);
        qCWarning(lcSync).noquote() << "rejected for good:" << o.error.logDetail;
        return true;
    }
    return true;
}

Result<PumpReport> OutboxPump::drainOnce()
{
    PumpReport report;
    QList<CaseRepository::Receipted> acknowledged;
    auto due = m_store.outbox().due(m_options.batch);
    if (!due.ok())
        return due.error();
    // Attachments before packets: the hub refuses a packet whose external parts are not complete.
    std::stable_partition(due->begin(), due->end(),
                          [](const OutboxItem &i) { return i.kind == QLatin1String(kKindAttachment); });
    QSet<QString> blockedPackets; // packets whose attachment could not go up in this pass
    // Packets waiting to go out together; each answer is settled in this order.
    QList<const OutboxItem *> window;
    const auto postWindow = [&]() -> Result<bool> {
        if (window.isEmpty())
            return true;
        const QList<Outcome> outcomes = postPackets(window, acknowledged);
        bool goOn = true;
        for (qsizetype i = 0; i < window.size(); ++i) {
            auto settled = settle(*window[i], outcomes[i], report);
            OW_TRY(settled);
            goOn = goOn && *settled;
        }
        window.clear();
        return goOn;
    };
    const qsizetype inFlight = std::max(1, m_options.packetsInFlight);
    bool stopped = false; // the hub is gone or asked to slow down
    for (const OutboxItem &item : *due) {
        if (m_stop)
            break;
        const bool isPart = item.kind == QLatin1String(kKindAttachment);
        const QString packetId = isPart ? item.packetId.section(QLatin1Char('/'), 0, -2) : item.packetId;
        if (isPart) {
            const Outcome o = uploadPart(item);
            if (o.disposition != Disposition::Done)
                blockedPackets.insert(packetId);
            auto settled = settle(item, o, report);
            OW_TRY(settled);
            stopped = !*settled;
            if (stopped)
                break;
            continue;
        }
        if (blockedPackets.contains(packetId))
            continue;
        // Its attachment is still waiting (perhaps for a later retry): the hub would refuse it.
        auto waiting = m_store.outbox().hasPendingParts(packetId);
        if (!waiting.ok())
            return waiting.error();
        if (*waiting)
            continue;
        const bool isIssue = item.kind == QLatin1String(kKindIssue);
        const bool isDraft = item.kind == QLatin1String(kKindDraft);
        if (item.kind == QLatin1String(kKindRating)) {
            // After the packets before it, and only once its case's packet is stored at the hub.
            auto goOn = postWindow();
            OW_TRY(goOn);
            stopped = !*goOn;
            if (stopped)
                break;
            OW_TRY(flush(acknowledged, report));
            auto unsent = caseStillUnsent(item);
            OW_TRY(unsent);
            if (*unsent)
                continue;
            auto settled = settle(item, postRating(item), report);
            OW_TRY(settled);
            stopped = !*settled;
            if (stopped)
                break;
            continue;
        }
        if (isIssue || isDraft) {
            // One at a time, after the packets before it: an issued case's packet reaches the hub first.
            auto goOn = postWindow();
            OW_TRY(goOn);
            stopped = !*goOn;
            if (stopped)
                break;
            auto settled = settle(item, isIssue ? postIssue(item) : postDraft(item), report);
            OW_TRY(settled);
            stopped = !*settled;
            if (stopped)
                break;
            continue;
        }
        window.append(&item);
        if (window.size() < inFlight)
            continue;
        auto goOn = postWindow();
        OW_TRY(goOn);
        stopped = !*goOn;
        if (stopped)
            break;
    }
    // What is still in the window goes out unless the pass had to stop before it.
    if (!m_stop && !stopped) {
        auto goOn = postWindow();
        OW_TRY(goOn);
    }
    OW_TRY(flush(acknowledged, report));
    return report;
}

Result<PumpReport> OutboxPump::drain()
{
    m_stop = false;
    PumpReport total;
    for (;;) {
        auto pass = drainOnce();
        if (!pass.ok())
            return pass.error();
        merge(total, *pass);
        if (m_stop || !pass->reachable || pass->slowedDown || !pass->madeProgress())
            return total;
    }
}

} // namespace ow::sync
