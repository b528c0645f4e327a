#include "ItemChooser.h"

#include "ui/CatalogService.h"

#include <algorithm>
#include <utility>

namespace ow {

namespace {

QString kindName(const QString &itemType)
{
    if (itemType == QLatin1String("payment"))
        return ItemChooser::tr("Allowances and benefits");
    if (itemType == QLatin1String("licence"))
        return ItemChooser::tr("Licences and registration");
    if (itemType == QLatin1String("confirmation"))
        return ItemChooser::tr("Certificates and confirmation");
    if (itemType == QLatin1String("publicService"))
        return ItemChooser::tr("Public services");
    return ItemChooser::tr("Other services");
}

} // namespace

ItemChooser::ItemChooser(CatalogService *catalog, QObject *parent)
    : QAbstractListModel(parent)
    , m_catalog(catalog)
{
    connect(m_catalog, &CatalogService::catalogChanged, this, [this] {
        readCatalog();
        Q_EMIT categoriesChanged();
        refilter();
    });
    // Names come in the citizen's language: every row and category changes.
    connect(m_catalog, &CatalogService::languageChanged, this, [this] {
        Q_EMIT categoriesChanged();
        refilter();
    });
    readCatalog();
    refilter();
}

void ItemChooser::readCatalog()
{
    // The pinyin readings are made on the first search typed in letters: ICU's tables stay out
    // of memory for the visits (most of them) that pick an item from the list.
    m_syllables.clear();
    m_syllablesRead = false;
}

void ItemChooser::readSyllables()
{
    if (std::exchange(m_syllablesRead, true))
        return;
    for (const auto &item : offered()) {
        for (const QString &name : {item->name.zh, item->department.name.zh}) {
            if (!m_syllables.contains(name))
                m_syllables.insert(name, m_reading.syllables(name));
        }
    }
}

int ItemChooser::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ItemChooser::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ServiceItem &item = *m_rows.at(index.row());
    const QString lang = m_catalog->language();
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return item.name.in(lang);
    case ItemIdRole:
        return item.id;
    case DepartmentRole:
        return item.department.name.in(lang);
    case PromisedDaysRole:
        return item.promisedLimitDays;
    case OnTheSpotRole:
        return item.caseKind == QLatin1String("onTheSpot");
    case SuspendedRole:
        return item.status == QLatin1String("suspended");
    default:
        return {};
    }
}

QHash<int, QByteArray> ItemChooser::roleNames() const
{
    return {{ItemIdRole, "itemId"},         {NameRole, "name"},
            {DepartmentRole, "department"}, {PromisedDaysRole, "promisedDays"},
            {OnTheSpotRole, "onTheSpot"},   {SuspendedRole, "suspended"}};
}

void ItemChooser::setQuery(const QString &query)
{
    if (m_query == query)
        return;
    m_query = query;
    Q_EMIT queryChanged();
    refilter();
}

void ItemChooser::setGrouping(const QString &grouping)
{
    const QString g = grouping == QLatin1String("kind") ? grouping : QStringLiteral("department");
    if (m_grouping == g)
        return;
    m_grouping = g;
    m_category.clear();
    Q_EMIT groupingChanged();
    Q_EMIT categoryChanged();
    Q_EMIT categoriesChanged();
    refilter();
}

void ItemChooser::setCategory(const QString &category)
{
    if (m_category == category)
        return;
    m_category = category;
    Q_EMIT categoryChanged();
    refilter();
}

QVariantList ItemChooser::categories() const
{
    QVariantList out;
    QHash<QString, int> counts;
    QStringList order;
    QHash<QString, QString> names;
    for (const auto &item : offered()) {
        const QString key = categoryKey(*item);
        if (!counts.contains(key)) {
            order.append(key);
            names.insert(key, categoryName(*item));
        }
        ++counts[key];
    }
    for (const QString &key : order) {
        out.append(QVariantMap{{QStringLiteral("key"), key},
                               {QStringLiteral("name"), names.value(key)},
                               {QStringLiteral("count"), counts.value(key)}});
    }
    return out;
}

void ItemChooser::setLoading(bool loading)
{
    if (m_loading == loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged();
}

void ItemChooser::clear()
{
    const bool changed = !m_query.isEmpty() || !m_category.isEmpty() || m_grouping != QLatin1String("department");
    m_query.clear();
    m_category.clear();
    m_grouping = QStringLiteral("department");
    if (!changed)
        return;
    Q_EMIT queryChanged();
    Q_EMIT groupingChanged();
    Q_EMIT categoryChanged();
    Q_EMIT categoriesChanged();
    refilter();
}

QList<std::shared_ptr<const ServiceItem>> ItemChooser::offered() const
{
    QList<std::shared_ptr<const ServiceItem>> out;
    for (const auto &item : m_catalog->catalog().items()) {
        if (item->channels.contains(QLatin1String(Channel)))
            out.append(item);
    }
    return out;
}

QString ItemChooser::categoryKey(const ServiceItem &item) const
{
    return m_grouping == QLatin1String("kind") ? item.itemType : item.department.code;
}

QString ItemChooser::categoryName(const ServiceItem &item) const
{
    return m_grouping == QLatin1String("kind") ? kindName(item.itemType)
                                               : item.department.name.in(m_catalog->language());
}

bool ItemChooser::matches(const ServiceItem &item) const
{
    if (!m_category.isEmpty() && categoryKey(item) != m_category)
        return false;
    // Every word typed must appear in a name or the department, in either language, or read as
    // the pinyin of the Chinese name or department (in full or by initials); Chinese is typed
    // without spaces, so a Chinese query is one word matched as a substring.
    const QStringList words = m_query.simplified().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        const bool found = item.name.zh.contains(word, Qt::CaseInsensitive) ||
                           item.name.en.contains(word, Qt::CaseInsensitive) ||
                           item.department.name.zh.contains(word, Qt::CaseInsensitive) ||
                           item.department.name.en.contains(word, Qt::CaseInsensitive) ||
                           HanziReading::matchesSyllables(m_syllables.value(item.name.zh), word) ||
                           HanziReading::matchesSyllables(m_syllables.value(item.department.name.zh), word);
        if (!found)
            return false;
    }
    return true;
}

void ItemChooser::refilter()
{
    if (std::any_of(m_query.cbegin(), m_query.cend(), [](QChar c) { return c.isLetter() && c.unicode() < 0x80; }))
        readSyllables();
    m_matches.clear();
    for (const auto &item : offered()) {
        if (matches(*item))
            m_matches.append(item);
    }
    m_page = -1; // always shown afresh: the matches changed
    showPage(0);
}

void ItemChooser::setPageSize(int size)
{
    size = std::max(0, size);
    if (size == m_pageSize)
        return;
    m_pageSize = size;
    m_page = -1;
    showPage(0);
}

int ItemChooser::pageCount() const
{
    if (m_pageSize <= 0 || m_matches.isEmpty())
        return 1;
    return int((m_matches.size() + m_pageSize - 1) / m_pageSize);
}

void ItemChooser::nextPage()
{
    showPage(m_page + 1);
}

void ItemChooser::previousPage()
{
    showPage(m_page - 1);
}

void ItemChooser::showPage(int page)
{
    page = std::clamp(page, 0, pageCount() - 1);
    if (page == m_page)
        return;
    const int before = int(m_rows.size());
    m_page = page;
    beginResetModel();
    m_rows = m_pageSize > 0 ? m_matches.mid(qsizetype(page) * m_pageSize, m_pageSize) : m_matches;
    endResetModel();
    if (before != m_rows.size())
        Q_EMIT countChanged();
    Q_EMIT pageChanged();
}

} // namespace ow
