#include "crypto/Packet.h"

#include "common/Logging.h"
#include "common/Tr.h"
#include "crypto/Cipher.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUuid>

namespace ow::crypto {

namespace {

constexpr const char *PacketFormat = "ow-packet/1";

Error malformed(const QString &detail)
{
    return makeError(ErrorCode::Invalid, CryptoText::tr("The packet is not in a format this program understands."),
                     QStringLiteral("malformed packet: ") + detail);
}

Error tampered(const QString &detail)
{
    return makeError(ErrorCode::Crypto, CryptoText::tr("The packet is damaged or was altered."),
                     QStringLiteral("packet check failed: ") + detail);
}

QByteArray partAad(const QString &packetId, const QString &name)
{
    return QByteArray("OW1-PART\n") + packetId.toUtf8() + '\n' + name.toUtf8();
}

std::optional<QByteArray> fromBase64(const QJsonValue &value)
{
    if (!value.isString())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

bool isPartName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    return pattern.match(name).hasMatch();
}

QJsonObject manifestToJson(const Manifest &manifest)
{
    QJsonArray parts;
    for (const ManifestPart &part : manifest.parts) {
        QJsonObject entry{{QStringLiteral("name"), part.name},
                          {QStringLiteral("size"), part.size},
                          {QStringLiteral("digest"), QString::fromLatin1(part.digest)}};
        if (part.external)
            entry.insert(QStringLiteral("external"), true);
        parts.append(entry);
    }
    return QJsonObject{{QStringLiteral("packetId"), manifest.packetId},
                       {QStringLiteral("caseId"), manifest.caseId},
                       {QStringLiteral("deviceId"), manifest.deviceId},
                       {QStringLiteral("sequence"), manifest.sequence},
                       {QStringLiteral("createdAt"), manifest.createdAt},
                       {QStringLiteral("suite"), suiteName(manifest.suite)},
                       {QStringLiteral("itemId"), manifest.itemId},
                       {QStringLiteral("wrappedKeyDigest"), QString::fromLatin1(manifest.wrappedKeyDigest)},
                       {QStringLiteral("parts"), parts}};
}

Result<Manifest> manifestFromJson(const QByteArray &bytes)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return malformed(QStringLiteral("manifest is not a JSON object"));
    const QJsonObject o = doc.object();
    Manifest m;
    m.packetId = o.value(QStringLiteral("packetId")).toString();
    m.caseId = o.value(QStringLiteral("caseId")).toString();
    m.deviceId = o.value(QStringLiteral("deviceId")).toString();
    m.createdAt = o.value(QStringLiteral("createdAt")).toString();
    m.itemId = o.value(QStringLiteral("itemId")).toString();
    m.wrappedKeyDigest = o.value(QStringLiteral("wrappedKeyDigest")).toString().toLatin1();
    const QJsonValue sequence = o.value(QStringLiteral("sequence"));
    const auto suite = parseSuite(o.value(QStringLiteral("suite")).toString());
    const QUuid uuid = QUuid::fromString(m.packetId);
    if (uuid.isNull() || uuid.toString(QUuid::WithoutBraces) != m.packetId)
        return malformed(QStringLiteral("packetId is not a lower-case UUID"));
    if (m.caseId.isEmpty() || m.caseId.size() > 64 || m.deviceId.isEmpty() || m.deviceId.size() > 64 ||
        m.itemId.isEmpty() || m.itemId.size() > 128)
        return malformed(QStringLiteral("caseId, deviceId or itemId missing or too long"));
    if (!sequence.isDouble() || sequence.toDouble() < 0 || sequence.toDouble() != double(sequence.toInteger()))
        return malformed(QStringLiteral("sequence is not a non-negative integer"));
    m.sequence = sequence.toInteger();
    if (!suite)
        return malformed(QStringLiteral("unknown suite in manifest"));
    m.suite = *suite;
    if (!QDateTime::fromString(m.createdAt, Qt::ISODateWithMs).isValid())
        return malformed(QStringLiteral("createdAt is not an ISO 8601 time"));
    if (m.wrappedKeyDigest.size() != 64)
        return malformed(QStringLiteral("wrappedKeyDigest missing"));
    QSet<QString> names;
    for (const QJsonValue &value : o.value(QStringLiteral("parts")).toArray()) {
        const QJsonObject p = value.toObject();
        ManifestPart part;
        part.name = p.value(QStringLiteral("name")).toString();
        part.size = p.value(QStringLiteral("size")).toInteger(-1);
        part.digest = p.value(QStringLiteral("digest")).toString().toLatin1();
        part.external = p.value(QStringLiteral("external")).toBool(false);
        if (!isPartName(part.name) || names.contains(part.name) || part.size < 0 || part.digest.size() != 64)
            return malformed(QStringLiteral("bad part entry in manifest"));
        names.insert(part.name);
        m.parts.append(part);
    }
    if (!names.contains(QStringLiteral("payload")))
        return malformed(QStringLiteral("manifest has no payload part"));
    return m;
}

QJsonObject payloadJson(const PacketContent &content)
{
    QJsonArray materials;
    for (const PacketMaterial &material : content.materials)
        materials.append(QJsonObject{{QStringLiteral("name"), material.name},
                                     {QStringLiteral("mimeType"), material.mimeType},
                                     {QStringLiteral("data"), QString::fromLatin1(material.data.toBase64())}});
    QJsonObject out = content.extra;
    out.insert(QStringLiteral("caseId"), content.caseId);
    out.insert(QStringLiteral("itemId"), content.itemId);
    out.insert(QStringLiteral("form"), content.form);
    out.insert(QStringLiteral("materials"), materials);
    return out;
}

} // namespace

QByteArray canonicalJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QString wireTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

PacketSealer::PacketSealer(Suite suite, PrivateKey deviceSigningKey, PublicKey hubEncryptionKey, QString deviceId)
    : m_suite(suite)
    , m_deviceKey(std::move(deviceSigningKey))
    , m_hubKey(std::move(hubEncryptionKey))
    , m_deviceId(std::move(deviceId))
{}

Result<SealedPacket> PacketSealer::seal(const PacketContent &content, qint64 sequence, const QDateTime &createdAt,
                                        const QString &packetId) const
{
    if (!m_deviceKey.fits(m_suite, KeyUse::Signing) || !m_hubKey.fits(m_suite, KeyUse::Encryption))
        return makeError(ErrorCode::Crypto, CryptoText::tr("The key is not valid."),
                         QStringLiteral("sealer keys do not fit suite %1").arg(suiteName(m_suite)));
    Manifest manifest;
    manifest.packetId = packetId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : packetId;
    manifest.caseId = content.caseId;
    manifest.deviceId = m_deviceId;
    manifest.sequence = sequence;
    manifest.createdAt = wireTime(createdAt);
    manifest.suite = m_suite;
    manifest.itemId = content.itemId;

    const SecretBytes contentKey = SecretBytes::random(contentKeyLength(m_suite));
    auto wrapped = wrapKey(m_hubKey, contentKey);
    if (!wrapped)
        return wrapped.error();
    manifest.wrappedKeyDigest = suiteDigestHex(m_suite, *wrapped);

    QByteArray payload = canonicalJson(payloadJson(content));
    auto payloadBlob = encryptPart(m_suite, contentKey, partAad(manifest.packetId, QStringLiteral("payload")), payload);
    wipeBytes(payload);
    if (!payloadBlob)
        return payloadBlob.error();
    manifest.parts.append(
        ManifestPart{QStringLiteral("payload"), payloadBlob->size(), suiteDigestHex(m_suite, *payloadBlob), false});

    SealedPacket sealed;
    sealed.packetId = manifest.packetId;
    for (const PacketAttachment &attachment : content.attachments) {
        if (!isPartName(attachment.name) || attachment.name == QLatin1String("payload"))
            return malformed(QStringLiteral("bad attachment name"));
        auto blob = encryptPart(m_suite, contentKey, partAad(manifest.packetId, attachment.name), attachment.data);
        if (!blob)
            return blob.error();
        const QByteArray digest = suiteDigestHex(m_suite, *blob);
        manifest.parts.append(ManifestPart{attachment.name, blob->size(), digest, true});
        sealed.externalParts.append(SealedPart{attachment.name, *blob, digest});
    }

    const QByteArray manifestBytes = canonicalJson(manifestToJson(manifest));
    auto signature = sign(m_deviceKey, manifestBytes);
    if (!signature)
        return signature.error();
    QJsonArray parts;
    parts.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("payload")},
                             {QStringLiteral("data"), QString::fromLatin1(payloadBlob->toBase64())}});
    for (const SealedPart &part : sealed.externalParts)
        parts.append(QJsonObject{{QStringLiteral("name"), part.name}, {QStringLiteral("external"), true}});
    const QJsonObject envelope{{QStringLiteral("format"), QLatin1String(PacketFormat)},
                               {QStringLiteral("suite"), suiteName(m_suite)},
                               {QStringLiteral("manifest"), QString::fromLatin1(manifestBytes.toBase64())},
                               {QStringLiteral("signature"), QString::fromLatin1(signature->toBase64())},
                               {QStringLiteral("wrappedKey"), QString::fromLatin1(wrapped->toBase64())},
                               {QStringLiteral("parts"), parts}};
    sealed.envelope = canonicalJson(envelope);
    sealed.digest = suiteDigestHex(m_suite, manifestBytes);
    return sealed;
}

Result<ParsedPacket> PacketOpener::parse(const QByteArray &envelope)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(envelope, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return malformed(QStringLiteral("envelope is not a JSON object"));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toString() != QLatin1String(PacketFormat))
        return malformed(QStringLiteral("unknown envelope format"));
    const auto suite = parseSuite(o.value(QStringLiteral("suite")).toString());
    if (!suite)
        return malformed(QStringLiteral("unknown suite"));
    const auto manifestBytes = fromBase64(o.value(QStringLiteral("manifest")));
    const auto signature = fromBase64(o.value(QStringLiteral("signature")));
    const auto wrappedKey = fromBase64(o.value(QStringLiteral("wrappedKey")));
    if (!manifestBytes || !signature || !wrappedKey || manifestBytes->isEmpty() || signature->isEmpty() ||
        wrappedKey->isEmpty())
        return malformed(QStringLiteral("manifest, signature or wrappedKey missing or not base64"));
    auto manifest = manifestFromJson(*manifestBytes);
    if (!manifest)
        return manifest.error();
    if (manifest->suite != *suite)
        return malformed(QStringLiteral("envelope and manifest disagree on the suite"));

    ParsedPacket parsed;
    parsed.suite = *suite;
    parsed.manifest = std::move(*manifest);
    parsed.manifestBytes = *manifestBytes;
    parsed.signature = *signature;
    parsed.wrappedKey = *wrappedKey;
    parsed.digest = suiteDigestHex(*suite, *manifestBytes);
    // By name, once: matching the envelope's parts to the manifest's stays linear in their number.
    QHash<QString, bool> externalByName;
    externalByName.reserve(parsed.manifest.parts.size());
    for (const ManifestPart &part : parsed.manifest.parts)
        externalByName.insert(part.name, part.external);
    QSet<QString> seen;
    for (const QJsonValue &value : o.value(QStringLiteral("parts")).toArray()) {
        const QJsonObject p = value.toObject();
        const QString name = p.value(QStringLiteral("name")).toString();
        const bool external = p.value(QStringLiteral("external")).toBool(false);
        if (seen.contains(name))
            return malformed(QStringLiteral("duplicate part in envelope"));
        seen.insert(name);
        const auto entry = externalByName.constFind(name);
        if (entry == externalByName.cend() || *entry != external)
            return malformed(QStringLiteral("envelope part not in the manifest"));
        if (!external) {
            const auto data = fromBase64(p.value(QStringLiteral("data")));
            if (!data)
                return malformed(QStringLiteral("part data is not base64"));
            parsed.inlineParts.insert(name, *data);
        }
    }
    if (seen.size() != parsed.manifest.parts.size())
        return malformed(QStringLiteral("manifest part missing from the envelope"));
    return parsed;
}

Status PacketOpener::verifySignature(const ParsedPacket &packet, const PublicKey &deviceKey)
{
    if (!deviceKey.fits(packet.suite, KeyUse::Signing))
        return tampered(QStringLiteral("device key does not fit the packet suite"));
    if (!verify(deviceKey, packet.manifestBytes, packet.signature))
        return tampered(QStringLiteral("manifest signature does not verify"));
    return {};
}

Status PacketOpener::verifyDigests(const ParsedPacket &packet)
{
    if (suiteDigestHex(packet.suite, packet.wrappedKey) != packet.manifest.wrappedKeyDigest)
        return tampered(QStringLiteral("wrapped key digest mismatch"));
    for (const ManifestPart &part : packet.manifest.parts) {
        if (part.external)
            continue;
        const QByteArray blob = packet.inlineParts.value(part.name);
        if (blob.size() != part.size || suiteDigestHex(packet.suite, blob) != part.digest)
            return tampered(QStringLiteral("part digest mismatch"));
    }
    return {};
}

Status PacketOpener::verifyExternalPart(const ParsedPacket &packet, const QString &name, const QByteArray &blob)
{
    for (const ManifestPart &part : packet.manifest.parts) {
        if (part.name == name && part.external) {
            if (blob.size() != part.size || suiteDigestHex(packet.suite, blob) != part.digest)
                return tampered(QStringLiteral("external part digest mismatch"));
            return {};
        }
    }
    return tampered(QStringLiteral("no such external part"));
}

Result<OpenedPacket> PacketOpener::open(const ParsedPacket &packet, const PrivateKey &hubEncryptionKey,
                                        const QMap<QString, QByteArray> &externalParts)
{
    auto contentKey = unwrapKey(hubEncryptionKey, packet.wrappedKey);
    if (!contentKey)
        return tampered(QStringLiteral("content key unwrap: ") + contentKey.error().logDetail);
    if (contentKey->size() != contentKeyLength(packet.suite))
        return tampered(QStringLiteral("content key has the wrong length"));
    OpenedPacket opened;
    opened.manifest = packet.manifest;
    for (const ManifestPart &part : packet.manifest.parts) {
        const QByteArray aad = partAad(packet.manifest.packetId, part.name);
        if (part.external) {
            if (!externalParts.contains(part.name))
                continue; // the caller opens only the parts it has
            auto plain = decryptPart(packet.suite, *contentKey, aad, externalParts.value(part.name));
            if (!plain)
                return tampered(part.name + QStringLiteral(": ") + plain.error().logDetail);
            opened.content.attachments.append(PacketAttachment{part.name, *plain});
            continue;
        }
        auto plain = decryptPart(packet.suite, *contentKey, aad, packet.inlineParts.value(part.name));
        if (!plain)
            return tampered(part.name + QStringLiteral(": ") + plain.error().logDetail);
        if (part.name != QLatin1String("payload"))
            continue;
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(*plain, &error);
        wipeBytes(*plain);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return malformed(QStringLiteral("payload is not a JSON object"));
        opened.payload = doc.object();
    }
    const QJsonObject &p = opened.payload;
    opened.content.caseId = p.value(QStringLiteral("caseId")).toString();
    opened.content.itemId = p.value(QStringLiteral("itemId")).toString();
    opened.content.form = p.value(QStringLiteral("form")).toObject();
    for (const QJsonValue &value : p.value(QStringLiteral("materials")).toArray()) {
        const QJsonObject m = value.toObject();
        opened.content.materials.append(
            PacketMaterial{m.value(QStringLiteral("name")).toString(), m.value(QStringLiteral("mimeType")).toString(),
                           fromBase64(m.value(QStringLiteral("data"))).value_or(QByteArray())});
    }
    if (opened.content.caseId != packet.manifest.caseId || opened.content.itemId != packet.manifest.itemId)
        return tampered(QStringLiteral("payload does not match the manifest"));
    return opened;
}

} // namespace ow::crypto
