#pragma once

#include "common/Result.h"
#include "crypto/Keys.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace ow::sync {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// What the sync code needs from the enrolled device: who it is, how it signs its requests to the
// hub (PROTOCOL.md §1) and the hub signing key pinned at enrollment, against which receipts
// (§3.3) are verified. EnrolledDevice is the real one; unit tests use a double.
class DeviceIdentity
{
public:
    virtual ~DeviceIdentity() = default;
    virtual QString deviceId() const = 0;
    virtual QString suite() const = 0; // "gm" or "intl"
    // OW-Device, OW-Timestamp and OW-Signature for one request; `headers` are the request's own,
    // of which those that change its meaning (Upload-Offset) are signed with it.
    virtual Result<HeaderList> authHeaders(const QByteArray &method, const QByteArray &pathAndQuery,
                                           const QByteArray &body, qint64 unixTime,
                                           const HeaderList &headers) const = 0;
    virtual const crypto::PublicKey &hubSigningKey() const = 0;
};

// digest(suite, bytes) of PROTOCOL.md §0: SM3 for gm, SHA-256 for intl; 32 bytes.
QByteArray suiteDigest(const QString &suite, const QByteArray &bytes);

// The parts of a sealed packet's envelope (§3.1) that travel in clear: enough to route, to
// compute the packet digest and to check the receipt, without any key. Read with
// crypto::PacketOpener, the one parser of envelopes.
struct EnvelopeInfo
{
    QString packetId;
    QString caseNumber;
    QString deviceId;
    QString suite;
    QByteArray manifestBytes;
    QByteArray digestHex; // the packet digest: hex(digest(suite, manifestBytes))
};

Result<EnvelopeInfo> readEnvelope(const QByteArray &envelope);

// The hub's receipt (§3.3), after its signature and its fields were checked.
struct Receipt
{
    QByteArray body; // the whole response body as received, kept as proof
    QString hubId;
    QString packetId;
    QString caseNumber;
    QString receivedAt;
    qint64 hubSequence = 0;
};

// Accepts a receipt only when crypto::verifyReceipt accepts the hub's signature with the pinned
// key and it names exactly this packet, this device and this digest.
Result<Receipt> checkReceipt(const DeviceIdentity &device, const QByteArray &responseBody, const EnvelopeInfo &sent);

} // namespace ow::sync
