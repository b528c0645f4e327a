#pragma once

#include <QString>
#include <QStringView>

namespace ow {

// Which on-screen keypad a form field gets, and which keys it accepts given the text already in
// the field. Keys are appended at the end: the keypads have no cursor.
class KeypadRules
{
public:
    enum class Kind {
        Letters,  // the Pinyin / letters keyboard
        IdNumber, // digits, and X only as the 18th character (公民身份号码 check digit)
        Mobile,   // digits only, at most 11
        Digits,   // digits only (integers)
        Decimal,  // digits and one decimal point (numbers, money)
    };

    explicit KeypadRules(Kind kind = Kind::Letters)
        : m_kind(kind)
    {}

    // From a catalog field type: idNumber, mobile, integer, number, money; anything else gets
    // letters.
    static KeypadRules forFieldType(QStringView fieldType);

    Kind kind() const { return m_kind; }
    // The keys the keypad shows, in order; empty for the letters keyboard.
    QString keys() const;
    // The longest text the keypad builds; 0 when unlimited.
    int maxLength() const;
    // Whether key may be appended to text. The letters keyboard accepts everything.
    bool accepts(QStringView text, QChar key) const;

private:
    Kind m_kind;
};

} // namespace ow
