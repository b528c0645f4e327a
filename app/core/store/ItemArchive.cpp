#include "store/ItemArchive.h"

#include "catalog/CatalogText.h"
#include "store/Repositories.h"

namespace ow {

namespace {
QString keyFor(const QString &id, int version)
{
    return QStringLiteral("item:%1@%2").arg(id).arg(version);
}
} // namespace

Status ItemArchive::remember(const ServiceItem &item)
{
    const QString key = keyFor(item.id, item.version);
    auto existing = m_settings.value(key);
    if (!existing.ok())
        return existing.error();
    if (existing->has_value())
        return {};
    return m_settings.setValue(key, item.sourceJson);
}

Result<std::shared_ptr<const ServiceItem>> ItemArchive::itemFor(const QString &id, int version, const Catalog &current)
{
    if (auto item = current.item(id); item && item->version == version)
        return item;
    auto archived = m_settings.value(keyFor(id, version));
    if (!archived.ok())
        return archived.error();
    if (!archived->has_value()) {
        return makeError(ErrorCode::NotFound,
                         CatalogText::tr("The form version this case was filled with is not on this device."),
                         QStringLiteral("item %1 version %2 not archived").arg(id).arg(version));
    }
    QList<CatalogProblem> problems;
    auto item = CatalogLoader::parseItem(**archived, id + QStringLiteral(".json"), problems);
    if (!item) {
        return makeError(ErrorCode::Corrupt, CatalogText::tr("The stored form version of this case is damaged."),
                         QStringLiteral("archived item %1@%2 fails to load: %3")
                             .arg(id)
                             .arg(version)
                             .arg(problems.isEmpty() ? QString() : problems.first().path));
    }
    return item;
}

} // namespace ow
