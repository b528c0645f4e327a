#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace ow {

// The rules a new operator password must meet (等保 2.0 level 3: complexity, no reuse).
enum class PasswordRule {
    MinimumLength,    // at least passwords::MinimumLength characters
    CharacterClasses, // at least three of: lower-case letters, capitals, digits, other characters
    NotUserName,      // does not contain the user name (of 3 or more characters), in any letter case
    NotRecent,        // is none of the last passwords (checked against their hashes)
};

struct PasswordProblem
{
    PasswordRule rule;
    QString message; // translated, for the person choosing the password
};

namespace passwords {

constexpr int MinimumLength = 10;
constexpr int MinimumClasses = 3;

// Every rule `password` breaks for the account `userName`, in the order of PasswordRule; empty
// when it is acceptable. `recentHashes` are crypto::hashSecret strings of the current and earlier
// passwords (OperatorCache::recentPasswordHashes), of which the rule keeps `historyLength`; each
// costs one slow hash to compare.
QList<PasswordProblem> problems(const QString &password, const QString &userName, const QStringList &recentHashes,
                                int historyLength);

} // namespace passwords

} // namespace ow
