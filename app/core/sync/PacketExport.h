#pragma once

#include "common/Result.h"
#include "domain/Case.h"

#include <QString>

namespace ow {
class Store;
}

namespace ow::sync {

struct PacketExportSummary
{
    int packets = 0;   // sealed packets written
    int parts = 0;     // attachment parts written
    int unchanged = 0; // files already in the folder with the same bytes
};

// Sealed packets (and their attachment parts) waiting in the outbox, written to a folder on
// removable media for a hub that is out of reach (`onewindow-hub import-packets`). Only sealed,
// encrypted bytes are written, never clear personal data. Each file appears whole or not at
// all; files already there with the same content are left alone. The export is audited as
// "sync.export" by `actor`. Used by `onewindow export-packets` and the kiosk's maintenance
// screen.
Result<PacketExportSummary> exportPackets(Store &store, const QString &dir, const Actor &actor);

} // namespace ow::sync
