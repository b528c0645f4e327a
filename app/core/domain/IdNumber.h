#pragma once

#include <QDate>
#include <QString>

#include <optional>

namespace ow {

// Resident ID number 公民身份号码 (GB 11643-1999). Pure checks; whether the region code exists is
// asked of the region table by the catalog.
namespace idNumber {

enum class Problem { None, Length, Characters, CheckDigit, BirthDate };

// Upper-cases a trailing x and strips spaces; does not validate.
QString normalized(const QString &text);
QChar checkDigit(QStringView first17);
Problem check(const QString &normalizedNumber, const QDate &today);
std::optional<QDate> birthDate(const QString &normalizedNumber);
bool isMale(const QString &normalizedNumber);
// At most the first 3 and the last 4 characters: 110***********002X.
QString masked(const QString &normalizedNumber);

} // namespace idNumber

} // namespace ow
