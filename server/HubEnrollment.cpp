#include "server/HubEnrollment.h"

#include "crypto/Cipher.h"
#include "crypto/Packet.h"
#include "crypto/RequestSignature.h"
#include "server/HubLogging.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace ow::hub {

namespace {

constexpr int CodeLength = 12;

ServiceError codeInvalid()
{
    return ServiceError(Refusal::Forbidden, "enroll_code_invalid",
                        QStringLiteral("unknown, expired or used enrollment code"));
}

} // namespace

QByteArray normaliseEnrollCode(const QString &code)
{
    QByteArray out;
    for (const QChar c : code) {
        if (c == QLatin1Char('-') || c == QLatin1Char(' '))
            continue;
        out.append(c.toUpper().toLatin1());
    }
    return out;
}

ServiceResult<protocol::EnrollAnswer> EnrollmentService::enroll(const QByteArray &body)
{
    const auto object = protocol::parseObject(body, QStringLiteral("enrollment request"));
    if (!object)
        return service::badJson();
    if (!protocol::suiteLabel(*object))
        return ServiceError(Refusal::BadRequest, "wrong_suite", QStringLiteral("suite must be gm or intl"));
    const auto request = protocol::EnrollRequest::fromJson(*object);
    if (!request)
        return ServiceError(Refusal::BadRequest, "bad_request", request.error().logDetail);
    const QByteArray code = normaliseEnrollCode(request->code);
    const crypto::Suite suite = request->suite;
    if (code.size() != CodeLength)
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("code is not 12 characters"));
    if (!request->casePrefix.isEmpty() && !service::isCasePrefix(request->casePrefix))
        return ServiceError(Refusal::BadRequest, "bad_request",
                            QStringLiteral("casePrefix must be 1 to 32 ASCII letters and digits"));
    auto key = crypto::PublicKey::fromPem(request->signingKey);
    if (!key || !key->fits(suite, crypto::KeyUse::Signing))
        return ServiceError(Refusal::BadRequest, "bad_request",
                            QStringLiteral("signingKey is not a signing key of the suite"));

    HubDatabase &db = m_context.db();
    Transaction tx(db);
    OW_TRY(tx.begin());
    const QString codeDigest = QString::fromLatin1(service::digestHex(code));
    auto found =
        db.exec(QStringLiteral("SELECT expires_at, used_at FROM enroll_codes WHERE code_digest = ?"), {codeDigest});
    OW_TRY(found);
    if (!found->next() || !found->value(1).isNull() || found->value(0).toString() < m_context.now()) {
        qCInfo(lcHub, "enrollment refused: code unknown, used or expired");
        return codeInvalid();
    }
    found->finish();
    if (!crypto::verify(*key, crypto::enrollmentProofInput(code), request->proof))
        return ServiceError(Refusal::Forbidden, "bad_proof", QStringLiteral("proof of key possession does not verify"));
    const QString deviceId = QStringLiteral("d-") + QString::fromLatin1(crypto::randomBytes(8).toHex());
    const QString at = m_context.now();
    auto used = db.exec(
        QStringLiteral("UPDATE enroll_codes SET used_at = ?, device_id = ? WHERE code_digest = ? AND used_at IS NULL"),
        {at, deviceId, codeDigest});
    OW_TRY(used);
    if (used->numRowsAffected() != 1)
        return codeInvalid();
    auto inserted =
        db.exec(QStringLiteral("INSERT INTO devices (id, suite, signing_key, key_fingerprint, name, enrolled_at) "
                               "VALUES (?, ?, ?, ?, ?, ?)"),
                {deviceId, crypto::suiteName(suite), QString::fromLatin1(key->toPem()),
                 QString::fromLatin1(key->fingerprint()), request->name, at});
    if (!inserted)
        return ServiceError(Refusal::Conflict, "key_in_use", QStringLiteral("this signing key is already enrolled"));
    // The device's case numbers are its own from now on: no other device may send one.
    if (!request->casePrefix.isEmpty()) {
        auto reserved = db.exec(QStringLiteral("INSERT INTO case_prefixes (prefix, device_id, bound_at) "
                                               "VALUES (?, ?, ?) ON CONFLICT DO NOTHING"),
                                {request->casePrefix, deviceId, at});
        OW_TRY(reserved);
        if (reserved->numRowsAffected() != 1) {
            qCInfo(lcHub, "enrollment refused: case prefix %s belongs to another device",
                   qPrintable(request->casePrefix));
            return ServiceError(Refusal::Conflict, "case_prefix_taken",
                                QStringLiteral("another device numbers its cases with this prefix"));
        }
    }
    OW_TRY(m_context.audit(QStringLiteral("device:") + deviceId, "enroll", deviceId, "ok"));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "device %s enrolled (%s)", qPrintable(deviceId), qPrintable(crypto::suiteName(suite)));
    return protocol::EnrollAnswer{deviceId, m_context.keys().hubId(), suite, m_context.keys().publicKeys(),
                                  request->casePrefix};
}

ServiceResult<DeviceIdentity> EnrollmentService::enrolled(const QString &deviceId)
{
    auto foundRun = m_context.db().execPrepared(
        QStringLiteral("SELECT suite, signing_key, revoked_at FROM devices WHERE id = ?"), {deviceId});
    OW_TRY(foundRun);
    QSqlQuery *found = *foundRun;
    if (!found->next())
        return ServiceError(Refusal::Unauthenticated, "device_unknown", QStringLiteral("no such device"));
    if (!found->value(2).isNull())
        return ServiceError(Refusal::Unauthenticated, "device_revoked", QStringLiteral("device revoked"));
    DeviceIdentity device;
    device.id = deviceId;
    device.suite = crypto::parseSuite(found->value(0).toString()).value_or(crypto::DefaultSuite);
    const std::optional<crypto::PublicKey> key = m_context.deviceKey(found->value(1).toString());
    found->finish();
    if (!key)
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored device key unreadable"));
    device.key = *key;
    return device;
}

bool EnrollmentService::signatureVerifies(const HeaderMap &headers, const QByteArray &method,
                                          const QByteArray &pathAndQuery, const QByteArray &body, crypto::Suite suite,
                                          const crypto::PublicKey &key)
{
    bool numeric = false;
    const qint64 seconds = headers.value("ow-timestamp").toLongLong(&numeric);
    const auto signature =
        QByteArray::fromBase64Encoding(headers.value("ow-signature"), QByteArray::AbortOnBase64DecodingErrors);
    if (!numeric || !signature)
        return false;
    crypto::RequestHeaders signedHeaders;
    for (const QByteArray &name : crypto::signedRequestHeaders())
        if (const auto it = headers.constFind(name); it != headers.cend())
            signedHeaders.append({name, *it});
    return crypto::verify(key, crypto::requestSigningInput(suite, method, pathAndQuery, seconds, body, signedHeaders),
                          *signature);
}

ServiceResult<DeviceIdentity> EnrollmentService::authenticate(const HeaderMap &headers, const QByteArray &method,
                                                              const QByteArray &pathAndQuery, const QByteArray &body,
                                                              const crypto::PublicKey *verifiedWith)
{
    const QString deviceId = QString::fromLatin1(headers.value("ow-device"));
    const QByteArray timestamp = headers.value("ow-timestamp");
    const auto signature =
        QByteArray::fromBase64Encoding(headers.value("ow-signature"), QByteArray::AbortOnBase64DecodingErrors);
    if (deviceId.isEmpty() || timestamp.isEmpty() || headers.value("ow-signature").isEmpty())
        return ServiceError(Refusal::Unauthenticated, "auth_missing",
                            QStringLiteral("OW-Device, OW-Timestamp and OW-Signature are required"));
    static const QRegularExpression decimal(QStringLiteral("^-?[0-9]+$"));
    bool numeric = false;
    const qint64 seconds = timestamp.toLongLong(&numeric);
    if (!signature || (!numeric && !decimal.match(QString::fromLatin1(timestamp)).hasMatch()))
        return ServiceError(Refusal::Unauthenticated, "bad_signature",
                            QStringLiteral("malformed authentication headers"));
    // The window is computed around hub time and the header never takes part in arithmetic: a
    // value at either end of 64 bits, or past them, is simply too far away.
    const qint64 hubSeconds = m_context.clock().now().toSecsSinceEpoch();
    const qint64 skew = m_context.limits().clockSkewSecs;
    if (!numeric || seconds < hubSeconds - skew || seconds > hubSeconds + skew)
        return ServiceError(Refusal::Unauthenticated, "clock_skew",
                            QStringLiteral("OW-Timestamp too far from hub time"));
    auto enrolledDevice = enrolled(deviceId);
    OW_TRY(enrolledDevice);
    DeviceIdentity device = std::move(enrolledDevice).value();
    if (verifiedWith && verifiedWith->sameKeyAs(device.key))
        return device;
    // Headers that change the request's meaning are signed with it: the values read here are the
    // ones the request is served with.
    if (!signatureVerifies(headers, method, pathAndQuery, body, device.suite, device.key))
        return ServiceError(Refusal::Unauthenticated, "bad_signature",
                            QStringLiteral("request signature does not verify"));
    return device;
}

ServiceResult<protocol::DeviceKeysAnswer> EnrollmentService::deviceKeys(const DeviceIdentity &device)
{
    auto rows =
        m_context.db().exec(QStringLiteral("SELECT id, signing_key, enrolled_at, revoked_at FROM devices ORDER BY id"));
    OW_TRY(rows);
    protocol::DeviceKeysAnswer answer;
    while (rows->next()) {
        const QString id = rows->value(0).toString();
        const auto key = m_context.deviceKey(rows->value(1).toString());
        if (!key) {
            qCWarning(lcHub, "device keys: stored key of device %s does not parse; left out", qPrintable(id));
            continue;
        }
        protocol::DeviceKey entry;
        entry.deviceId = id;
        entry.publicKey = key->toDer();
        entry.enrolledAt = rows->value(2).toString();
        entry.revokedAt = rows->isNull(3) ? QString() : rows->value(3).toString();
        answer.devices.append(entry);
    }
    qCInfo(lcHub, "device keys: %lld listed, asked by device %s", static_cast<long long>(answer.devices.size()),
           qPrintable(device.id));
    return answer;
}

ServiceResult<EnrollmentService::DeviceKeysDocument> EnrollmentService::deviceKeysDocument(const DeviceIdentity &device)
{
    // Devices are only ever added and revoked once, so their count, the revoked count and the
    // latest times change whenever the answer would.
    auto summary = m_context.db().execPrepared(
        QStringLiteral("SELECT COUNT(*), MAX(enrolled_at), COUNT(revoked_at), MAX(revoked_at) FROM devices"));
    OW_TRY(summary);
    QSqlQuery *row = *summary;
    if (!row->next())
        return ServiceError(Refusal::Unavailable, "unavailable", QStringLiteral("device keys: no summary row"));
    const QString current = row->value(0).toString() + QLatin1Char('|') + row->value(1).toString() + QLatin1Char('|') +
                            row->value(2).toString() + QLatin1Char('|') + row->value(3).toString();
    row->finish();
    if (current == m_keysSummary && !m_keysDocument.body.isEmpty())
        return m_keysDocument;
    auto answer = deviceKeys(device);
    if (!answer)
        return answer.error();
    DeviceKeysDocument document;
    document.body = QJsonDocument(answer->toJson()).toJson(QJsonDocument::Compact);
    document.etag = '"' + service::digestHex(document.body).left(32) + '"';
    m_keysDocument = document;
    m_keysSummary = current;
    return document;
}

} // namespace ow::hub
