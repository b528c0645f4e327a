#include "domain/Uscc.h"

namespace ow::uscc {

namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kRadix = 31;
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

int valueOf(QChar c)
{
    if (c.unicode() > 127)
        return -1;
    for (int i = 0; i < kRadix; ++i) {
        if (kAlphabet[i] == c.toLatin1())
            return i;
    }
    return -1;
}

} // namespace

QString normalized(const QString &text)
{
    QString out;
    out.reserve(18);
    for (QChar c : text) {
        if (c.isSpace())
            continue;
        out.append(c.unicode() < 128 ? c.toUpper() : c);
    }
    return out;
}

bool inAlphabet(QChar c)
{
    return valueOf(c) >= 0;
}

QChar checkCharacter(QStringView first17)
{
    if (first17.size() != 17)
        return {};
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        const int v = valueOf(first17[i]);
        if (v < 0)
            return {};
        sum += v * kWeights[i];
    }
    return QChar::fromLatin1(kAlphabet[(kRadix - sum % kRadix) % kRadix]);
}

Problem check(const QString &code)
{
    if (code.size() != 18)
        return Problem::Length;
    for (QChar c : code) {
        if (!inAlphabet(c))
            return Problem::Characters;
    }
    if (checkCharacter(QStringView(code).left(17)) != code[17])
        return Problem::CheckCharacter;
    return Problem::None;
}

} // namespace ow::uscc
