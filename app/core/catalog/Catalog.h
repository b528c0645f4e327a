#pragma once

#include "catalog/RegionTable.h"
#include "domain/ServiceItem.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>

#include <memory>

namespace ow {

// One problem in the catalog, precise enough for the author to fix it: the file, the JSON path
// inside it ($.form.groups[2].fields[0].visibleWhen) and a translated message.
struct CatalogProblem
{
    QString file;
    QString path;
    QString message;
};

// The service catalog loaded from forms/: every item that passed every check, plus the region
// table its fields validate against.
class Catalog
{
public:
    QList<std::shared_ptr<const ServiceItem>> items() const { return m_items.values(); }
    std::shared_ptr<const ServiceItem> item(const QString &id) const { return m_items.value(id); }
    int size() const { return static_cast<int>(m_items.size()); }
    const RegionTable &regions() const { return m_regions; }

private:
    friend class CatalogLoader;
    QMap<QString, std::shared_ptr<const ServiceItem>> m_items;
    RegionTable m_regions;
};

struct CatalogLoad
{
    Catalog catalog;
    QList<CatalogProblem> problems;
    int filesRead = 0;
};

class CatalogLoader
{
public:
    // Loads DIR/items/*.json against DIR/regions/regions.json. A bad item is reported precisely
    // and skipped; the rest of the catalog loads.
    static CatalogLoad loadDirectory(const QString &formsDir);
    // Loads items from explicit files (for tests and generated catalogs).
    static CatalogLoad loadFiles(const QStringList &itemFiles, const RegionTable &regions);
    // Parses and checks one item file's content; problems are appended. Null when the item is
    // unusable. Cross-item checks (duplicate codes) are done by loadFiles.
    static std::shared_ptr<const ServiceItem> parseItem(const QByteArray &json, const QString &fileName,
                                                        QList<CatalogProblem> &problems);
};

} // namespace ow
