// The hub database's migrations, on SQLite and PostgreSQL: a database written by a protocol 1.0
// hub ("correction_requested" in cases and events) reads as the domain's key after the upgrade,
// and the audit log keeps what was recorded at the time.

#include "HubTestBackend.h"

#include "server/HubDatabase.h"

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
};

QTEST_GUILESS_MAIN(TestHubDatabase)
#include "tst_hubdatabase.moc"
