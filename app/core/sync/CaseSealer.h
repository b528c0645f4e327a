#pragma once

#include "sync/EnrolledDevice.h"

#include "common/Result.h"
#include "domain/Case.h"

#include <QString>

namespace ow {
class Store;
}

namespace ow::sync {

struct SealedCase
{
    QString caseNumber;
    QString packetId;
    int externalParts = 0;
    qint64 bytes = 0;
};

// Turns a case into a sealed packet in the outbox (PROTOCOL.md §3.1): the form and small
// materials inline, large attachments as external parts uploaded ahead of the packet. The
// packet sequence, the parts and the packet are written in one transaction. A case is sealed
// once, and once more for each correction the department asks for.
class CaseSealer
{
public:
    // Attachments up to this size travel inside the packet; larger ones as resumable uploads.
    static constexpr qint64 kInlineLimit = 256 * 1024;

    CaseSealer(Store &store, const EnrolledDevice &device);
    Result<SealedCase> seal(const QString &caseNumber, const Actor &actor);

private:
    Store &m_store;
    const EnrolledDevice &m_device;
};

} // namespace ow::sync
