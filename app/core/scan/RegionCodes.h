#pragma once

#include "common/Result.h"

#include <QHash>
#include <QString>

namespace ow::scan {

// The GB/T 2260 region table the catalog ships (forms/regions/regions.json), as far as reading
// codes needs it: is a 6-digit code a division, and which.
class RegionCodes
{
public:
    enum class Level { Province, City, County };
    struct Region
    {
        QString code;
        QString name;
        Level level = Level::County;
        bool statisticalOnly = false; // NBS codes x71–x79: never in an ID number
    };

    enum class Match {
        County,       // a current county-level division (or a city without districts)
        FormerCounty, // not in the current table, but its city or province is: an abolished division
        StatisticalOnly,
        Unknown,
    };

    static Result<RegionCodes> load(const QString &path);
    static Result<RegionCodes> fromJson(const QByteArray &json);

    const Region *find(const QString &code) const;
    Match match(const QString &sixDigits) const;
    // "省 市 县" as far as the table knows it; empty when the province is unknown.
    QString describe(const QString &sixDigits) const;
    bool isEmpty() const { return m_regions.isEmpty(); }
    qsizetype size() const { return m_regions.size(); }

private:
    QHash<QString, Region> m_regions;
};

} // namespace ow::scan
