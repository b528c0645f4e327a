#pragma once

#include "common/Result.h"
#include "crypto/Keys.h"
#include "crypto/Suite.h"

#include <QByteArray>
#include <QString>

namespace ow::crypto {

// The hub's signed acknowledgement of a stored packet (server/PROTOCOL.md §3.3).
struct ReceiptData
{
    QString hubId;
    QString packetId;
    QString caseId;
    QString deviceId;
    QByteArray digest; // hex packet digest
    QString receivedAt;
    qint64 hubSequence = 0;
};

// {"receipt": base64(canonical JSON), "signature": base64, "suite": ...} as canonical JSON bytes.
Result<QByteArray> signReceipt(Suite suite, const PrivateKey &hubSigningKey, const ReceiptData &data);
// Parses and verifies a receipt document against the pinned hub signing key.
Result<ReceiptData> verifyReceipt(const QByteArray &document, const PublicKey &hubSigningKey);

} // namespace ow::crypto
