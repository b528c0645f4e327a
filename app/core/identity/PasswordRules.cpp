#include "identity/PasswordRules.h"

#include "crypto/PasswordHash.h"
#include "identity/IdentityText.h"

namespace ow::passwords {

QList<PasswordProblem> problems(const QString &password, const QString &userName, const QStringList &recentHashes,
                                int historyLength)
{
    QList<PasswordProblem> out;
    // Characters as people count them: a character outside the BMP is one, not two.
    const auto codePoints = password.toUcs4();
    if (codePoints.size() < MinimumLength) {
        out.append({PasswordRule::MinimumLength,
                    IdentityText::tr("The password must have at least %1 characters.").arg(MinimumLength)});
    }
    bool lower = false, upper = false, digit = false, other = false;
    for (const char32_t c : codePoints) {
        if (QChar::isLower(c))
            lower = true;
        else if (QChar::isUpper(c))
            upper = true;
        else if (QChar::isDigit(c))
            digit = true;
        else
            other = true;
    }
    if (int(lower) + int(upper) + int(digit) + int(other) < MinimumClasses) {
        out.append({PasswordRule::CharacterClasses,
                    IdentityText::tr("The password must mix at least three of these: lower-case letters, capital "
                                     "letters, digits and other characters.")});
    }
    const QString name = userName.trimmed();
    // A name of one or two letters ("li") would rule out half the words people build passwords from.
    if (name.size() >= 3 && password.contains(name, Qt::CaseInsensitive)) {
        out.append({PasswordRule::NotUserName, IdentityText::tr("The password must not contain the user name.")});
    }
    QByteArray bytes = password.toUtf8();
    for (const QString &hash : recentHashes.mid(0, historyLength)) {
        if (crypto::verifySecret(bytes, hash)) {
            out.append(
                {PasswordRule::NotRecent,
                 IdentityText::tr("The password must differ from your last %n password(s).", nullptr, historyLength)});
            break;
        }
    }
    bytes.fill('\0');
    return out;
}

} // namespace ow::passwords
