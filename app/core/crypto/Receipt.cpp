#include "crypto/Receipt.h"

#include "common/Tr.h"
#include "crypto/Packet.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace ow::crypto {

namespace {

constexpr const char *ReceiptFormat = "ow-receipt/1";

Error badReceipt(const QString &detail)
{
    return makeError(ErrorCode::Crypto, CryptoText::tr("The hub's receipt is not valid."),
                     QStringLiteral("receipt: ") + detail);
}

} // namespace

Result<QByteArray> signReceipt(Suite suite, const PrivateKey &hubSigningKey, const ReceiptData &data)
{
    if (!hubSigningKey.fits(suite, KeyUse::Signing))
        return badReceipt(QStringLiteral("hub signing key does not fit the suite"));
    const QByteArray receipt = canonicalJson(QJsonObject{{QStringLiteral("format"), QLatin1String(ReceiptFormat)},
                                                         {QStringLiteral("hubId"), data.hubId},
                                                         {QStringLiteral("packetId"), data.packetId},
                                                         {QStringLiteral("caseId"), data.caseId},
                                                         {QStringLiteral("deviceId"), data.deviceId},
                                                         {QStringLiteral("digest"), QString::fromLatin1(data.digest)},
                                                         {QStringLiteral("receivedAt"), data.receivedAt},
                                                         {QStringLiteral("hubSequence"), data.hubSequence}});
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
    if (!hubSigningKey.fits(*suite, KeyUse::Signing) || !verify(hubSigningKey, *receipt, *signature))
        return badReceipt(QStringLiteral("signature does not verify against the pinned hub key"));
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
