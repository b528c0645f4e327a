#include "identity/SignInService.h"

#include "common/Clock.h"
#include "crypto/Cipher.h"
#include "crypto/PasswordHash.h"
#include "identity/IdentityText.h"
#include "store/AuditLog.h"
#include "store/Store.h"

#include <QLocale>

namespace ow {

namespace {

const QString SignInAction = QStringLiteral("identity.signIn");
const QString LockAction = QStringLiteral("identity.lock");
const QString SignOutAction = QStringLiteral("identity.signOut");
const QString PasswordAction = QStringLiteral("identity.password");
const QString Ok = QStringLiteral("ok");
const QString Denied = QStringLiteral("denied");
const QString Failed = QStringLiteral("failed");

// The audit actor of a refused unknown name: never the name typed, which may be a password
// typed into the wrong field.
const Actor UnknownActor{QStringLiteral("(unknown)"), QStringLiteral("none")};

constexpr int MaxUnknownNamesTracked = 1000;

Error storeProblem(const Error &e)
{
    return makeError(e.code, IdentityText::tr("Signing in is not possible on this desk right now. Please try again."),
                     QStringLiteral("sign-in: ") + e.logDetail);
}

} // namespace

SignInService::SignInService(Store &store, const Clock &clock)
    : SignInService(store, clock, Options{})
{}

SignInService::SignInService(Store &store, const Clock &clock, Options options)
    : m_store(store)
    , m_clock(clock)
    , m_options(std::move(options))
    , m_cache(store)
{
    if (!m_options.verify)
        m_options.verify = &crypto::verifySecret;
    // A hash of random bytes, so that no password matches it; same scheme and iterations as the
    // hashes this desk writes.
    m_unknownHash = crypto::hashSecret(crypto::randomBytes(16), m_options.iterations);
}

bool SignInService::verify(const QString &password, const QString &hash) const
{
    QByteArray bytes = password.toUtf8();
    const bool matches = m_options.verify(bytes, hash);
    bytes.fill('\0');
    return matches;
}

Error SignInService::wrongCredentials(int triesLeft) const
{
    return makeError(ErrorCode::Invalid,
                     IdentityText::tr("The user name or the password is wrong.") + QLatin1Char('\n') +
                         IdentityText::tr("%n more failed sign-in(s) will lock the account.", nullptr, triesLeft),
                     QStringLiteral("sign-in refused: wrong user name or password"));
}

Error SignInService::locked(const QDateTime &until) const
{
    return makeError(ErrorCode::Invalid,
                     IdentityText::tr("Too many failed sign-ins. The account is locked until %1.")
                         .arg(QLocale().toString(until.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"))),
                     QStringLiteral("sign-in refused: account locked"));
}

SignInService::Failures SignInService::countFailure(Failures f)
{
    const QDateTime now = m_clock.now();
    if (f.lockedUntil.isValid() && f.lockedUntil <= now) // an expired lock starts a fresh count
        f = Failures{};
    ++f.count;
    if (f.count >= m_options.maxFailures) {
        f.count = 0;
        f.lockedUntil = now.addSecs(m_options.lockSeconds);
    }
    return f;
}

void SignInService::audit(const Actor &actor, const QString &action, const QString &outcome, const QString &reason)
{
    const auto audited = m_store.audit().append(actor, action, {}, {}, outcome, reason);
    if (!audited.ok())
        qCWarning(lcIdentity) << action << "not audited:" << audited.error().logDetail;
}

Result<Session> SignInService::signIn(const QString &userName, const QString &password)
{
    const QDateTime now = m_clock.now();
    auto found = userName.isEmpty() ? Result<std::optional<CachedOperator>>(std::optional<CachedOperator>())
                                    : m_cache.find(userName);
    if (!found.ok()) {
        qCWarning(lcIdentity) << "sign-in failed:" << found.error().logDetail;
        audit(UnknownActor, SignInAction, Failed, QStringLiteral("store"));
        return storeProblem(found.error());
    }
    const bool known = found->has_value();
    const Actor actor = known ? (*found)->op.actor() : UnknownActor;
    Failures before;
    if (known)
        before = Failures{(*found)->failedAttempts, (*found)->lockedUntil};
    else
        before = m_unknown.value(userName);

    if (before.lockedUntil.isValid() && before.lockedUntil > now) {
        audit(actor, SignInAction, Denied, QStringLiteral("locked"));
        qCInfo(lcIdentity) << "sign-in refused: locked";
        return locked(before.lockedUntil);
    }

    // The same slow comparison whether or not the name is known.
    const bool matches = verify(password, known ? (*found)->passwordHash : m_unknownHash) && known;
    if (matches) {
        if (before.count != 0 || before.lockedUntil.isValid()) {
            if (Status s = m_cache.recordFailures(userName, 0, {}); !s.ok())
                qCWarning(lcIdentity) << "failed sign-ins not cleared:" << s.error().logDetail;
        }
        audit(actor, SignInAction, Ok, {});
        qCInfo(lcIdentity) << "signed in, role" << actor.role;
        return Session((*found)->op, m_clock, m_options.idleSeconds);
    }

    const Failures after = countFailure(before);
    if (known) {
        if (Status s = m_cache.recordFailures(userName, after.count, after.lockedUntil); !s.ok())
            qCWarning(lcIdentity) << "failed sign-in not counted:" << s.error().logDetail;
    } else {
        if (m_unknown.size() >= MaxUnknownNamesTracked)
            m_unknown.clear();
        m_unknown.insert(userName, after);
    }
    audit(actor, SignInAction, Denied, known ? QStringLiteral("wrong password") : QStringLiteral("unknown user"));
    qCInfo(lcIdentity) << "sign-in refused: wrong user name or password";
    if (after.lockedUntil.isValid() && after.lockedUntil > now) {
        audit(actor, LockAction, Ok,
              QStringLiteral("%1 failed sign-ins; locked until %2")
                  .arg(m_options.maxFailures)
                  .arg(after.lockedUntil.toUTC().toString(Qt::ISODate)));
        qCInfo(lcIdentity) << "account locked for" << m_options.lockSeconds << "s";
        return locked(after.lockedUntil);
    }
    return wrongCredentials(m_options.maxFailures - after.count);
}

void SignInService::signOut(Session &session, SignOutReason reason)
{
    if (!session.isSignedIn())
        return;
    const Actor actor = session.op().actor();
    session.end();
    const QString why = reason == SignOutReason::Idle ? QStringLiteral("idle") : QStringLiteral("user");
    audit(actor, SignOutAction, Ok, why);
    qCInfo(lcIdentity) << "signed out, role" << actor.role << "(" << why << ")";
}

bool SignInService::signOutIfIdle(Session &session)
{
    if (!session.isSignedIn() || !session.isExpired(m_clock.now()))
        return false;
    signOut(session, SignOutReason::Idle);
    return true;
}

QList<PasswordProblem> SignInService::passwordProblems(const QString &userName, const QString &password)
{
    QStringList recent;
    auto hashes = m_cache.recentPasswordHashes(userName, m_options.passwordHistory);
    if (hashes.ok())
        recent = *hashes;
    return passwords::problems(password, userName, recent, m_options.passwordHistory);
}

Status SignInService::changePassword(Session &session, const QString &currentPassword, const QString &newPassword)
{
    if (session.isExpired(m_clock.now())) {
        signOutIfIdle(session);
        return makeError(ErrorCode::Invalid, IdentityText::tr("Your session has ended. Please sign in again."),
                         QStringLiteral("password change on an ended session"));
    }
    const Operator &op = session.op();
    const Actor actor = op.actor();
    auto found = m_cache.find(op.id);
    if (!found.ok() || !found->has_value()) {
        const Error e =
            found.ok() ? Error{ErrorCode::NotFound, {}, QStringLiteral("operator not cached")} : found.error();
        qCWarning(lcIdentity) << "password change failed:" << e.logDetail;
        audit(actor, PasswordAction, Failed, QStringLiteral("store"));
        return makeError(e.code, IdentityText::tr("The password could not be changed on this desk."),
                         QStringLiteral("password change: ") + e.logDetail);
    }
    if (!verify(currentPassword, (*found)->passwordHash)) {
        audit(actor, PasswordAction, Denied, QStringLiteral("wrong current password"));
        qCInfo(lcIdentity) << "password change refused: wrong current password";
        return makeError(ErrorCode::Invalid, IdentityText::tr("The current password is wrong."),
                         QStringLiteral("password change: wrong current password"));
    }
    const QList<PasswordProblem> problems = passwordProblems(op.id, newPassword);
    if (!problems.isEmpty()) {
        QStringList messages, rules;
        for (const PasswordProblem &p : problems) {
            messages.append(p.message);
            rules.append(QString::number(static_cast<int>(p.rule)));
        }
        audit(actor, PasswordAction, Denied, QStringLiteral("rules ") + rules.join(QLatin1Char(',')));
        qCInfo(lcIdentity) << "password change refused: rules" << rules.join(QLatin1Char(','));
        return makeError(ErrorCode::Invalid, messages.join(QLatin1Char('\n')),
                         QStringLiteral("password change: breaks rules ") + rules.join(QLatin1Char(',')));
    }
    QByteArray bytes = newPassword.toUtf8();
    const QString hash = crypto::hashSecret(bytes, m_options.iterations);
    bytes.fill('\0');
    if (hash.isEmpty()) {
        audit(actor, PasswordAction, Failed, QStringLiteral("hashing"));
        return makeError(ErrorCode::Crypto, IdentityText::tr("The password could not be changed on this desk."),
                         QStringLiteral("password change: hashing failed"));
    }
    if (Status s = m_cache.setPasswordHash(op.id, hash); !s.ok()) {
        audit(actor, PasswordAction, Failed, QStringLiteral("store"));
        return makeError(s.error().code, IdentityText::tr("The password could not be changed on this desk."),
                         QStringLiteral("password change: ") + s.error().logDetail);
    }
    audit(actor, PasswordAction, Ok, {});
    qCInfo(lcIdentity) << "password changed, role" << actor.role;
    session.touch();
    return {};
}

Status SignInService::remember(const Operator &op, const QString &password)
{
    QByteArray bytes = password.toUtf8();
    const QString hash = bytes.isEmpty() ? QString() : crypto::hashSecret(bytes, m_options.iterations);
    bytes.fill('\0');
    if (hash.isEmpty()) {
        return makeError(ErrorCode::Invalid, IdentityText::tr("The operator's password could not be saved."),
                         QStringLiteral("operator %1: empty password or hashing failed").arg(op.id));
    }
    OW_TRY(m_cache.save(op, hash));
    audit(Actor{m_store.deviceId(), QStringLiteral("device")}, QStringLiteral("identity.operator.cache"), Ok,
          op.id + QStringLiteral(": ") + op.actor().role);
    qCInfo(lcIdentity) << "operator cached, role" << op.actor().role;
    return {};
}

} // namespace ow
