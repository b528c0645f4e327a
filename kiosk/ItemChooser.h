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
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(QString grouping READ grouping WRITE setGrouping NOTIFY groupingChanged)
    Q_PROPERTY(QString category READ category WRITE setCategory NOTIFY categoryChanged)
    Q_PROPERTY(QVariantList categories READ categories NOTIFY categoriesChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)

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

    // Back to the state a new citizen finds: no search, every category.
    Q_INVOKABLE void clear();

Q_SIGNALS:
    void queryChanged();
    void groupingChanged();
    void categoryChanged();
    void categoriesChanged();
    void countChanged();
    void loadingChanged();

private:
    QList<std::shared_ptr<const ServiceItem>> offered() const;
    QString categoryKey(const ServiceItem &item) const;
    QString categoryName(const ServiceItem &item) const;
    bool matches(const ServiceItem &item) const;
    void refilter();
    // The pinyin syllables of every item's and department's Chinese name, read once per catalog.
    void readCatalog();
    void readSyllables(); // once, on the first search in letters

    CatalogService *m_catalog;
    HanziReading m_reading;
    QHash<QString, QStringList> m_syllables; // Chinese name → its syllables
    bool m_syllablesRead = false;
    QList<std::shared_ptr<const ServiceItem>> m_rows;
    QString m_query;
    QString m_grouping = QStringLiteral("department");
    QString m_category;
    bool m_loading = false;
};

} // namespace ow
