#include "catalog/FormState.h"

#include "catalog/CatalogText.h"
#include "catalog/RegionTable.h"

#include <QJsonArray>

namespace ow {

class FormState::RowScope final : public expr::Scope
{
public:
    RowScope(const FormState &form, int row)
        : m_form(form)
        , m_row(row)
    {}

    expr::Value value(const QString &group, const QString &field) const override
    {
        return m_form.expressionValue(field, group.isEmpty() ? -1 : m_row);
    }
    int rowCount(const QString &group) const override
    {
        return m_form.groupVisible(group) ? m_form.rowCount(group) : 0;
    }
    QDate today() const override { return m_form.m_context.today; }

private:
    const FormState &m_form;
    int m_row;
};

FormState::FormState(std::shared_ptr<const ServiceItem> item, FieldCheckContext context)
    : m_item(std::move(item))
    , m_context(context)
{}

QJsonValue FormState::value(const QString &fieldId, int row) const
{
    const FieldGroup *g = m_item->groupOfField(fieldId);
    if (!g)
        return {};
    if (g->repeat) {
        const QJsonArray rows = m_values.value(g->id).toArray();
        if (row < 0 || row >= rows.size())
            return {};
        return rows.at(row).toObject().value(fieldId);
    }
    return m_values.value(fieldId);
}

void FormState::setValue(const QString &fieldId, const QJsonValue &value, int row)
{
    const FieldGroup *g = m_item->groupOfField(fieldId);
    if (!g)
        return;
    if (g->repeat) {
        QJsonArray rows = m_values.value(g->id).toArray();
        if (row < 0 || row >= rows.size())
            return;
        QJsonObject r = rows.at(row).toObject();
        r.insert(fieldId, value);
        rows.replace(row, r);
        m_values.insert(g->id, rows);
        return;
    }
    m_values.insert(fieldId, value);
}

int FormState::rowCount(const QString &groupId) const
{
    return static_cast<int>(m_values.value(groupId).toArray().size());
}

bool FormState::addRow(const QString &groupId)
{
    const FieldGroup *g = m_item->group(groupId);
    if (!g || !g->repeat || rowCount(groupId) >= g->repeat->max)
        return false;
    QJsonArray rows = m_values.value(groupId).toArray();
    rows.append(QJsonObject());
    m_values.insert(groupId, rows);
    return true;
}

bool FormState::removeRow(const QString &groupId, int row)
{
    QJsonArray rows = m_values.value(groupId).toArray();
    if (row < 0 || row >= rows.size())
        return false;
    rows.removeAt(row);
    m_values.insert(groupId, rows);
    return true;
}

bool FormState::groupVisible(const QString &groupId) const
{
    const FieldGroup *g = m_item->group(groupId);
    return g && expr::holds(g->visibleWhen, RowScope(*this, -1));
}

bool FormState::fieldVisible(const QString &fieldId, int row) const
{
    const FieldGroup *g = m_item->groupOfField(fieldId);
    if (!g || !groupVisible(g->id))
        return false;
    if (g->repeat && (row < 0 || row >= rowCount(g->id)))
        return false;
    const Field *f = m_item->field(fieldId);
    return expr::holds(f->visibleWhen, RowScope(*this, row));
}

bool FormState::fieldRequired(const QString &fieldId, int row) const
{
    if (!fieldVisible(fieldId, row))
        return false;
    const Field *f = m_item->field(fieldId);
    return f->required || (f->requiredWhen && expr::holds(f->requiredWhen, RowScope(*this, row)));
}

expr::Value FormState::expressionValue(const QString &fieldId, int row) const
{
    if (!fieldVisible(fieldId, row))
        return {};
    return fieldRules::toExpressionValue(*m_item->field(fieldId), value(fieldId, row));
}

QString FormState::fieldProblem(const QString &fieldId, int row) const
{
    if (!fieldVisible(fieldId, row))
        return {};
    const Field *f = m_item->field(fieldId);
    const QJsonValue v = value(fieldId, row);
    if (fieldRules::isEmpty(*f, v)) {
        if (!fieldRequired(fieldId, row))
            return {};
        switch (f->type) {
        case FieldType::Signature:
            return CatalogText::tr("Please sign here.");
        case FieldType::Attachment:
            return CatalogText::tr("Add the file here.");
        case FieldType::Choice:
        case FieldType::MultiChoice:
        case FieldType::YesNo:
        case FieldType::Region:
            return CatalogText::tr("Please choose an answer.");
        default:
            return CatalogText::tr("Please fill this in.");
        }
    }
    return fieldRules::check(*f, v, m_context);
}

QList<FormState::Problem> FormState::problemsInGroup(const QString &groupId) const
{
    QList<Problem> out;
    const FieldGroup *g = m_item->group(groupId);
    if (!g || !groupVisible(groupId))
        return out;
    if (g->repeat) {
        const int rows = rowCount(groupId);
        if (rows < g->repeat->min) {
            out.append({g->id, -1, QString(),
                        CatalogText::tr("Add at least %1 “%2”.").arg(g->repeat->min).arg(g->repeat->itemLabel.zh)});
        }
        for (int r = 0; r < rows; ++r) {
            for (const Field &f : g->fields) {
                const QString p = fieldProblem(f.id, r);
                if (!p.isEmpty())
                    out.append({g->id, r, f.id, p});
            }
        }
        return out;
    }
    for (const Field &f : g->fields) {
        const QString p = fieldProblem(f.id);
        if (!p.isEmpty())
            out.append({g->id, -1, f.id, p});
    }
    return out;
}

QList<FormState::Problem> FormState::problems() const
{
    QList<Problem> out;
    for (const FieldGroup &g : m_item->groups)
        out += problemsInGroup(g.id);
    return out;
}

QList<const Material *> FormState::requiredMaterials() const
{
    QList<const Material *> out;
    const RowScope scope(*this, -1);
    for (const Material &m : m_item->materials) {
        if (m.necessity == QLatin1String("required") ||
            (m.necessity == QLatin1String("conditional") && expr::holds(m.condition, scope)))
            out.append(&m);
    }
    return out;
}

QList<const Material *> FormState::optionalMaterials() const
{
    QList<const Material *> out;
    for (const Material &m : m_item->materials) {
        if (m.necessity == QLatin1String("optional"))
            out.append(&m);
    }
    return out;
}

QJsonObject FormState::submission() const
{
    QJsonObject out;
    for (const FieldGroup &g : m_item->groups) {
        if (!groupVisible(g.id))
            continue;
        if (g.repeat) {
            QJsonArray rows;
            for (int r = 0; r < rowCount(g.id); ++r) {
                QJsonObject row;
                for (const Field &f : g.fields) {
                    const QJsonValue v = value(f.id, r);
                    if (fieldVisible(f.id, r) && !fieldRules::isEmpty(f, v))
                        row.insert(f.id, fieldRules::normalized(f, v));
                }
                rows.append(row);
            }
            out.insert(g.id, rows);
            continue;
        }
        for (const Field &f : g.fields) {
            const QJsonValue v = value(f.id);
            if (fieldVisible(f.id) && !fieldRules::isEmpty(f, v))
                out.insert(f.id, fieldRules::normalized(f, v));
        }
    }
    return out;
}

} // namespace ow

namespace ow {

void FormState::prefill(const QJsonObject &identity, const QList<ELicence> &licences)
{
    for (const FieldGroup &g : m_item->groups) {
        if (g.repeat)
            continue;
        for (const Field &f : g.fields) {
            if (f.prefill.isEmpty() || !fieldRules::isEmpty(f, value(f.id)))
                continue;
            QJsonValue v;
            if (f.prefill.startsWith(QLatin1String("identity."))) {
                v = identity.value(f.prefill.mid(9));
            } else if (f.prefill.startsWith(QLatin1String("eLicence:"))) {
                const QString rest = f.prefill.mid(9);
                const QString type = rest.section(QLatin1Char('.'), 0, 0);
                const QString key = rest.section(QLatin1Char('.'), 1);
                for (const ELicence &l : licences) {
                    if (l.type == type && l.fields.contains(key)) {
                        v = l.fields.value(key);
                        break;
                    }
                }
            }
            // A region the table cannot offer (an ID number's retired county code) stays unasked
            // rather than prefilled with a value the citizen would be told is wrong.
            if (f.type == FieldType::Region && m_context.regions && !m_context.regions->isPickable(v.toString()))
                continue;
            if (!v.isUndefined() && !v.isNull())
                setValue(f.id, fieldRules::normalized(f, v));
        }
    }
}

QList<MaterialNeed> FormState::materialNeeds(const QList<ELicence> &licences) const
{
    QList<MaterialNeed> out;
    for (const Material *m : requiredMaterials()) {
        bool reused = false;
        for (const ELicence &l : licences)
            reused = reused || (!m->eLicenceType.isEmpty() && l.type == m->eLicenceType);
        out.append({m, reused});
    }
    return out;
}

} // namespace ow
