#include "KeypadRules.h"

namespace ow {

namespace {

constexpr int kIdNumberLength = 18;
constexpr int kMobileLength = 11;

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

} // namespace

KeypadRules KeypadRules::forFieldType(QStringView fieldType)
{
    if (fieldType == u"idNumber")
        return KeypadRules(Kind::IdNumber);
    if (fieldType == u"mobile")
        return KeypadRules(Kind::Mobile);
    if (fieldType == u"integer")
        return KeypadRules(Kind::Digits);
    if (fieldType == u"number" || fieldType == u"money")
        return KeypadRules(Kind::Decimal);
    return KeypadRules(Kind::Letters);
}

QString KeypadRules::keys() const
{
    switch (m_kind) {
    case Kind::Letters:
        return {};
    case Kind::IdNumber:
        return QStringLiteral("0123456789X");
    case Kind::Mobile:
    case Kind::Digits:
        return QStringLiteral("0123456789");
    case Kind::Decimal:
        return QStringLiteral("0123456789.");
    }
    return {};
}

int KeypadRules::maxLength() const
{
    switch (m_kind) {
    case Kind::IdNumber:
        return kIdNumberLength;
    case Kind::Mobile:
        return kMobileLength;
    case Kind::Letters:
    case Kind::Digits:
    case Kind::Decimal:
        return 0;
    }
    return 0;
}

bool KeypadRules::accepts(QStringView text, QChar key) const
{
    switch (m_kind) {
    case Kind::Letters:
        return true;
    case Kind::IdNumber:
        if (text.size() >= kIdNumberLength || text.endsWith(u'X'))
            return false;
        if (key == u'X' || key == u'x')
            return text.size() == kIdNumberLength - 1;
        return isDigit(key);
    case Kind::Mobile:
        return text.size() < kMobileLength && isDigit(key);
    case Kind::Digits:
        return isDigit(key);
    case Kind::Decimal:
        if (key == u'.') // after a digit, once
            return !text.isEmpty() && !text.contains(u'.');
        return isDigit(key);
    }
    return false;
}

} // namespace ow
