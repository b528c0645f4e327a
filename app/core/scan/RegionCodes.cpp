#include "scan/RegionCodes.h"

#include "scan/ScanLogging.h"
#include "scan/ScanText.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ow::scan {

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

Error tableError(const QString &detail)
{
    return makeError(ErrorCode::Corrupt, ScanText::tr("The region code table of the catalog cannot be read."), detail);
}

} // namespace

Result<RegionCodes> RegionCodes::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, ScanText::tr("The region code table of the catalog cannot be read."),
                         QStringLiteral("region table %1: %2").arg(path, f.errorString()));
    // The table is about 260 KB; anything far larger is not the table.
    if (f.size() > 16 * 1024 * 1024)
        return tableError(QStringLiteral("region table %1: implausible size %2").arg(path).arg(f.size()));
    return fromJson(f.readAll());
}

Result<RegionCodes> RegionCodes::fromJson(const QByteArray &json)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return tableError(
            QStringLiteral("region table: JSON error at offset %1: %2").arg(pe.offset).arg(pe.errorString()));
    RegionCodes t;
    const QJsonArray regions = doc.object().value(QLatin1String("regions")).toArray();
    for (const QJsonValue &v : regions) {
        const QJsonObject o = v.toObject();
        Region r;
        r.code = o.value(QLatin1String("code")).toString();
        r.name = o.value(QLatin1String("name")).toString();
        const QString level = o.value(QLatin1String("level")).toString();
        if (level == QLatin1String("province"))
            r.level = Level::Province;
        else if (level == QLatin1String("city"))
            r.level = Level::City;
        else if (level == QLatin1String("county"))
            r.level = Level::County;
        else
            return tableError(QStringLiteral("region table: unknown level for entry %1").arg(t.m_regions.size()));
        r.statisticalOnly = o.value(QLatin1String("statisticalOnly")).toBool(false);
        if (!isSixDigits(r.code) || r.name.isEmpty())
            return tableError(QStringLiteral("region table: malformed entry %1").arg(t.m_regions.size()));
        t.m_regions.insert(r.code, r);
    }
    if (t.m_regions.isEmpty())
        return tableError(QStringLiteral("region table: no regions"));
    qCDebug(lcScan) << "region table loaded:" << t.m_regions.size() << "codes";
    return t;
}

const RegionCodes::Region *RegionCodes::find(const QString &code) const
{
    const auto it = m_regions.constFind(code);
    return it == m_regions.constEnd() ? nullptr : &*it;
}

RegionCodes::Match RegionCodes::match(const QString &six) const
{
    if (!isSixDigits(six))
        return Match::Unknown;
    if (const Region *r = find(six)) {
        if (r->statisticalOnly)
            return Match::StatisticalOnly;
        // Cities without districts (东莞 441900) are listed at city level and used in ID numbers.
        return r->level == Level::Province ? Match::Unknown : Match::County;
    }
    // Numbers issued before a county was merged or renamed keep the old code for life.
    if (find(six.left(4) + QStringLiteral("00")) || find(six.left(2) + QStringLiteral("0000")))
        return Match::FormerCounty;
    return Match::Unknown;
}

QString RegionCodes::describe(const QString &six) const
{
    if (!isSixDigits(six))
        return {};
    QStringList parts;
    const Region *province = find(six.left(2) + QStringLiteral("0000"));
    if (!province)
        return {};
    parts.append(province->name);
    const Region *city = find(six.left(4) + QStringLiteral("00"));
    if (city && city != province && city->name != QStringLiteral("市辖区") && city->name != QStringLiteral("县"))
        parts.append(city->name);
    const Region *county = find(six);
    if (county && county != city && county != province)
        parts.append(county->name);
    return parts.join(QLatin1Char(' '));
}

} // namespace ow::scan
