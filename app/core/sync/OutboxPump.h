#pragma once

#include "sync/Backoff.h"
#include "sync/DeviceIdentity.h"
#include "sync/Http.h"

#include "common/Result.h"
#include "store/Repositories.h"

#include <QDateTime>
#include <QStringList>

#include <atomic>
#include <functional>
#include <optional>

namespace ow {
class Store;
}

namespace ow::sync {

// Outbox kinds. A packet row holds the exact POST /v1/packets body; an attachment row holds one
// external part blob and is named "<packetId>/<part name>" (PROTOCOL.md §3.1, §4).
inline constexpr char kKindPacket[] = "packet";
inline constexpr char kKindAttachment[] = "attachment";
// A result issued at the window (PROTOCOL.md §8.1): {"caseId", "request": IssueRequest}, posted to
// /v1/cases/ID/issue after the packets (the hub has the case by the time it is decided).
inline constexpr char kKindIssue[] = "issue";
// A kiosk draft sealed for the service window: the exact POST /v1/drafts body (§5.6).
inline constexpr char kKindDraft[] = "draft";
// A citizen's rating of a case (好差评, §8.3): the exact POST /v1/ratings body. It waits until the
// case's packet is stored at the hub.
inline constexpr char kKindRating[] = "rating";

struct PumpReport
{
    int acknowledged = 0;    // packets the hub stored, with a verified receipt
    int issued = 0;          // results issued at the window that the hub recorded
    int partsUploaded = 0;   // attachment uploads completed
    int draftsSent = 0;      // kiosk drafts the hub stored for the window
    int ratingsSent = 0;     // ratings the hub stored
    int retriesPlanned = 0;  // items put back with a backoff
    int rejected = 0;        // items the hub refused for good (never retried)
    bool reachable = true;   // false when the hub did not answer at all
    bool slowedDown = false; // the hub asked to wait (Retry-After): the pass stopped there
    QStringList rejectedPackets;
    QList<Error> rejections; // why, one per rejected packet, in the same order
    QList<Error> problems;   // what the person at the screen may be told
    std::optional<QDateTime> nextAttemptAt;

    bool madeProgress() const
    {
        return acknowledged + partsUploaded + issued + draftsSent + ratingsSent + rejected > 0;
    }
};

// Drains the outbox to the hub: attachments by resumable upload, then packets, each accepted only
// on the hub's answer. 2xx → done (packets: only with a verified receipt); no answer, 408, 429,
// 5xx → back into the outbox with full-jitter backoff and Retry-After as a floor; any other 4xx
// (409 included) → rejected, reported, never retried. Time comes from the store's clock.
// Packets go out `packetsInFlight` at a time (two by default) while the hub stores and signs the
// ones before; each answer is settled in the outbox's order, and a packet is acknowledged only
// with its own verified receipt, whatever the others' answers were.
class OutboxPump
{
public:
    struct Options
    {
        int batch = 50;
        qint64 chunkBytes = 1024 * 1024;
        int packetsInFlight = 2; // packets posted at once (Transport::sendAll); at least 1
    };

    OutboxPump(Store &store, Transport &transport, const DeviceIdentity &device);
    OutboxPump(Store &store, Transport &transport, const DeviceIdentity &device, Backoff backoff, Options options);

    // One pass over what is due now. Stops early when the hub is unreachable or asks to slow down.
    Result<PumpReport> drainOnce();
    // Passes until nothing more is due or a pass had to stop.
    Result<PumpReport> drain();

    // Asks a running drain to stop after the current exchange (any thread).
    void requestStop() { m_stop = true; }

    // Bytes of the item in flight; called on the transport's thread.
    std::function<void(const QString &packetId, qint64 sent, qint64 total)> onProgress;

private:
    struct Outcome
    {
        Disposition disposition = Disposition::Retry;
        bool answered = false;
        std::optional<qint64> retryAfterMs;
        Error error;
    };

    // Posts these packets at once; their outcomes in the same order.
    QList<Outcome> postPackets(const QList<const OutboxItem *> &items, QList<CaseRepository::Receipted> &acknowledged);
    Outcome packetAnswer(const OutboxItem &item, const EnvelopeInfo &envelope, const HttpResponse &response,
                         QList<CaseRepository::Receipted> &acknowledged);
    // Records an item's outcome in the outbox and the report; false: the pass stops here (the
    // hub is gone or asked to slow down).
    Result<bool> settle(const OutboxItem &item, const Outcome &outcome, PumpReport &report);
    Outcome postIssue(const OutboxItem &item);
    Status flush(QList<CaseRepository::Receipted> &acknowledged, PumpReport &report);
    Outcome uploadPart(const OutboxItem &item);
    Outcome postDraft(const OutboxItem &item);
    Outcome postRating(const OutboxItem &item);
    // A rating's case has a packet the hub has not acknowledged yet: the rating waits behind it.
    Result<bool> caseStillUnsent(const OutboxItem &item);
    HttpResponse exchange(HttpRequest request, Outcome &failure, bool &ok);
    // Adds the device's signature headers; false (with `failure` filled) when it cannot sign.
    bool sign(HttpRequest &request, Outcome &failure) const;
    Outcome fromResponse(const HttpResponse &response, const QString &what) const;

    Store &m_store;
    Transport &m_transport;
    const DeviceIdentity &m_device;
    Backoff m_backoff;
    Options m_options;
    std::atomic<bool> m_stop{false};
};

// The hub's error code from an error body ({"error": "...", "message": "..."}), or empty.
QString hubErrorCode(const QByteArray &body);

} // namespace ow::sync
