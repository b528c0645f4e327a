#include "catalog/RegionTable.h"

#include "catalog/CatalogText.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ow {

namespace {

bool isSixDigits(const QString &s)
{
    if (s.size() != 6)
        return false;
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return false;
    }
    return true;
}

Error damaged(const QString &detail)
{
    return makeError(ErrorCode::Invalid, CatalogText::tr("The region table is damaged."), detail);
}

} // namespace

Result<RegionTable> RegionTable::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound, CatalogText::tr("The region table could not be read."),
                         QStringLiteral("open %1: %2").arg(path, f.errorString()));
    }
    // The table is about 260 KB; anything far larger is not the table.
    if (f.size() > 16 * 1024 * 1024)
        return damaged(QStringLiteral("%1: implausible size %2").arg(path).arg(f.size()));
    return fromJson(f.readAll(), path);
}

Result<RegionTable> RegionTable::fromJson(const QByteArray &json, const QString &origin)
{
    const QString where = origin.isEmpty() ? QStringLiteral("region table") : origin;
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject())
        return damaged(QStringLiteral("%1: %2 at offset %3").arg(where, err.errorString()).arg(err.offset));
    RegionTable t;
    const QJsonArray regions = doc.object().value(QLatin1String("regions")).toArray();
    for (const QJsonValue &v : regions) {
        const QJsonObject o = v.toObject();
        Region r{o.value(QLatin1String("code")).toString(), o.value(QLatin1String("name")).toString(),
                 o.value(QLatin1String("level")).toString(), o.value(QLatin1String("parent")).toString(),
                 o.value(QLatin1String("statisticalOnly")).toBool()};
        const bool knownLevel = r.level == QLatin1String("province") || r.level == QLatin1String("city") ||
                                r.level == QLatin1String("county");
        if (!isSixDigits(r.code) || r.name.isEmpty() || !knownLevel)
            return damaged(QStringLiteral("%1: bad entry %2").arg(where).arg(t.m_regions.size()));
        t.m_children[r.parent].append(r.code); // provinces sit under ""
        t.m_regions.insert(r.code, r);
    }
    if (t.m_regions.isEmpty())
        return damaged(QStringLiteral("%1: no regions").arg(where));
    return t;
}

const RegionTable::Region *RegionTable::find(const QString &code) const
{
    const auto it = m_regions.constFind(code);
    return it == m_regions.constEnd() ? nullptr : &*it;
}

bool RegionTable::isPickable(const QString &code) const
{
    const Region *r = find(code);
    if (!r)
        return false;
    return r->level == QLatin1String("county") || (r->level == QLatin1String("city") && !m_children.contains(code));
}

RegionTable::IdPrefix RegionTable::matchIdPrefix(const QString &six) const
{
    if (!isSixDigits(six))
        return IdPrefix::Unknown;
    if (const Region *r = find(six)) {
        if (r->statisticalOnly)
            return IdPrefix::StatisticalOnly;
        // Cities without districts (东莞 441900) are listed at city level and used in ID numbers.
        return r->level == QLatin1String("province") ? IdPrefix::Unknown : IdPrefix::County;
    }
    // Numbers issued before a county was merged or renamed keep the old code for life.
    if (find(six.left(4) + QStringLiteral("00")) || find(six.left(2) + QStringLiteral("0000")))
        return IdPrefix::FormerCounty;
    return IdPrefix::Unknown;
}

bool RegionTable::isKnownIdPrefix(const QString &six) const
{
    const IdPrefix m = matchIdPrefix(six);
    return m == IdPrefix::County || m == IdPrefix::FormerCounty;
}

QString RegionTable::fullName(const QString &code) const
{
    QStringList parts;
    const Region *r = find(code);
    while (r) {
        // Placeholders of the table, not names: "市辖区" (districts of a city) and "县" (its counties).
        // QLatin1String would read these UTF-8 literals as Latin-1 and never match.
        if (r->name != QStringLiteral("市辖区") && r->name != QStringLiteral("县"))
            parts.prepend(r->name);
        r = r->parent.isEmpty() ? nullptr : find(r->parent);
    }
    return parts.join(QLatin1Char(' '));
}

QString RegionTable::placeName(const QString &six) const
{
    if (!isSixDigits(six))
        return {};
    for (const QString &code : {six, six.left(4) + QStringLiteral("00"), six.left(2) + QStringLiteral("0000")}) {
        if (m_regions.contains(code))
            return fullName(code);
    }
    return {};
}

QList<RegionTable::Region> RegionTable::children(const QString &parentCode) const
{
    QList<Region> out;
    for (const QString &c : m_children.value(parentCode))
        out.append(m_regions.value(c));
    return out;
}

} // namespace ow
