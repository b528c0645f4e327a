#pragma once

#include "common/Result.h"
#include "crypto/Keys.h"
#include "crypto/Suite.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

namespace ow::crypto {

// A sealed case as it travels (server/PROTOCOL.md §3): encrypted parts under a random content
// key, the key wrapped to the hub, a manifest signed by the device.

inline constexpr const char *PacketContentType = "application/vnd.onewindow.packet+json";

struct PacketMaterial
{
    QString name;
    QString mimeType;
    QByteArray data;
};

// A large file sent beside the packet through the resumable upload (an external part).
struct PacketAttachment
{
    QString name; // part name, e.g. "att-0"; unique within the packet, not "payload"
    QByteArray data;
};

struct PacketContent
{
    QString caseId;
    QString itemId;
    QJsonObject form;
    QList<PacketMaterial> materials;
    QList<PacketAttachment> attachments;
    // Further top-level fields of the payload (a kiosk draft's pickup terms, PROTOCOL.md §5.6);
    // the four above always win over a field of the same name.
    QJsonObject extra;
};

struct ManifestPart
{
    QString name;
    qint64 size = 0;
    QByteArray digest; // hex
    bool external = false;
};

struct Manifest
{
    QString packetId;
    QString caseId;
    QString deviceId;
    qint64 sequence = 0;
    QString createdAt;
    Suite suite = DefaultSuite;
    QString itemId;
    QByteArray wrappedKeyDigest; // hex
    QList<ManifestPart> parts;
};

struct SealedPart
{
    QString name;
    QByteArray blob;
    QByteArray digest; // hex
};

struct SealedPacket
{
    QString packetId;
    QByteArray envelope;             // the exact POST /v1/packets body
    QByteArray digest;               // hex packet digest (of the manifest bytes)
    QList<SealedPart> externalParts; // to upload before posting the envelope
};

// Seals cases on a device.
class PacketSealer
{
public:
    PacketSealer(Suite suite, PrivateKey deviceSigningKey, PublicKey hubEncryptionKey, QString deviceId);

    // `packetId` empty → a new random UUID.
    Result<SealedPacket> seal(const PacketContent &content, qint64 sequence, const QDateTime &createdAt,
                              const QString &packetId = {}) const;

private:
    Suite m_suite;
    PrivateKey m_deviceKey;
    PublicKey m_hubKey;
    QString m_deviceId;
};

// An envelope taken apart, nothing trusted yet.
struct ParsedPacket
{
    Suite suite = DefaultSuite;
    Manifest manifest;
    QByteArray manifestBytes;
    QByteArray signature;
    QByteArray wrappedKey;
    QMap<QString, QByteArray> inlineParts;
    QByteArray digest; // hex packet digest
};

struct OpenedPacket
{
    Manifest manifest;
    QJsonObject payload; // the canonical payload JSON as sealed
    PacketContent content;
};

// Checks and opens packets on the hub (and in tests on the device). Each step is separate so the
// hub can tell the sender what was wrong.
class PacketOpener
{
public:
    // Structure only: JSON shape, known suite, manifest fields, each inline part named in the manifest.
    static Result<ParsedPacket> parse(const QByteArray &envelope);
    // The manifest signature against the device's key.
    static Status verifySignature(const ParsedPacket &packet, const PublicKey &deviceKey);
    // Size and digest of every inline part and of the wrapped key.
    static Status verifyDigests(const ParsedPacket &packet);
    // An external part's blob against its manifest entry.
    static Status verifyExternalPart(const ParsedPacket &packet, const QString &name, const QByteArray &blob);
    // Unwraps the content key and decrypts every part; `externalParts` by name.
    static Result<OpenedPacket> open(const ParsedPacket &packet, const PrivateKey &hubEncryptionKey,
                                     const QMap<QString, QByteArray> &externalParts = {});
};

// Canonical JSON bytes (compact, keys sorted) of an object.
QByteArray canonicalJson(const QJsonObject &object);
// UTC, ISO 8601 with milliseconds and Z.
QString wireTime(const QDateTime &time);

} // namespace ow::crypto
