#include "ItemGuide.h"

#include "ui/CatalogService.h"

namespace ow {

ItemGuide::ItemGuide(CatalogService *catalog, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
{
    connect(m_catalog, &CatalogService::languageChanged, this, &ItemGuide::changed);
    connect(m_catalog, &CatalogService::catalogChanged, this, [this] {
        m_item = m_catalog->catalog().item(m_itemId);
        Q_EMIT changed();
    });
}

QString ItemGuide::lang() const
{
    return m_catalog->language();
}

void ItemGuide::setItemId(const QString &id)
{
    if (m_itemId == id)
        return;
    m_itemId = id;
    m_item = id.isEmpty() ? nullptr : m_catalog->catalog().item(id);
    Q_EMIT changed();
}

QString ItemGuide::name() const
{
    return m_item ? m_item->name.in(lang()) : QString();
}

QString ItemGuide::department() const
{
    return m_item ? m_item->department.name.in(lang()) : QString();
}

QStringList ItemGuide::conditions() const
{
    QStringList out;
    if (m_item) {
        for (const BiText &c : m_item->conditions)
            out.append(c.in(lang()));
    }
    return out;
}

QVariantList ItemGuide::materials() const
{
    QVariantList out;
    if (!m_item)
        return out;
    for (const Material &m : m_item->materials) {
        QStringList detail;
        if (m.kind == QLatin1String("copy"))
            detail.append(tr("%n photocopy(ies)", nullptr, m.copies));
        else if (m.kind == QLatin1String("original"))
            detail.append(tr("%n original(s)", nullptr, m.copies));
        if (!m.eLicenceType.isEmpty())
            detail.append(tr("an e-licence can replace it"));
        const QString notes = m.notes.in(lang());
        out.append(QVariantMap{{QStringLiteral("name"), m.name.in(lang())},
                               {QStringLiteral("necessity"), m.necessity},
                               {QStringLiteral("detail"), detail.join(tr("; "))},
                               {QStringLiteral("notes"), notes}});
    }
    return out;
}

QString ItemGuide::fee() const
{
    if (!m_item)
        return {};
    if (!m_item->feeCharged)
        return tr("Free of charge");
    QStringList parts;
    for (const FeeItem &f : m_item->fees)
        parts.append(tr("%1: %2").arg(f.name.in(lang()), f.standard.in(lang())));
    return parts.isEmpty() ? tr("A fee is charged; the window will tell you how much.") : parts.join(QLatin1Char('\n'));
}

QString ItemGuide::timeLimit() const
{
    if (!m_item)
        return {};
    if (m_item->caseKind == QLatin1String("onTheSpot"))
        return tr("Done on the spot");
    return tr("Within %n working day(s)", nullptr, m_item->promisedLimitDays);
}

QString ItemGuide::visits() const
{
    if (!m_item)
        return {};
    if (m_item->visits == 0)
        return tr("No visit to the hall needed");
    return tr("%n visit(s) to the hall", nullptr, m_item->visits);
}

QVariantList ItemGuide::steps() const
{
    QVariantList out;
    if (!m_item)
        return out;
    for (const ProcessStep &s : m_item->process) {
        out.append(QVariantMap{
            {QStringLiteral("step"), s.step.in(lang())},
            {QStringLiteral("who"), s.who.in(lang())},
            {QStringLiteral("limit"), s.limitDays > 0 ? tr("%n working day(s)", nullptr, s.limitDays) : QString()}});
    }
    return out;
}

QString ItemGuide::result() const
{
    return m_item ? m_item->resultName.in(lang()) : QString();
}

bool ItemGuide::canStart() const
{
    return m_item && m_item->status != QLatin1String("suspended");
}

} // namespace ow
