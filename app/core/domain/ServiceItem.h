#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace ow {

namespace expr {
struct Node;
}
using Condition = std::shared_ptr<const expr::Node>; // parsed and type-checked at load time

// A text in both UI languages; zh is primary.
struct BiText
{
    QString zh;
    QString en;
    QString in(const QString &language) const { return language.startsWith(QLatin1String("en")) ? en : zh; }
};

struct Department
{
    QString code; // unified social credit code (GB 32100)
    BiText name;
};

struct ProcessStep
{
    BiText step;
    BiText who;
    int limitDays = 0;
    BiText standard;
};

struct FeeItem
{
    BiText name;
    BiText standard;
    BiText basis;
};

enum class FieldType {
    Text,
    Multiline,
    Number,
    Money,
    Date,
    Choice,
    MultiChoice,
    YesNo,
    IdNumber,
    Uscc,
    Mobile,
    Region,
    Address,
    BankCard,
    Attachment,
    Signature,
};

namespace fieldType {
std::optional<FieldType> fromKey(const QString &key);
QString key(FieldType type);
} // namespace fieldType

struct ChoiceOption
{
    QString value;
    BiText label;
};

struct Field
{
    QString id;
    FieldType type = FieldType::Text;
    BiText label;
    BiText help;
    bool required = false;
    QString requiredWhenText;
    QString visibleWhenText;
    Condition requiredWhen;
    Condition visibleWhen;
    QString prefill;
    // Fields of one group that share this key are one question: asked together on one page
    // where the kiosk asks one question per page (elder mode).
    QString question;
    std::optional<int> minLength;
    std::optional<int> maxLength;
    QString pattern;
    std::optional<double> minNumber;
    std::optional<double> maxNumber;
    std::optional<QDate> minDate;
    std::optional<QDate> maxDate;
    int decimals = 0;
    QList<ChoiceOption> options;
    int minCount = 0;
    int maxCount = 0;
    QStringList accept; // "image", "pdf"
};

struct RepeatRule
{
    int min = 0;
    int max = 0;
    BiText itemLabel;
};

struct FieldGroup
{
    QString id;
    BiText title;
    QString visibleWhenText;
    Condition visibleWhen;
    std::optional<RepeatRule> repeat;
    QList<Field> fields;
};

struct Material
{
    QString id;
    BiText name;
    QString kind;      // original, copy, eLicence
    QString necessity; // required, conditional, optional
    QString conditionText;
    Condition condition;
    int copies = 1;
    QString source; // applicant, issuer
    QString issuer;
    QString eLicenceType;
    BiText notes;
};

// A service item (事项) of the catalog, as forms/items/<id>.json defines it.
struct ServiceItem
{
    QString id;
    int version = 0;
    QString status; // active, suspended
    QString baseCode;
    QString implCode;
    BiText name;
    QString itemType; // licence, payment, confirmation, publicService, other
    QString level;    // county, town, village
    Department department;
    std::optional<Department> entrustedDepartment;
    QList<Department> coDepartments;
    QStringList serviceObject;
    QString caseKind; // onTheSpot, promised
    QList<BiText> conditions;
    QList<ProcessStep> process;
    QStringList channels;
    int statutoryLimitDays = 0;
    int promisedLimitDays = 0;
    int visits = 0;
    bool feeCharged = false;
    QList<FeeItem> fees;
    BiText resultName;
    QString resultType;
    QList<Material> materials;
    QList<FieldGroup> groups;
    QByteArray sourceJson; // the file as loaded, kept so cases validate against their version

    const Field *field(const QString &fieldId) const;
    const FieldGroup *group(const QString &groupId) const;
    const FieldGroup *groupOfField(const QString &fieldId) const;
    int fieldCount() const;
};

} // namespace ow
