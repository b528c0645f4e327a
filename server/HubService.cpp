#include "server/HubService.h"

#include "crypto/Cipher.h"
#include "crypto/Digest.h"
#include "crypto/Packet.h"
#include "crypto/Receipt.h"
#include "crypto/RequestSignature.h"
#include "domain/CaseState.h"
#include "protocol/JsonFields.h"
#include "protocol/Messages.h"
#include "scan/Payload.h"
#include "scan/TrustStore.h"
#include "server/HubLogging.h"
#include "server/HubText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlQuery>

#include <algorithm>
#include <variant>

namespace ow::hub {

namespace {

constexpr char CodeAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
constexpr int CodeLength = 12;

// Unknown, or of a department the operator does not work for: one answer for both.
Reply caseNotFound()
{
    return Reply::error(404, "not_found", QStringLiteral("no such case"));
}

// A case not waiting for a decision: approved, denied, or sent back for correction.
Reply alreadyDecided()
{
    return Reply::error(409, "already_decided", QStringLiteral("case is not waiting for a decision"));
}

Reply badJson()
{
    return Reply::error(400, "bad_json", QStringLiteral("body is not a JSON object"));
}

// A request body as its typed message: 400 bad_json when it is not a JSON object, 400
// bad_request (naming the field) when a field is missing, of the wrong type or out of range.
template<typename Message>
std::variant<Message, Reply> readRequest(const QByteArray &body, const QString &what)
{
    auto object = protocol::parseObject(body, what);
    if (!object)
        return badJson();
    auto message = Message::fromJson(*object);
    if (!message)
        return Reply::error(400, "bad_request", message.error().logDetail);
    return std::move(message).value();
}

QString stateKey(CaseState state)
{
    return protocol::stateToWire(state);
}

QByteArray digestHex(const QByteArray &data)
{
    return crypto::sm3(data).toHex();
}

bool isSafeId(const QString &value, int maxLength = 128)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._:-]*$"));
    return !value.isEmpty() && value.size() <= maxLength && pattern.match(value).hasMatch();
}

// The password's bytes in a buffer that is wiped when it goes away, and the caller's buffer wiped
// in place. A copy of a QByteArray shares its buffer: wiping a copy detaches and wipes only the
// copy, which is how the password used to outlive its "wipe".
SecretBytes takePassword(QByteArray &password)
{
    SecretBytes taken(reinterpret_cast<const unsigned char *>(password.constData()),
                      static_cast<std::size_t>(password.size()));
    wipeBytes(password);
    return taken;
}

// Characters (code points) of UTF-8 text, without decoding it into another buffer.
qsizetype utf8Length(const QByteArray &text)
{
    return std::count_if(text.cbegin(), text.cend(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

} // namespace

QString hashPassword(QByteArray &password, int iterations)
{
    const SecretBytes secret = takePassword(password);
    const QByteArray salt = crypto::randomBytes(16);
    auto derived = crypto::pbkdf2Sm3(secret, salt, iterations, 32);
    if (!derived)
        return {};
    const QByteArray hash(reinterpret_cast<const char *>(derived->data()), static_cast<qsizetype>(derived->size()));
    return QStringLiteral("pbkdf2-sm3$%1$%2$%3")
        .arg(iterations)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.toBase64()));
}

bool checkPassword(QByteArray &password, const QString &stored)
{
    const SecretBytes secret = takePassword(password);
    const QStringList fields = stored.split(QLatin1Char('$'));
    if (fields.size() != 4 || fields[0] != QLatin1String("pbkdf2-sm3"))
        return false;
    const int iterations = fields[1].toInt();
    const QByteArray salt = QByteArray::fromBase64(fields[2].toLatin1());
    const QByteArray expected = QByteArray::fromBase64(fields[3].toLatin1());
    if (iterations <= 0)
        return false;
    auto derived = crypto::pbkdf2Sm3(secret, salt, iterations, static_cast<std::size_t>(expected.size()));
    if (!derived)
        return false;
    const QByteArray actual(reinterpret_cast<const char *>(derived->data()), static_cast<qsizetype>(derived->size()));
    return crypto::equalConstantTime(actual, expected);
}

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

HubService::HubService(HubDatabase &db, const HubKeys &keys, const HubCatalog *catalog, HubLimits limits,
                       const Clock &clock)
    : m_db(db)
    , m_keys(keys)
    , m_catalog(catalog)
    , m_limits(limits)
    , m_clock(clock)
{}

QString HubService::now() const
{
    return crypto::wireTime(m_clock.now());
}

Reply HubService::dbFailure(const Error &error)
{
    qCWarning(lcHubDb, "%s", qPrintable(error.logDetail));
    return Reply::error(503, "unavailable", QStringLiteral("database unavailable, retry")).header("Retry-After", "2");
}

Reply HubService::rejectPacket(int status, const char *code, const QString &message)
{
    ++m_counters.packetsRejected[QByteArray(code)];
    qCInfo(lcHub, "packet refused: %s (%s)", code, qPrintable(message));
    return Reply::error(status, code, message);
}

// ---------------------------------------------------------------- administration

Result<QString> HubService::issueEnrollCode(int ttlHours)
{
    const QByteArray random = crypto::randomBytes(CodeLength);
    QString code;
    for (int i = 0; i < CodeLength; ++i) {
        if (i > 0 && i % 4 == 0)
            code.append(QLatin1Char('-'));
        code.append(QLatin1Char(CodeAlphabet[static_cast<unsigned char>(random[i]) % (sizeof CodeAlphabet - 1)]));
    }
    const QDateTime issued = m_clock.now();
    auto inserted =
        m_db.exec(QStringLiteral("INSERT INTO enroll_codes (code_digest, created_at, expires_at) VALUES (?, ?, ?)"),
                  {QString::fromLatin1(digestHex(normaliseEnrollCode(code))), crypto::wireTime(issued),
                   crypto::wireTime(issued.addSecs(qint64(ttlHours) * 3600))});
    if (!inserted)
        return inserted.error();
    qCInfo(lcHub, "enrollment code issued, valid %d h", ttlHours);
    return code;
}

Status HubService::revokeDevice(const QString &deviceId)
{
    auto updated = m_db.exec(QStringLiteral("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
                             {now(), deviceId});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::NotFound, HubText::tr("No active device has this id."),
                         QStringLiteral("revoke: no active device"));
    if (Status audited = audit(QStringLiteral("admin"), "device_revoke", deviceId, "ok"); !audited)
        return audited;
    qCInfo(lcHub, "device %s revoked", qPrintable(deviceId));
    return {};
}

Status HubService::addOperator(const QString &username, const QString &role, const QString &department,
                               QByteArray &password)
{
    if (!isSafeId(username, 64))
        return makeError(ErrorCode::Invalid,
                         HubText::tr("The user name may use letters, digits, dot, dash and underscore."),
                         QStringLiteral("bad username"));
    // The hub knows the roles that work on its queues; the desk's other roles sign in locally.
    const std::optional<Role> parsedRole = role::fromKey(role);
    if (parsedRole != Role::DepartmentReviewer && parsedRole != Role::HallSupervisor)
        return makeError(ErrorCode::Invalid, HubText::tr("The role must be reviewer or supervisor."),
                         QStringLiteral("bad role"));
    if (parsedRole == Role::DepartmentReviewer && department.isEmpty())
        return makeError(ErrorCode::Invalid, HubText::tr("A reviewer needs a department code."),
                         QStringLiteral("reviewer without department"));
    if (utf8Length(password) < 10) {
        wipeBytes(password);
        return makeError(ErrorCode::Invalid, HubText::tr("The password must have at least 10 characters."),
                         QStringLiteral("password too short"));
    }
    const QString hash = hashPassword(password, m_limits.passwordIterations);
    if (hash.isEmpty())
        return makeError(ErrorCode::Crypto, HubText::tr("The password could not be processed."),
                         QStringLiteral("password hashing failed"));
    auto inserted =
        m_db.exec(QStringLiteral("INSERT INTO operators (username, role, department, password_hash, created_at) "
                                 "VALUES (?, ?, ?, ?, ?)"),
                  {username, role::key(*parsedRole), department, hash, now()});
    if (!inserted)
        return makeError(ErrorCode::AlreadyExists, HubText::tr("This user name is taken."), inserted.error().logDetail);
    return {};
}

namespace {

Error noSuchOperator()
{
    return makeError(ErrorCode::NotFound, HubText::tr("No operator has this user name."),
                     QStringLiteral("no such operator"));
}

} // namespace

Status HubService::disableOperator(const QString &username)
{
    Transaction tx(m_db);
    OW_TRY(tx.begin());
    auto found = m_db.exec(QStringLiteral("SELECT o.id, d.disabled_at FROM operators o LEFT JOIN operators_disabled d "
                                          "ON d.operator_id = o.id WHERE o.username = ?"),
                           {username});
    if (!found)
        return found.error();
    if (!found->next())
        return noSuchOperator();
    const qint64 id = found->value(0).toLongLong();
    const bool already = !found->value(1).isNull();
    found->finish();
    if (already)
        return {};
    OW_TRY(m_db.exec(QStringLiteral("INSERT INTO operators_disabled (operator_id, disabled_at) VALUES (?, ?) "
                                    "ON CONFLICT (operator_id) DO NOTHING"),
                     {id, now()}));
    OW_TRY(m_db.exec(QStringLiteral("UPDATE tokens SET revoked = 1 WHERE operator_id = ? AND revoked = 0"), {id}));
    OW_TRY(audit(QStringLiteral("admin"), "operator_disable", username, "ok"));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "operator %lld disabled", id);
    return {};
}

Result<int> HubService::revokeTokens(const QString &username)
{
    Transaction tx(m_db);
    OW_TRY(tx.begin());
    auto found = m_db.exec(QStringLiteral("SELECT id FROM operators WHERE username = ?"), {username});
    if (!found)
        return found.error();
    if (!found->next())
        return noSuchOperator();
    const qint64 id = found->value(0).toLongLong();
    found->finish();
    auto revoked =
        m_db.exec(QStringLiteral("UPDATE tokens SET revoked = 1 WHERE operator_id = ? AND revoked = 0"), {id});
    if (!revoked)
        return revoked.error();
    const int count = revoked->numRowsAffected();
    OW_TRY(audit(QStringLiteral("admin"), "tokens_revoke", username, "ok"));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "%d tokens of operator %lld revoked", count, id);
    return count;
}

Result<QJsonObject> HubService::stats()
{
    QJsonObject out;
    const QList<QPair<QString, QString>> counts = {
        {QStringLiteral("packets"), QStringLiteral("SELECT COUNT(*) FROM packets")},
        {QStringLiteral("distinctPackets"), QStringLiteral("SELECT COUNT(DISTINCT packet_id) FROM packets")},
        {QStringLiteral("cases"), QStringLiteral("SELECT COUNT(*) FROM cases")},
        {QStringLiteral("events"), QStringLiteral("SELECT COUNT(*) FROM events")},
        {QStringLiteral("devices"), QStringLiteral("SELECT COUNT(*) FROM devices")},
        {QStringLiteral("uploads"), QStringLiteral("SELECT COUNT(*) FROM uploads")},
        {QStringLiteral("operators"), QStringLiteral("SELECT COUNT(*) FROM operators")},
    };
    for (const auto &[name, sql] : counts) {
        auto query = m_db.exec(sql);
        if (!query)
            return query.error();
        out.insert(name, query->next() ? query->value(0).toLongLong() : 0);
    }
    auto actions =
        m_db.exec(QStringLiteral("SELECT action, outcome, COUNT(*) FROM audit_log GROUP BY action, outcome"));
    if (!actions)
        return actions.error();
    QJsonObject audited;
    while (actions->next())
        audited.insert(actions->value(0).toString() + QLatin1Char('/') + actions->value(1).toString(),
                       actions->value(2).toLongLong());
    out.insert(QStringLiteral("audit"), audited);
    QJsonArray ids;
    auto query = m_db.exec(QStringLiteral("SELECT packet_id FROM packets ORDER BY packet_id"));
    if (!query)
        return query.error();
    while (query->next())
        ids.append(query->value(0).toString());
    out.insert(QStringLiteral("packetIds"), ids);
    return out;
}

Result<int> HubService::purgeExpiredUploads(const QString &deviceId)
{
    // Times are ISO 8601 UTC with milliseconds throughout: text order is time order.
    const QString before = crypto::wireTime(m_clock.now().addSecs(-m_limits.uploadExpirySecs));
    Transaction tx(m_db);
    OW_TRY(tx.begin());
    // The upload rows first: deleting them re-checks `bound` under the row lock, so an upload that
    // a packet binds at this moment (another hub, same database) keeps its bytes.
    auto uploads =
        deviceId.isEmpty()
            ? m_db.exec(QStringLiteral("DELETE FROM uploads WHERE bound = 0 AND created_at < ? RETURNING id"), {before})
            : m_db.exec(QStringLiteral("DELETE FROM uploads WHERE bound = 0 AND created_at < ? AND device_id = ? "
                                       "RETURNING id"),
                        {before, deviceId});
    if (!uploads)
        return uploads.error();
    QStringList ids;
    while (uploads->next())
        ids.append(uploads->value(0).toString());
    uploads->finish();
    for (const QString &id : std::as_const(ids))
        OW_TRY(m_db.exec(QStringLiteral("DELETE FROM upload_chunks WHERE upload_id = ?"), {id}));
    OW_TRY(tx.commit());
    if (!ids.isEmpty())
        qCInfo(lcHub, "%lld unbound uploads older than %lld s purged", static_cast<long long>(ids.size()),
               m_limits.uploadExpirySecs);
    return static_cast<int>(ids.size());
}

// ---------------------------------------------------------------- devices

Reply HubService::enroll(const QByteArray &body)
{
    const auto object = protocol::parseObject(body, QStringLiteral("enrollment request"));
    if (!object)
        return badJson();
    if (!protocol::suiteLabel(*object))
        return Reply::error(400, "wrong_suite", QStringLiteral("suite must be gm or intl"));
    const auto request = protocol::EnrollRequest::fromJson(*object);
    if (!request)
        return Reply::error(400, "bad_request", request.error().logDetail);
    const QByteArray code = normaliseEnrollCode(request->code);
    const crypto::Suite suite = request->suite;
    const QString name = request->name;
    const QByteArray proof = request->proof;
    if (code.size() != CodeLength)
        return Reply::error(400, "bad_request", QStringLiteral("code is not 12 characters"));
    auto key = crypto::PublicKey::fromPem(request->signingKey);
    if (!key || !key->fits(suite, crypto::KeyUse::Signing))
        return Reply::error(400, "bad_request", QStringLiteral("signingKey is not a signing key of the suite"));

    Transaction tx(m_db);
    if (auto s = tx.begin(); !s)
        return dbFailure(s.error());
    const QString codeDigest = QString::fromLatin1(digestHex(code));
    auto found =
        m_db.exec(QStringLiteral("SELECT expires_at, used_at FROM enroll_codes WHERE code_digest = ?"), {codeDigest});
    if (!found)
        return dbFailure(found.error());
    if (!found->next() || !found->value(1).isNull() || found->value(0).toString() < now()) {
        qCInfo(lcHub, "enrollment refused: code unknown, used or expired");
        return Reply::error(403, "enroll_code_invalid", QStringLiteral("unknown, expired or used enrollment code"));
    }
    found->finish();
    if (!crypto::verify(*key, crypto::enrollmentProofInput(code), proof))
        return Reply::error(403, "bad_proof", QStringLiteral("proof of key possession does not verify"));
    const QString deviceId = QStringLiteral("d-") + QString::fromLatin1(crypto::randomBytes(8).toHex());
    const QString at = now();
    auto used = m_db.exec(
        QStringLiteral("UPDATE enroll_codes SET used_at = ?, device_id = ? WHERE code_digest = ? AND used_at IS NULL"),
        {at, deviceId, codeDigest});
    if (!used)
        return dbFailure(used.error());
    if (used->numRowsAffected() != 1)
        return Reply::error(403, "enroll_code_invalid", QStringLiteral("unknown, expired or used enrollment code"));
    auto inserted =
        m_db.exec(QStringLiteral("INSERT INTO devices (id, suite, signing_key, key_fingerprint, name, enrolled_at) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"),
                  {deviceId, crypto::suiteName(suite), QString::fromLatin1(key->toPem()),
                   QString::fromLatin1(key->fingerprint()), name, at});
    if (!inserted)
        return Reply::error(409, "key_in_use", QStringLiteral("this signing key is already enrolled"));
    if (Status audited = audit(QStringLiteral("device:") + deviceId, "enroll", deviceId, "ok"); !audited)
        return dbFailure(audited.error());
    if (auto s = tx.commit(); !s)
        return dbFailure(s.error());
    qCInfo(lcHub, "device %s enrolled (%s)", qPrintable(deviceId), qPrintable(crypto::suiteName(suite)));
    return Reply::json(201, protocol::EnrollAnswer{deviceId, m_keys.hubId(), suite, m_keys.publicKeys()}.toJson());
}

std::optional<Reply> HubService::authenticateDevice(const HeaderMap &headers, const QByteArray &method,
                                                    const QByteArray &pathAndQuery, const QByteArray &body,
                                                    DeviceIdentity &device)
{
    const QString deviceId = QString::fromLatin1(headers.value("ow-device"));
    const QByteArray timestamp = headers.value("ow-timestamp");
    const auto signature =
        QByteArray::fromBase64Encoding(headers.value("ow-signature"), QByteArray::AbortOnBase64DecodingErrors);
    if (deviceId.isEmpty() || timestamp.isEmpty() || headers.value("ow-signature").isEmpty())
        return Reply::error(401, "auth_missing",
                            QStringLiteral("OW-Device, OW-Timestamp and OW-Signature are required"));
    static const QRegularExpression decimal(QStringLiteral("^-?[0-9]+$"));
    bool numeric = false;
    const qint64 seconds = timestamp.toLongLong(&numeric);
    if (!signature || (!numeric && !decimal.match(QString::fromLatin1(timestamp)).hasMatch()))
        return Reply::error(401, "bad_signature", QStringLiteral("malformed authentication headers"));
    // The window is computed around hub time and the header never takes part in arithmetic: a
    // value at either end of 64 bits, or past them, is simply too far away.
    const qint64 hubSeconds = m_clock.now().toSecsSinceEpoch();
    if (!numeric || seconds < hubSeconds - m_limits.clockSkewSecs || seconds > hubSeconds + m_limits.clockSkewSecs)
        return Reply::error(401, "clock_skew", QStringLiteral("OW-Timestamp too far from hub time"));
    auto found =
        m_db.exec(QStringLiteral("SELECT suite, signing_key, revoked_at FROM devices WHERE id = ?"), {deviceId});
    if (!found)
        return dbFailure(found.error());
    if (!found->next())
        return Reply::error(401, "device_unknown", QStringLiteral("no such device"));
    if (!found->value(2).isNull())
        return Reply::error(401, "device_revoked", QStringLiteral("device revoked"));
    const QString pem = found->value(1).toString();
    device.id = deviceId;
    device.suite = crypto::parseSuite(found->value(0).toString()).value_or(crypto::DefaultSuite);
    const std::optional<crypto::PublicKey> key = cachedKey(pem);
    if (!key)
        return Reply::error(500, "internal", QStringLiteral("stored device key unreadable"));
    device.key = *key;
    // Headers that change the request's meaning are signed with it: the values read here are the
    // ones the request is served with.
    crypto::RequestHeaders signedHeaders;
    for (const QByteArray &name : crypto::signedRequestHeaders())
        if (const auto it = headers.constFind(name); it != headers.cend())
            signedHeaders.append({name, *it});
    if (!crypto::verify(device.key,
                        crypto::requestSigningInput(device.suite, method, pathAndQuery, seconds, body, signedHeaders),
                        *signature))
        return Reply::error(401, "bad_signature", QStringLiteral("request signature does not verify"));
    return std::nullopt;
}

std::optional<crypto::PublicKey> HubService::cachedKey(const QString &pem)
{
    // Decoding PEM through OpenSSL's decoders costs more than a signature check: keep them.
    if (const auto it = m_keyCache.constFind(pem); it != m_keyCache.cend())
        return *it;
    auto key = crypto::PublicKey::fromPem(pem.toLatin1());
    if (!key)
        return std::nullopt;
    if (m_keyCache.size() > 10000)
        m_keyCache.clear();
    m_keyCache.insert(pem, *key);
    return *key;
}

Status HubService::audit(const QString &actor, const char *action, const QString &target, const char *outcome)
{
    auto inserted =
        m_db.exec(QStringLiteral("INSERT INTO audit_log (at, actor, action, target, outcome) VALUES (?, ?, ?, ?, ?)"),
                  {now(), actor, QLatin1String(action), target, QLatin1String(outcome)});
    if (!inserted)
        return inserted.error();
    return {};
}

Result<QByteArray> HubService::uploadBlob(const QString &uploadId)
{
    auto chunks = m_db.exec(QStringLiteral("SELECT data FROM upload_chunks WHERE upload_id = ? ORDER BY chunk_offset"),
                            {uploadId});
    if (!chunks)
        return chunks.error();
    QByteArray blob;
    while (chunks->next())
        blob.append(chunks->value(0).toByteArray());
    return blob;
}

Reply HubService::ingestPacket(const QString &device, const QByteArray &envelope,
                               const QMap<QString, QByteArray> &externalParts)
{
    // The suite label first, so a client with the wrong suite learns exactly that.
    const auto outer = protocol::parseObject(envelope, QStringLiteral("packet envelope"));
    if (!outer)
        return rejectPacket(400, "bad_json", QStringLiteral("envelope is not a JSON object"));
    if (!protocol::suiteLabel(*outer))
        return rejectPacket(400, "wrong_suite", QStringLiteral("unknown suite"));
    // Before any parsing or crypto: the envelope lists every part of the manifest once.
    if (const qsizetype parts = outer->value(QStringLiteral("parts")).toArray().size(); parts > m_limits.maxPacketParts)
        return rejectPacket(
            413, "too_many_parts",
            QStringLiteral("packet lists %1 parts; the hub takes %2").arg(parts).arg(m_limits.maxPacketParts));
    auto envelopeMessage = protocol::PacketEnvelope::fromJson(envelope);
    if (!envelopeMessage)
        return rejectPacket(400, "bad_request", envelopeMessage.error().logDetail);
    const crypto::ParsedPacket *parsed = &envelopeMessage->packet;
    const protocol::Manifest &manifest = parsed->manifest;
    if (!device.isEmpty() && manifest.deviceId != device)
        return rejectPacket(403, "device_mismatch", QStringLiteral("manifest deviceId is not the requesting device"));

    auto found = m_db.exec(QStringLiteral("SELECT suite, signing_key, revoked_at FROM devices WHERE id = ?"),
                           {manifest.deviceId});
    if (!found)
        return dbFailure(found.error());
    if (!found->next())
        return rejectPacket(401, "device_unknown", QStringLiteral("packet from an unknown device"));
    if (!found->value(2).isNull())
        return rejectPacket(401, "device_revoked", QStringLiteral("packet from a revoked device"));
    if (found->value(0).toString() != crypto::suiteName(parsed->suite))
        return rejectPacket(400, "wrong_suite", QStringLiteral("packet suite is not the device's enrolled suite"));
    const std::optional<crypto::PublicKey> deviceKey = cachedKey(found->value(1).toString());
    found->finish();
    if (!deviceKey)
        return Reply::error(500, "internal", QStringLiteral("stored device key unreadable"));
    if (!crypto::PacketOpener::verifySignature(*parsed, *deviceKey))
        return rejectPacket(400, "bad_signature", QStringLiteral("manifest signature does not verify"));
    if (!crypto::PacketOpener::verifyDigests(*parsed))
        return rejectPacket(400, "digest_mismatch", QStringLiteral("part or wrapped key digest mismatch"));

    // Idempotency by packet id.
    auto existing = m_db.exec(QStringLiteral("SELECT digest, receipt, device_id FROM packets WHERE packet_id = ?"),
                              {manifest.packetId});
    if (!existing)
        return dbFailure(existing.error());
    if (existing->next()) {
        if (existing->value(0).toString().toLatin1() == parsed->digest &&
            existing->value(2).toString() == manifest.deviceId) {
            ++m_counters.packetsDuplicate;
            return Reply::raw(200, existing->value(1).toString().toUtf8());
        }
        return rejectPacket(409, "digest_conflict", QStringLiteral("packet id already stored with another digest"));
    }
    existing->finish();
    auto sameSequence = m_db.exec(QStringLiteral("SELECT 1 FROM packets WHERE device_id = ? AND sequence = ?"),
                                  {manifest.deviceId, manifest.sequence});
    if (!sameSequence)
        return dbFailure(sameSequence.error());
    if (sameSequence->next())
        return rejectPacket(409, "sequence_reused", QStringLiteral("device sequence already used by another packet"));
    sameSequence->finish();

    // External parts: given (import) or completed uploads of this device.
    QMap<QString, QByteArray> blobs;
    QStringList uploadIds;
    for (const crypto::ManifestPart &part : manifest.parts) {
        if (!part.external)
            continue;
        QByteArray blob = externalParts.value(part.name);
        if (!externalParts.contains(part.name)) {
            auto upload = m_db.exec(QStringLiteral("SELECT id, length, upload_offset, digest FROM uploads "
                                                   "WHERE device_id = ? AND packet_id = ? AND name = ?"),
                                    {manifest.deviceId, manifest.packetId, part.name});
            if (!upload)
                return dbFailure(upload.error());
            if (!upload->next() || upload->value(1).toLongLong() != upload->value(2).toLongLong() ||
                upload->value(3).toString().toLatin1() != part.digest)
                return rejectPacket(409, "attachment_missing", QStringLiteral("external part not uploaded"));
            const QString uploadId = upload->value(0).toString();
            upload->finish();
            auto loaded = uploadBlob(uploadId);
            if (!loaded)
                return dbFailure(loaded.error());
            blob = *loaded;
            uploadIds.append(uploadId);
        }
        if (!crypto::PacketOpener::verifyExternalPart(*parsed, part.name, blob))
            return rejectPacket(400, "digest_mismatch", QStringLiteral("external part digest mismatch"));
        blobs.insert(part.name, blob);
    }
    auto opened = crypto::PacketOpener::open(*parsed, m_keys.encryptionKey(parsed->suite), blobs);
    if (!opened)
        return rejectPacket(400, "decrypt_failed", opened.error().logDetail);
    const QString department = m_catalog ? m_catalog->departmentOf(manifest.itemId) : QString();
    if (department.isEmpty())
        return rejectPacket(400, "unknown_item", QStringLiteral("item not in the hub catalog"));

    Transaction tx(m_db);
    if (auto s = tx.begin(); !s)
        return dbFailure(s.error());
    auto caseRow = m_db.exec(QStringLiteral("SELECT device_id, state, department FROM cases WHERE case_id = ?"),
                             {manifest.caseId});
    if (!caseRow)
        return dbFailure(caseRow.error());
    const bool caseExists = caseRow->next();
    if (caseExists && caseRow->value(0).toString() != manifest.deviceId)
        return rejectPacket(409, "case_conflict", QStringLiteral("case id belongs to another device"));
    // A case takes a new packet only as the correction a reviewer asked for, and never leaves the
    // department that received it first.
    if (caseExists && protocol::stateFromWire(caseRow->value(1).toString()) != CaseState::CorrectionRequested)
        return rejectPacket(409, "not_correctable", QStringLiteral("case is not waiting for a correction"));
    if (caseExists && caseRow->value(2).toString() != department)
        return rejectPacket(409, "not_correctable", QStringLiteral("a correction must stay in the case's department"));
    caseRow->finish();
    const QString receivedAt = now();
    auto inserted =
        m_db.exec(QStringLiteral("INSERT INTO packets (packet_id, device_id, case_id, item_id, sequence, suite, "
                                 "digest, envelope, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq"),
                  {manifest.packetId, manifest.deviceId, manifest.caseId, manifest.itemId, manifest.sequence,
                   crypto::suiteName(parsed->suite), QString::fromLatin1(parsed->digest), envelope, receivedAt});
    if (!inserted)
        return dbFailure(inserted.error());
    const qint64 hubSequence = inserted->next() ? inserted->value(0).toLongLong() : 0;
    inserted->finish();
    crypto::ReceiptData receiptData{m_keys.hubId(), manifest.packetId, manifest.caseId, manifest.deviceId,
                                    parsed->digest, receivedAt,        hubSequence};
    auto receipt = protocol::ReceiptDocument::sign(parsed->suite, m_keys.signingKey(parsed->suite), receiptData);
    if (!receipt)
        return Reply::error(500, "internal", receipt.error().logDetail);
    auto stored = m_db.exec(QStringLiteral("UPDATE packets SET receipt = ? WHERE seq = ?"),
                            {QString::fromUtf8(receipt->toJson()), hubSequence});
    if (!stored)
        return dbFailure(stored.error());
    // Conditional, so a decision or another correction committed meanwhile (by another hub on the
    // same database) is never overwritten.
    auto upserted =
        caseExists
            ? m_db.exec(QStringLiteral("UPDATE cases SET packet_id = ?, item_id = ?, state = ?, updated_at = ? "
                                       "WHERE case_id = ? AND device_id = ? AND department = ? AND state = ?"),
                        {manifest.packetId, manifest.itemId, stateKey(CaseState::Received), receivedAt, manifest.caseId,
                         manifest.deviceId, department, stateKey(CaseState::CorrectionRequested)})
            : m_db.exec(QStringLiteral("INSERT INTO cases (case_id, packet_id, device_id, item_id, department, state, "
                                       "received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                        {manifest.caseId, manifest.packetId, manifest.deviceId, manifest.itemId, department,
                         stateKey(CaseState::Received), receivedAt, receivedAt});
    if (!upserted)
        return dbFailure(upserted.error());
    if (caseExists && upserted->numRowsAffected() != 1)
        return rejectPacket(409, "not_correctable", QStringLiteral("case changed while the correction came in"));
    auto event = m_db.exec(
        QStringLiteral("INSERT INTO events (device_id, case_id, packet_id, type, state, department, at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {manifest.deviceId, manifest.caseId, manifest.packetId, protocol::eventType::key(protocol::EventType::Received),
         stateKey(CaseState::Received), department, receivedAt});
    if (!event)
        return dbFailure(event.error());
    for (const QString &uploadId : uploadIds) {
        auto bound = m_db.exec(QStringLiteral("UPDATE uploads SET bound = 1 WHERE id = ? AND bound = 0"), {uploadId});
        if (!bound)
            return dbFailure(bound.error());
        // Purged as expired (or bound by another packet) since it was read: not this packet's.
        if (bound->numRowsAffected() != 1)
            return rejectPacket(409, "attachment_missing", QStringLiteral("upload expired while the packet came in"));
    }
    if (auto s = tx.commit(); !s)
        return dbFailure(s.error());
    ++m_counters.packetsStored;
    qCInfo(lcHub, "packet stored: seq %lld, device %s, department %s", hubSequence, qPrintable(manifest.deviceId),
           qPrintable(department));
    return Reply::raw(201, receipt->toJson());
}

Reply HubService::createUpload(const DeviceIdentity &device, const QByteArray &body)
{
    auto request = readRequest<protocol::UploadCreateRequest>(body, QStringLiteral("upload creation request"));
    if (auto *refused = std::get_if<Reply>(&request))
        return *refused;
    const auto &create = std::get<protocol::UploadCreateRequest>(request);
    const QString &packetId = create.packetId;
    const QString &name = create.name;
    const qint64 length = create.length;
    const QString digest = QString::fromLatin1(create.digest);
    if (!isSafeId(name, 64))
        return Reply::error(400, "bad_request", QStringLiteral("upload name is not a part name"));
    if (length > m_limits.maxUploadLength)
        return Reply::error(413, "too_large", QStringLiteral("upload longer than the hub accepts"));
    // This device's uploads that were never bound to a packet go first, so the quota counts the
    // live ones only (the periodic purge does the same for every device).
    if (auto purged = purgeExpiredUploads(device.id); !purged)
        return dbFailure(purged.error());
    auto found = m_db.exec(QStringLiteral("SELECT id, length, digest, upload_offset FROM uploads "
                                          "WHERE device_id = ? AND packet_id = ? AND name = ?"),
                           {device.id, packetId, name});
    if (!found)
        return dbFailure(found.error());
    if (found->next()) {
        if (found->value(1).toLongLong() != length || found->value(2).toString() != digest)
            return Reply::error(409, "digest_conflict", QStringLiteral("upload exists with another length or digest"));
        const QString id = found->value(0).toString();
        return Reply::json(200, protocol::UploadCreateAnswer{id}.toJson())
            .header("Location", "/v1/uploads/" + id.toLatin1())
            .header("Upload-Offset", QByteArray::number(found->value(3).toLongLong()));
    }
    found->finish();
    // A quota on what one device may park at the hub: the declared lengths of its unbound uploads.
    // They are freed when their packet is stored or when they expire, so the device retries later.
    auto held = m_db.exec(
        QStringLiteral("SELECT COALESCE(SUM(length), 0) FROM uploads WHERE device_id = ? AND bound = 0"), {device.id});
    if (!held)
        return dbFailure(held.error());
    const qint64 heldBytes = held->next() ? held->value(0).toLongLong() : 0;
    held->finish();
    if (heldBytes > m_limits.maxUnboundUploadBytes - length) {
        qCInfo(lcHub, "upload refused: device %s holds %lld unbound bytes", qPrintable(device.id), heldBytes);
        return Reply::error(
                   429, "upload_quota",
                   QStringLiteral("the device's unfinished uploads exceed its quota; send their packets first"))
            .header("Retry-After", QByteArray::number(std::clamp<qint64>(m_limits.uploadExpirySecs / 4, 60, 3600)));
    }
    const QString id = QStringLiteral("u-") + QString::fromLatin1(crypto::randomBytes(12).toHex());
    auto inserted =
        m_db.exec(QStringLiteral("INSERT INTO uploads (id, device_id, packet_id, name, length, upload_offset, "
                                 "digest, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"),
                  {id, device.id, packetId, name, length, digest, now()});
    if (!inserted)
        return dbFailure(inserted.error());
    return Reply::json(201, protocol::UploadCreateAnswer{id}.toJson())
        .header("Location", "/v1/uploads/" + id.toLatin1())
        .header("Upload-Offset", "0");
}

Reply HubService::uploadStatus(const DeviceIdentity &device, const QString &uploadId)
{
    auto found = m_db.exec(QStringLiteral("SELECT upload_offset, length FROM uploads WHERE id = ? AND device_id = ?"),
                           {uploadId, device.id});
    if (!found)
        return dbFailure(found.error());
    if (!found->next())
        return Reply::error(404, "not_found", QStringLiteral("no such upload"));
    Reply reply = Reply::empty(200);
    reply.header("Upload-Offset", QByteArray::number(found->value(0).toLongLong()))
        .header("Upload-Length", QByteArray::number(found->value(1).toLongLong()))
        .header("Cache-Control", "no-store");
    return reply;
}

Reply HubService::appendUpload(const DeviceIdentity &device, const QString &uploadId, const QByteArray &offsetHeader,
                               const QByteArray &chunk)
{
    bool numeric = false;
    const qint64 offset = offsetHeader.toLongLong(&numeric);
    if (!numeric || offset < 0)
        return Reply::error(400, "bad_request", QStringLiteral("Upload-Offset missing or invalid"));
    if (chunk.isEmpty())
        return Reply::error(400, "bad_request", QStringLiteral("empty chunk"));
    Transaction tx(m_db);
    if (auto s = tx.begin(); !s)
        return dbFailure(s.error());
    auto found = m_db.exec(
        QStringLiteral("SELECT upload_offset, length, digest, bound FROM uploads WHERE id = ? AND device_id = ?"),
        {uploadId, device.id});
    if (!found)
        return dbFailure(found.error());
    if (!found->next())
        return Reply::error(404, "not_found", QStringLiteral("no such upload"));
    const qint64 stored = found->value(0).toLongLong();
    const qint64 length = found->value(1).toLongLong();
    const QByteArray digest = found->value(2).toString().toLatin1();
    found->finish();
    if (offset != stored)
        return Reply::error(409, "offset_mismatch", QStringLiteral("Upload-Offset is not the stored offset"))
            .header("Upload-Offset", QByteArray::number(stored));
    if (offset + chunk.size() > length)
        return Reply::error(413, "too_large", QStringLiteral("chunk goes past Upload-Length"));
    auto inserted =
        m_db.exec(QStringLiteral("INSERT INTO upload_chunks (upload_id, chunk_offset, data) VALUES (?, ?, ?)"),
                  {uploadId, offset, chunk});
    if (!inserted)
        return dbFailure(inserted.error());
    const qint64 newOffset = offset + chunk.size();
    auto updated =
        m_db.exec(QStringLiteral("UPDATE uploads SET upload_offset = ? WHERE id = ?"), {newOffset, uploadId});
    if (!updated)
        return dbFailure(updated.error());
    if (newOffset == length) {
        auto blob = uploadBlob(uploadId);
        if (!blob)
            return dbFailure(blob.error());
        const auto suite = device.suite;
        if (crypto::suiteDigestHex(suite, *blob) != digest) {
            // Start again from zero: a corrupted upload is never bound to a packet.
            tx.commit().ok();
            Transaction reset(m_db);
            if (reset.begin().ok() &&
                m_db.exec(QStringLiteral("DELETE FROM upload_chunks WHERE upload_id = ?"), {uploadId}).ok() &&
                m_db.exec(QStringLiteral("UPDATE uploads SET upload_offset = 0 WHERE id = ?"), {uploadId}).ok())
                reset.commit().ok();
            return Reply::error(400, "digest_mismatch", QStringLiteral("upload digest mismatch; upload reset"))
                .header("Upload-Offset", "0");
        }
    }
    if (auto s = tx.commit(); !s)
        return dbFailure(s.error());
    m_counters.uploadBytes += static_cast<quint64>(chunk.size());
    Reply reply = Reply::empty(204);
    reply.header("Upload-Offset", QByteArray::number(newOffset));
    return reply;
}

Reply HubService::events(const DeviceIdentity &device, const QString &after, const QString &limit)
{
    bool okAfter = true;
    bool okLimit = true;
    const qint64 cursor = after.isEmpty() ? 0 : after.toLongLong(&okAfter);
    const int count = limit.isEmpty() ? 100 : limit.toInt(&okLimit);
    if (!okAfter || !okLimit || cursor < 0 || count < 1 || count > 500)
        return Reply::error(400, "bad_request", QStringLiteral("after or limit invalid"));
    auto rows =
        m_db.exec(QStringLiteral("SELECT cursor, type, case_id, packet_id, state, opinion, department, at FROM events "
                                 "WHERE device_id = ? AND cursor > ? ORDER BY cursor LIMIT ?"),
                  {device.id, cursor, count + 1});
    if (!rows)
        return dbFailure(rows.error());
    protocol::EventsPage page;
    qint64 next = cursor;
    while (rows->next()) {
        if (page.events.size() == count) {
            page.more = true;
            break;
        }
        next = rows->value(0).toLongLong();
        const auto type = protocol::eventType::fromKey(rows->value(1).toString());
        const auto state = protocol::stateFromWire(rows->value(4).toString());
        if (!type || !state)
            return Reply::error(500, "internal",
                                QStringLiteral("stored event %1 has an unknown type or state").arg(next));
        protocol::Event event;
        event.cursor = QString::number(next);
        event.type = *type;
        event.caseId = rows->value(2).toString();
        event.packetId = rows->value(3).toString();
        event.state = *state;
        event.opinion = rows->value(5).toString();
        event.department = rows->value(6).toString();
        event.at = rows->value(7).toString();
        page.events.append(event);
    }
    page.next = QString::number(next);
    return Reply::json(200, page.toJson());
}

Reply HubService::deviceKeys(const DeviceIdentity &device)
{
    auto rows = m_db.exec(QStringLiteral("SELECT id, signing_key, enrolled_at, revoked_at FROM devices ORDER BY id"));
    if (!rows)
        return dbFailure(rows.error());
    protocol::DeviceKeysAnswer answer;
    while (rows->next()) {
        const QString id = rows->value(0).toString();
        const auto key = cachedKey(rows->value(1).toString());
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
    qCInfo(lcHub, "device keys: %lld sent to device %s", static_cast<long long>(answer.devices.size()),
           qPrintable(device.id));
    return Reply::json(200, answer.toJson());
}

Reply HubService::progress(const DeviceIdentity &device, const QByteArray &body)
{
    auto object = protocol::parseObject(body, QStringLiteral("progress query"));
    if (!object)
        return badJson();
    auto query = protocol::ProgressQuery::fromJson(*object);
    if (!query)
        return Reply::error(400, "bad_request", query.error().logDetail);
    // A forged code, a code of an unknown device and a code of an unknown case get one answer,
    // so case numbers cannot be probed through this endpoint.
    const auto unknownReceipt = [&](const char *why) {
        qCInfo(lcHub, "progress query from device %s refused: %s", qPrintable(device.id), why);
        (void)audit(QStringLiteral("device:") + device.id, "progress_query", QString(), "refused");
        return Reply::error(404, "unknown_receipt", QStringLiteral("no case for this receipt code"));
    };
    const QByteArray code = query->receiptCode.toUtf8();
    // Only to pick the issuing device's key; the code itself is checked by the one parser below.
    const QString issuer = query->receiptCode.section(QLatin1Char('|'), 1, 1);
    auto keyRow = m_db.exec(QStringLiteral("SELECT signing_key FROM devices WHERE id = ?"), {issuer});
    if (!keyRow)
        return dbFailure(keyRow.error());
    if (!keyRow->next())
        return unknownReceipt("issuing device unknown");
    const auto key = cachedKey(keyRow->value(0).toString());
    if (!key)
        return Reply::error(500, "internal", QStringLiteral("stored device key does not parse"));
    scan::TrustStore trust;
    if (!trust.addDevice(issuer, key->toDer()))
        return unknownReceipt("issuing device key not usable for codes");
    const QDateTime now = m_clock.now().toUTC();
    const scan::Classification checked = scan::parseCaseReceipt(code, {now, nullptr, &trust});
    if (!checked.accepted())
        return unknownReceipt(qPrintable(scan::rejectionName(checked.rejection)));
    const auto &receipt = std::get<scan::CaseReceiptInfo>(checked.details);

    auto caseRow = m_db.exec(QStringLiteral("SELECT item_id, state, department, received_at, updated_at FROM cases "
                                            "WHERE case_id = ? AND device_id = ?"),
                             {receipt.caseNumber, receipt.deviceId});
    if (!caseRow)
        return dbFailure(caseRow.error());
    if (!caseRow->next())
        return unknownReceipt("no such case of the issuing device");
    protocol::ProgressAnswer answer;
    answer.caseId = receipt.caseNumber;
    answer.itemId = caseRow->value(0).toString();
    const auto state = protocol::stateFromWire(caseRow->value(1).toString());
    if (!state)
        return Reply::error(500, "internal", QStringLiteral("stored case has an unknown state"));
    answer.state = *state;
    answer.department = caseRow->value(2).toString();
    answer.receivedAt = caseRow->value(3).toString();
    answer.updatedAt = caseRow->value(4).toString();

    auto steps = m_db.exec(QStringLiteral("SELECT type, state, department, at FROM events WHERE case_id = ? AND "
                                          "device_id = ? ORDER BY cursor LIMIT 200"),
                           {receipt.caseNumber, receipt.deviceId});
    if (!steps)
        return dbFailure(steps.error());
    while (steps->next()) {
        const auto type = protocol::eventType::fromKey(steps->value(0).toString());
        const auto stepState = protocol::stateFromWire(steps->value(1).toString());
        if (!type || !stepState)
            return Reply::error(500, "internal", QStringLiteral("stored event has an unknown type or state"));
        answer.steps.append({*type, *stepState, steps->value(2).toString(), steps->value(3).toString()});
    }
    // Who read or changed the case at the hub: roles and departments, never operators' names.
    auto uses = m_db.exec(QStringLiteral("SELECT a.at, a.actor, a.action, o.role, o.department FROM audit_log a "
                                         "LEFT JOIN operators o ON a.actor = 'operator:' || CAST(o.id AS TEXT) "
                                         "WHERE a.target = ? AND a.outcome <> 'refused' ORDER BY a.id LIMIT 200"),
                          {receipt.caseNumber});
    if (!uses)
        return dbFailure(uses.error());
    while (uses->next()) {
        const QString actor = uses->value(1).toString();
        protocol::DataUse use;
        use.at = uses->value(0).toString();
        use.action = uses->value(2).toString();
        if (actor.startsWith(QLatin1String("operator:"))) {
            use.actor = uses->value(3).toString();
            use.department = uses->value(4).toString();
        } else if (actor.startsWith(QLatin1String("device:"))) {
            use.actor = QStringLiteral("device");
        } else {
            use.actor = QStringLiteral("admin");
        }
        answer.dataUse.append(use);
    }
    if (Status audited = audit(QStringLiteral("device:") + device.id, "progress_query", receipt.caseNumber, "ok");
        !audited)
        return dbFailure(audited.error());
    return Reply::json(200, answer.toJson());
}

Reply HubService::catalog(const QByteArray &ifNoneMatch) const
{
    if (!m_catalog)
        return Reply::error(404, "not_found", QStringLiteral("no catalog configured"));
    if (!ifNoneMatch.isEmpty() && ifNoneMatch == m_catalog->etag()) {
        Reply reply = Reply::empty(304);
        reply.header("ETag", m_catalog->etag());
        return reply;
    }
    Reply reply = Reply::raw(200, m_catalog->body());
    reply.header("ETag", m_catalog->etag()).header("Cache-Control", "no-cache");
    return reply;
}

// ---------------------------------------------------------------- operators

Status HubService::recordUnknownNameFailure(const QString &username, int failures, const QVariant &lockedUntil)
{
    const QString at = now();
    OW_TRY(m_db.exec(QStringLiteral("INSERT INTO login_failures (username, failed_logins, locked_until, updated_at) "
                                    "VALUES (?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET "
                                    "failed_logins = excluded.failed_logins, locked_until = excluded.locked_until, "
                                    "updated_at = excluded.updated_at"),
                     {username, failures, lockedUntil, at}));
    // Bounded: the names tried longest ago are forgotten first.
    OW_TRY(m_db.exec(QStringLiteral("DELETE FROM login_failures WHERE username IN (SELECT username FROM "
                                    "login_failures ORDER BY updated_at DESC, username LIMIT 1000000000 OFFSET ?)"),
                     {m_limits.maxUnknownLoginNames}));
    return {};
}

Reply HubService::login(const QByteArray &body)
{
    auto begun = beginLogin(body);
    if (auto *answered = std::get_if<Reply>(&begun))
        return *answered;
    PendingLogin &pending = std::get<PendingLogin>(begun);
    const bool passwordOk = checkLoginPassword(pending);
    return finishLogin(std::move(pending), passwordOk);
}

bool HubService::checkLoginPassword(const PendingLogin &pending)
{
    QByteArray copy(pending.password.constData(), pending.password.size()); // checkPassword takes and wipes it
    return checkPassword(copy, pending.hash) && pending.known;
}

std::variant<Reply, HubService::PendingLogin> HubService::beginLogin(const QByteArray &body)
{
    auto request = readRequest<protocol::LoginRequest>(body, QStringLiteral("sign-in request"));
    if (auto *refused = std::get_if<Reply>(&request))
        return *refused;
    auto &signIn = std::get<protocol::LoginRequest>(request);
    const QString username = signIn.username;
    QByteArray password = signIn.password.toUtf8();
    // The typed message's copy of the password is not needed past this point.
    std::fill(signIn.password.begin(), signIn.password.end(), QChar());
    // Wiped on every way out, also when the account is locked and the password is never checked.
    const auto wipePassword = qScopeGuard([&password] { wipeBytes(password); });
    auto found = m_db.exec(
        QStringLiteral("SELECT o.id, o.role, o.department, o.password_hash, o.failed_logins, o.locked_until, "
                       "d.disabled_at FROM operators o LEFT JOIN operators_disabled d ON d.operator_id = o.id "
                       "WHERE o.username = ?"),
        {username});
    if (!found)
        return dbFailure(found.error());
    // A user name that is no account is counted, locked and audited like one, in its own table,
    // and its password costs the same work: no answer tells whether a name exists.
    const bool known = found->next();
    const qint64 id = known ? found->value(0).toLongLong() : 0;
    const std::optional<Role> role = known ? role::fromKey(found->value(1).toString()) : std::nullopt;
    const QString department = known ? found->value(2).toString() : QString();
    const QString hash = known ? found->value(3).toString() : QString();
    int failed = known ? found->value(4).toInt() : 0;
    QString lockedUntil = known ? found->value(5).toString() : QString();
    const bool disabled = known && !found->value(6).isNull();
    found->finish();
    if (known && !role)
        return Reply::error(500, "internal", QStringLiteral("operator %1 has an unknown role").arg(id));
    if (!known) {
        auto attempts = m_db.exec(
            QStringLiteral("SELECT failed_logins, locked_until FROM login_failures WHERE username = ?"), {username});
        if (!attempts)
            return dbFailure(attempts.error());
        if (attempts->next()) {
            failed = attempts->value(0).toInt();
            lockedUntil = attempts->value(1).toString();
        }
        attempts->finish();
    }
    const QString actor = known ? QStringLiteral("operator:%1").arg(id) : QStringLiteral("unknown");
    const QDateTime current = m_clock.now();
    if (!lockedUntil.isEmpty()) {
        const QDateTime until = QDateTime::fromString(lockedUntil, Qt::ISODateWithMs);
        if (until > current) {
            const qint64 wait = std::max<qint64>(1, current.secsTo(until));
            qCInfo(lcHub, "login refused: account %lld locked", id);
            audit(actor, "login", username, "locked").ok();
            return Reply::error(423, "locked", QStringLiteral("account locked after failed logins"))
                .header("Retry-After", QByteArray::number(wait));
        }
    }
    // Made on the first sign-in of any name, so that no first answer takes longer for unknown names.
    if (m_dummyPasswordHash.isEmpty()) {
        QByteArray dummy("not a password");
        m_dummyPasswordHash = hashPassword(dummy, m_limits.passwordIterations);
    }
    // Two checks of one name at once would both count from the same number of failures.
    if (m_loginsInFlight.contains(username))
        return Reply::error(429, "busy", QStringLiteral("a sign-in with this user name is being checked"))
            .header("Retry-After", "1");
    m_loginsInFlight.insert(username);
    // The pending sign-in holds its own copy of the password (wiped in finishLogin); the scope
    // guard above wipes this one.
    return PendingLogin{username,
                        QByteArray(password.constData(), password.size()),
                        known ? hash : m_dummyPasswordHash,
                        known,
                        id,
                        role,
                        department,
                        failed,
                        lockedUntil,
                        actor,
                        current,
                        disabled};
}

Reply HubService::finishLogin(PendingLogin pending, bool passwordOk)
{
    m_loginsInFlight.remove(pending.username);
    wipeBytes(pending.password);
    const QString &username = pending.username;
    const bool known = pending.known;
    const qint64 id = pending.id;
    const std::optional<Role> &role = pending.role;
    const QString &department = pending.department;
    const int failed = pending.failed;
    const QString &lockedUntil = pending.lockedUntil;
    const QString &actor = pending.actor;
    const QDateTime &current = pending.current;
    const bool disabled = pending.disabled;
    if (!passwordOk) {
        // After a lock has run out, counting starts again from zero.
        const int failures = (lockedUntil.isEmpty() ? failed : 0) + 1;
        const bool lock = failures >= m_limits.maxFailedLogins;
        const QVariant lockEnd = lock ? QVariant(crypto::wireTime(current.addSecs(m_limits.lockoutSecs)))
                                      : QVariant(QMetaType::fromType<QString>());
        if (known) {
            auto updated =
                m_db.exec(QStringLiteral("UPDATE operators SET failed_logins = ?, locked_until = ? WHERE id = ?"),
                          {lock ? 0 : failures, lockEnd, id});
            if (!updated)
                return dbFailure(updated.error());
        } else if (Status recorded = recordUnknownNameFailure(username, lock ? 0 : failures, lockEnd); !recorded) {
            return dbFailure(recorded.error());
        }
        audit(actor, "login", username, lock ? "refused_and_locked" : "refused").ok();
        if (lock) {
            qCWarning(lcHub, "account %lld locked after %d failed logins", id, failures);
            return Reply::error(423, "locked", QStringLiteral("account locked after failed logins"))
                .header("Retry-After", QByteArray::number(m_limits.lockoutSecs));
        }
        return Reply::error(401, "bad_credentials", QStringLiteral("wrong user name or password"));
    }
    // Said only to whoever knows the password: the account exists and is shut.
    if (disabled) {
        qCInfo(lcHub, "login refused: operator %lld is disabled", id);
        audit(actor, "login", username, "disabled").ok();
        return Reply::error(403, "account_disabled", QStringLiteral("this account is disabled"));
    }
    const QByteArray token =
        crypto::randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QString expires = crypto::wireTime(current.addSecs(m_limits.tokenLifetimeSecs));
    Transaction tx(m_db);
    if (auto s = tx.begin(); !s)
        return dbFailure(s.error());
    if (auto r =
            m_db.exec(QStringLiteral("UPDATE operators SET failed_logins = 0, locked_until = NULL WHERE id = ?"), {id});
        !r)
        return dbFailure(r.error());
    if (auto r = m_db.exec(
            QStringLiteral("INSERT INTO tokens (token_digest, operator_id, issued_at, expires_at) VALUES (?, ?, ?, ?)"),
            {QString::fromLatin1(digestHex(token)), id, crypto::wireTime(current), expires});
        !r)
        return dbFailure(r.error());
    if (Status audited = audit(QStringLiteral("operator:%1").arg(id), "login", username, "ok"); !audited)
        return dbFailure(audited.error());
    if (auto s = tx.commit(); !s)
        return dbFailure(s.error());
    qCInfo(lcHub, "operator %lld signed in", id);
    return Reply::json(
        200, protocol::LoginAnswer{QString::fromLatin1(token), expires, username, *role, department}.toJson());
}

std::optional<Reply> HubService::authenticateOperator(const HeaderMap &headers, OperatorIdentity &op)
{
    const QByteArray authorization = headers.value("authorization");
    if (!authorization.startsWith("Bearer ") || authorization.size() < 20)
        return Reply::error(401, "token_invalid", QStringLiteral("Bearer token required"))
            .header("WWW-Authenticate", "Bearer");
    const QByteArray token = authorization.mid(7).trimmed();
    auto found = m_db.exec(QStringLiteral("SELECT o.id, o.username, o.role, o.department, t.expires_at, t.revoked "
                                          "FROM tokens t JOIN operators o ON o.id = t.operator_id "
                                          "WHERE t.token_digest = ? AND NOT EXISTS (SELECT 1 FROM operators_disabled d "
                                          "WHERE d.operator_id = o.id)"),
                           {QString::fromLatin1(digestHex(token))});
    if (!found)
        return dbFailure(found.error());
    if (!found->next() || found->value(5).toInt() != 0 || found->value(4).toString() <= now())
        return Reply::error(401, "token_invalid", QStringLiteral("token unknown, expired or signed out"))
            .header("WWW-Authenticate", "Bearer");
    op.id = found->value(0).toLongLong();
    op.username = found->value(1).toString();
    const std::optional<Role> role = role::fromKey(found->value(2).toString());
    if (!role)
        return Reply::error(401, "token_invalid", QStringLiteral("operator has an unknown role"))
            .header("WWW-Authenticate", "Bearer");
    op.role = *role;
    op.department = found->value(3).toString();
    return std::nullopt;
}

Reply HubService::logout(const HeaderMap &headers)
{
    OperatorIdentity op;
    if (auto refused = authenticateOperator(headers, op))
        return *refused;
    const QByteArray token = headers.value("authorization").mid(7).trimmed();
    auto updated = m_db.exec(QStringLiteral("UPDATE tokens SET revoked = 1 WHERE token_digest = ?"),
                             {QString::fromLatin1(digestHex(token))});
    if (!updated)
        return dbFailure(updated.error());
    audit(QStringLiteral("operator:%1").arg(op.id), "logout", op.username, "ok").ok();
    return Reply::empty(204);
}

Reply HubService::queue(const OperatorIdentity &op, const QString &department, const QString &state,
                        const QString &limit)
{
    const QString wanted = department.isEmpty() ? op.department : department;
    if (op.role != Role::HallSupervisor && wanted != op.department)
        return Reply::error(403, "forbidden_department", QStringLiteral("not this operator's department"));
    bool okLimit = true;
    const int count = limit.isEmpty() ? 100 : limit.toInt(&okLimit);
    if (!okLimit || count < 1 || count > 500)
        return Reply::error(400, "bad_request", QStringLiteral("limit invalid"));
    const std::optional<CaseState> wantedState =
        state.isEmpty() ? std::optional<CaseState>(CaseState::Received) : protocol::stateFromWire(state);
    if (!wantedState)
        return Reply::error(400, "bad_request", QStringLiteral("state unknown"));
    auto rows =
        m_db.exec(QStringLiteral("SELECT case_id, packet_id, item_id, department, state, received_at, device_id "
                                 "FROM cases WHERE department = ? AND state = ? ORDER BY received_at, case_id LIMIT ?"),
                  {wanted, stateKey(*wantedState), count});
    if (!rows)
        return dbFailure(rows.error());
    protocol::QueueAnswer answer;
    while (rows->next())
        answer.cases.append(protocol::QueueEntry{rows->value(0).toString(), rows->value(1).toString(),
                                                 rows->value(2).toString(), rows->value(3).toString(), *wantedState,
                                                 rows->value(5).toString(), rows->value(6).toString()});
    return Reply::json(200, answer.toJson());
}

Reply HubService::caseDetail(const OperatorIdentity &op, const QString &caseId)
{
    auto row =
        m_db.exec(QStringLiteral("SELECT c.packet_id, c.item_id, c.department, c.state, c.received_at, p.envelope "
                                 "FROM cases c JOIN packets p ON p.packet_id = c.packet_id WHERE c.case_id = ?"),
                  {caseId});
    if (!row)
        return dbFailure(row.error());
    // A case the operator may not see is answered as absent, so case numbers cannot be probed.
    if (!row->next() || (op.role != Role::HallSupervisor && row->value(2).toString() != op.department))
        return caseNotFound();
    const QString department = row->value(2).toString();
    const auto state = protocol::stateFromWire(row->value(3).toString());
    if (!state)
        return Reply::error(500, "internal", QStringLiteral("stored case has an unknown state"));
    auto parsed = crypto::PacketOpener::parse(row->value(5).toByteArray());
    if (!parsed)
        return Reply::error(500, "internal", parsed.error().logDetail);
    auto opened = crypto::PacketOpener::open(*parsed, m_keys.encryptionKey(parsed->suite));
    if (!opened)
        return Reply::error(500, "internal", opened.error().logDetail);
    QList<protocol::AttachmentInfo> attachments;
    for (const crypto::ManifestPart &part : parsed->manifest.parts)
        if (part.external)
            attachments.append(protocol::AttachmentInfo{part.name, part.size});
    // No personal data leaves the hub without its audit entry.
    if (Status audited = audit(QStringLiteral("operator:%1").arg(op.id), "case_open", caseId, "ok"); !audited)
        return dbFailure(audited.error());
    qCInfo(lcHub, "operator %lld opened a case of department %s", op.id, qPrintable(department));
    return Reply::json(200, protocol::CaseDetail{caseId, row->value(0).toString(), row->value(1).toString(), department,
                                                 *state, row->value(4).toString(), opened->payload, attachments}
                                .toJson());
}

Reply HubService::decide(const OperatorIdentity &op, const QString &caseId, const QByteArray &body)
{
    // Reads the 1.0 spelling "correction_requested" too; stores and answers the domain key.
    auto request = readRequest<protocol::DecisionRequest>(body, QStringLiteral("decision request"));
    if (auto *refused = std::get_if<Reply>(&request))
        return *refused;
    const CaseState decided = std::get<protocol::DecisionRequest>(request).decision;
    const QString decision = stateKey(decided);
    const QString opinion = std::get<protocol::DecisionRequest>(request).opinion;
    const QString decidedOn = std::get<protocol::DecisionRequest>(request).packetId;
    if (op.role != Role::DepartmentReviewer)
        return Reply::error(403, "forbidden_role", QStringLiteral("only reviewers decide"));
    Transaction tx(m_db);
    if (auto s = tx.begin(); !s)
        return dbFailure(s.error());
    auto row = m_db.exec(QStringLiteral("SELECT packet_id, device_id, department, state FROM cases WHERE case_id = ?"),
                         {caseId});
    if (!row)
        return dbFailure(row.error());
    if (!row->next())
        return caseNotFound();
    const QString packetId = row->value(0).toString();
    const QString deviceId = row->value(1).toString();
    const QString department = row->value(2).toString();
    const auto state = protocol::stateFromWire(row->value(3).toString());
    row->finish();
    if (department != op.department)
        return caseNotFound();
    // The reviewer read another packet than the one the case is on now (a correction came in).
    if (decidedOn != packetId)
        return Reply::error(409, "stale", QStringLiteral("decision names another packet than the case's current one"));
    if (state != CaseState::Received)
        return alreadyDecided();
    // The check above is only the common answer. Several hubs may share the database: the update
    // decides only a case still received on that packet, and whoever changes no row lost the race.
    const QString at = now();
    auto updated = m_db.exec(QStringLiteral("UPDATE cases SET state = ?, updated_at = ? "
                                            "WHERE case_id = ? AND packet_id = ? AND state = ?"),
                             {decision, at, caseId, packetId, stateKey(CaseState::Received)});
    if (!updated)
        return dbFailure(updated.error());
    if (updated->numRowsAffected() != 1)
        return alreadyDecided();
    auto event = m_db.exec(QStringLiteral("INSERT INTO events (device_id, case_id, packet_id, type, state, opinion, "
                                          "department, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING cursor"),
                           {deviceId, caseId, packetId, protocol::eventType::key(protocol::EventType::Decision),
                            decision, opinion.isEmpty() ? QVariant() : QVariant(opinion), department, at});
    if (!event)
        return dbFailure(event.error());
    const qint64 cursor = event->next() ? event->value(0).toLongLong() : 0;
    event->finish();
    if (Status audited =
            audit(QStringLiteral("operator:%1").arg(op.id), "decision", caseId, decision.toLatin1().constData());
        !audited)
        return dbFailure(audited.error());
    if (auto s = tx.commit(); !s)
        return dbFailure(s.error());
    qCInfo(lcHub, "operator %lld decided a case: %s", op.id, qPrintable(decision));
    return Reply::json(200, protocol::DecisionAnswer{caseId, decided, QString::number(cursor)}.toJson());
}

Reply HubService::health()
{
    if (m_db.alive())
        return Reply::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                            {QStringLiteral("db"), QStringLiteral("ok")}});
    return Reply::json(503, QJsonObject{{QStringLiteral("status"), QStringLiteral("fail")},
                                        {QStringLiteral("db"), QStringLiteral("unreachable")}});
}

} // namespace ow::hub
