#pragma once

#include <QChar>
#include <QString>
#include <QStringView>

namespace ow::scan {

// Unified social credit code 统一社会信用代码 (GB 32100-2015): registration authority, entity
// type, 6-digit region, 9-character organisation code, check character. Pure checks.
namespace creditCode {

enum class Problem { None, Length, Characters, CheckCharacter };

// Upper-cases and strips spaces; does not validate.
QString normalized(const QString &text);
// The check character over the first 17 characters; a null QChar when they are not all from
// the code's alphabet (0-9 and A-Y without I, O, S, V, Z).
QChar checkCharacter(QStringView first17);
Problem check(const QString &normalizedCode);
bool inAlphabet(QChar c);

} // namespace creditCode

} // namespace ow::scan
