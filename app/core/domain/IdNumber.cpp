#include "domain/IdNumber.h"

namespace ow::idNumber {

QString normalized(const QString &text)
{
    QString out;
    out.reserve(18);
    for (QChar c : text) {
        if (c.isSpace())
            continue;
        out.append(c == u'x' ? QChar(u'X') : c);
    }
    return out;
}

QChar checkDigit(QStringView first17)
{
    static constexpr int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr char codes[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += (first17[i].unicode() - u'0') * weights[i];
    return QChar::fromLatin1(codes[sum % 11]);
}

std::optional<QDate> birthDate(const QString &n)
{
    if (n.size() != 18)
        return std::nullopt;
    const QDate d = QDate::fromString(n.mid(6, 8), QStringLiteral("yyyyMMdd"));
    if (!d.isValid())
        return std::nullopt;
    return d;
}

Problem check(const QString &n, const QDate &today)
{
    if (n.size() != 18)
        return Problem::Length;
    for (int i = 0; i < 17; ++i) {
        if (n[i] < u'0' || n[i] > u'9')
            return Problem::Characters;
    }
    if (!(n[17].isDigit() && n[17].unicode() < 128) && n[17] != u'X')
        return Problem::Characters;
    const auto born = birthDate(n);
    if (!born || born->year() < 1880 || *born > today)
        return Problem::BirthDate;
    if (checkDigit(QStringView(n).left(17)) != n[17])
        return Problem::CheckDigit;
    return Problem::None;
}

bool isMale(const QString &n)
{
    return n.size() == 18 && (n[16].unicode() - u'0') % 2 == 1;
}

QString masked(const QString &n)
{
    if (n.size() <= 7)
        return QString(n.size(), u'*');
    return n.left(3) + QString(n.size() - 7, u'*') + n.right(4);
}

} // namespace ow::idNumber
