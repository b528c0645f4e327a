#pragma once

#include "sync/CaseSealer.h"

#include "common/Result.h"
#include "domain/Case.h"
#include "store/Repositories.h"

#include <functional>
#include <optional>

namespace ow {
class Store;
}

namespace ow::sync {

struct Submission
{
    Case submitted;                   // in state "received"
    std::optional<SealedCase> sealed; // empty while the device is not enrolled
};

// A citizen's application as one all-or-nothing step, the same at the kiosk and at the window:
// the case is created and received, `attach` adds its materials, and on an enrolled device the
// case is sealed into the outbox — all in one transaction, so a crash or a kill at any point
// leaves either no case or one complete, sealed case. `attach` may be empty.
Result<Submission> submitApplication(Store &store, const EnrolledDevice *device, const NewCase &data,
                                     const Actor &actor, const std::function<Status(const Case &)> &attach = {});

// Seals the received cases a device kept while it was not enrolled yet (each in its own
// transaction); returns how many were sealed. Run once the device is enrolled.
Result<int> sealWaitingCases(Store &store, const EnrolledDevice &device, const Actor &actor);

} // namespace ow::sync
