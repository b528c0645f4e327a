#pragma once

#include "crypto/Receipt.h"
#include "protocol/Messages.h"
#include "server/HubCatalog.h"
#include "server/HubContext.h"
#include "server/HubUploads.h"

#include <QHash>
#include <QMap>
#include <QPair>

#include <optional>

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

    // A stored packet's receipt still to be signed (see setDeferReceipts).
    struct ReceiptToSign
    {
        crypto::Suite suite = crypto::DefaultSuite;
        crypto::ReceiptData data;
    };
    struct Stored
    {
        QByteArray receipt;  // the hub-signed receipt document
        bool created = true; // false: the same packet was stored before (its receipt again)
        // Deferred receipts only: `receipt` is empty and this is to be signed and stored
        // (storeReceipt) before the transaction commits; or, for a packet stored earlier in the
        // same transaction, `receiptOf` names it and its receipt is this one's too.
        std::optional<ReceiptToSign> toSign;
        QString receiptOf;
    };
    // `device` empty → import from media: the manifest's device is trusted after its signature.
    // `verifiedWith`: the envelope was verified and opened already (on another thread, see
    // verifiesAndOpens) with this device key; when it is the sending device's enrolled key that
    // work is not done again.
    // `authenticated`: the sending device as the request's authentication read it from the
    // database just before (enrolled, not revoked): not read again.
    ServiceResult<Stored> ingest(const QString &device, const QByteArray &envelope,
                                 const QMap<QString, QByteArray> &externalParts = {},
                                 const crypto::PublicKey *verifiedWith = nullptr,
                                 const DeviceIdentity *authenticated = nullptr);
    // The crypto of a packet without external parts, free of the database so it can run on any
    // core: the manifest signature against `deviceKey`, the digests, and the parts open with the
    // hub's key. Thread-safe.
    static bool verifiesAndOpens(const QByteArray &envelope, const crypto::PublicKey &deviceKey, const HubKeys &keys);

    const IngestCounters &counters() const { return m_counters; }

    // Group commit (HubServer): while set, ingest() leaves the receipt of a new packet unsigned
    // (Stored::toSign) so that the caller signs the group's receipts on every core while the
    // database works, and stores each with storeReceipt() inside the caller's open transaction,
    // before its commit. Nothing is acknowledged without its receipt stored.
    void setDeferReceipts(bool defer) { m_deferReceipts = defer; }
    // Thread-safe; the receipt document, or empty when it could not be signed.
    static QByteArray signReceipt(const ReceiptToSign &receipt, const HubKeys &keys);
    // Receipts of packets stored in the open transaction, by their hub sequence.
    Status storeReceipts(const QList<QPair<qint64, QByteArray>> &receipts);

private:
    // The case number is of the sending device's series (claimed by the first packet of a device
    // enrolled without one); otherwise audited and refused.
    ServiceStatus checkCaseNumber(const protocol::Manifest &manifest);
    ServiceResult<Stored> ingestChecked(const QString &device, const QByteArray &envelope,
                                        const QMap<QString, QByteArray> &externalParts,
                                        const crypto::PublicKey *verifiedWith, const DeviceIdentity *authenticated);

    HubContext &m_context;
    UploadService &m_uploads;
    const HubCatalog *m_catalog;
    IngestCounters m_counters;
    // Devices' case number prefixes once bound: a binding never changes (PROTOCOL.md §2).
    QHash<QString, QString> m_prefixes;
    bool m_deferReceipts = false;
};

} // namespace ow::hub
