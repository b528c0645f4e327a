#include "crypto/Receipt.h"

#include "common/Tr.h"
#include "crypto/Packet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ow::crypto {

namespace {

constexpr const char *ReceiptFormat = "ow-receipt/1";
constexpr const char *BatchFormat = "ow-receipt-batch/1";

Error badReceipt(const QString &detail)
{
    return makeError(ErrorCode::Crypto, CryptoText::tr("The hub's receipt is not valid."),
                     QStringLiteral("receipt: ") + detail);
}

// The hash tree over a group's receipts (1.19; RFC 6962's domain separation): a leaf is
// H(0x00 || receipt bytes), an inner node H(0x01 || left || right). Each level pairs its nodes
// from the left; an odd last node moves up unpaired. H is the suite's hash.
QByteArray leafHash(Suite suite, const QByteArray &receipt)
{
    return suiteDigest(suite, QByteArray(1, '\0') + receipt);
}

QByteArray nodeHash(Suite suite, const QByteArray &left, const QByteArray &right)
{
    return suiteDigest(suite, QByteArray(1, '\1') + left + right);
}

// What the hub signs for a group: its tree's root and size.
QByteArray batchRootDocument(const QByteArray &root, qint64 size)
{
    return canonicalJson(QJsonObject{{QStringLiteral("format"), QLatin1String(BatchFormat)},
                                     {QStringLiteral("root"), QString::fromLatin1(root.toHex())},
                                     {QStringLiteral("size"), size}});
}

QByteArray receiptBytes(const ReceiptData &data)
{
    return canonicalJson(QJsonObject{{QStringLiteral("format"), QLatin1String(ReceiptFormat)},
                                     {QStringLiteral("hubId"), data.hubId},
                                     {QStringLiteral("packetId"), data.packetId},
                                     {QStringLiteral("caseId"), data.caseId},
                                     {QStringLiteral("deviceId"), data.deviceId},
                                     {QStringLiteral("digest"), QString::fromLatin1(data.digest)},
                                     {QStringLiteral("receivedAt"), data.receivedAt},
                                     {QStringLiteral("hubSequence"), data.hubSequence}});
}

// The root a receipt's path leads to, or empty when the path does not fit the tree's shape.
QByteArray rootOfPath(Suite suite, const QByteArray &receipt, qint64 index, qint64 size, const QList<QByteArray> &path)
{
    if (size < 2 || index < 0 || index >= size)
        return {};
    QByteArray hash = leafHash(suite, receipt);
    qsizetype used = 0;
    for (qint64 width = size; width > 1; width = (width + 1) / 2, index /= 2) {
        const bool unpaired = index % 2 == 0 && index + 1 == width;
        if (unpaired)
            continue;
        if (used == path.size())
            return {};
        hash = index % 2 == 0 ? nodeHash(suite, hash, path[used]) : nodeHash(suite, path[used], hash);
        ++used;
    }
    return used == path.size() ? hash : QByteArray();
}

} // namespace

Result<QList<QByteArray>> signReceipts(Suite suite, const PrivateKey &hubSigningKey, const QList<ReceiptData> &receipts)
{
    if (receipts.size() == 1) {
        auto single = signReceipt(suite, hubSigningKey, receipts.first());
        OW_TRY(single);
        return QList<QByteArray>{std::move(single).value()};
    }
    if (receipts.isEmpty())
        return QList<QByteArray>{};
    if (!hubSigningKey.fits(suite, KeyUse::Signing))
        return badReceipt(QStringLiteral("hub signing key does not fit the suite"));
    QList<QByteArray> bytes;
    QList<QList<QByteArray>> levels(1);
    for (const ReceiptData &data : receipts) {
        bytes.append(receiptBytes(data));
        levels[0].append(leafHash(suite, bytes.last()));
    }
    while (levels.last().size() > 1) {
        const QList<QByteArray> &below = levels.last();
        QList<QByteArray> above;
        for (qsizetype i = 0; i < below.size(); i += 2)
            above.append(i + 1 < below.size() ? nodeHash(suite, below[i], below[i + 1]) : below[i]);
        levels.append(std::move(above));
    }
    const qint64 size = receipts.size();
    auto signature = sign(hubSigningKey, batchRootDocument(levels.last().first(), size));
    OW_TRY(signature);
    const QString signatureText = QString::fromLatin1(signature->toBase64());
    QList<QByteArray> documents;
    documents.reserve(receipts.size());
    for (qsizetype leaf = 0; leaf < receipts.size(); ++leaf) {
        QJsonArray path;
        qsizetype index = leaf;
        for (qsizetype level = 0; level + 1 < levels.size(); ++level, index /= 2) {
            const qsizetype sibling = index % 2 == 0 ? index + 1 : index - 1;
            if (sibling < levels[level].size())
                path.append(QString::fromLatin1(levels[level][sibling].toHex()));
        }
        documents.append(
            canonicalJson(QJsonObject{{QStringLiteral("receipt"), QString::fromLatin1(bytes[leaf].toBase64())},
                                      {QStringLiteral("batch"), QJsonObject{{QStringLiteral("index"), qint64(leaf)},
                                                                            {QStringLiteral("size"), size},
                                                                            {QStringLiteral("path"), path}}},
                                      {QStringLiteral("signature"), signatureText},
                                      {QStringLiteral("suite"), suiteName(suite)}}));
    }
    return documents;
}

Result<QByteArray> signReceipt(Suite suite, const PrivateKey &hubSigningKey, const ReceiptData &data)
{
    if (!hubSigningKey.fits(suite, KeyUse::Signing))
        return badReceipt(QStringLiteral("hub signing key does not fit the suite"));
    const QByteArray receipt = receiptBytes(data);
    auto signature = sign(hubSigningKey, receipt);
    if (!signature)
        return signature.error();
    return canonicalJson(QJsonObject{{QStringLiteral("receipt"), QString::fromLatin1(receipt.toBase64())},
                                     {QStringLiteral("signature"), QString::fromLatin1(signature->toBase64())},
                                     {QStringLiteral("suite"), suiteName(suite)}});
}

Result<ReceiptData> verifyReceipt(const QByteArray &document, const PublicKey &hubSigningKey)
{
    const QJsonDocument outer = QJsonDocument::fromJson(document);
    if (!outer.isObject())
        return badReceipt(QStringLiteral("not a JSON object"));
    const QJsonObject o = outer.object();
    const auto suite = parseSuite(o.value(QStringLiteral("suite")).toString());
    const auto receipt = QByteArray::fromBase64Encoding(o.value(QStringLiteral("receipt")).toString().toLatin1(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    const auto signature = QByteArray::fromBase64Encoding(o.value(QStringLiteral("signature")).toString().toLatin1(),
                                                          QByteArray::AbortOnBase64DecodingErrors);
    if (!suite || !receipt || !signature)
        return badReceipt(QStringLiteral("missing fields"));
    if (!hubSigningKey.fits(*suite, KeyUse::Signing))
        return badReceipt(QStringLiteral("signature does not verify against the pinned hub key"));
    if (o.contains(QStringLiteral("batch"))) {
        // One of a group's receipts: its path leads to the root the hub signed.
        const QJsonObject batch = o.value(QStringLiteral("batch")).toObject();
        const QJsonValue index = batch.value(QStringLiteral("index"));
        const QJsonValue size = batch.value(QStringLiteral("size"));
        const QJsonArray pathJson = batch.value(QStringLiteral("path")).toArray();
        if (!index.isDouble() || !size.isDouble() || pathJson.size() > 64)
            return badReceipt(QStringLiteral("malformed batch"));
        QList<QByteArray> path;
        for (const QJsonValue &hash : pathJson) {
            const QByteArray bytes = QByteArray::fromHex(hash.toString().toLatin1());
            if (bytes.size() != 32 || bytes.toHex() != hash.toString().toLatin1())
                return badReceipt(QStringLiteral("malformed batch path"));
            path.append(bytes);
        }
        const QByteArray root = rootOfPath(*suite, *receipt, index.toInteger(-1), size.toInteger(-1), path);
        if (root.isEmpty() || !verify(hubSigningKey, batchRootDocument(root, size.toInteger()), *signature))
            return badReceipt(QStringLiteral("batch signature does not verify against the pinned hub key"));
    } else if (!verify(hubSigningKey, *receipt, *signature)) {
        return badReceipt(QStringLiteral("signature does not verify against the pinned hub key"));
    }
    const QJsonObject r = QJsonDocument::fromJson(*receipt).object();
    if (r.value(QStringLiteral("format")).toString() != QLatin1String(ReceiptFormat))
        return badReceipt(QStringLiteral("unknown format"));
    ReceiptData data;
    data.hubId = r.value(QStringLiteral("hubId")).toString();
    data.packetId = r.value(QStringLiteral("packetId")).toString();
    data.caseId = r.value(QStringLiteral("caseId")).toString();
    data.deviceId = r.value(QStringLiteral("deviceId")).toString();
    data.digest = r.value(QStringLiteral("digest")).toString().toLatin1();
    data.receivedAt = r.value(QStringLiteral("receivedAt")).toString();
    data.hubSequence = r.value(QStringLiteral("hubSequence")).toInteger();
    return data;
}

} // namespace ow::crypto
