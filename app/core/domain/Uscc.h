#pragma once

#include <QString>

// Unified social credit code 统一社会信用代码 (GB 32100-2015): 18 characters from
// 0-9A-HJ-NPQRTUWXY (no I O S V Z), the last one a check character (weighted sum mod 31).
namespace ow::uscc {

QString normalized(const QString &text);
bool isValid(const QString &normalizedCode);
// The check character for the first 17 characters, or a null QChar if they are not valid.
QChar checkCharacter(QStringView first17);

} // namespace ow::uscc
