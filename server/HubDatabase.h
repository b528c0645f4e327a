#pragma once

#include "common/Result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>

namespace ow::hub {

// The hub's database through QtSql: a SQLite file (QSQLITE) by default, PostgreSQL (QPSQL) when
// given a postgresql:// URL. Owns one connection; migrations by schema_version.
class HubDatabase
{
public:
    enum class Dialect {
        Sqlite,
        Postgres,
    };

    HubDatabase() = default;
    ~HubDatabase();
    HubDatabase(const HubDatabase &) = delete;
    HubDatabase &operator=(const HubDatabase &) = delete;

    // `url` empty → SQLite at `sqlitePath`.
    Status open(const QString &url, const QString &sqlitePath);
    Status migrate();
    void close();

    Dialect dialect() const { return m_dialect; }
    QSqlDatabase &db() { return m_db; }
    bool isOpen() const { return m_db.isOpen(); }

    // Prepares and runs a statement with positional bindings. On failure the error detail names
    // the statement, not the bound values (they may be personal data).
    Result<QSqlQuery> exec(const QString &sql, std::initializer_list<QVariant> values = {});
    // Inside a transaction, begin() opens a savepoint and commit() and rollback() end it: a
    // service's own transaction nests in a group of several (group commit, HubServer).
    Status begin();
    Status commit();
    void rollback();
    // SELECT 1: the database answers.
    bool ping();
    // ping(), reconnecting once when the connection was lost.
    bool alive() { return ping() || (!m_inTransaction && reconnect()); }

    static int schemaVersion();

private:
    Status execScript(const QStringList &statements);
    Status applySessionSettings();
    bool reconnect();

    QSqlDatabase m_db;
    QString m_connectionName;
    Dialect m_dialect = Dialect::Sqlite;
    bool m_inTransaction = false;
    int m_savepoints = 0; // savepoints open inside the transaction
};

// Rolls back unless committed: every early return leaves the database as it was.
class Transaction
{
public:
    explicit Transaction(HubDatabase &db)
        : m_db(db)
    {}
    ~Transaction()
    {
        if (m_open)
            m_db.rollback();
    }
    Status begin()
    {
        auto status = m_db.begin();
        m_open = status.ok();
        return status;
    }
    Status commit()
    {
        auto status = m_db.commit();
        if (status.ok())
            m_open = false;
        return status;
    }

private:
    HubDatabase &m_db;
    bool m_open = false;
};

} // namespace ow::hub
