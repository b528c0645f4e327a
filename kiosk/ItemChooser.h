#pragma once

#include "input/HanziReading.h"

#include <QAbstractListModel>
#include <QHash>
#include <QQmlEngine>

#include <memory>

namespace ow {

class CatalogService;
struct ServiceItem;

// The items this kiosk may do (channel "kiosk"), grouped by department or by kind of item and
// narrowed by what the citizen types: the Chinese or English name, or the department, or the
// Chinese name's pinyin in full or by initials ("gljt" finds 高龄津贴申领). QML shows the rows
// and categories; which items match is decided here.
class ItemChooser : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("created by KioskSession")
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged FINAL)
    Q_PROPERTY(QString grouping READ grouping WRITE setGrouping NOTIFY groupingChanged FINAL)
    Q_PROPERTY(QString category READ category WRITE setCategory NOTIFY categoryChanged FINAL)
    Q_PROPERTY(QVariantList categories READ categories NOTIFY categoriesChanged FINAL)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged FINAL)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged FINAL)
    Q_PROPERTY(int pageSize READ pageSize NOTIFY pageChanged FINAL)
    Q_PROPERTY(int page READ page NOTIFY pageChanged FINAL)
    Q_PROPERTY(int pageCount READ pageCount NOTIFY pageChanged FINAL)
    Q_PROPERTY(int matchCount READ matchCount NOTIFY pageChanged FINAL)

public:
    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        NameRole,
        DepartmentRole,
        PromisedDaysRole,
        OnTheSpotRole,
        SuspendedRole,
    };
    Q_ENUM(Role)

    static constexpr const char *Channel = "kiosk";

    explicit ItemChooser(CatalogService *catalog, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return m_query; }
    void setQuery(const QString &query);
    // "department" or "kind" (the item type: payments, licences, ...).
    QString grouping() const { return m_grouping; }
    void setGrouping(const QString &grouping);
    // A key of categories(); empty for every item.
    QString category() const { return m_category; }
    void setCategory(const QString &category);
    // [{key, name, count}] under the current grouping, in catalog order.
    QVariantList categories() const;

    // The catalog is still being loaded and checked (after the home screen is up): no rows yet,
    // and the screen says so instead of "nothing matches".
    bool loading() const { return m_loading; }
    void setLoading(bool loading);

    // Elder mode shows fewer, larger rows at once: `size` rows per page (0: every match on one
    // scrolling page). A new search or category starts at the first page.
    void setPageSize(int size);
    int pageSize() const { return m_pageSize; }
    int page() const { return m_page; }
    int pageCount() const;
    int matchCount() const { return int(m_matches.size()); }
    Q_INVOKABLE void nextPage();
    Q_INVOKABLE void previousPage();

    // Back to the state a new citizen finds: no search, every category.
    Q_INVOKABLE void clear();

Q_SIGNALS:
    void queryChanged();
    void groupingChanged();
    void categoryChanged();
    void categoriesChanged();
    void countChanged();
    void loadingChanged();
    void pageChanged();

private:
    QList<std::shared_ptr<const ServiceItem>> offered() const;
    QString categoryKey(const ServiceItem &item) const;
    QString categoryName(const ServiceItem &item) const;
    bool matches(const ServiceItem &item) const;
    void refilter();
    void showPage(int page);
    // The pinyin syllables of every item's and department's Chinese name, read once per catalog.
    void readCatalog();
    void readSyllables(); // once, on the first search in letters

    CatalogService *m_catalog;
    HanziReading m_reading;
    QHash<QString, QStringList> m_syllables; // Chinese name → its syllables
    bool m_syllablesRead = false;
    QList<std::shared_ptr<const ServiceItem>> m_matches; // every item that matches
    QList<std::shared_ptr<const ServiceItem>> m_rows;    // the page of them on screen
    int m_pageSize = 0;
    int m_page = 0;
    QString m_query;
    QString m_grouping = QStringLiteral("department");
    QString m_category;
    bool m_loading = false;
};

} // namespace ow
