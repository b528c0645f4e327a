#pragma once

#include "protocol/Messages.h"
#include "server/HubContext.h"

#include <QDateTime>
#include <QSet>

namespace ow::hub {

// Operators signing in and out, and their bearer tokens (PROTOCOL.md §6, §7): one answer, lockout
// and audit entry for unknown and known user names alike.
class SignInService
{
public:
    explicit SignInService(HubContext &context)
        : m_context(context)
    {}

    // A sign-in in one go (begin, check, finish on this thread).
    ServiceResult<protocol::LoginAnswer> login(const QByteArray &body);

    // The same sign-in in three steps, so the password hash (PBKDF2, the slow part) can run on
    // another thread: begin and finish on the service's thread, checkPassword on any. One sign-in
    // per user name at a time: another while one is being checked gets 429.
    struct Pending
    {
        QString username;
        QByteArray password;
        QString hash; // the account's, or a dummy one for a name that is no account
        bool known = false;
        qint64 id = 0;
        std::optional<Role> role;
        QString department;
        int failed = 0;
        QString lockedUntil;
        QString actor;
        QDateTime current;
        bool disabled = false; // said only after the right password
    };
    ServiceResult<Pending> begin(const QByteArray &body);
    static bool checkPassword(const Pending &pending);
    ServiceResult<protocol::LoginAnswer> finish(Pending pending, bool passwordOk);

    // The operator whose bearer token this is (token_invalid otherwise).
    ServiceResult<OperatorIdentity> authenticate(const HeaderMap &headers);
    ServiceStatus logout(const HeaderMap &headers);

private:
    // One more failed sign-in of the pending name, account or not (PROTOCOL.md §7): the count
    // now, and the lock set when it reached the limit.
    Result<int> countFailure(const Pending &pending);

    HubContext &m_context;
    QString m_dummyPasswordHash;    // for sign-ins of unknown users
    QSet<QString> m_loginsInFlight; // user names whose password is being checked
};

// PBKDF2-SM3 password records ("pbkdf2-sm3$ITERATIONS$SALT$HASH"). Both wipe `password` in place:
// the caller's buffer, never a copy of it.
QString hashPassword(QByteArray &password, int iterations);
bool checkPassword(QByteArray &password, const QString &stored);

} // namespace ow::hub
