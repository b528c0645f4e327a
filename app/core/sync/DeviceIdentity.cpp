#include "sync/DeviceIdentity.h"

#include "sync/SyncText.h"

#include "crypto/Suite.h"
#include "protocol/Messages.h"

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

} // namespace

QByteArray suiteDigest(const QString &suite, const QByteArray &bytes)
{
    return crypto::suiteDigest(crypto::parseSuite(suite).value_or(crypto::Suite::Gm), bytes);
}

Result<EnvelopeInfo> readEnvelope(const QByteArray &envelope)
{
    auto parsed = protocol::PacketEnvelope::fromJson(envelope);
    if (!parsed.ok())
        return badEnvelope(parsed.error().logDetail);
    const protocol::Manifest &manifest = parsed->manifest();
    EnvelopeInfo info;
    info.packetId = manifest.packetId;
    info.caseNumber = manifest.caseId;
    info.deviceId = manifest.deviceId;
    info.suite = crypto::suiteName(parsed->packet.suite);
    info.manifestBytes = parsed->packet.manifestBytes;
    info.digestHex = parsed->digest();
    return info;
}

Result<Receipt> checkReceipt(const DeviceIdentity &device, const QByteArray &responseBody, const EnvelopeInfo &sent)
{
    auto document = protocol::ReceiptDocument::fromJson(responseBody, device.hubSigningKey());
    if (!document.ok())
        return badReceipt(QStringLiteral("packet %1: %2").arg(sent.packetId, document.error().logDetail));
    const crypto::ReceiptData &r = document->data;
    if (r.packetId != sent.packetId || r.deviceId != sent.deviceId || r.digest != sent.digestHex) {
        return badReceipt(
            QStringLiteral("receipt names another packet, device or digest than packet %1").arg(sent.packetId));
    }
    Receipt receipt;
    receipt.body = responseBody;
    receipt.hubId = r.hubId;
    receipt.packetId = r.packetId;
    receipt.caseNumber = r.caseId;
    receipt.receivedAt = r.receivedAt;
    receipt.hubSequence = r.hubSequence;
    return receipt;
}

} // namespace ow::sync
