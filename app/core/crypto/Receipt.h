#pragma once

#include "common/Result.h"
#include "crypto/Keys.h"
#include "crypto/Suite.h"

#include <QByteArray>
#include <QList>
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
// The receipts of a group of packets committed together (1.19), with one signature: the hub
// signs the root of a hash tree over the receipts, and each document carries its receipt, its
// place in the tree and the hashes on the way to the root ("batch"). One receipt alone is
// signed as signReceipt() signs it. The documents come in the order of `receipts`.
Result<QList<QByteArray>> signReceipts(Suite suite, const PrivateKey &hubSigningKey,
                                       const QList<ReceiptData> &receipts);
// Parses and verifies a receipt document, single or of a group, against the pinned hub signing key.
Result<ReceiptData> verifyReceipt(const QByteArray &document, const PublicKey &hubSigningKey);

} // namespace ow::crypto
