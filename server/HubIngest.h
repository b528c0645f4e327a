#pragma once

#include "protocol/Messages.h"
#include "server/HubCatalog.h"
#include "server/HubContext.h"
#include "server/HubUploads.h"

#include <QMap>

namespace ow::hub {

struct IngestCounters
{
    quint64 packetsStored = 0;
    quint64 packetsDuplicate = 0;
    QMap<QByteArray, quint64> packetsRejected; // by error code
};

// Sealed packets in (PROTOCOL.md §3): verified, opened, stored with their case, event and
// receipt in one transaction, committed before the receipt is answered.
class IngestService
{
public:
    IngestService(HubContext &context, UploadService &uploads, const HubCatalog *catalog)
        : m_context(context)
        , m_uploads(uploads)
        , m_catalog(catalog)
    {}

    struct Stored
    {
        QByteArray receipt;  // the hub-signed receipt document
        bool created = true; // false: the same packet was stored before (its receipt again)
    };
    // `device` empty → import from media: the manifest's device is trusted after its signature.
    // `verifiedWith`: the envelope was verified and opened already (on another thread, see
    // verifiesAndOpens) with this device key; when it is the sending device's enrolled key that
    // work is not done again.
    ServiceResult<Stored> ingest(const QString &device, const QByteArray &envelope,
                                 const QMap<QString, QByteArray> &externalParts = {},
                                 const crypto::PublicKey *verifiedWith = nullptr);
    // The crypto of a packet without external parts, free of the database so it can run on any
    // core: the manifest signature against `deviceKey`, the digests, and the parts open with the
    // hub's key. Thread-safe.
    static bool verifiesAndOpens(const QByteArray &envelope, const crypto::PublicKey &deviceKey, const HubKeys &keys);

    const IngestCounters &counters() const { return m_counters; }

private:
    // The case number is of the sending device's series (claimed by the first packet of a device
    // enrolled without one); otherwise audited and refused.
    ServiceStatus checkCaseNumber(const protocol::Manifest &manifest);
    ServiceResult<Stored> ingestChecked(const QString &device, const QByteArray &envelope,
                                        const QMap<QString, QByteArray> &externalParts,
                                        const crypto::PublicKey *verifiedWith);

    HubContext &m_context;
    UploadService &m_uploads;
    const HubCatalog *m_catalog;
    IngestCounters m_counters;
};

} // namespace ow::hub
