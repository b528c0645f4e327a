#pragma once

#include "catalog/FieldRules.h"
#include "domain/ServiceItem.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

namespace ow {

// The answers to one item's form and everything the rules say about them: which groups and
// fields are visible and required now, what is wrong, which materials are needed, and the
// submission (only visible fields that have a value). Both kiosk and desk render from this.
// An electronic licence 电子证照 the applicant holds (GB/T 36901), as the e-licence service or a
// verified e-licence QR code gives it: its type code and its fields.
struct ELicence
{
    QString type; // e.g. "household-register"
    QJsonObject fields;
};

// A material the window must collect, and how it is satisfied without paper when possible.
struct MaterialNeed
{
    const Material *material = nullptr;
    bool reusedELicence = false; // 免证办: a held e-licence of the material's type replaces it
};

class FormState
{
public:
    struct Problem
    {
        QString group;
        int row = -1; // row of a repeatable group, -1 otherwise
        QString field;
        QString message; // translated
    };

    FormState(std::shared_ptr<const ServiceItem> item, FieldCheckContext context);

    const ServiceItem &item() const { return *m_item; }
    std::shared_ptr<const ServiceItem> itemPointer() const { return m_item; }
    const FieldCheckContext &context() const { return m_context; }
    void setToday(const QDate &today) { m_context.today = today; }

    QJsonObject values() const { return m_values; }
    void setValues(const QJsonObject &values) { m_values = values; }
    QJsonValue value(const QString &fieldId, int row = -1) const;
    void setValue(const QString &fieldId, const QJsonValue &value, int row = -1);

    int rowCount(const QString &groupId) const;
    bool addRow(const QString &groupId);
    bool removeRow(const QString &groupId, int row);

    bool groupVisible(const QString &groupId) const;
    bool fieldVisible(const QString &fieldId, int row = -1) const;
    bool fieldRequired(const QString &fieldId, int row = -1) const;
    // Empty when the field is fine (or hidden); otherwise what the person should fix.
    QString fieldProblem(const QString &fieldId, int row = -1) const;

    QList<Problem> problems() const;
    QList<Problem> problemsInGroup(const QString &groupId) const;
    // The materials this form needs now: required ones, conditional ones whose condition holds.
    QList<const Material *> requiredMaterials() const;
    QList<const Material *> optionalMaterials() const;
    QJsonObject submission() const;

    // Fills empty fields whose prefill is "identity.<key>" from `identity`, and
    // "eLicence:<type>.<field>" from the held licences. Never overwrites an answer.
    void prefill(const QJsonObject &identity, const QList<ELicence> &licences);
    // The required materials (as requiredMaterials()) with the ones a held e-licence replaces.
    QList<MaterialNeed> materialNeeds(const QList<ELicence> &licences) const;

private:
    class RowScope;
    expr::Value expressionValue(const QString &fieldId, int row) const;

    std::shared_ptr<const ServiceItem> m_item;
    FieldCheckContext m_context;
    QJsonObject m_values;
};

} // namespace ow
