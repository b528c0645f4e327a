#include "ui/FormController.h"

#include "catalog/CatalogText.h"
#include "common/Logging.h"
#include "ui/CatalogService.h"

#include <QJsonArray>

#include <algorithm>
#include <utility>

namespace ow {

namespace {

QString language()
{
    return CatalogService::instance() ? CatalogService::instance()->language() : QStringLiteral("zh");
}

QJsonValue toJson(const Field &f, const QVariant &v)
{
    if (!v.isValid() || v.isNull())
        return QJsonValue::Null;
    switch (f.type) {
    case FieldType::Number:
    case FieldType::Money: {
        if (v.typeId() == QMetaType::Double || v.typeId() == QMetaType::Int)
            return v.toDouble();
        const QString s = v.toString().trimmed();
        if (s.isEmpty())
            return QJsonValue::Null;
        bool ok = false;
        const double d = s.toDouble(&ok);
        return ok ? QJsonValue(d) : QJsonValue(s); // kept as text so the rules can say what is wrong
    }
    case FieldType::YesNo:
        return v.toBool();
    case FieldType::MultiChoice:
    case FieldType::Attachment:
        return QJsonArray::fromStringList(v.toStringList());
    default:
        return v.toString();
    }
}

} // namespace

FormController::FormController(QObject *parent)
    : QAbstractListModel(parent)
{
    m_advance.setSingleShot(true);
    m_advance.setInterval(450);
    connect(&m_advance, &QTimer::timeout, this, [this] {
        if (m_page == m_advanceFrom)
            next();
    });
}

void FormController::setItemId(const QString &id)
{
    if (id == m_itemId && m_form)
        return;
    m_itemId = id;
    CatalogService *service = CatalogService::instance();
    auto item = service ? service->catalog().item(id) : nullptr;
    if (!item) {
        m_loadError = CatalogText::tr("This service is not available on this device.");
        qCWarning(lcCatalog) << "form requested for unknown item" << id;
        beginResetModel();
        m_form.reset();
        m_entries.clear();
        endResetModel();
        Q_EMIT itemChanged();
        Q_EMIT pageChanged();
        return;
    }
    setItem(item);
}

void FormController::setItem(std::shared_ptr<const ServiceItem> item)
{
    CatalogService *service = CatalogService::instance();
    m_itemId = item->id;
    m_loadError.clear();
    m_form = std::make_unique<FormState>(item, FieldCheckContext{service ? &service->catalog().regions() : nullptr,
                                                                 service ? service->today() : QDate::currentDate()});
    m_page = 0;
    m_advance.stop();
    m_touched.clear();
    m_prefilled.clear();
    m_showErrors = false;
    if (m_preview) {
        for (const FieldGroup &g : m_form->item().groups) {
            if (g.repeat)
                m_form->addRow(g.id);
        }
    }
    rebuild();
    Q_EMIT itemChanged();
    Q_EMIT pageChanged();
    Q_EMIT valuesChanged();
}

QString FormController::itemName() const
{
    return m_form ? m_form->item().name.in(language()) : QString();
}

void FormController::setKiosk(bool kiosk)
{
    if (m_kiosk == kiosk)
        return;
    m_kiosk = kiosk;
    m_page = 0;
    rebuild();
    Q_EMIT pageChanged();
}

void FormController::setOnePerPage(bool onePerPage)
{
    if (m_onePerPage == onePerPage)
        return;
    m_onePerPage = onePerPage;
    m_page = 0;
    m_showErrors = false;
    rebuild();
    Q_EMIT showErrorsChanged();
    Q_EMIT pageChanged();
}

void FormController::setPreview(bool preview)
{
    if (m_preview == preview)
        return;
    m_preview = preview;
    if (m_form)
        setItem(m_form->itemPointer());
    Q_EMIT pageChanged();
}

QList<const FieldGroup *> FormController::visibleGroups() const
{
    QList<const FieldGroup *> out;
    if (!m_form)
        return out;
    for (const FieldGroup &g : m_form->item().groups) {
        if (m_preview || m_form->groupVisible(g.id))
            out.append(&g);
    }
    return out;
}

QList<FormController::Page> FormController::pages() const
{
    QList<Page> out;
    for (const FieldGroup *g : visibleGroups()) {
        if (!m_onePerPage || g->repeat) {
            out.append(Page{g, {}});
            continue;
        }
        // One question per page: a field on its own, the fields that share a `question` key
        // together (a bank and its card number), and what the identification filled in confirmed
        // on one page together with the first thing about the person it could not fill (the
        // phone, for a card), so that a card holder is not asked about each line of the card.
        const bool identified = std::any_of(g->fields.cbegin(), g->fields.cend(),
                                            [this](const Field &f) { return m_prefilled.contains(f.id); });
        bool missingAsked = false;
        QHash<QString, qsizetype> pageOf; // question key → its page
        for (const Field &f : g->fields) {
            if (!m_preview && !m_form->fieldVisible(f.id))
                continue;
            QString key = f.question;
            if (key.isEmpty() && identified && f.prefill.startsWith(QLatin1String("identity."))) {
                if (m_prefilled.contains(f.id) || !std::exchange(missingAsked, true))
                    key = QStringLiteral("#card");
            }
            const auto it = key.isEmpty() ? pageOf.cend() : pageOf.constFind(key);
            if (it != pageOf.cend()) {
                out[*it].fields.append(f.id);
                continue;
            }
            if (!key.isEmpty())
                pageOf.insert(key, out.size());
            out.append(Page{g, {f.id}});
        }
    }
    return out;
}

QList<const FieldGroup *> FormController::pageGroups() const
{
    if (!m_form)
        return {};
    if (m_kiosk && m_onePerPage) {
        const auto all = pages();
        if (all.isEmpty())
            return {};
        return {all.at(std::clamp(m_page, 0, static_cast<int>(all.size()) - 1)).group};
    }
    if (!m_kiosk) {
        QList<const FieldGroup *> all;
        for (const FieldGroup &g : m_form->item().groups)
            all.append(&g);
        return all;
    }
    const auto visible = visibleGroups();
    if (visible.isEmpty())
        return {};
    return {visible.at(std::clamp(m_page, 0, static_cast<int>(visible.size()) - 1))};
}

int FormController::pageCount() const
{
    if (m_kiosk && m_onePerPage)
        return static_cast<int>(pages().size());
    return m_kiosk ? static_cast<int>(visibleGroups().size()) : (m_form ? 1 : 0);
}

void FormController::setCurrentPage(int page)
{
    page = std::clamp(page, 0, std::max(0, pageCount() - 1));
    m_advance.stop();
    if (page == m_page)
        return;
    m_page = page;
    m_showErrors = false;
    rebuild();
    Q_EMIT showErrorsChanged();
    Q_EMIT pageChanged();
}

QString FormController::pageTitle() const
{
    const auto groups = pageGroups();
    if (!m_kiosk)
        return itemName();
    return groups.isEmpty() ? QString() : groups.first()->title.in(language());
}

void FormController::rebuild()
{
    beginResetModel();
    m_entries.clear();
    if (m_kiosk && m_onePerPage && m_form) {
        const auto all = pages();
        if (!all.isEmpty()) {
            const Page &p = all.at(std::clamp(m_page, 0, static_cast<int>(all.size()) - 1));
            if (!p.fields.isEmpty()) {
                m_entries.append({QStringLiteral("header"), p.group->id, QString(), -1});
                for (const QString &id : p.fields)
                    m_entries.append({QStringLiteral("field"), p.group->id, id, -1});
                endResetModel();
                return;
            }
        }
    }
    for (const FieldGroup *g : pageGroups()) {
        m_entries.append({QStringLiteral("header"), g->id, QString(), -1});
        if (g->repeat) {
            const int rows = m_form->rowCount(g->id);
            for (int r = 0; r < rows; ++r) {
                m_entries.append({QStringLiteral("row"), g->id, QString(), r});
                for (const Field &f : g->fields)
                    m_entries.append({QStringLiteral("field"), g->id, f.id, r});
            }
            m_entries.append({QStringLiteral("addRow"), g->id, QString(), -1});
        } else {
            for (const Field &f : g->fields)
                m_entries.append({QStringLiteral("field"), g->id, f.id, -1});
        }
    }
    endResetModel();
}

void FormController::refresh()
{
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0), index(static_cast<int>(m_entries.size()) - 1));
    Q_EMIT valuesChanged();
}

const Field *FormController::fieldOf(const Entry &e) const
{
    return e.fieldId.isEmpty() || !m_form ? nullptr : m_form->item().field(e.fieldId);
}

int FormController::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QHash<int, QByteArray> FormController::roleNames() const
{
    return {{KindRole, "kind"},
            {FieldIdRole, "fieldId"},
            {GroupIdRole, "groupId"},
            {RowRole, "row"},
            {TypeRole, "type"},
            {LabelRole, "label"},
            {HelpRole, "help"},
            {RequiredRole, "mandatory"},
            {VisibleRole, "shown"},
            {ValueRole, "value"},
            {DisplayValueRole, "displayValue"},
            {ErrorRole, "error"},
            {OptionsRole, "options"},
            {MaxLengthRole, "maxLength"},
            {ReadOnlyRole, "readOnly"}};
}

QVariant FormController::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size() || !m_form)
        return {};
    const Entry &e = m_entries.at(index.row());
    const FieldGroup *g = m_form->item().group(e.groupId);
    const Field *f = fieldOf(e);
    const QString lang = language();
    switch (role) {
    case KindRole:
        return e.kind;
    case FieldIdRole:
        return e.fieldId;
    case GroupIdRole:
        return e.groupId;
    case RowRole:
        return e.row;
    case TypeRole:
        return f ? fieldType::key(f->type) : QString();
    case LabelRole:
        if (f)
            return f->label.in(lang);
        if (e.kind == QLatin1String("row") && g->repeat)
            return QStringLiteral("%1 %2").arg(g->repeat->itemLabel.in(lang)).arg(e.row + 1);
        if (e.kind == QLatin1String("addRow") && g->repeat)
            return CatalogText::tr("Add %1").arg(g->repeat->itemLabel.in(lang));
        return g->title.in(lang);
    case HelpRole:
        return f ? f->help.in(lang) : QString();
    case RequiredRole:
        if (!f)
            return false;
        return m_preview ? (f->required || f->requiredWhen != nullptr) : m_form->fieldRequired(f->id, e.row);
    case VisibleRole:
        if (m_preview)
            return true;
        if (f)
            return m_form->fieldVisible(f->id, e.row);
        if (e.kind == QLatin1String("addRow"))
            return m_form->groupVisible(e.groupId) && m_form->rowCount(e.groupId) < g->repeat->max;
        return m_form->groupVisible(e.groupId);
    case ValueRole:
        return f ? m_form->value(f->id, e.row).toVariant() : QVariant();
    case DisplayValueRole: {
        if (!f)
            return QString();
        const QJsonValue v = m_form->value(f->id, e.row);
        // At the kiosk an attachment is a picture taken there.
        if (m_kiosk && f->type == FieldType::Attachment && !fieldRules::isEmpty(*f, v))
            return CatalogText::tr("Picture taken");
        return fieldRules::displayText(*f, v, lang);
    }
    case ErrorRole: {
        if (!f || m_preview)
            return QString();
        const QString key = QStringLiteral("%1#%2").arg(f->id).arg(e.row);
        if (!m_showErrors && !m_touched.contains(key))
            return QString();
        return m_form->fieldProblem(f->id, e.row);
    }
    case OptionsRole: {
        QVariantList out;
        if (f) {
            for (const ChoiceOption &o : f->options)
                out.append(
                    QVariantMap{{QStringLiteral("value"), o.value}, {QStringLiteral("label"), o.label.in(lang)}});
        }
        return out;
    }
    case MaxLengthRole:
        return f && f->maxLength ? *f->maxLength : 0;
    case ReadOnlyRole:
        return false;
    }
    return {};
}

void FormController::setValue(int row, const QVariant &value)
{
    if (row < 0 || row >= m_entries.size() || !m_form)
        return;
    const Entry &e = m_entries.at(row);
    const Field *f = fieldOf(e);
    if (!f)
        return;
    m_form->setValue(f->id, toJson(*f, value), e.row);
    const int pagesBefore = pageCount();
    refresh();
    if (pageCount() != pagesBefore)
        Q_EMIT pageChanged();
    advanceAfterChoice(*f);
}

void FormController::advanceAfterChoice(const Field &f)
{
    m_advance.stop();
    if (!m_kiosk || !m_onePerPage || m_preview || (f.type != FieldType::Choice && f.type != FieldType::YesNo))
        return;
    const auto all = pages();
    if (m_page < 0 || m_page + 1 >= all.size() || all.at(m_page).fields != QStringList{f.id} ||
        !m_form->fieldProblem(f.id).isEmpty())
        return;
    m_advanceFrom = m_page;
    m_advance.start();
}

void FormController::markTouched(int row)
{
    if (row < 0 || row >= m_entries.size())
        return;
    const Entry &e = m_entries.at(row);
    m_touched.insert(QStringLiteral("%1#%2").arg(e.fieldId).arg(e.row));
    Q_EMIT dataChanged(index(row), index(row), {ErrorRole});
}

int FormController::problemCount() const
{
    return m_form && !m_preview ? static_cast<int>(m_form->problems().size()) : 0;
}

QVariantList FormController::materials() const
{
    QVariantList out;
    if (!m_form)
        return out;
    for (const MaterialNeed &n : m_form->materialNeeds(m_licences)) {
        out.append(QVariantMap{{QStringLiteral("name"), n.material->name.in(language())},
                               {QStringLiteral("reused"), n.reusedELicence}});
    }
    return out;
}

bool FormController::next()
{
    if (!m_form)
        return false;
    int problems = 0;
    const auto all = m_kiosk && m_onePerPage ? pages() : QList<Page>();
    const Page page = all.isEmpty() ? Page() : all.at(std::clamp(m_page, 0, static_cast<int>(all.size()) - 1));
    if (!page.fields.isEmpty()) {
        // One question per page: only what is asked here stops the citizen.
        for (const QString &id : page.fields)
            problems += m_form->fieldProblem(id).isEmpty() ? 0 : 1;
    } else {
        for (const FieldGroup *g : pageGroups())
            problems += static_cast<int>(m_form->problemsInGroup(g->id).size());
    }
    if (problems > 0 && !m_preview) {
        m_showErrors = true;
        Q_EMIT showErrorsChanged();
        refresh();
        return false;
    }
    if (m_page + 1 >= pageCount())
        return true; // the form is complete
    setCurrentPage(m_page + 1);
    return false;
}

void FormController::back()
{
    setCurrentPage(m_page - 1);
}

bool FormController::validateAll()
{
    m_showErrors = true;
    Q_EMIT showErrorsChanged();
    refresh();
    return m_form && m_form->problems().isEmpty();
}

void FormController::addRow(const QString &groupId)
{
    if (m_form && m_form->addRow(groupId)) {
        rebuild();
        Q_EMIT valuesChanged();
    }
}

void FormController::removeRow(const QString &groupId, int row)
{
    if (m_form && m_form->removeRow(groupId, row)) {
        rebuild();
        Q_EMIT valuesChanged();
    }
}

QVariantMap FormController::submission() const
{
    return m_form ? m_form->submission().toVariantMap() : QVariantMap();
}

void FormController::prefillIdentity(const QVariantMap &identity)
{
    if (!m_form)
        return;
    m_form->prefill(QJsonObject::fromVariantMap(identity), m_licences);
    // What the card filled in is confirmed on one page in one-per-page mode.
    m_prefilled.clear();
    for (const FieldGroup &g : m_form->item().groups) {
        for (const Field &f : g.fields) {
            if (!g.repeat && f.prefill.startsWith(QLatin1String("identity.")) &&
                !fieldRules::isEmpty(f, m_form->value(f.id)))
                m_prefilled.insert(f.id);
        }
    }
    if (m_onePerPage) {
        rebuild();
        Q_EMIT pageChanged();
    }
    refresh();
}

void FormController::setHeldLicences(const QVariantList &licences)
{
    m_licences.clear();
    for (const QVariant &v : licences) {
        const QVariantMap m = v.toMap();
        m_licences.append({m.value(QStringLiteral("type")).toString(),
                           QJsonObject::fromVariantMap(m.value(QStringLiteral("fields")).toMap())});
    }
    if (m_form)
        m_form->prefill({}, m_licences);
    refresh();
}

void FormController::requestAttachment(int row)
{
    if (row < 0 || row >= m_entries.size())
        return;
    const Entry &e = m_entries.at(row);
    if (const Field *f = fieldOf(e))
        Q_EMIT attachmentRequested(f->id, e.row, f->accept);
}

void FormController::removeAttachment(int row)
{
    if (row < 0 || row >= m_entries.size() || !m_form)
        return;
    const Entry &e = m_entries.at(row);
    const Field *f = fieldOf(e);
    if (!f || f->type != FieldType::Attachment)
        return;
    QStringList references;
    for (const QJsonValue &v : m_form->value(f->id, e.row).toArray())
        references.append(v.toString());
    const QString fieldId = f->id;
    const int fieldRow = e.row;
    setValue(row, QVariant());
    Q_EMIT attachmentRemoved(fieldId, fieldRow, references);
}

void FormController::setFieldValue(const QString &fieldId, int row, const QVariant &value)
{
    if (!m_form)
        return;
    const Field *f = m_form->item().field(fieldId);
    if (!f)
        return;
    m_form->setValue(fieldId, toJson(*f, value), row);
    m_touched.insert(QStringLiteral("%1#%2").arg(fieldId).arg(row));
    const int pagesBefore = pageCount();
    refresh();
    if (pageCount() != pagesBefore)
        Q_EMIT pageChanged();
}

void FormController::restoreAnswers(const QJsonObject &answers)
{
    if (!m_form)
        return;
    m_form->setValues(answers);
    rebuild(); // repeated groups may have more rows now
    Q_EMIT pageChanged();
    Q_EMIT valuesChanged();
}

void FormController::clear()
{
    m_licences.clear();
    if (m_form)
        setItem(m_form->itemPointer());
}

} // namespace ow
