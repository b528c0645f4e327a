#pragma once

#include "MaintenanceController.h"

namespace ow {

// The printer and camera checks of the maintenance screen, through Qt Print Support and the
// kernel's Video4Linux list. Only the program uses these; tests give the controller their own
// probes.
MaintenanceController::Probes systemDeviceProbes();

} // namespace ow
