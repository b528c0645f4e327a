#pragma once

#include "common/Result.h"

#include <QByteArrayList>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>
#include <memory>
#include <unordered_map>

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
    // exec() of a statement kept prepared for the life of the connection (no parse, and on
    // PostgreSQL no PREPARE and DEALLOCATE round trips, per run). The query is the kept one, owned
    // here: read it before the next statement runs, which finishes it (an unfinished SQLite read
    // would hold an old snapshot of the database). For the hot paths (packet ingest).
    Result<QSqlQuery *> execPrepared(const QString &sql, std::initializer_list<QVariant> values = {})
    {
        return execPrepared(sql, QVariantList(values));
    }
    Result<QSqlQuery *> execPrepared(const QString &sql, const QVariantList &values);
    // PostgreSQL only: one statement with $1, $2, ... placeholders through libpq itself, on this
    // connection and inside its transaction. A QByteArray value is sent in binary and every other
    // value as its text, none spelled into the statement: QPSQL writes each bound value into the
    // statement's text (a packet's envelope as an escaped literal the server parses again). For
    // the few large statements of a group of packets. Rows come back as text.
    struct NativeRows
    {
        qint64 affected = 0;
        QList<QByteArrayList> rows;
    };
    Result<NativeRows> execNative(const QByteArray &sql, const QVariantList &values);
    // Inside a transaction, begin() opens a savepoint and commit() and rollback() end it: a
    // service's own transaction nests in a group of several (group commit, HubServer).
    Status begin();
    Status commit();
    void rollback();
    // PostgreSQL: takes the transaction-level advisory lock `key` once per transaction (again
    // only after a rollback to a savepoint taken before it). SQLite: nothing (one writer).
    Status lockForTransaction(qint64 key);
    // SELECT 1: the database answers.
    bool ping();
    // ping(), reconnecting once when the connection was lost.
    bool alive() { return ping() || (!m_inTransaction && reconnect()); }

    static int schemaVersion();

private:
    Status execScript(const QStringList &statements);
    Status applySessionSettings();
    // Ends the reading of every kept statement (see execPrepared).
    void finishPrepared();
    bool reconnect();

    QSqlDatabase m_db;
    QString m_connectionName;
    Dialect m_dialect = Dialect::Sqlite;
    bool m_inTransaction = false;
    int m_savepoints = 0;     // savepoints open inside the transaction
    int m_lockedAtLevel = -1; // savepoint level at which lockForTransaction() took its lock; -1: not held
    std::unordered_map<QString, std::unique_ptr<QSqlQuery>> m_prepared; // execPrepared()'s statements
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
