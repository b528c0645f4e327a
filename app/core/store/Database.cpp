#include "store/Database.h"

#include "common/Logging.h"
#include "common/SecretBytes.h"

#include "common/Tr.h"

#include <QCoreApplication>
#include <QFile>

#include <sqlite3.h>

namespace ow {

namespace {} // namespace

Database::~Database()
{
    close();
}

Database::Database(Database &&other) noexcept
    : m_db(other.m_db)
    , m_path(std::move(other.m_path))
{
    other.m_db = nullptr;
}

Database &Database::operator=(Database &&other) noexcept
{
    if (this != &other) {
        close();
        m_db = other.m_db;
        m_path = std::move(other.m_path);
        other.m_db = nullptr;
    }
    return *this;
}

void Database::close()
{
    if (m_db) {
        sqlite3_close_v2(m_db);
        m_db = nullptr;
    }
}

bool Database::hasCodec()
{
#ifdef SQLITE_HAS_CODEC
    return true;
#else
    return false;
#endif
}

Result<Database> Database::open(const QString &path, bool create)
{
    Database db;
    db.m_path = path;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
    if (create)
        flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(QFile::encodeName(path).constData(), &db.m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = db.lastError(rc, QStringLiteral("open"));
        db.close();
        return e;
    }
    sqlite3_extended_result_codes(db.m_db, 1);
    sqlite3_busy_timeout(db.m_db, 5000);
    return db;
}

Status Database::applyKey(const SecretBytes &key)
{
#ifdef SQLITE_HAS_CODEC
    // PRAGMA key = "x'<64 hex>'": a raw key, no KDF. The statement text is built in a wiped buffer.
    const SecretBytes hex = key.hex();
    static const char prefix[] = "PRAGMA key = \"x'";
    static const char suffix[] = "'\";";
    SecretBytes sql(sizeof(prefix) - 1 + hex.size() + sizeof(suffix));
    std::size_t at = 0;
    for (std::size_t i = 0; i + 1 < sizeof(prefix); ++i)
        sql.data()[at++] = static_cast<unsigned char>(prefix[i]);
    for (std::size_t i = 0; i < hex.size(); ++i)
        sql.data()[at++] = hex.data()[i];
    for (std::size_t i = 0; i < sizeof(suffix); ++i) // includes the terminating NUL
        sql.data()[at++] = static_cast<unsigned char>(suffix[i]);
    const int rc = sqlite3_exec(m_db, reinterpret_cast<const char *>(sql.data()), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return lastError(rc, QStringLiteral("PRAGMA key"));
    return exec("PRAGMA cipher_page_size = 4096;");
#else
    Q_UNUSED(key);
    return {};
#endif
}

Status Database::exec(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (message)
        sqlite3_free(message);
    if (rc != SQLITE_OK)
        return lastError(rc, QString::fromUtf8(sql).left(80));
    return {};
}

Result<QVariant> Database::scalar(const char *sql)
{
    Statement st(*this, sql);
    if (!st.prepared())
        return st.status().error();
    if (!st.next()) {
        OW_TRY(st.status());
        return QVariant();
    }
    if (st.isNull(0))
        return QVariant();
    const QString text = st.text(0);
    bool isInt = false;
    const qint64 n = text.toLongLong(&isInt);
    return isInt ? QVariant(n) : QVariant(text);
}

qint64 Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Error Database::lastError(int rc, const QString &what) const
{
    const QString detail = QStringLiteral("%1 on %2 failed: rc=%3 %4")
                               .arg(what, m_path)
                               .arg(rc)
                               .arg(QString::fromUtf8(m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc)));
    switch (rc & 0xff) {
    case SQLITE_FULL:
        return makeError(
            ErrorCode::DiskFull,
            StoreText::tr("The disk is full. The last change was not saved; everything saved before is intact. "
                          "Free some space and try again."),
            detail);
    case SQLITE_IOERR:
        if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE) {
            return makeError(
                ErrorCode::DiskFull,
                StoreText::tr("The store could not write to the disk (it may be full). The last change was not "
                              "saved; everything saved before is intact."),
                detail);
        }
        return makeError(ErrorCode::Io, StoreText::tr("The store could not read or write its file."), detail);
    case SQLITE_NOTADB:
        return makeError(ErrorCode::WrongKey, StoreText::tr("The key does not match this database."), detail);
    case SQLITE_CORRUPT:
        return makeError(ErrorCode::Corrupt, StoreText::tr("The store file is damaged."), detail);
    case SQLITE_CANTOPEN:
        return makeError(ErrorCode::NotFound, StoreText::tr("The store file could not be opened."), detail);
    case SQLITE_CONSTRAINT:
        return makeError(ErrorCode::AlreadyExists, StoreText::tr("This record already exists."), detail);
    default:
        return makeError(ErrorCode::Io, StoreText::tr("The store reported an error."), detail);
    }
}

Statement::Statement(Database &db, const char *sql)
    : m_db(db)
    , m_sql(QString::fromUtf8(sql).left(80))
{
    m_rc = sqlite3_prepare_v2(db.handle(), sql, -1, &m_stmt, nullptr);
    if (m_rc != SQLITE_OK && m_stmt) {
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
    }
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

Statement &Statement::bind(int index, qint64 value)
{
    if (m_stmt)
        sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, const QString &value)
{
    if (m_stmt) {
        const QByteArray utf8 = value.toUtf8();
        sqlite3_bind_text(m_stmt, index, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_TRANSIENT);
    }
    return *this;
}

Statement &Statement::bind(int index, const QByteArray &blob)
{
    if (m_stmt) {
        sqlite3_bind_blob(m_stmt, index, blob.isNull() ? "" : blob.constData(), static_cast<int>(blob.size()),
                          SQLITE_TRANSIENT);
    }
    return *this;
}

Statement &Statement::bindSecretText(int index, const SecretBytes &secret)
{
    if (m_stmt) {
        sqlite3_bind_text(m_stmt, index, reinterpret_cast<const char *>(secret.data()), static_cast<int>(secret.size()),
                          SQLITE_STATIC);
    }
    return *this;
}

Statement &Statement::bindNull(int index)
{
    if (m_stmt)
        sqlite3_bind_null(m_stmt, index);
    return *this;
}

bool Statement::next()
{
    if (!m_stmt)
        return false;
    m_rc = sqlite3_step(m_stmt);
    return m_rc == SQLITE_ROW;
}

Status Statement::run()
{
    if (!m_stmt)
        return status();
    while (next()) {
    }
    return status();
}

Status Statement::status() const
{
    if (m_rc == SQLITE_OK || m_rc == SQLITE_ROW || m_rc == SQLITE_DONE)
        return {};
    return m_db.lastError(m_rc, m_sql);
}

void Statement::reset()
{
    if (m_stmt) {
        sqlite3_reset(m_stmt);
        sqlite3_clear_bindings(m_stmt);
    }
    m_rc = SQLITE_OK;
}

qint64 Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, column)) : QString();
}

QByteArray Statement::blob(int column) const
{
    const void *p = sqlite3_column_blob(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    return p ? QByteArray(static_cast<const char *>(p), n) : QByteArray();
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

Transaction::Transaction(Database &db)
    : m_db(db)
    , m_depth(db.m_transactionDepth)
{
    m_begin = m_depth == 0 ? db.exec("BEGIN IMMEDIATE;") : db.exec(("SAVEPOINT " + savepointName() + ';').constData());
    m_done = !m_begin.ok();
    if (!m_done)
        ++m_db.m_transactionDepth;
}

Transaction::~Transaction()
{
    if (m_done)
        return;
    --m_db.m_transactionDepth;
    if (m_depth == 0) {
        if (!m_db.exec("ROLLBACK;").ok())
            qCWarning(lcStore) << "rollback failed";
        return;
    }
    const QByteArray name = savepointName();
    if (!m_db.exec(("ROLLBACK TO " + name + ';').constData()).ok() ||
        !m_db.exec(("RELEASE " + name + ';').constData()).ok())
        qCWarning(lcStore) << "rollback to savepoint failed";
}

QByteArray Transaction::savepointName() const
{
    return "ow_tx_" + QByteArray::number(m_depth);
}

Status Transaction::commit()
{
    if (m_done)
        return m_begin.ok() ? Status{} : m_begin;
    --m_db.m_transactionDepth;
    m_done = true;
    if (m_depth > 0) {
        const QByteArray name = savepointName();
        Status released = m_db.exec(("RELEASE " + name + ';').constData());
        if (!released.ok()) {
            (void)m_db.exec(("ROLLBACK TO " + name + ';').constData());
            (void)m_db.exec(("RELEASE " + name + ';').constData());
        }
        return released;
    }
    Status s = m_db.exec("COMMIT;");
    if (!s.ok()) {
        // A failed COMMIT (disk full) may leave the transaction open: roll it back explicitly.
        if (!sqlite3_get_autocommit(m_db.handle()))
            (void)m_db.exec("ROLLBACK;");
        return s;
    }
    return {};
}

} // namespace ow
