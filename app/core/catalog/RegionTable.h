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

    // How the first six digits of an ID number (or the region of a credit code) match the table.
    enum class IdPrefix {
        County,          // a current county-level division (or a city without districts)
        FormerCounty,    // not in the current table, but its city or province is: an abolished
                         // division, whose numbers stay valid for life
        StatisticalOnly, // an NBS statistical code (x71–x79): never in an ID number
        Unknown,
    };

    static Result<RegionTable> load(const QString &path);
    static Result<RegionTable> fromJson(const QByteArray &json, const QString &origin = QString());

    bool isEmpty() const { return m_regions.isEmpty(); }
    int size() const { return static_cast<int>(m_regions.size()); }
    const Region *find(const QString &code) const;
    // A value a region field may hold: a county, or a city that has no counties under it.
    bool isPickable(const QString &code) const;
    IdPrefix matchIdPrefix(const QString &sixDigits) const;
    // Whether the first six digits of an ID number name a known place: the county itself, or,
    // for county codes retired since the card was issued, its city or province.
    bool isKnownIdPrefix(const QString &sixDigits) const;
    // 安徽省 滁州市 定远县
    QString fullName(const QString &code) const;
    // The place six digits of an ID number or credit code name, as far as the table knows it: a
    // retired county by its city or province. Empty when not even the province is known.
    QString placeName(const QString &sixDigits) const;
    QList<Region> children(const QString &parentCode) const;

private:
    QHash<QString, Region> m_regions;
    QHash<QString, QList<QString>> m_children;
};

} // namespace ow
