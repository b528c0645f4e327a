#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace ow {

class SecretBytes;

// A thin RAII wrapper over one sqlite3 connection (SQLCipher in the product, plain SQLite in the
// comparison benchmark). Every failure becomes an Error with a translated message and the
// SQLite error text for the log.
class Database
{
public:
    Database() = default;
    ~Database();
    Database(Database &&other) noexcept;
    Database &operator=(Database &&other) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens an existing file, or creates one when `create` is true and nothing is there.
    static Result<Database> open(const QString &path, bool create);
    // Applies a raw 256-bit key and the page size. No-op with plain SQLite.
    Status applyKey(const SecretBytes &key);
    static bool hasCodec();

    bool isOpen() const { return m_db != nullptr; }
    void close();
    sqlite3 *handle() const { return m_db; }
    QString path() const { return m_path; }

    Status exec(const char *sql);
    Result<QVariant> scalar(const char *sql);
    qint64 lastInsertId() const;
    int changes() const;

    // Maps the connection's last failure (rc) to an Error; `what` names the operation in the log.
    Error lastError(int rc, const QString &what) const;

private:
    friend class Transaction;

    sqlite3 *m_db = nullptr;
    QString m_path;
    int m_transactionDepth = 0; // open Transaction objects on this connection
};

// A prepared statement with positional binding (1-based, like SQLite).
class Statement
{
public:
    Statement(Database &db, const char *sql);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    bool prepared() const { return m_stmt != nullptr; }
    Statement &bind(int index, qint64 value);
    Statement &bind(int index, int value) { return bind(index, static_cast<qint64>(value)); }
    Statement &bind(int index, const QString &value);
    Statement &bind(int index, const QByteArray &blob);
    Statement &bindNull(int index);
    // Binds key material without copying it into a QString; `secret` must outlive the step.
    Statement &bindSecretText(int index, const SecretBytes &secret);

    // Steps once: true when a row is available; false at the end or on error (see status()).
    bool next();
    // Runs to completion for statements that return no rows.
    Status run();
    Status status() const;
    void reset();

    qint64 int64(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    Database &m_db;
    sqlite3_stmt *m_stmt = nullptr;
    int m_rc = 0;
    QString m_sql;
};

// Begins IMMEDIATE on construction; rolls back unless commit() succeeded. Inside another
// transaction on the same connection it is a savepoint: its commit releases the savepoint and
// the work becomes durable only with the outermost commit, its rollback undoes its own part.
// So a caller can make several repository calls (create a case, attach its materials, seal
// it) one all-or-nothing step by wrapping them in one outer Transaction.
class Transaction
{
public:
    explicit Transaction(Database &db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    Status begun() const { return m_begin; }
    Status commit();

    bool nested() const { return m_depth > 0; }

private:
    QByteArray savepointName() const;

    Database &m_db;
    Status m_begin;
    bool m_done = false;
    int m_depth = 0; // 0: the outermost transaction; n: the n-th nested savepoint
};

} // namespace ow
