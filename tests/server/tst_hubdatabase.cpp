// The hub database's migrations, on SQLite and PostgreSQL. A database written by a protocol 1.0
// hub ("correction_requested" in cases and events) reads as the domain's key after the upgrade,
// and the audit log keeps what was recorded at the time. A schema 9 database (protocol 1.13) gets
// its cases' due dates once the hub has its catalog.

#include "HubTestBackend.h"

#include "server/HubCatalog.h"
#include "server/HubDatabase.h"
#include "server/HubReview.h"

#include "domain/WorkingDayClock.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;
using namespace ow::hub;

class TestHubDatabase : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;

    static QString single(HubDatabase &db, const QString &sql)
    {
        auto query = db.exec(sql);
        return query.ok() && query->next() ? query->value(0).toString() : QStringLiteral("<none>");
    }

private Q_SLOTS:
    // execNative (PostgreSQL): bytes go in and come back as they are, zero bytes and quotes
    // included, next to text, numbers and NULL, inside the connection's open transaction; a
    // refused statement names the statement and the server's reason but none of the values.
    // On SQLite it is refused: the group's statements go through QtSql there.
    void nativeStatementsSendValuesAsTheyAre()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        HubDatabase db;
        QVERIFY(db.open(url, dir.filePath(QStringLiteral("hub.sqlite"))).ok());
        QVERIFY(db.migrate().ok());
        static const char envelope[] = "\0'\\x00\"; DROP TABLE packets; --\xff";
        const QVariantList values{QStringLiteral("p-native"),
                                  QStringLiteral("d-1"),
                                  QStringLiteral("c-1"),
                                  QStringLiteral("i"),
                                  qint64(7),
                                  QStringLiteral("gm"),
                                  QStringLiteral("ab"),
                                  QByteArray(envelope, sizeof(envelope) - 1),
                                  QStringLiteral("2026-12-01T08:00:00Z"),
                                  QVariant()};
        const QByteArray insert =
            "INSERT INTO packets (packet_id, device_id, case_id, item_id, sequence, suite, digest, "
            "envelope, received_at, receipt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
        if (db.dialect() != HubDatabase::Dialect::Postgres) {
            const auto refused = db.execNative(insert, values);
            QVERIFY(!refused.ok());
            QVERIFY(refused.error().logDetail.contains(QStringLiteral("no PostgreSQL connection")));
            return;
        }
        QVERIFY(db.begin().ok());
        const auto inserted = db.execNative(insert, values);
        QVERIFY2(inserted.ok(), qPrintable(inserted.ok() ? QString() : inserted.error().logDetail));
        QCOMPARE(inserted->affected, 1);
        // Read back through QtSql on the same connection, in the same transaction.
        auto read =
            db.exec(QStringLiteral("SELECT envelope, sequence, receipt IS NULL FROM packets WHERE packet_id = ?"),
                    {QStringLiteral("p-native")});
        QVERIFY(read.ok() && read->next());
        QCOMPARE(read->value(0).toByteArray(), values[7].toByteArray());
        QCOMPARE(read->value(1).toLongLong(), 7);
        QVERIFY(read->value(2).toBool());
        read->finish();
        const auto rows =
            db.execNative("SELECT packet_id, sequence, receipt FROM packets WHERE sequence = $1", {qint64(7)});
        QVERIFY(rows.ok());
        QCOMPARE(rows->rows.size(), 1);
        QCOMPARE(rows->rows[0], (QByteArrayList{"p-native", "7", QByteArray()}));
        QVERIFY(rows->rows[0][2].isNull());
        QVERIFY(db.commit().ok());
        // The same packet id again: refused by the unique constraint, the values not quoted.
        const auto refused = db.execNative(insert, values);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().logDetail.contains(QStringLiteral("23505")), qPrintable(refused.error().logDetail));
        QVERIFY(refused.error().logDetail.startsWith(QStringLiteral("exec: INSERT INTO packets")));
        QVERIFY(!refused.error().logDetail.contains(QStringLiteral("p-native")));
        QVERIFY(!refused.error().userMessage.isEmpty());
    }

    void correctionStateIsMigratedToTheDomainKey()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString sqlite = dir.filePath(QStringLiteral("hub.sqlite"));
        {
            HubDatabase db;
            QVERIFY(db.open(url, sqlite).ok());
            QVERIFY(db.migrate().ok());
            QCOMPARE(single(db, QStringLiteral("SELECT MAX(version) FROM schema_version")),
                     QString::number(HubDatabase::schemaVersion()));
            // Back to what a 1.0 hub left behind: schema 2 and the old spelling.
            QVERIFY(db.exec(QStringLiteral("DELETE FROM schema_version WHERE version > 2")).ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO cases (case_id, packet_id, device_id, item_id, department, "
                                           "state, received_at, updated_at) VALUES ('c-1', 'p-1', 'd-1', 'i', "
                                           "'dep', 'correction_requested', 't', 't'), ('c-2', 'p-2', 'd-1', 'i', "
                                           "'dep', 'approved', 't', 't')"))
                        .ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO events (device_id, case_id, packet_id, type, state, opinion, "
                                           "department, at) VALUES ('d-1', 'c-1', 'p-1', 'decision', "
                                           "'correction_requested', 'x', 'dep', 't')"))
                        .ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO audit_log (at, actor, action, target, outcome) VALUES "
                                           "('t', 'operator:1', 'decision', 'c-1', 'correction_requested')"))
                        .ok());
        }
        HubDatabase db;
        QVERIFY(db.open(url, sqlite).ok());
        QVERIFY(db.migrate().ok());
        QCOMPARE(single(db, QStringLiteral("SELECT MAX(version) FROM schema_version")),
                 QString::number(HubDatabase::schemaVersion()));
        QCOMPARE(single(db, QStringLiteral("SELECT state FROM cases WHERE case_id = 'c-1'")),
                 QStringLiteral("correctionRequested"));
        QCOMPARE(single(db, QStringLiteral("SELECT state FROM cases WHERE case_id = 'c-2'")),
                 QStringLiteral("approved"));
        QCOMPARE(single(db, QStringLiteral("SELECT state FROM events WHERE case_id = 'c-1'")),
                 QStringLiteral("correctionRequested"));
        QCOMPARE(single(db, QStringLiteral("SELECT COUNT(*) FROM cases WHERE state = 'correction_requested'")),
                 QStringLiteral("0"));
        QCOMPARE(single(db, QStringLiteral("SELECT outcome FROM audit_log WHERE target = 'c-1'")),
                 QStringLiteral("correction_requested"));
    }

    // Schema 9 → 10 (protocol 1.14): a database with cases from before gets the due-date column
    // and, once the hub has its catalog, each case's due date: from its item's tighter clock and
    // first receipt, without the working days of its ended corrections and special procedures.
    void dueDatesAreFilledInForCasesFromBefore()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString sqlite = dir.filePath(QStringLiteral("hub.sqlite"));
        {
            HubDatabase db;
            QVERIFY(db.open(url, sqlite).ok());
            QVERIFY(db.migrate().ok());
            // Back to what a 1.13 hub left behind: schema 9, no due dates, cases in each state.
            // DDL as is (PostgreSQL prepares no DDL): what the hub's exec() would prepare.
            for (const char *sql : {"DROP INDEX cases_by_state_due", "DROP INDEX cases_by_due_date",
                                    "ALTER TABLE cases DROP COLUMN due_date"}) {
                QSqlQuery ddl(db.db());
                QVERIFY2(ddl.exec(QString::fromLatin1(sql)), qPrintable(ddl.lastError().text()));
            }
            QVERIFY(db.exec(QStringLiteral("DELETE FROM schema_version WHERE version > 9")).ok());
            QVERIFY(
                db.exec(QStringLiteral("INSERT INTO cases (case_id, packet_id, device_id, item_id, department, state, "
                                       "received_at, updated_at) VALUES "
                                       "('c-plain', 'p-1', 'd-1', 'senior-citizen-card', 'dep', 'received', "
                                       "'2026-09-28T02:00:00Z', 't'), "
                                       "('c-long', 'p-2', 'd-1', 'only-child-parents-reward', 'dep', 'received', "
                                       "'2026-09-28T02:00:00Z', 't'), "
                                       "('c-corrected', 'p-4', 'd-1', 'senior-citizen-card', 'dep', 'received', "
                                       "'2026-09-28T02:00:00Z', 't'), "
                                       "('c-procedure', 'p-5', 'd-1', 'senior-citizen-card', 'dep', 'suspended', "
                                       "'2026-09-28T02:00:00Z', 't'), "
                                       "('c-unknown', 'p-6', 'd-1', 'no-such-item', 'dep', 'received', "
                                       "'2026-09-28T02:00:00Z', 't')"))
                    .ok());
            // c-corrected: sent back on 29 September, the correction in on 12 October.
            QVERIFY(
                db.exec(QStringLiteral(
                            "INSERT INTO events (device_id, case_id, packet_id, type, state, department, at) VALUES "
                            "('d-1', 'c-corrected', 'p-3', 'received', 'received', 'dep', '2026-09-28T02:00:00Z'), "
                            "('d-1', 'c-corrected', 'p-3', 'decision', 'correctionRequested', 'dep', "
                            "'2026-09-29T03:00:00Z'), "
                            "('d-1', 'c-corrected', 'p-4', 'received', 'received', 'dep', "
                            "'2026-10-12T03:00:00Z')"))
                    .ok());
            // c-procedure: one special procedure ended (29 September to 12 October), one running.
            QVERIFY(db.exec(QStringLiteral(
                                "INSERT INTO special_procedures (case_id, packet_id, department, kind, reason, "
                                "expected_end, started_at, started_by, start_cursor, ended_at, ended_by, outcome, "
                                "end_cursor) VALUES ('c-procedure', 'p-5', 'dep', 'appraisal', 'r', '2026-10-20', "
                                "'2026-09-29T03:00:00Z', 1, 1, '2026-10-12T03:00:00Z', 1, 'o', 2), "
                                "('c-procedure', 'p-5', 'dep', 'appraisal', 'r', '2026-11-20', "
                                "'2026-10-14T03:00:00Z', 1, 3, NULL, NULL, NULL, NULL)"))
                        .ok());
        }
        HubDatabase db;
        QVERIFY(db.open(url, sqlite).ok());
        QVERIFY(db.migrate().ok());
        QCOMPARE(single(db, QStringLiteral("SELECT MAX(version) FROM schema_version")),
                 QString::number(HubDatabase::schemaVersion()));
        QCOMPARE(single(db, QStringLiteral("SELECT COUNT(*) FROM cases WHERE due_date = ''")), QStringLiteral("5"));
        auto catalog = HubCatalog::load(qEnvironmentVariable("OW_SOURCE_DIR") + QStringLiteral("/forms/items"));
        QVERIFY2(catalog.ok(), "OW_SOURCE_DIR must name the source tree (forms/items)");
        QVERIFY(dueDates::backfill(db, *catalog).ok());

        auto calendar =
            HolidayCalendar::loadDirectory(qEnvironmentVariable("OW_SOURCE_DIR") + QStringLiteral("/forms/calendar"));
        QVERIFY(calendar);
        const QDate received(2026, 9, 28);
        const auto due = [&](int limit, bool paused) {
            WorkingDayClock clock(*calendar, received, limit);
            if (paused) {
                clock.pause(QDate(2026, 9, 29));
                clock.resume(QDate(2026, 10, 12));
            }
            return clock.dueDate(received).toString(Qt::ISODate);
        };
        const auto dueOf = [&](const char *caseId) {
            return single(db, QStringLiteral("SELECT due_date FROM cases WHERE case_id = '%1'").arg(caseId));
        };
        QCOMPARE(dueOf("c-plain"), due(5, false));
        QCOMPARE(dueOf("c-long"), due(20, false));
        QCOMPARE(dueOf("c-corrected"), due(5, true));
        QCOMPARE(dueOf("c-procedure"), due(5, true));
        QCOMPARE(dueOf("c-unknown"), HubCatalog::noDueDate());
        // Over the National Day holidays: the pause moved the date by the working days it held.
        QVERIFY(dueOf("c-corrected") > dueOf("c-plain"));
        // Once is enough: nothing is left to fill, and a second run changes nothing.
        QVERIFY(dueDates::backfill(db, *catalog).ok());
        QCOMPARE(dueOf("c-corrected"), due(5, true));
        QCOMPARE(single(db, QStringLiteral("SELECT COUNT(*) FROM cases WHERE due_date = ''")), QStringLiteral("0"));
    }
};

QTEST_GUILESS_MAIN(TestHubDatabase)
#include "tst_hubdatabase.moc"
