#include "protocol/DraftMessages.h"

#include "protocol/JsonFields.h"

#include "crypto/Digest.h"

namespace ow::protocol {

namespace {

constexpr qsizetype MaxIdLength = 128;
constexpr qsizetype MaxKeyPemLength = 2048;
constexpr qsizetype MaxPacketChars = 12 * 1024 * 1024;

template<typename T>
Result<T> finish(const FieldReader &reader, T value)
{
    if (!reader.ok())
        return reader.error();
    return value;
}

} // namespace

QByteArray pickupKey(const QString &shortCode)
{
    return crypto::sm3(QByteArrayLiteral("OW1-PICKUP\n") + shortCode.toLatin1()).toHex();
}

Result<DraftPickupTerms> DraftPickupTerms::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("draft pickup terms"));
    DraftPickupTerms terms;
    terms.pickupKey = r.hex("pickupKey");
    terms.expiresAt = r.time("expiresAt");
    return finish(r, terms);
}

QJsonObject DraftPickupTerms::toJson() const
{
    return QJsonObject{{QStringLiteral("pickupKey"), QString::fromLatin1(pickupKey)},
                       {QStringLiteral("expiresAt"), expiresAt}};
}

Result<DraftTakeRequest> DraftTakeRequest::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("draft take request"));
    DraftTakeRequest request;
    request.pickupKey = r.hex("pickupKey");
    request.operatorName = r.string("operator", MaxIdLength);
    request.role = r.string("role", 64);
    request.recipientKey = r.string("recipientKey", MaxKeyPemLength).toLatin1();
    return finish(r, request);
}

QJsonObject DraftTakeRequest::toJson() const
{
    return QJsonObject{{QStringLiteral("pickupKey"), QString::fromLatin1(pickupKey)},
                       {QStringLiteral("operator"), operatorName},
                       {QStringLiteral("role"), role},
                       {QStringLiteral("recipientKey"), QString::fromLatin1(recipientKey)}};
}

Result<DraftTakeAnswer> DraftTakeAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("draft take answer"));
    DraftTakeAnswer answer;
    answer.draftId = r.string("draftId", MaxIdLength);
    answer.deviceId = r.string("deviceId", MaxIdLength);
    answer.expiresAt = r.time("expiresAt");
    answer.takenAt = r.time("takenAt");
    if (r.ok() && object.value(QStringLiteral("packet")).toString().size() > MaxPacketChars)
        r.refuse("packet", QStringLiteral("is too large"));
    answer.packet = r.base64("packet");
    answer.wrappedKey = r.base64("wrappedKey");
    answer.signingKey = r.base64("signingKey");
    return finish(r, answer);
}

QJsonObject DraftTakeAnswer::toJson() const
{
    return QJsonObject{{QStringLiteral("draftId"), draftId},
                       {QStringLiteral("deviceId"), deviceId},
                       {QStringLiteral("expiresAt"), expiresAt},
                       {QStringLiteral("takenAt"), takenAt},
                       {QStringLiteral("packet"), QString::fromLatin1(packet.toBase64())},
                       {QStringLiteral("wrappedKey"), QString::fromLatin1(wrappedKey.toBase64())},
                       {QStringLiteral("signingKey"), QString::fromLatin1(signingKey.toBase64())}};
}

Result<DraftStored> DraftStored::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("draft stored"));
    DraftStored stored;
    stored.draftId = r.string("draftId", MaxIdLength);
    stored.expiresAt = r.time("expiresAt");
    return finish(r, stored);
}

QJsonObject DraftStored::toJson() const
{
    return QJsonObject{{QStringLiteral("draftId"), draftId}, {QStringLiteral("expiresAt"), expiresAt}};
}

} // namespace ow::protocol
