#pragma once

#include <QChar>
#include <QString>
#include <QStringView>

// Unified social credit code 统一社会信用代码 (GB 32100-2015): registration authority, entity
// type, 6-digit region, 9-character organisation code, check character. 18 characters from
// 0-9A-HJ-NPQRTUWXY (no I O S V Z), the last one a check character (weighted sum mod 31).
namespace ow::uscc {

enum class Problem { None, Length, Characters, CheckCharacter };

// Strips spaces and upper-cases ASCII letters; does not validate. Other characters stay as they
// are, so that they are reported rather than changed.
QString normalized(const QString &text);
bool inAlphabet(QChar c);
// The check character for the first 17 characters, or a null QChar if they are not all from
// the alphabet.
QChar checkCharacter(QStringView first17);
Problem check(const QString &normalizedCode);
inline bool isValid(const QString &normalizedCode)
{
    return check(normalizedCode) == Problem::None;
}

} // namespace ow::uscc
