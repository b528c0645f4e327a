#include "catalog/FieldRules.h"

#include "catalog/CatalogText.h"
#include "catalog/RegionTable.h"
#include "domain/IdNumber.h"
#include "domain/Uscc.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <cmath>

namespace ow::fieldRules {

namespace {

QString digitsOnly(const QString &s)
{
    QString out;
    for (QChar c : s) {
        if (!c.isSpace())
            out.append(c);
    }
    return out;
}

bool hasAtMostDecimals(double v, int decimals)
{
    const double scaled = v * std::pow(10.0, decimals);
    return std::fabs(scaled - std::round(scaled)) < 1e-6;
}

bool passesLuhn(const QString &digits)
{
    int sum = 0;
    bool twice = false;
    for (auto i = digits.size() - 1; i >= 0; --i) {
        int d = digits[i].unicode() - u'0';
        if (twice) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

QString numberText(double v)
{
    return QString::number(v, 'g', 15);
}

} // namespace

bool isEmpty(const Field &field, const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return true;
    if (value.isString())
        return value.toString().trimmed().isEmpty();
    if (value.isArray())
        return value.toArray().isEmpty();
    Q_UNUSED(field);
    return false;
}

QJsonValue normalized(const Field &field, const QJsonValue &value)
{
    if (!value.isString())
        return value;
    const QString s = value.toString();
    switch (field.type) {
    case FieldType::IdNumber:
        return idNumber::normalized(s);
    case FieldType::Uscc:
        return uscc::normalized(s);
    case FieldType::BankCard:
    case FieldType::Mobile:
        return digitsOnly(s);
    case FieldType::Multiline:
        return s.trimmed();
    default:
        return s.trimmed();
    }
}

QString check(const Field &f, const QJsonValue &raw, const FieldCheckContext &ctx)
{
    const QJsonValue value = normalized(f, raw);
    switch (f.type) {
    case FieldType::Text:
    case FieldType::Multiline:
    case FieldType::Address: {
        if (!value.isString())
            return CatalogText::tr("Enter text here.");
        const QString s = value.toString();
        const int length = static_cast<int>(s.toUcs4().size());
        const int maxLength =
            f.maxLength.value_or(f.type == FieldType::Multiline ? 1000 : (f.type == FieldType::Address ? 200 : 100));
        if (f.minLength && length < *f.minLength)
            return CatalogText::tr("Enter at least %n character(s).", nullptr, *f.minLength);
        if (length > maxLength)
            return CatalogText::tr("Enter at most %n character(s).", nullptr, maxLength);
        if (!f.pattern.isEmpty()) {
            const QRegularExpression re(QStringLiteral("\\A(?:") + f.pattern + QStringLiteral(")\\z"));
            if (!re.match(s).hasMatch())
                return CatalogText::tr("This is not in the expected form.");
        }
        return {};
    }
    case FieldType::Number:
    case FieldType::Money: {
        if (!value.isDouble())
            return CatalogText::tr("Enter a number.");
        const double v = value.toDouble();
        const int decimals = f.type == FieldType::Money ? 2 : f.decimals;
        if (!hasAtMostDecimals(v, decimals)) {
            return decimals == 0 ? CatalogText::tr("Enter a whole number.")
                                 : CatalogText::tr("Use at most %n decimal place(s).", nullptr, decimals);
        }
        if (f.minNumber && v < *f.minNumber)
            return CatalogText::tr("Enter %1 or more.").arg(numberText(*f.minNumber));
        if (f.maxNumber && v > *f.maxNumber)
            return CatalogText::tr("Enter %1 or less.").arg(numberText(*f.maxNumber));
        return {};
    }
    case FieldType::Date: {
        const QDate d = QDate::fromString(value.toString(), QStringLiteral("yyyy-MM-dd"));
        if (!d.isValid())
            return CatalogText::tr("Enter a real date.");
        if (f.minDate && d < *f.minDate)
            return CatalogText::tr("The date must be on or after %1.").arg(f.minDate->toString(Qt::ISODate));
        if (f.maxDate && d > *f.maxDate)
            return CatalogText::tr("The date must be on or before %1.").arg(f.maxDate->toString(Qt::ISODate));
        return {};
    }
    case FieldType::Choice: {
        for (const ChoiceOption &o : f.options) {
            if (o.value == value.toString())
                return {};
        }
        return CatalogText::tr("Choose one of the options.");
    }
    case FieldType::MultiChoice: {
        if (!value.isArray())
            return CatalogText::tr("Choose one of the options.");
        QStringList seen;
        for (const QJsonValue &v : value.toArray()) {
            bool known = false;
            for (const ChoiceOption &o : f.options)
                known = known || o.value == v.toString();
            if (!known || seen.contains(v.toString()))
                return CatalogText::tr("Choose one of the options.");
            seen.append(v.toString());
        }
        return {};
    }
    case FieldType::YesNo:
        return value.isBool() ? QString() : CatalogText::tr("Answer yes or no.");
    case FieldType::IdNumber: {
        const QString n = value.toString();
        switch (idNumber::check(n, ctx.today)) {
        case idNumber::Problem::None:
            break;
        case idNumber::Problem::Length:
            return CatalogText::tr("A citizen ID number has 18 characters.");
        case idNumber::Problem::Characters:
            return CatalogText::tr("A citizen ID number has 17 digits and then a digit or X.");
        case idNumber::Problem::BirthDate:
            return CatalogText::tr("The birth date in this ID number is not a real date.");
        case idNumber::Problem::CheckDigit:
            return CatalogText::tr("This ID number is not valid: please check every digit.");
        }
        if (ctx.regions && !ctx.regions->isKnownIdPrefix(n.left(6)))
            return CatalogText::tr("The first six digits of this ID number are not a known region.");
        return {};
    }
    case FieldType::Uscc:
        return uscc::isValid(value.toString()) ? QString()
                                               : CatalogText::tr("This unified social credit code is not valid.");
    case FieldType::Mobile: {
        static const QRegularExpression re(QStringLiteral("\\A1[3-9][0-9]{9}\\z"));
        return re.match(value.toString()).hasMatch() ? QString() : CatalogText::tr("Enter an 11-digit mobile number.");
    }
    case FieldType::Region:
        if (ctx.regions && !ctx.regions->isPickable(value.toString()))
            return CatalogText::tr("Choose a county or district from the list.");
        return {};
    case FieldType::BankCard: {
        static const QRegularExpression re(QStringLiteral("\\A[0-9]{12,30}\\z"));
        const QString digits = value.toString();
        if (!re.match(digits).hasMatch())
            return CatalogText::tr("A bank card or account number has 12 to 30 digits.");
        // Card numbers (16-19 digits, ISO/IEC 7812) carry a Luhn check digit; passbook account
        // numbers of the subsidy "one-card" (other lengths) do not, so only cards are checked.
        if (digits.size() >= 16 && digits.size() <= 19 && !passesLuhn(digits))
            return CatalogText::tr("This bank card number is not valid: please check every digit.");
        return {};
    }
    case FieldType::Attachment: {
        const int n = value.isArray() ? static_cast<int>(value.toArray().size()) : 0;
        if (n < f.minCount)
            return CatalogText::tr("Add at least %n file(s).", nullptr, f.minCount);
        if (f.maxCount > 0 && n > f.maxCount)
            return CatalogText::tr("Add at most %n file(s).", nullptr, f.maxCount);
        return {};
    }
    case FieldType::Signature:
        return value.isString() && !value.toString().isEmpty() ? QString() : CatalogText::tr("Please sign here.");
    }
    return {};
}

expr::Value toExpressionValue(const Field &f, const QJsonValue &raw)
{
    expr::Value v;
    if (isEmpty(f, raw))
        return v;
    const QJsonValue value = normalized(f, raw);
    switch (f.type) {
    case FieldType::Number:
    case FieldType::Money:
        if (value.isDouble())
            v.data = value.toDouble();
        break;
    case FieldType::Date: {
        const QDate d = QDate::fromString(value.toString(), QStringLiteral("yyyy-MM-dd"));
        if (d.isValid())
            v.data = d;
        break;
    }
    case FieldType::YesNo:
        if (value.isBool())
            v.data = value.toBool();
        break;
    case FieldType::MultiChoice: {
        QStringList l;
        for (const QJsonValue &x : value.toArray())
            l.append(x.toString());
        v.data = l;
        break;
    }
    case FieldType::Attachment:
    case FieldType::Signature:
        v.data = QStringList{QStringLiteral("set")};
        break;
    default:
        if (value.isString())
            v.data = value.toString();
        break;
    }
    return v;
}

QString displayText(const Field &f, const QJsonValue &raw, const QString &language)
{
    if (isEmpty(f, raw))
        return {};
    const QJsonValue value = normalized(f, raw);
    switch (f.type) {
    case FieldType::IdNumber:
        return idNumber::masked(value.toString());
    case FieldType::BankCard: {
        const QString s = value.toString();
        return s.size() > 4 ? QString(s.size() - 4, u'*') + s.right(4) : s;
    }
    case FieldType::Mobile: {
        const QString s = value.toString();
        return s.size() == 11 ? s.left(3) + QStringLiteral("****") + s.right(4) : s;
    }
    case FieldType::YesNo:
        return value.toBool() ? CatalogText::tr("Yes") : CatalogText::tr("No");
    case FieldType::Choice:
        for (const ChoiceOption &o : f.options) {
            if (o.value == value.toString())
                return o.label.in(language);
        }
        return value.toString();
    case FieldType::MultiChoice: {
        QStringList labels;
        for (const ChoiceOption &o : f.options) {
            if (value.toArray().contains(o.value))
                labels.append(o.label.in(language));
        }
        return labels.join(QStringLiteral("、"));
    }
    case FieldType::Number:
    case FieldType::Money:
        return f.type == FieldType::Money ? QString::number(value.toDouble(), 'f', 2) : numberText(value.toDouble());
    case FieldType::Attachment:
        return CatalogText::tr("%n file(s)", nullptr, static_cast<int>(value.toArray().size()));
    case FieldType::Signature:
        return CatalogText::tr("Signed");
    default:
        return value.toString();
    }
}

} // namespace ow::fieldRules
