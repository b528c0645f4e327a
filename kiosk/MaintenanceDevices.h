#pragma once

#include "MaintenanceController.h"

namespace ow {

// The printer and camera checks of the maintenance screen, through Qt Print Support and Qt
// Multimedia. Only the program links these; tests give the controller their own probes.
MaintenanceController::Probes systemDeviceProbes();

} // namespace ow
