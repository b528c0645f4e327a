#pragma once

#include "crypto/Receipt.h"
#include "protocol/Messages.h"
#include "server/HubCatalog.h"
#include "server/HubContext.h"
#include "server/HubUploads.h"

#include <QHash>
#include <QMap>
#include <QPair>
#include <QSet>

#include <deque>
#include <memory>
#include <mutex>
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
    // A hub sequence number and time of receipt taken ahead on a crypto thread (PostgreSQL).
    struct Reserved
    {
        qint64 seq = 0;
        QString receivedAt;
        QString packetId;
    };
    // `authenticated`: the sending device as the request's authentication read it from the
    // database just before (enrolled, not revoked): not read again. `reserved`: used when the
    // packet is stored as a new case in a group on PostgreSQL; otherwise its number stays unused.
    // `parsed`: with `verifiedWith`, the envelope as that verification parsed it (not parsed again).
    ServiceResult<Stored> ingest(const QString &device, const QByteArray &envelope,
                                 const QMap<QString, QByteArray> &externalParts = {},
                                 const crypto::PublicKey *verifiedWith = nullptr,
                                 const DeviceIdentity *authenticated = nullptr, const Reserved *reserved = nullptr,
                                 const crypto::ParsedPacket *parsed = nullptr);
    // The crypto of a packet without external parts, free of the database so it can run on any
    // core: the manifest signature against `deviceKey`, the digests, and the parts open with the
    // hub's key. Thread-safe.
    static bool verifiesAndOpens(const QByteArray &envelope, const crypto::PublicKey &deviceKey, const HubKeys &keys);
    // verifiesAndOpens(), and when hub sequence numbers are reserved (PostgreSQL), one taken for
    // the packet with its time of receipt; `parsed` is the envelope as parsed here, so that
    // ingest() does not parse it again. Thread-safe.
    bool verifyAndReserve(const QByteArray &envelope, const crypto::PublicKey &deviceKey,
                          std::optional<Reserved> &reserved, std::shared_ptr<const crypto::ParsedPacket> &parsed);
    // Keeps hub sequence numbers reserved for verifyAndReserve() (PostgreSQL; outside a
    // transaction). Service thread.
    Status reserveSequences();

    const IngestCounters &counters() const { return m_counters; }

    // Group commit (HubServer): while set, ingest() leaves the receipt of a new packet unsigned
    // (Stored::toSign) so that the caller signs the group's receipts with one signature
    // (signReceipts) and stores them (storeDeferred) inside its open transaction, before the
    // commit. Nothing is acknowledged without its receipt stored.
    void setDeferReceipts(bool defer)
    {
        m_deferReceipts = defer;
        if (!defer)
            m_group.reset();
    }
    // PostgreSQL, in a group's open transaction before its packets are ingested: what the
    // database holds of these packets (by id, and by device and sequence) and of their cases,
    // read in one statement, so that ingest() of a usual packet in the group costs no round trip
    // of its own and its new case is inserted with the group's others (storeDeferred). Until
    // setDeferReceipts(false).
    Status prefetchGroup(const QList<const protocol::Manifest *> &manifests);
    // Thread-safe; the receipt document, or empty when it could not be signed.
    static QByteArray signReceipt(const ReceiptToSign &receipt, const HubKeys &keys);
    // A group's receipts under one signature per suite (1.19, crypto::signReceipts), in the order
    // given; all empty when they could not be signed.
    static QList<QByteArray> signReceipts(const QList<ReceiptToSign> &receipts, const HubKeys &keys);
    // Receipts of packets stored in the open transaction, by their hub sequence.
    Status storeReceipts(const QList<QPair<qint64, QByteArray>> &receipts);
    // At the end of a group, in its open transaction: the receipts of the group's packets (all
    // of them, by hub sequence), and on PostgreSQL the packets and events whose rows were left
    // for this moment, a few statements for the whole group.
    Status storeDeferred(const QList<QPair<qint64, QByteArray>> &receipts);
    // The group was not committed: rows left for storeDeferred() are forgotten.
    void discardDeferred();

private:
    // The case number is of the sending device's series (claimed by the first packet of a device
    // enrolled without one); otherwise audited and refused.
    ServiceStatus checkCaseNumber(const protocol::Manifest &manifest);
    ServiceResult<Stored> ingestChecked(const QString &device, const QByteArray &envelope,
                                        const QMap<QString, QByteArray> &externalParts,
                                        const crypto::PublicKey *verifiedWith, const DeviceIdentity *authenticated,
                                        const Reserved *reserved, const crypto::ParsedPacket *preParsed);

    HubContext &m_context;
    UploadService &m_uploads;
    const HubCatalog *m_catalog;
    IngestCounters m_counters;
    // Devices' case number prefixes once bound: a binding never changes (PROTOCOL.md §2).
    QHash<QString, QString> m_prefixes;
    bool m_deferReceipts = false;
    // A packet of the group not written yet (PostgreSQL, deferred receipts).
    struct PendingRow
    {
        qint64 seq = 0;
        QString packetId;
        QString deviceId;
        QString caseId;
        QString itemId;
        qint64 sequence = 0;
        crypto::Suite suite = crypto::DefaultSuite;
        QByteArray digest;
        QByteArray envelope;
        QString receivedAt;
        QString department;
        // The new case of this packet: inserted already, or by storeDeferred().
        bool caseInserted = false;
        QString dueDate;
        QString channel;
    };
    // What prefetchGroup() read, kept up to date with what the group stores meanwhile.
    struct StoredPacket
    {
        QByteArray digest;
        QByteArray receipt; // empty: stored in this group, its receipt signed with the group's
        QString deviceId;
    };
    struct GroupLookups
    {
        QSet<QString> packetIds;             // the packets looked up
        QHash<QString, StoredPacket> stored; // those stored, by packet id
        QSet<QString> usedSequences;         // "device\nsequence" of every stored packet read
        QHash<QString, bool> caseStored;     // the cases looked up, by id: stored or not (absent: not looked up)
    };
    std::optional<GroupLookups> m_group;
    void noteStored(const protocol::Manifest &manifest, const QByteArray &digest);
    std::mutex m_reservedMutex;
    std::deque<qint64> m_reserved; // for verifyAndReserve()
    // 1.16: the channel of packets opened by verifyAndReserve() that is not the window's, by
    // packet id, for ingest() to store with the case; bounded, under m_reservedMutex.
    QHash<QString, QString> m_openedChannels;
    QString takeOpenedChannel(const QString &packetId);
    QList<PendingRow> m_pendingRows;
    QList<qint64> m_sequences; // packet sequence numbers taken ahead (PostgreSQL)
    Result<qint64> takeSequence();
};

} // namespace ow::hub
