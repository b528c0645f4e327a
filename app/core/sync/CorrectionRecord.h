#pragma once

#include "sync/CaseSealer.h"

#include "common/Result.h"
#include "store/AuditLog.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace ow {
class Store;
}

namespace ow::sync {

// A material the citizen brought after the department asked for a correction (补齐补正).
struct SuppliedMaterial
{
    QString materialId; // the catalog's material id, or what the reviewer's list named
    QString mime;       // image/jpeg, image/png or application/pdf
    QByteArray data;
};

// The largest material taken at the window (a scan of several A4 pages).
inline constexpr qsizetype kMaxSuppliedBytes = 20 * 1024 * 1024;

// Records the correction at the window in one transaction: the materials are attached to the
// case, the case is sealed again (its corrected packet goes to the hub through the outbox, which
// puts the case back into the reviewer's queue, PROTOCOL.md §3.2) and it moves from
// "correction requested" back to "received", the clocks running again. A case not waiting for a
// correction, nothing supplied, or a file that is not an image or PDF or is too large is refused
// with a message for the clerk, and nothing changes.
Result<SealedCase> recordCorrection(Store &store, const EnrolledDevice &device, const QString &caseNumber,
                                    const QList<SuppliedMaterial> &materials, const Actor &actor);

} // namespace ow::sync
