#include "sync/DeviceIdentity.h"

#include "sync/SyncText.h"

#include "crypto/Digest.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

namespace ow::sync {

namespace {

Error badEnvelope(const QString &detail)
{
    return makeError(ErrorCode::Invalid, SyncText::tr("A sealed packet in the outbox is damaged."),
                     QStringLiteral("envelope: %1").arg(detail));
}

Error badReceipt(const QString &detail)
{
    return makeError(ErrorCode::Crypto, SyncText::tr("The hub's receipt could not be verified; the case stays queued."),
                     QStringLiteral("receipt: %1").arg(detail));
}

QByteArray fromBase64Strict(const QJsonValue &v, bool *ok)
{
    auto decoded = QByteArray::fromBase64Encoding(v.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    *ok = v.isString() && decoded.decodingStatus == QByteArray::Base64DecodingStatus::Ok;
    return decoded.decoded;
}

} // namespace

QByteArray suiteDigest(const QString &suite, const QByteArray &bytes)
{
    if (suite == QLatin1String("intl"))
        return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
    return crypto::sm3(bytes);
}

Result<EnvelopeInfo> readEnvelope(const QByteArray &envelope)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(envelope, &perr);
    if (!doc.isObject())
        return badEnvelope(QStringLiteral("not a JSON object: %1").arg(perr.errorString()));
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("format")).toString() != QLatin1String("ow-packet/1"))
        return badEnvelope(QStringLiteral("unknown format"));
    EnvelopeInfo info;
    info.suite = o.value(QLatin1String("suite")).toString();
    bool ok = false;
    info.manifestBytes = fromBase64Strict(o.value(QLatin1String("manifest")), &ok);
    if (!ok)
        return badEnvelope(QStringLiteral("manifest is not base64"));
    const QJsonDocument manifest = QJsonDocument::fromJson(info.manifestBytes);
    if (!manifest.isObject())
        return badEnvelope(QStringLiteral("manifest is not a JSON object"));
    const QJsonObject m = manifest.object();
    info.packetId = m.value(QLatin1String("packetId")).toString();
    info.caseNumber = m.value(QLatin1String("caseId")).toString();
    info.deviceId = m.value(QLatin1String("deviceId")).toString();
    if (info.packetId.isEmpty() || info.deviceId.isEmpty() || m.value(QLatin1String("suite")).toString() != info.suite)
        return badEnvelope(QStringLiteral("manifest lacks packetId/deviceId or its suite differs"));
    info.digestHex = suiteDigest(info.suite, info.manifestBytes).toHex();
    return info;
}

Result<Receipt> checkReceipt(const DeviceIdentity &device, const QByteArray &responseBody, const EnvelopeInfo &sent)
{
    const QJsonDocument doc = QJsonDocument::fromJson(responseBody);
    if (!doc.isObject())
        return badReceipt(QStringLiteral("response is not a JSON object"));
    const QJsonObject o = doc.object();
    bool ok1 = false;
    bool ok2 = false;
    const QByteArray receiptBytes = fromBase64Strict(o.value(QLatin1String("receipt")), &ok1);
    const QByteArray signature = fromBase64Strict(o.value(QLatin1String("signature")), &ok2);
    if (!ok1 || !ok2)
        return badReceipt(QStringLiteral("receipt or signature is not base64"));
    if (!device.receiptSignatureValid(receiptBytes, signature))
        return badReceipt(QStringLiteral("hub signature does not verify for packet %1").arg(sent.packetId));
    const QJsonObject r = QJsonDocument::fromJson(receiptBytes).object();
    if (r.value(QLatin1String("format")).toString() != QLatin1String("ow-receipt/1"))
        return badReceipt(QStringLiteral("unknown receipt format"));
    Receipt receipt;
    receipt.body = responseBody;
    receipt.hubId = r.value(QLatin1String("hubId")).toString();
    receipt.packetId = r.value(QLatin1String("packetId")).toString();
    receipt.caseNumber = r.value(QLatin1String("caseId")).toString();
    receipt.receivedAt = r.value(QLatin1String("receivedAt")).toString();
    receipt.hubSequence = r.value(QLatin1String("hubSequence")).toInteger();
    if (receipt.packetId != sent.packetId || r.value(QLatin1String("deviceId")).toString() != sent.deviceId ||
        r.value(QLatin1String("digest")).toString().toLatin1() != sent.digestHex) {
        return badReceipt(
            QStringLiteral("receipt names another packet, device or digest than packet %1").arg(sent.packetId));
    }
    return receipt;
}

} // namespace ow::sync
