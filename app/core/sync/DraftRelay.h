#pragma once

#include "sync/EnrolledDevice.h"
#include "sync/Http.h"

#include "common/Clock.h"
#include "common/Result.h"
#include "crypto/Keys.h"
#include "crypto/Packet.h"
#include "domain/Case.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace ow {
class Store;
}

namespace ow::sync {

// "Finish at the window" across devices (PROTOCOL.md §5.6): the kiosk's draft travels sealed
// through the hub to the desk that takes it over by its pickup code.

// Kiosk side. Seals the draft (its form and every material, inline) with its pickup terms (a
// digest of the short code, the expiry) into the outbox as a "draft" row, for OutboxPump to send
// to POST /v1/drafts. Meant for the draft's own transaction: reading the draft is audited there.
Status queueDraftForHub(Store &store, const EnrolledDevice &device, const Case &draft, const QString &shortCode,
                        const QDateTime &expiresAt, const Actor &actor);

// Why a takeover did not happen, for the desk to branch on.
enum class TakeFailure {
    None,
    Unreachable,  // no answer from the hub: nothing changed there; ask again
    NotAtHub,     // 404 unknown_pickup: a wrong code, or the kiosk has not sent the draft yet
    AlreadyTaken, // 409 already_taken
    Expired,      // 410 pickup_expired
    Forbidden,    // 403 forbidden_role
    Refused,      // any other refusal, or an answer that does not verify
};

// The draft as the desk opens it: the kiosk's own answers and materials, checked end to end.
struct TakenDraft
{
    QString draftId;
    QString kioskId;
    QString itemId;
    QJsonObject form;
    QList<crypto::PacketMaterial> materials;
    QDateTime expiresAt;
};

struct TakeReply
{
    Result<TakenDraft> result;
    TakeFailure failure = TakeFailure::None;

    bool ok() const { return result.ok(); }
};

// Desk side. POST /v1/drafts/take for the typed or scanned short code, signed by the desk's
// enrollment, naming the clerk. `recipient` is an encryption key pair the desk made for this
// code (keep it for a retry: the hub answers the same desk and key again). The answer is
// checked here, not trusted: the kiosk's signature over the manifest, every digest, the pickup
// terms inside the sealed payload (this code, not expired at `clock`'s now). Blocks: call it
// off the GUI thread.
TakeReply takeOverDraft(Transport &transport, const EnrolledDevice &desk, const Clock &clock, const QString &shortCode,
                        const QString &operatorName, const QString &roleKey, const crypto::PrivateKey &recipient);

} // namespace ow::sync
