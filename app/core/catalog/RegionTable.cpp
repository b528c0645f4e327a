#include "catalog/RegionTable.h"

#include "catalog/CatalogText.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ow {

Result<RegionTable> RegionTable::load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::NotFound, CatalogText::tr("The region table could not be read."),
                         QStringLiteral("open %1: %2").arg(path, f.errorString()));
    }
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        return makeError(ErrorCode::Invalid, CatalogText::tr("The region table is damaged."),
                         QStringLiteral("%1: %2 at offset %3").arg(path, err.errorString()).arg(err.offset));
    }
    RegionTable t;
    const QJsonArray regions = doc.object().value(QLatin1String("regions")).toArray();
    for (const QJsonValue &v : regions) {
        const QJsonObject o = v.toObject();
        Region r{o.value(QLatin1String("code")).toString(), o.value(QLatin1String("name")).toString(),
                 o.value(QLatin1String("level")).toString(), o.value(QLatin1String("parent")).toString(),
                 o.value(QLatin1String("statisticalOnly")).toBool()};
        if (r.code.size() != 6 || r.name.isEmpty()) {
            return makeError(ErrorCode::Invalid, CatalogText::tr("The region table is damaged."),
                             QStringLiteral("%1: bad entry %2").arg(path, r.code));
        }
        t.m_children[r.parent].append(r.code); // provinces sit under ""
        t.m_regions.insert(r.code, r);
    }
    if (t.m_regions.isEmpty()) {
        return makeError(ErrorCode::Invalid, CatalogText::tr("The region table is damaged."),
                         QStringLiteral("%1: no regions").arg(path));
    }
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

bool RegionTable::isKnownIdPrefix(const QString &six) const
{
    if (six.size() != 6)
        return false;
    if (m_regions.contains(six))
        return true;
    const QString city = six.left(4) + QStringLiteral("00");
    return m_regions.contains(city);
}

QString RegionTable::fullName(const QString &code) const
{
    QStringList parts;
    const Region *r = find(code);
    while (r) {
        if (r->name != QLatin1String("市辖区") && r->name != QLatin1String("县"))
            parts.prepend(r->name);
        r = r->parent.isEmpty() ? nullptr : find(r->parent);
    }
    return parts.join(QLatin1Char(' '));
}

QList<RegionTable::Region> RegionTable::children(const QString &parentCode) const
{
    QList<Region> out;
    for (const QString &c : m_children.value(parentCode))
        out.append(m_regions.value(c));
    return out;
}

} // namespace ow
