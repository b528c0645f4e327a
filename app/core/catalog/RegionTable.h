#pragma once

#include "common/Result.h"

#include <QHash>
#include <QList>
#include <QString>

namespace ow {

// GB/T 2260 region codes from forms/regions/regions.json (province, city, county).
class RegionTable
{
public:
    struct Region
    {
        QString code;
        QString name;
        QString level; // province, city, county
        QString parent;
        bool statisticalOnly = false;
    };

    static Result<RegionTable> load(const QString &path);

    bool isEmpty() const { return m_regions.isEmpty(); }
    int size() const { return static_cast<int>(m_regions.size()); }
    const Region *find(const QString &code) const;
    // A value a region field may hold: a county, or a city that has no counties under it.
    bool isPickable(const QString &code) const;
    // Whether the first six digits of an ID number name a known place: the county itself, or,
    // for county codes retired since the card was issued, its city or province.
    bool isKnownIdPrefix(const QString &sixDigits) const;
    // 安徽省 滁州市 定远县
    QString fullName(const QString &code) const;
    QList<Region> children(const QString &parentCode) const;

private:
    QHash<QString, Region> m_regions;
    QHash<QString, QList<QString>> m_children;
};

} // namespace ow
