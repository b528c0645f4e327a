#pragma once

#include "common/Result.h"
#include "identity/OperatorCache.h"
#include "identity/PasswordRules.h"
#include "identity/Session.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QString>

#include <functional>

namespace ow {

class Clock;
class Store;

// Signs operators in at the desk against the OperatorCache, without the hub. After
// Options::maxFailures wrong passwords in a row the account is locked for Options::lockSeconds
// (the count and the lock are stored, so a restart keeps them). A user name the desk does not
// know gets exactly the answer a wrong password gets, after the same slow hash, and is locked
// the same way (counted in memory). Sign-ins, refusals, locks, sign-outs and password changes
// are audited ("identity.signIn", "identity.lock", "identity.signOut", "identity.password");
// logs and audit entries never carry a password or hash, and refusals of unknown names never
// carry the name typed.
//
// Passwords arrive as QString because that is what the sign-in field gives; the UTF-8 copy
// that is hashed is wiped after use.
class SignInService
{
public:
    enum class SignOutReason { User, Idle };

    struct Options
    {
        int maxFailures = 5;
        int lockSeconds = 15 * 60;
        int idleSeconds = 10 * 60;
        int passwordHistory = 5; // a new password is none of the last N (at most OperatorCache::HistoryLimit + 1)
        int iterations = 120000; // PBKDF2-HMAC-SM3 iterations of new hashes, as the hub's
        // The slow comparison (crypto::verifySecret); replaceable so that a test can count calls.
        std::function<bool(const QByteArray &secret, const QString &hash)> verify;
    };

    SignInService(Store &store, const Clock &clock, Options options);
    SignInService(Store &store, const Clock &clock);

    // A session for the operator, or Invalid with a translated message: wrong user name or
    // password (the same for both), or locked until a time.
    Result<Session> signIn(const QString &userName, const QString &password);
    // Ends the session (audited with the reason); no effect on a session already ended.
    void signOut(Session &session, SignOutReason reason);
    // Signs the session out when it has been idle too long; true when it did.
    bool signOutIfIdle(Session &session);
    // Replaces the session operator's password after checking the current one and the rules
    // (every broken rule's message, one per line).
    Status changePassword(Session &session, const QString &currentPassword, const QString &newPassword);
    // Caches an operator with a password the hub accepted (after an online sign-in, or when an
    // account is provisioned): the password is hashed here, never stored. Not checked against
    // the password rules: it was chosen at the hub (which today checks only its length).
    Status remember(const Operator &op, const QString &password);

    // The rules `password` breaks as a new password for `userName` (see passwords::problems),
    // including the history of a cached account.
    QList<PasswordProblem> passwordProblems(const QString &userName, const QString &password);

    const Options &options() const { return m_options; }

private:
    struct Failures
    {
        int count = 0;
        QDateTime lockedUntil;
    };

    Error wrongCredentials(int triesLeft) const;
    Error locked(const QDateTime &until) const;
    Failures countFailure(Failures f);
    void audit(const Actor &actor, const QString &action, const QString &outcome, const QString &reason);
    bool verify(const QString &password, const QString &hash) const;

    Store &m_store;
    const Clock &m_clock;
    Options m_options;
    OperatorCache m_cache;
    QString m_unknownHash;              // what an unknown name is compared with, for the same cost
    QHash<QString, Failures> m_unknown; // failures of names the desk does not know
};

} // namespace ow
