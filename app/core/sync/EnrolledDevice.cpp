#include "sync/EnrolledDevice.h"

#include "sync/SyncText.h"

#include "crypto/RequestSignature.h"
#include "protocol/JsonFields.h"
#include "protocol/Messages.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include <QRegularExpression>

namespace ow::sync {

namespace {

Error notEnrolled(const QString &detail)
{
    return makeError(ErrorCode::NotFound,
                     SyncText::tr("This device is not enrolled with a county hub yet. Ask the administrator for an "
                                  "enrollment code."),
                     detail);
}

Error enrollmentBroken(const QString &detail)
{
    return makeError(ErrorCode::KeyStore,
                     SyncText::tr("The hub enrollment kept on this device is damaged. Enroll the device again."),
                     detail);
}

} // namespace

QByteArray EnrolledDevice::normaliseCode(const QString &code)
{
    static const QByteArray alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    QByteArray out;
    for (QChar c : code) {
        if (c == QLatin1Char('-') || c.isSpace())
            continue;
        const char u = c.toUpper().toLatin1();
        if (!alphabet.contains(u))
            return {};
        out.append(u);
    }
    return out.size() == 12 ? out : QByteArray();
}

Result<std::unique_ptr<EnrolledDevice>> EnrolledDevice::load(SettingsRepository &settings)
{
    auto get = [&](const char *key) -> Result<QByteArray> {
        auto v = settings.value(QLatin1String(key));
        if (!v.ok())
            return v.error();
        if (!v->has_value())
            return notEnrolled(QStringLiteral("setting %1 missing").arg(QLatin1String(key)));
        return **v;
    };
    auto id = get(settingKey::kDeviceId);
    if (!id.ok())
        return id.error();
    std::unique_ptr<EnrolledDevice> d(new EnrolledDevice);
    d->m_deviceId = QString::fromUtf8(*id);
    auto hubId = get(settingKey::kHubId);
    auto suite = get(settingKey::kSuite);
    auto key = get(settingKey::kDeviceKey);
    auto hubEnc = get(settingKey::kHubEncryptionKey);
    auto hubSig = get(settingKey::kHubSigningKey);
    for (const Result<QByteArray> *r : {&hubId, &suite, &key, &hubEnc, &hubSig}) {
        if (!r->ok())
            return enrollmentBroken(r->error().logDetail);
    }
    d->m_hubId = QString::fromUtf8(*hubId);
    const auto parsedSuite = crypto::parseSuite(QString::fromUtf8(*suite));
    if (!parsedSuite)
        return enrollmentBroken(QStringLiteral("unknown suite in settings"));
    d->m_suite = *parsedSuite;
    QByteArray pem = std::move(key).value();
    auto priv = crypto::PrivateKey::fromPem(SecretBytes::takeFrom(pem));
    auto enc = crypto::PublicKey::fromPem(*hubEnc);
    auto sig = crypto::PublicKey::fromPem(*hubSig);
    if (!priv.ok() || !enc.ok() || !sig.ok())
        return enrollmentBroken(QStringLiteral("a stored key does not parse"));
    d->m_signingKey = *priv;
    d->m_hubEncryption = *enc;
    d->m_hubSigning = *sig;
    return d;
}

Result<std::unique_ptr<EnrolledDevice>> EnrolledDevice::enroll(Store &store, Transport &transport, const QString &code,
                                                               const QString &deviceName, crypto::Suite suite)
{
    auto existing = store.settings().value(QLatin1String(settingKey::kDeviceId));
    if (!existing.ok())
        return existing.error();
    if (existing->has_value()) {
        return makeError(ErrorCode::AlreadyExists, SyncText::tr("This device is already enrolled with a county hub."),
                         QStringLiteral("enroll refused: already enrolled"));
    }
    const QByteArray normalised = normaliseCode(code);
    if (normalised.isEmpty()) {
        return makeError(ErrorCode::Invalid,
                         SyncText::tr("The enrollment code is not valid. It has 12 letters and digits, like "
                                      "ABCD-EFGH-JKMN."),
                         QStringLiteral("malformed enrollment code"));
    }
    auto key = crypto::PrivateKey::generate(suite, crypto::KeyUse::Signing);
    if (!key.ok())
        return key.error();
    auto proof = crypto::sign(*key, crypto::enrollmentProofInput(normalised));
    if (!proof.ok())
        return proof.error();
    protocol::EnrollRequest request;
    request.code = code;
    request.suite = suite;
    request.name = deviceName;
    request.signingKey = key->publicKey().toPem();
    request.proof = *proof;
    // The series of this device's case numbers (store device id) is reserved for it at the hub
    // (protocol 1.8), so no other device can send a number of it. An id that cannot be a prefix
    // (a hyphen in it) is not asked for; the hub then binds the series of the first packet.
    static const QRegularExpression prefixPattern(QStringLiteral("^[A-Za-z0-9]{1,32}$"));
    if (prefixPattern.match(store.deviceId()).hasMatch())
        request.casePrefix = store.deviceId();
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/enroll");
    req.body = protocol::toBytes(request.toJson());
    req.header("Content-Type", "application/json");
    const HttpResponse response = transport.send(req);
    if (!response.answered()) {
        return makeError(ErrorCode::Io,
                         SyncText::tr("The county hub cannot be reached. Check the network and try again."),
                         QStringLiteral("enroll: no answer: %1").arg(response.transportError));
    }
    if (response.status != 201) {
        const QString error = protocol::ErrorBody::codeOf(response.body);
        if (error == QLatin1String("case_prefix_taken")) {
            return makeError(ErrorCode::AlreadyExists,
                             SyncText::tr("Another device of this county already numbers its cases with %1. Give "
                                          "this device another device id and enroll again.")
                                 .arg(request.casePrefix),
                             QStringLiteral("enroll: HTTP %1 %2").arg(response.status).arg(error));
        }
        if (error == QLatin1String("enroll_code_invalid")) {
            return makeError(ErrorCode::Invalid,
                             SyncText::tr("The hub did not accept this enrollment code: it is unknown, expired or "
                                          "already used."),
                             QStringLiteral("enroll: HTTP %1 %2").arg(response.status).arg(error));
        }
        return makeError(ErrorCode::Invalid, SyncText::tr("The county hub refused the enrollment (%1).").arg(error),
                         QStringLiteral("enroll: HTTP %1 %2").arg(response.status).arg(error));
    }
    const Error unusable =
        makeError(ErrorCode::Invalid, SyncText::tr("The county hub sent an enrollment answer that cannot be used."),
                  QStringLiteral("enroll: answer lacks device id or usable hub keys"));
    auto body = protocol::parseObject(response.body, QStringLiteral("enrollment answer"));
    if (!body.ok())
        return makeError(unusable.code, unusable.userMessage, body.error().logDetail);
    auto answer = protocol::EnrollAnswer::fromJson(*body);
    if (!answer.ok())
        return makeError(unusable.code, unusable.userMessage, answer.error().logDetail);
    const QString suiteName = crypto::suiteName(suite);
    const protocol::HubPublicKeys hubKeys = answer->hubKeys.value(suite);
    auto enc = crypto::PublicKey::fromPem(hubKeys.encryption);
    auto sig = crypto::PublicKey::fromPem(hubKeys.signing);
    const QString deviceId = answer->deviceId;
    // A hub of protocol 1.8 or later says which series it reserved: the one asked for.
    if (!answer->casePrefix.isEmpty() && answer->casePrefix != request.casePrefix)
        return makeError(unusable.code, unusable.userMessage,
                         QStringLiteral("enroll: hub reserved another case prefix than asked"));
    if (answer->suite != suite || !enc.ok() || !sig.ok() || !enc->fits(suite, crypto::KeyUse::Encryption) ||
        !sig->fits(suite, crypto::KeyUse::Signing)) {
        return unusable;
    }

    Transaction tx(store.db());
    OW_TRY(tx.begun());
    SettingsRepository &s = store.settings();
    {
        const SecretBytes keyPem = key->toPem();
        QByteArray keyBytes(reinterpret_cast<const char *>(keyPem.data()), static_cast<qsizetype>(keyPem.size()));
        const Status saved = s.setValue(QLatin1String(settingKey::kDeviceKey), keyBytes);
        wipeBytes(keyBytes);
        OW_TRY(saved);
    }
    OW_TRY(s.setValue(QLatin1String(settingKey::kSuite), suiteName.toUtf8()));
    OW_TRY(s.setValue(QLatin1String(settingKey::kHubId), answer->hubId.toUtf8()));
    OW_TRY(s.setValue(QLatin1String(settingKey::kHubEncryptionKey), enc->toPem()));
    OW_TRY(s.setValue(QLatin1String(settingKey::kHubSigningKey), sig->toPem()));
    OW_TRY(s.setValue(QLatin1String(settingKey::kDeviceId), deviceId.toUtf8()));
    OW_TRY(store.audit().append(Actor{deviceId, QStringLiteral("device")}, QStringLiteral("sync.enroll"), {}, {},
                                QStringLiteral("ok"), {}));
    OW_TRY(tx.commit());
    qCInfo(lcSync) << "enrolled as" << deviceId << "with hub" << answer->hubId << "suite" << suiteName
                   << "hub signing key" << sig->fingerprint();
    return load(store.settings());
}

Result<HeaderList> EnrolledDevice::authHeaders(const QByteArray &method, const QByteArray &pathAndQuery,
                                               const QByteArray &body, qint64 unixTime, const HeaderList &headers) const
{
    auto signature =
        crypto::sign(m_signingKey, crypto::requestSigningInput(m_suite, method, pathAndQuery, unixTime, body, headers));
    if (!signature.ok())
        return signature.error();
    return HeaderList{{"OW-Device", m_deviceId.toUtf8()},
                      {"OW-Timestamp", QByteArray::number(unixTime)},
                      {"OW-Signature", signature->toBase64()}};
}

} // namespace ow::sync
