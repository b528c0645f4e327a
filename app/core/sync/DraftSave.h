#pragma once

#include "common/Result.h"
#include "domain/Case.h"
#include "store/Repositories.h"

#include <functional>

namespace ow {
class Store;
}

namespace ow::sync {

// A visit that stops before it is submitted ("finish at the window"): the answers so far become a
// case in state Draft, which a service window continues. The store-side half; the signed pickup
// code that names the draft is made in app/core/pickup.

// Creates the draft and lets `attach` add the materials captured so far, in one transaction;
// `inside` (may be empty) runs last in that transaction with the new draft, so whatever it needs
// (the signed pickup code) succeeds with the draft or the draft is not there at all.
Result<Case> saveDraft(Store &store, const NewCase &data, const Actor &actor,
                       const std::function<Status(const Case &)> &attach = {},
                       const std::function<Status(const Case &)> &inside = {});

// The draft named by a pickup code when it is still a draft: NotFound when this store has no such
// case, IllegalTransition when a window has already taken it over (it is no longer a draft).
Result<Case> findOpenDraft(Store &store, const QString &draftId);

// The short code printed big under the QR, for typing at the window: 8 characters of an alphabet
// without look-alikes (no 0/O, no 1/I), derived from the whole signed code (SM3), so it names that
// code and no other. Shown grouped as "ABCD-EFGH"; normaliseShortCode() accepts either form.
QString pickupShortCode(const QByteArray &signedCode);
QString formatShortCode(const QString &shortCode);
QString normaliseShortCode(const QString &typed);

} // namespace ow::sync
