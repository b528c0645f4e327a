#include "server/HubDatabase.h"

#include "server/HubLogging.h"
#include "server/HubText.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <libpq-fe.h>

#include <cstring>
#include <vector>

namespace ow::hub {

namespace {

Error dbError(const QString &what, const QSqlError &error)
{
    return makeError(ErrorCode::Io, HubText::tr("The hub database is not available."),
                     what + QStringLiteral(": ") + error.text());
}

// Migration steps; each list runs in one transaction. `%BLOB%` and `%SERIAL%` are filled in per
// dialect so one schema serves SQLite and PostgreSQL.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps = {
        {
            QStringLiteral("CREATE TABLE hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE devices (id TEXT PRIMARY KEY, suite TEXT NOT NULL, signing_key TEXT NOT NULL, "
                           "key_fingerprint TEXT NOT NULL UNIQUE, name TEXT NOT NULL, enrolled_at TEXT NOT NULL, "
                           "revoked_at TEXT)"),
            QStringLiteral("CREATE TABLE enroll_codes (code_digest TEXT PRIMARY KEY, created_at TEXT NOT NULL, "
                           "expires_at TEXT NOT NULL, used_at TEXT, device_id TEXT)"),
            QStringLiteral(
                "CREATE TABLE packets (seq %SERIAL%, packet_id TEXT NOT NULL UNIQUE, device_id TEXT NOT NULL, "
                "case_id TEXT NOT NULL, item_id TEXT NOT NULL, sequence BIGINT NOT NULL, suite TEXT NOT NULL, "
                "digest TEXT NOT NULL, envelope %BLOB% NOT NULL, received_at TEXT NOT NULL, receipt TEXT, "
                "UNIQUE (device_id, sequence))"),
            QStringLiteral(
                "CREATE TABLE cases (case_id TEXT PRIMARY KEY, packet_id TEXT NOT NULL, device_id TEXT NOT NULL, "
                "item_id TEXT NOT NULL, department TEXT NOT NULL, state TEXT NOT NULL, "
                "received_at TEXT NOT NULL, updated_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX cases_by_department ON cases (department, state, received_at)"),
            QStringLiteral("CREATE TABLE events (cursor %SERIAL%, device_id TEXT NOT NULL, case_id TEXT NOT NULL, "
                           "packet_id TEXT NOT NULL, type TEXT NOT NULL, state TEXT NOT NULL, opinion TEXT, "
                           "department TEXT NOT NULL, at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX events_by_device ON events (device_id, cursor)"),
            QStringLiteral(
                "CREATE TABLE uploads (id TEXT PRIMARY KEY, device_id TEXT NOT NULL, packet_id TEXT NOT NULL, "
                "name TEXT NOT NULL, length BIGINT NOT NULL, upload_offset BIGINT NOT NULL, "
                "digest TEXT NOT NULL, created_at TEXT NOT NULL, bound INTEGER NOT NULL DEFAULT 0, "
                "UNIQUE (device_id, packet_id, name))"),
            QStringLiteral("CREATE TABLE upload_chunks (upload_id TEXT NOT NULL, chunk_offset BIGINT NOT NULL, "
                           "data %BLOB% NOT NULL, PRIMARY KEY (upload_id, chunk_offset))"),
            QStringLiteral(
                "CREATE TABLE operators (id %SERIAL%, username TEXT NOT NULL UNIQUE, role TEXT NOT NULL, "
                "department TEXT NOT NULL, password_hash TEXT NOT NULL, failed_logins INTEGER NOT NULL DEFAULT 0, "
                "locked_until TEXT, created_at TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE tokens (token_digest TEXT PRIMARY KEY, operator_id BIGINT NOT NULL, "
                           "issued_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0)"),
        },
        {
            // Who did what to which case or device, and how it ended (GB/T 22239 audit of user actions).
            QStringLiteral("CREATE TABLE audit_log (id %SERIAL%, at TEXT NOT NULL, actor TEXT NOT NULL, "
                           "action TEXT NOT NULL, target TEXT, outcome TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX audit_by_target ON audit_log (target, at)"),
        },
        {
            // Protocol 1.1: one spelling of each case state, the domain's key. Version 1.0 wrote
            // "correction_requested"; the audit log keeps what was recorded at the time.
            QStringLiteral("UPDATE cases SET state = 'correctionRequested' WHERE state = 'correction_requested'"),
            QStringLiteral("UPDATE events SET state = 'correctionRequested' WHERE state = 'correction_requested'"),
        },
        {
            // Protocol 1.2: failed sign-ins of user names that are no account, counted and locked
            // like an account's so that names cannot be probed. Bounded by the hub.
            QStringLiteral("CREATE TABLE IF NOT EXISTS login_failures (username TEXT PRIMARY KEY, "
                           "failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, updated_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS login_failures_by_age ON login_failures (updated_at)"),
        },
        {
            // Protocol 1.4: `onewindow-hub disable-operator` shuts an account (its tokens stop too).
            // A table of its own rather than a column: every step stays safe to run again.
            QStringLiteral("CREATE TABLE IF NOT EXISTS operators_disabled (operator_id BIGINT PRIMARY KEY, "
                           "disabled_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS tokens_by_operator ON tokens (operator_id)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS uploads_unbound ON uploads (bound, created_at)"),
        },
        {
            // Protocol 1.7: help from a person (§5.5, server/HelpRequests.h). The device, the screen
            // key and the times, nothing of the citizen; one open request per device, enforced by
            // the database so that hubs sharing it agree.
            QStringLiteral("CREATE TABLE IF NOT EXISTS help_requests (id %SERIAL%, device_id TEXT NOT NULL, "
                           "screen TEXT NOT NULL, state TEXT NOT NULL, requested_at TEXT NOT NULL, closed_at TEXT, "
                           "closed_by TEXT)"),
            QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS help_requests_one_open ON help_requests (device_id) "
                           "WHERE state = 'open'"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS help_requests_by_state ON help_requests (state, id)"),
        },
        {
            // Protocol 1.8: the prefix of a device's case numbers, one per device and one device
            // per prefix. Reserved at enrollment (`casePrefix`), or claimed by the first packet of
            // a device enrolled before 1.8.
            QStringLiteral("CREATE TABLE IF NOT EXISTS case_prefixes (prefix TEXT PRIMARY KEY, "
                           "device_id TEXT NOT NULL UNIQUE, bound_at TEXT NOT NULL)"),
        },
        {
            // Protocol 1.9: kiosk drafts relayed to the window (§5.6, server/HubDrafts.h), filed
            // under a digest of the pickup code; the packet is dropped once it is of no more use.
            QStringLiteral("CREATE TABLE IF NOT EXISTS drafts (pickup_key TEXT PRIMARY KEY, draft_id TEXT NOT NULL, "
                           "device_id TEXT NOT NULL, packet_id TEXT NOT NULL, digest TEXT NOT NULL, envelope %BLOB%, "
                           "expires_at TEXT NOT NULL, received_at TEXT NOT NULL, taken_at TEXT, taken_by TEXT, "
                           "taken_key TEXT, UNIQUE (device_id, draft_id))"),
        },
        {
            // Protocol 1.12: special procedures (特别程序, server/HubReview.h). One open per case,
            // enforced by the database so that hubs sharing it agree; the cursors of the events
            // that started and ended it tie it to the case's progress steps.
            QStringLiteral("CREATE TABLE IF NOT EXISTS special_procedures (id %SERIAL%, case_id TEXT NOT NULL, "
                           "packet_id TEXT NOT NULL, department TEXT NOT NULL, kind TEXT NOT NULL, "
                           "reason TEXT NOT NULL, expected_end TEXT NOT NULL, started_at TEXT NOT NULL, "
                           "started_by BIGINT NOT NULL, start_cursor BIGINT NOT NULL, ended_at TEXT, ended_by BIGINT, "
                           "outcome TEXT, end_cursor BIGINT)"),
            QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS special_procedures_one_open ON special_procedures "
                           "(case_id) WHERE ended_at IS NULL"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS special_procedures_by_case ON special_procedures (case_id, id)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS special_procedures_by_department ON special_procedures "
                           "(department, id)"),
        },
        {
            // Protocol 1.14: the queue by deadline. Each case's due date (yyyy-MM-dd, China time,
            // on its tighter clock; server/HubReview.h dueDates), filled for the cases already
            // there by the hub once its catalog is loaded (dueDates::backfill: '' is "not yet").
            QStringLiteral("ALTER TABLE cases ADD COLUMN IF NOT EXISTS due_date TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS cases_by_due_date ON cases (department, state, due_date, "
                           "case_id)"),
        },
        {
            // Protocol 1.15: ratings (好差评, §8.3, server/HubRatings.h), one per case, and the
            // follow-up a bad one opens (due 15 working days after the rating, China time).
            QStringLiteral("CREATE TABLE IF NOT EXISTS ratings (case_id TEXT PRIMARY KEY, device_id TEXT NOT NULL, "
                           "channel TEXT NOT NULL, level TEXT NOT NULL, overall INTEGER, efficiency INTEGER, "
                           "professionalism INTEGER, attitude INTEGER, comment TEXT NOT NULL DEFAULT '', "
                           "rated_at TEXT NOT NULL, received_at TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS ratings_by_time ON ratings (rated_at)"),
            QStringLiteral(
                "CREATE TABLE IF NOT EXISTS rating_followups (id %SERIAL%, case_id TEXT NOT NULL UNIQUE, "
                "opened_at TEXT NOT NULL, due_date TEXT NOT NULL, state TEXT NOT NULL, "
                "outcome TEXT NOT NULL DEFAULT '', revisit_at TEXT, revisit_result TEXT NOT NULL DEFAULT '', "
                "closed_by TEXT NOT NULL DEFAULT '', closed_at TEXT)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS followups_by_state_due ON rating_followups (state, due_date)"),
        },
        {
            // Protocol 1.16: the hall supervisor's figures (server/HubStats.h): each case's channel
            // (kiosk, window, helper) and, once concluded (approved or denied), when, the working
            // days it used and whether in time, so the figures are plain aggregates.
            QStringLiteral("ALTER TABLE cases ADD COLUMN IF NOT EXISTS channel TEXT NOT NULL DEFAULT 'window'"),
            QStringLiteral("ALTER TABLE cases ADD COLUMN IF NOT EXISTS concluded_at TEXT"),
            QStringLiteral("ALTER TABLE cases ADD COLUMN IF NOT EXISTS working_days INTEGER"),
            QStringLiteral("ALTER TABLE cases ADD COLUMN IF NOT EXISTS on_time INTEGER"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS cases_by_received ON cases (received_at)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS cases_by_concluded ON cases (concluded_at)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS cases_by_state_due ON cases (state, due_date, case_id)"),
        },
        {
            // Protocol 1.17: the audit log as a hash chain (server/HubAuditTrail.h). Entries are
            // written as before; the sealer gives each its place in the chain and its hash
            // afterwards, the existing ones at the hub's first start. The head is kept in
            // hub_meta ('audit_head', "SEQ:HASH") so that entries cut off the end are found.
            QStringLiteral("ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS chain_seq BIGINT"),
            QStringLiteral("ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS hash TEXT"),
            QStringLiteral("CREATE UNIQUE INDEX IF NOT EXISTS audit_by_chain_seq ON audit_log (chain_seq)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS audit_unsealed ON audit_log (id) WHERE chain_seq IS NULL"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS audit_by_actor ON audit_log (actor, id)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS audit_by_action ON audit_log (action, id)"),
        },
    };
    return steps;
}

} // namespace

HubDatabase::~HubDatabase()
{
    close();
}

int HubDatabase::schemaVersion()
{
    return static_cast<int>(migrations().size());
}

Status HubDatabase::open(const QString &url, const QString &sqlitePath)
{
    m_connectionName = QStringLiteral("hub-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (url.isEmpty()) {
        m_dialect = Dialect::Sqlite;
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        m_db.setDatabaseName(sqlitePath);
        m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        const QUrl parsed(url);
        if (!parsed.isValid() ||
            (parsed.scheme() != QLatin1String("postgresql") && parsed.scheme() != QLatin1String("postgres")))
            return makeError(ErrorCode::Invalid, HubText::tr("The database address is not a postgresql:// URL."),
                             QStringLiteral("bad database URL scheme"));
        m_dialect = Dialect::Postgres;
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), m_connectionName);
        const QUrlQuery query(parsed);
        m_db.setHostName(query.hasQueryItem(QStringLiteral("host")) ? query.queryItemValue(QStringLiteral("host"))
                                                                    : parsed.host());
        m_db.setPort(parsed.port(5432));
        m_db.setDatabaseName(parsed.path().mid(1));
        m_db.setUserName(parsed.userName());
        m_db.setPassword(parsed.password());
        m_db.setConnectOptions(QStringLiteral("connect_timeout=10"));
    }
    if (!m_db.open())
        return dbError(QStringLiteral("open"), m_db.lastError());
    if (m_dialect == Dialect::Sqlite)
        QFile::setPermissions(sqlitePath, QFile::ReadOwner | QFile::WriteOwner);
    return applySessionSettings();
}

void HubDatabase::close()
{
    if (m_connectionName.isEmpty())
        return;
    m_prepared.clear();
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

Status HubDatabase::execScript(const QStringList &statements)
{
    for (QString sql : statements) {
        sql.replace(QLatin1String("%BLOB%"),
                    m_dialect == Dialect::Sqlite ? QLatin1String("BLOB") : QLatin1String("BYTEA"));
        sql.replace(QLatin1String("%SERIAL%"), m_dialect == Dialect::Sqlite
                                                   ? QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT")
                                                   : QLatin1String("BIGSERIAL PRIMARY KEY"));
        QSqlQuery query(m_db);
        // SQLite has no ADD COLUMN IF NOT EXISTS: the column is looked for first, so that this
        // step too is safe to run again.
        static const QRegularExpression addColumn(
            QStringLiteral("^ALTER TABLE (\\w+) ADD COLUMN IF NOT EXISTS (\\w+) "));
        if (const auto match = addColumn.match(sql); match.hasMatch() && m_dialect == Dialect::Sqlite) {
            if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM pragma_table_info('%1') WHERE name = '%2'")
                                .arg(match.captured(1), match.captured(2))))
                return dbError(QStringLiteral("statement failed: table_info"), query.lastError());
            const bool present = query.next() && query.value(0).toInt() > 0;
            query.finish();
            if (present)
                continue;
            sql.replace(QLatin1String(" IF NOT EXISTS "), QLatin1String(" "));
        }
        if (!query.exec(sql))
            return dbError(QStringLiteral("statement failed: ") + sql.left(60), query.lastError());
    }
    return {};
}

Status HubDatabase::migrate()
{
    OW_TRY(execScript({QStringLiteral("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")}));
    // Two hub processes may start on one database: PostgreSQL serialises migrations with a lock.
    Transaction tx(*this);
    OW_TRY(tx.begin());
    if (m_dialect == Dialect::Postgres)
        OW_TRY(execScript({QStringLiteral("LOCK TABLE schema_version IN EXCLUSIVE MODE")}));
    auto current = exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
    if (!current)
        return current.error();
    int version = current->next() ? current->value(0).toInt() : 0;
    if (version > schemaVersion())
        return makeError(ErrorCode::Invalid, HubText::tr("The hub database was made by a newer hub version."),
                         QStringLiteral("schema version %1 > %2").arg(version).arg(schemaVersion()));
    for (; version < schemaVersion(); ++version) {
        OW_TRY(execScript(migrations().at(version)));
        OW_TRY(exec(QStringLiteral("INSERT INTO schema_version (version) VALUES (?)"), {version + 1}));
        qCInfo(lcHubDb, "migrated to schema version %d", version + 1);
    }
    return tx.commit();
}

void HubDatabase::finishPrepared()
{
    for (auto &[sql, query] : m_prepared)
        if (query->isActive())
            query->finish();
}

Result<QSqlQuery> HubDatabase::exec(const QString &sql, std::initializer_list<QVariant> values)
{
    finishPrepared();
    for (int attempt = 0;; ++attempt) {
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        bool ok = query.prepare(sql);
        if (ok) {
            for (const QVariant &value : values)
                query.addBindValue(value);
            ok = query.exec();
        }
        if (ok)
            return query;
        // A dropped connection (database restarted) is reopened once, outside transactions only:
        // inside one, the work so far is lost and the caller must fail.
        if (attempt == 0 && !m_inTransaction && reconnect())
            continue;
        return dbError(QStringLiteral("exec: ") + sql.left(60), query.lastError());
    }
}

Result<QSqlQuery *> HubDatabase::execPrepared(const QString &sql, const QVariantList &values)
{
    finishPrepared();
    for (int attempt = 0;; ++attempt) {
        auto kept = m_prepared.find(sql);
        if (kept == m_prepared.end()) {
            auto query = std::make_unique<QSqlQuery>(m_db);
            query->setForwardOnly(true);
            if (query->prepare(sql))
                kept = m_prepared.emplace(sql, std::move(query)).first;
        }
        if (kept != m_prepared.end()) {
            QSqlQuery &query = *kept->second;
            int position = 0;
            for (const QVariant &value : values)
                query.bindValue(position++, value);
            if (query.exec())
                return &query;
        }
        // Not prepared any more (the connection was lost) or failed. A dropped connection is
        // reopened once, outside transactions only, as exec() does.
        const QString detail = kept != m_prepared.end() ? kept->second->lastError().text() : m_db.lastError().text();
        if (kept != m_prepared.end())
            m_prepared.erase(kept);
        if (attempt == 0 && !m_inTransaction && reconnect())
            continue;
        return makeError(ErrorCode::Io, HubText::tr("The hub database is not available."),
                         QStringLiteral("exec: ") + sql.left(60) + QStringLiteral(": ") + detail);
    }
}

Result<HubDatabase::NativeRows> HubDatabase::execNative(const QByteArray &sql, const QVariantList &values)
{
    const auto unavailable = [&sql](const QString &detail) {
        return makeError(ErrorCode::Io, HubText::tr("The hub database is not available."),
                         QStringLiteral("exec: ") + QString::fromUtf8(sql.left(60)) + QStringLiteral(": ") + detail);
    };
    const QVariant handle = m_dialect == Dialect::Postgres ? m_db.driver()->handle() : QVariant();
    // QPSQL's handle() is the PGconn, named by its struct's name.
    if (!handle.isValid() ||
        (std::strcmp(handle.typeName(), "PGconn*") != 0 && std::strcmp(handle.typeName(), "pg_conn*") != 0))
        return unavailable(QStringLiteral("no PostgreSQL connection"));
    PGconn *connection = *static_cast<PGconn *const *>(handle.constData());
    if (!connection)
        return unavailable(QStringLiteral("no PostgreSQL connection"));
    // Whatever a QSqlQuery left unread is discarded first, as QPSQL does before a statement.
    finishPrepared();
    while (PGresult *left = PQgetResult(connection))
        PQclear(left);
    QByteArrayList texts; // keeps the values' bytes alive for the call
    texts.reserve(values.size());
    std::vector<const char *> pointers;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const QVariant &value : values) {
        if (value.isNull()) {
            texts.append(QByteArray());
            pointers.push_back(nullptr);
            lengths.push_back(0);
            formats.push_back(0);
            continue;
        }
        const bool binary = value.typeId() == QMetaType::QByteArray;
        texts.append(binary ? value.toByteArray() : value.toString().toUtf8());
        pointers.push_back(texts.last().constData());
        lengths.push_back(static_cast<int>(texts.last().size()));
        formats.push_back(binary ? 1 : 0);
    }
    PGresult *result = PQexecParams(connection, sql.constData(), static_cast<int>(values.size()), nullptr,
                                    pointers.data(), lengths.data(), formats.data(), 0);
    const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        // The primary message and the SQL state only: the detail may quote the values.
        const QString detail =
            result
                ? QStringLiteral("%1 (%2)").arg(QString::fromUtf8(PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY)),
                                                QString::fromLatin1(PQresultErrorField(result, PG_DIAG_SQLSTATE)))
                : QString::fromUtf8(PQerrorMessage(connection)).trimmed();
        PQclear(result);
        return unavailable(detail);
    }
    NativeRows rows;
    rows.affected = QByteArray(PQcmdTuples(result)).toLongLong();
    const int columns = PQnfields(result);
    for (int row = 0; row < PQntuples(result); ++row) {
        QByteArrayList fields;
        for (int column = 0; column < columns; ++column)
            fields.append(PQgetisnull(result, row, column)
                              ? QByteArray()
                              : QByteArray(PQgetvalue(result, row, column), PQgetlength(result, row, column)));
        rows.rows.append(fields);
    }
    PQclear(result);
    return rows;
}

Status HubDatabase::lockForTransaction(qint64 key)
{
    if (m_dialect != Dialect::Postgres || (m_inTransaction && m_lockedAtLevel >= 0))
        return {};
    OW_TRY(execPrepared(QStringLiteral("SELECT pg_advisory_xact_lock(?)"), {key}));
    if (m_inTransaction)
        m_lockedAtLevel = m_savepoints;
    return {};
}

bool HubDatabase::reconnect()
{
    if (ping())
        return false;
    qCWarning(lcHubDb, "database connection lost; reconnecting");
    m_prepared.clear();
    m_db.close();
    if (!m_db.open() || !applySessionSettings().ok()) {
        qCWarning(lcHubDb, "reconnect failed: %s", qPrintable(m_db.lastError().text()));
        return false;
    }
    return true;
}

Status HubDatabase::applySessionSettings()
{
    if (m_dialect == Dialect::Sqlite) {
        // Committed means on disk: the hub acknowledges a packet only after its commit.
        return execScript({QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=FULL"),
                           QStringLiteral("PRAGMA foreign_keys=ON")});
    }
    return execScript(
        {QStringLiteral("SET synchronous_commit = on"), QStringLiteral("SET client_min_messages = warning")});
}

Status HubDatabase::begin()
{
    finishPrepared();
    if (m_inTransaction) {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("SAVEPOINT sp%1").arg(m_savepoints + 1)))
            return dbError(QStringLiteral("savepoint"), query.lastError());
        ++m_savepoints;
        return {};
    }
    if (!m_db.transaction() && !(reconnect() && m_db.transaction()))
        return dbError(QStringLiteral("begin"), m_db.lastError());
    m_inTransaction = true;
    return {};
}

Status HubDatabase::commit()
{
    finishPrepared();
    if (m_savepoints > 0) {
        QSqlQuery query(m_db);
        const bool released = query.exec(QStringLiteral("RELEASE SAVEPOINT sp%1").arg(m_savepoints));
        --m_savepoints;
        if (m_lockedAtLevel > m_savepoints)
            m_lockedAtLevel = m_savepoints; // the enclosing level holds it now
        if (!released)
            return dbError(QStringLiteral("release savepoint"), query.lastError());
        return {};
    }
    m_inTransaction = false;
    m_lockedAtLevel = -1;
    if (!m_db.commit())
        return dbError(QStringLiteral("commit"), m_db.lastError());
    return {};
}

void HubDatabase::rollback()
{
    finishPrepared();
    if (m_savepoints > 0) {
        QSqlQuery query(m_db);
        if (!query.exec(QStringLiteral("ROLLBACK TO SAVEPOINT sp%1").arg(m_savepoints)) ||
            !query.exec(QStringLiteral("RELEASE SAVEPOINT sp%1").arg(m_savepoints)))
            qCWarning(lcHubDb, "rollback to savepoint failed: %s", qPrintable(query.lastError().text()));
        if (m_lockedAtLevel >= m_savepoints)
            m_lockedAtLevel = -1; // taken inside the savepoint rolled back: released with it
        --m_savepoints;
        return;
    }
    m_inTransaction = false;
    m_savepoints = 0;
    m_lockedAtLevel = -1;
    if (!m_db.rollback())
        qCWarning(lcHubDb, "rollback failed: %s", qPrintable(m_db.lastError().text()));
}

bool HubDatabase::ping()
{
    finishPrepared();
    QSqlQuery query(m_db);
    return query.exec(QStringLiteral("SELECT 1")) && query.next();
}

} // namespace ow::hub
