#include "server/HubSignIn.h"

#include "crypto/Cipher.h"
#include "crypto/Digest.h"
#include "server/HubLogging.h"

#include <QScopeGuard>

#include <algorithm>

namespace ow::hub {

namespace {

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

ServiceError tokenInvalid(const QString &why)
{
    return ServiceError(Refusal::Unauthenticated, "token_invalid", why);
}

ServiceError locked(qint64 retryAfterSecs)
{
    return ServiceError(Refusal::Locked, "locked", QStringLiteral("account locked after failed logins"))
        .retryAfter(retryAfterSecs);
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

Result<int> SignInService::countFailure(const Pending &pending)
{
    HubDatabase &db = m_context.db();
    const HubLimits &limits = m_context.limits();
    const QString now = crypto::wireTime(pending.current);
    // Counted by the database from what it holds now, not from what begin() read: another hub on
    // the same database may be checking this name at the same moment, and both failures count.
    // After a lock has run out, counting starts again from one.
    auto counted =
        pending.known
            ? db.exec(QStringLiteral("UPDATE operators SET failed_logins = CASE WHEN locked_until IS NOT NULL AND "
                                     "locked_until <= ? THEN 1 ELSE failed_logins + 1 END, locked_until = CASE WHEN "
                                     "locked_until <= ? THEN NULL ELSE locked_until END WHERE id = ? "
                                     "RETURNING failed_logins"),
                      {now, now, pending.id})
            : db.exec(
                  QStringLiteral("INSERT INTO login_failures (username, failed_logins, locked_until, updated_at) "
                                 "VALUES (?, 1, NULL, ?) ON CONFLICT (username) DO UPDATE SET failed_logins = "
                                 "CASE WHEN login_failures.locked_until IS NOT NULL AND login_failures.locked_until "
                                 "<= ? THEN 1 ELSE login_failures.failed_logins + 1 END, locked_until = CASE WHEN "
                                 "login_failures.locked_until <= ? THEN NULL ELSE login_failures.locked_until END, "
                                 "updated_at = excluded.updated_at RETURNING failed_logins"),
                  {pending.username, now, now, now});
    if (!counted)
        return counted.error();
    const int failures = counted->next() ? counted->value(0).toInt() : limits.maxFailedLogins;
    counted->finish();
    if (failures >= limits.maxFailedLogins) {
        const QString until = crypto::wireTime(pending.current.addSecs(limits.lockoutSecs));
        OW_TRY(pending.known
                   ? db.exec(QStringLiteral("UPDATE operators SET failed_logins = 0, locked_until = ? WHERE id = ?"),
                             {until, pending.id})
                   : db.exec(QStringLiteral("UPDATE login_failures SET failed_logins = 0, locked_until = ? "
                                            "WHERE username = ?"),
                             {until, pending.username}));
    }
    if (!pending.known) {
        // Bounded: the names tried longest ago are forgotten first.
        OW_TRY(db.exec(QStringLiteral("DELETE FROM login_failures WHERE username IN (SELECT username FROM "
                                      "login_failures ORDER BY updated_at DESC, username LIMIT 1000000000 OFFSET ?)"),
                       {limits.maxUnknownLoginNames}));
    }
    return failures;
}

ServiceResult<protocol::LoginAnswer> SignInService::login(const QByteArray &body)
{
    auto begun = begin(body);
    if (!begun)
        return begun.error();
    const bool passwordOk = checkPassword(*begun);
    return finish(std::move(begun).value(), passwordOk);
}

bool SignInService::checkPassword(const Pending &pending)
{
    QByteArray copy(pending.password.constData(), pending.password.size()); // checkPassword takes and wipes it
    return hub::checkPassword(copy, pending.hash) && pending.known;
}

ServiceResult<SignInService::Pending> SignInService::begin(const QByteArray &body)
{
    auto request = service::readRequest<protocol::LoginRequest>(body, QStringLiteral("sign-in request"));
    if (!request)
        return request.error();
    const QString username = request->username;
    QByteArray password = request->password.toUtf8();
    // The typed message's copy of the password is not needed past this point.
    std::fill(request->password.begin(), request->password.end(), QChar());
    // Wiped on every way out, also when the account is locked and the password is never checked.
    const auto wipePassword = qScopeGuard([&password] { wipeBytes(password); });
    HubDatabase &db = m_context.db();
    auto found =
        db.exec(QStringLiteral("SELECT o.id, o.role, o.department, o.password_hash, o.failed_logins, o.locked_until, "
                               "d.disabled_at FROM operators o LEFT JOIN operators_disabled d ON d.operator_id = o.id "
                               "WHERE o.username = ?"),
                {username});
    OW_TRY(found);
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
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("operator %1 has an unknown role").arg(id));
    if (!known) {
        auto attempts = db.exec(
            QStringLiteral("SELECT failed_logins, locked_until FROM login_failures WHERE username = ?"), {username});
        OW_TRY(attempts);
        if (attempts->next()) {
            failed = attempts->value(0).toInt();
            lockedUntil = attempts->value(1).toString();
        }
        attempts->finish();
    }
    const QString actor = known ? QStringLiteral("operator:%1").arg(id) : QStringLiteral("unknown");
    const QDateTime current = m_context.clock().now();
    if (!lockedUntil.isEmpty()) {
        const QDateTime until = QDateTime::fromString(lockedUntil, Qt::ISODateWithMs);
        if (until > current) {
            const qint64 wait = std::max<qint64>(1, current.secsTo(until));
            qCInfo(lcHub, "login refused: account %lld locked", id);
            m_context.audit(actor, "login", username, "locked").ok();
            return locked(wait);
        }
    }
    // Made on the first sign-in of any name, so that no first answer takes longer for unknown names.
    if (m_dummyPasswordHash.isEmpty()) {
        QByteArray dummy("not a password");
        m_dummyPasswordHash = hashPassword(dummy, m_context.limits().passwordIterations);
    }
    // Two checks of one name at once would both count from the same number of failures.
    if (m_loginsInFlight.contains(username))
        return ServiceError(Refusal::TooMany, "busy", QStringLiteral("a sign-in with this user name is being checked"))
            .retryAfter(1);
    m_loginsInFlight.insert(username);
    // The pending sign-in holds its own copy of the password (wiped in finish); the scope guard
    // above wipes this one.
    return Pending{username,
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

ServiceResult<protocol::LoginAnswer> SignInService::finish(Pending pending, bool passwordOk)
{
    m_loginsInFlight.remove(pending.username);
    wipeBytes(pending.password);
    const QString &username = pending.username;
    const qint64 id = pending.id;
    const QString &actor = pending.actor;
    const QDateTime &current = pending.current;
    const HubLimits &limits = m_context.limits();
    HubDatabase &db = m_context.db();
    if (!passwordOk) {
        auto counted = countFailure(pending);
        OW_TRY(counted);
        const int failures = *counted;
        const bool lock = failures >= limits.maxFailedLogins;
        m_context.audit(actor, "login", username, lock ? "refused_and_locked" : "refused").ok();
        if (lock) {
            qCWarning(lcHub, "account %lld locked after %d failed logins", id, failures);
            return locked(limits.lockoutSecs);
        }
        return ServiceError(Refusal::Unauthenticated, "bad_credentials", QStringLiteral("wrong user name or password"));
    }
    // Said only to whoever knows the password: the account exists and is shut.
    if (pending.disabled) {
        qCInfo(lcHub, "login refused: operator %lld is disabled", id);
        m_context.audit(actor, "login", username, "disabled").ok();
        return ServiceError(Refusal::Forbidden, "account_disabled", QStringLiteral("this account is disabled"));
    }
    const QByteArray token =
        crypto::randomBytes(32).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QString expires = crypto::wireTime(current.addSecs(limits.tokenLifetimeSecs));
    Transaction tx(db);
    OW_TRY(tx.begin());
    OW_TRY(db.exec(QStringLiteral("UPDATE operators SET failed_logins = 0, locked_until = NULL WHERE id = ?"), {id}));
    OW_TRY(db.exec(
        QStringLiteral("INSERT INTO tokens (token_digest, operator_id, issued_at, expires_at) VALUES (?, ?, ?, ?)"),
        {QString::fromLatin1(service::digestHex(token)), id, crypto::wireTime(current), expires}));
    OW_TRY(m_context.audit(QStringLiteral("operator:%1").arg(id), "login", username, "ok"));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "operator %lld signed in", id);
    return protocol::LoginAnswer{QString::fromLatin1(token), expires, username, *pending.role, pending.department};
}

ServiceResult<OperatorIdentity> SignInService::authenticate(const HeaderMap &headers)
{
    const QByteArray authorization = headers.value("authorization");
    if (!authorization.startsWith("Bearer ") || authorization.size() < 20)
        return tokenInvalid(QStringLiteral("Bearer token required"));
    const QByteArray token = authorization.mid(7).trimmed();
    auto found = m_context.db().exec(
        QStringLiteral("SELECT o.id, o.username, o.role, o.department, t.expires_at, t.revoked "
                       "FROM tokens t JOIN operators o ON o.id = t.operator_id "
                       "WHERE t.token_digest = ? AND NOT EXISTS (SELECT 1 FROM operators_disabled d "
                       "WHERE d.operator_id = o.id)"),
        {QString::fromLatin1(service::digestHex(token))});
    OW_TRY(found);
    if (!found->next() || found->value(5).toInt() != 0 || found->value(4).toString() <= m_context.now())
        return tokenInvalid(QStringLiteral("token unknown, expired or signed out"));
    OperatorIdentity op;
    op.id = found->value(0).toLongLong();
    op.username = found->value(1).toString();
    const std::optional<Role> role = role::fromKey(found->value(2).toString());
    if (!role)
        return tokenInvalid(QStringLiteral("operator has an unknown role"));
    op.role = *role;
    op.department = found->value(3).toString();
    return op;
}

ServiceStatus SignInService::logout(const HeaderMap &headers)
{
    auto op = authenticate(headers);
    if (!op)
        return op.error();
    const QByteArray token = headers.value("authorization").mid(7).trimmed();
    OW_TRY(m_context.db().exec(QStringLiteral("UPDATE tokens SET revoked = 1 WHERE token_digest = ?"),
                               {QString::fromLatin1(service::digestHex(token))}));
    m_context.audit(QStringLiteral("operator:%1").arg(op->id), "logout", op->username, "ok").ok();
    return {};
}

} // namespace ow::hub
