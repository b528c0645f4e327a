#pragma once

#include "common/Result.h"
#include "domain/Case.h"
#include "store/Repositories.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <functional>

namespace ow {
class Store;
namespace sync {
class EnrolledDevice;
}
namespace scan {
class TrustStore;
}
} // namespace ow

namespace ow::pickup {

constexpr int kDefaultValidDays = 7;

// A visit saved for the window: the draft, its signed code (OWP1|deviceId|draftId|expiresAt|sig)
// for the QR, and the short code printed big for typing at the window.
struct IssuedPickup
{
    Case draft;
    QByteArray code;
    QString shortCode;   // 8 symbols, see sync::pickupShortCode()
    QDateTime expiresAt; // UTC
};

// Saves the answers so far as a draft case, with the materials `attach` adds, and signs its pickup
// code with the enrolled device's key: all in one transaction, so either the draft and a valid
// code exist or nothing was saved. Without enrollment (`device` null) nothing is saved and
// nothing is signed: an unsigned code is never issued.
Result<IssuedPickup> saveDraftForPickup(Store &store, const sync::EnrolledDevice *device, const NewCase &data,
                                        const Actor &actor, const std::function<Status(const Case &)> &attach,
                                        const QDateTime &now, int validDays = kDefaultValidDays);

// The window's side: the draft a scanned pickup code names, when the code's signature verifies
// against `trust` (the county's device keys), it has not expired at `now`, and the case is still a
// draft. Every refusal carries a translated message for the clerk (forged, expired, unknown,
// already taken over) and a log detail.
Result<Case> findDraftByPickup(Store &store, const QByteArray &payload, const scan::TrustStore &trust,
                               const QDateTime &now);

// The same from the short code typed at the window ("ABCD-EFGH", any case, with or without the
// hyphen): the signed code it stands for is kept with the draft (in the store's settings, written
// in the draft's transaction) and goes through findDraftByPickup(), so a typed code is held to
// the same signature, expiry and state checks as a scanned one.
Result<Case> findDraftByShortCode(Store &store, const QString &typed, const scan::TrustStore &trust,
                                  const QDateTime &now);

// Data minimisation: the personal data of drafts saved more than `validDays` before `now` (their
// pickup codes have expired, nobody can take them over) is removed, audited as "pickup expired".
// The kiosk runs it when its store opens and every hour. Returns how many drafts were purged.
Result<int> purgeExpiredDrafts(Store &store, const QDateTime &now, int validDays = kDefaultValidDays);

} // namespace ow::pickup
