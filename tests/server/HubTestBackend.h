#pragma once

#include "HubFixture.h"

#include <QString>

#include <memory>

namespace ow::test {

// Which database the hub tests run on: OW_HUB_BACKEND=postgres (ctest registers both) or SQLite.
// Owns the throwaway PostgreSQL cluster when there is one.
class HubTestBackend
{
public:
    bool isPostgres() const { return qEnvironmentVariable("OW_HUB_BACKEND") == QLatin1String("postgres"); }
    QString name() const { return isPostgres() ? QStringLiteral("postgres") : QStringLiteral("sqlite"); }

    // A new, empty database URL (empty for SQLite: the hub's data directory holds the file).
    // `templateDb` clones an existing database (PostgreSQL; no connections to it may be open).
    QString newDatabase(QString *error, const QString &templateDb = {})
    {
        if (!isPostgres())
            return {};
        if (!m_cluster) {
            m_cluster = std::make_unique<PostgresCluster>();
            if (!m_cluster->start(error))
                return {};
        }
        const QString name = QStringLiteral("hub%1").arg(++m_databases);
        if (!m_cluster->createDatabase(name, error, templateDb))
            return {};
        return m_cluster->url(name);
    }
    PostgresCluster *cluster() const { return m_cluster.get(); }
    static QString databaseName(const QString &url) { return url.section(QLatin1Char('/'), -1); }

private:
    std::unique_ptr<PostgresCluster> m_cluster;
    int m_databases = 0;
};

} // namespace ow::test
