#pragma once

#include "common/Result.h"
#include "identity/Operator.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace ow {

class Store;

// One operator as the desk keeps it for offline sign-in.
struct CachedOperator
{
    Operator op;
    QString passwordHash;   // crypto::hashSecret form; never the password
    int failedAttempts = 0; // failed sign-ins in a row
    QDateTime lockedUntil;  // invalid when never locked
};

// Operators cached in the encrypted store (schema version 4): who they are, a salted slow hash of
// their password, failed sign-ins in a row and the lock, and the hashes of their last passwords.
// Used by SignInService; nothing here decides anything.
class OperatorCache
{
public:
    // How many earlier password hashes are kept per operator (the rules compare with fewer).
    static constexpr int HistoryLimit = 24;

    explicit OperatorCache(Store &store);

    // Adds the operator or replaces its name, roles, department and password hash; the failure
    // count and the lock stay. Refused (Invalid, translated) when the roles break
    // operators::checkRoles() or the hash is empty. A changed hash keeps the old one in history.
    Status save(const Operator &op, const QString &passwordHash);
    // The operator with this exact user name, or nullopt.
    Result<std::optional<CachedOperator>> find(const QString &id);
    Status recordFailures(const QString &id, int failedAttempts, const QDateTime &lockedUntil);
    // Replaces the password hash; the old one goes to history (at most HistoryLimit kept).
    Status setPasswordHash(const QString &id, const QString &hash);
    // The current hash and then the previous ones, newest first, at most `count` in all.
    Result<QStringList> recentPasswordHashes(const QString &id, int count);

private:
    Status pushHistory(const QString &id, const QString &oldHash);

    Store &m_store;
};

} // namespace ow
