#pragma once

#include "sync/DeviceIdentity.h"
#include "sync/Http.h"

#include "common/Clock.h"
#include "common/Result.h"
#include "protocol/HelpMessages.h"

namespace ow::sync {

// 呼叫帮办员 (PROTOCOL.md §5.5): asks the county hub to send the village helper to this device.
// `screen` is the key of the screen the citizen is on, nothing else. The hub answers the device's
// open request when one is open already (asked again), a new one otherwise. No answer from the
// hub is the usual "hub unreachable" error (isNoAnswer).
Result<protocol::HelpRequest> askForHelp(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                         const QString &screen);

// The village helper's desk (1.18): the open help requests of the kiosks, oldest first, and closing
// one when the helper has come — device-signed, as the hub allows any enrolled device since 1.18.
Result<QList<protocol::HelpRequest>> listOpenHelpRequests(Transport &transport, const DeviceIdentity &device,
                                                          const Clock &clock);
Result<protocol::HelpRequest> closeHelpRequest(Transport &transport, const DeviceIdentity &device, const Clock &clock,
                                               const QString &id);

} // namespace ow::sync
