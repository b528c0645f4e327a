#include "domain/Uscc.h"

namespace ow::uscc {

namespace {
const QString kAlphabet = QStringLiteral("0123456789ABCDEFGHJKLMNPQRTUWXY");
constexpr int kWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
} // namespace

QString normalized(const QString &text)
{
    QString out;
    for (QChar c : text) {
        if (!c.isSpace())
            out.append(c.toUpper());
    }
    return out;
}

QChar checkCharacter(QStringView first17)
{
    if (first17.size() != 17)
        return {};
    int sum = 0;
    for (int i = 0; i < 17; ++i) {
        const auto v = kAlphabet.indexOf(first17[i]);
        if (v < 0)
            return {};
        sum += static_cast<int>(v) * kWeights[i];
    }
    const int check = (31 - sum % 31) % 31;
    return kAlphabet[check];
}

bool isValid(const QString &code)
{
    if (code.size() != 18)
        return false;
    const QChar expected = checkCharacter(QStringView(code).left(17));
    return !expected.isNull() && expected == code[17];
}

} // namespace ow::uscc
