#include "ui/CatalogService.h"

#include "common/Clock.h"

#include <QTimeZone>

namespace ow {

namespace {
CatalogService *g_instance = nullptr;
}

CatalogService::CatalogService(QObject *parent)
    : QObject(parent)
{}

CatalogService *CatalogService::instance()
{
    return g_instance;
}

void CatalogService::setInstance(CatalogService *service)
{
    g_instance = service;
}

CatalogService *CatalogService::create(QQmlEngine *, QJSEngine *)
{
    Q_ASSERT_X(g_instance, "CatalogService", "create the service in main() before loading QML");
    QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
    return g_instance;
}

void CatalogService::setCatalog(Catalog catalog)
{
    m_catalog = std::move(catalog);
    Q_EMIT catalogChanged();
}

QDate CatalogService::today() const
{
    // Dates on forms are China Standard Time calendar days.
    const QDateTime now = m_clock ? m_clock->now() : SystemClock::instance().now();
    return now.toTimeZone(QTimeZone(8 * 3600)).date();
}

void CatalogService::setLanguage(const QString &language)
{
    if (m_language == language)
        return;
    m_language = language;
    Q_EMIT languageChanged();
}

QVariantList CatalogService::items(const QString &channel) const
{
    QVariantList out;
    for (const auto &item : m_catalog.items()) {
        if (!channel.isEmpty() && !item->channels.contains(channel))
            continue;
        out.append(QVariantMap{{QStringLiteral("id"), item->id},
                               {QStringLiteral("name"), item->name.in(m_language)},
                               {QStringLiteral("department"), item->department.name.in(m_language)},
                               {QStringLiteral("level"), item->level},
                               {QStringLiteral("suspended"), item->status == QLatin1String("suspended")}});
    }
    return out;
}

QVariantList CatalogService::regionChildren(const QString &parentCode) const
{
    QVariantList out;
    for (const RegionTable::Region &r : m_catalog.regions().children(parentCode)) {
        out.append(QVariantMap{{QStringLiteral("code"), r.code},
                               {QStringLiteral("name"), r.name},
                               {QStringLiteral("pickable"), m_catalog.regions().isPickable(r.code)}});
    }
    return out;
}

QString CatalogService::regionName(const QString &code) const
{
    return m_catalog.regions().fullName(code);
}

} // namespace ow
