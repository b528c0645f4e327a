#include "TestSupport.h"

#include "store/AuditLog.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace ow;

namespace {

const Actor kClerk{QStringLiteral("clerk-7"), QStringLiteral("clerk")};

// A plain SQLCipher session, outside the product code, as an attacker with the key would use.
class RawSession
{
public:
    RawSession(const QString &path, const QString &keyFile)
    {
        QFile f(keyFile);
        if (!f.open(QIODevice::ReadOnly))
            return;
        const QByteArray key = f.readAll().toHex();
        if (sqlite3_open(QFile::encodeName(path).constData(), &m_db) != SQLITE_OK)
            return;
        exec("PRAGMA key = \"x'" + key + "'\";");
        exec("PRAGMA cipher_page_size = 4096;");
    }
    ~RawSession() { sqlite3_close(m_db); }
    bool exec(const QByteArray &sql)
    {
        return sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, nullptr) == SQLITE_OK;
    }

private:
    sqlite3 *m_db = nullptr;
};

} // namespace

class TestAudit : public QObject
{
    Q_OBJECT

    test::StoreFixture m_fx;
    QString m_path;

    void reopen() { QVERIFY(m_fx.reopen()); }

    // 1 store.create + 10 cases × (create + transition + read) = 31 entries.
    void fill()
    {
        for (int i = 0; i < 10; ++i) {
            auto c = m_fx.store->cases().create({QStringLiteral("item"), 1, {}, "{}"}, kClerk);
            QVERIFY(c.ok());
            QVERIFY(m_fx.store->cases().transition(c->number, CaseState::Received, kClerk, QStringLiteral("ok")).ok());
            QVERIFY(m_fx.store->cases().read(c->number, kClerk, QStringLiteral("acceptance check")).ok());
            m_fx.clock->advanceSecs(17);
        }
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_fx.reset());
        m_path = m_fx.store->path();
        fill();
    }

    void cleanup() { m_fx.close(); }

    void intactChainVerifies()
    {
        auto v = m_fx.store->audit().verify();
        QVERIFY(v.ok());
        QVERIFY(v->intact());
        QCOMPARE(v->entries, 31);
        auto first = m_fx.store->audit().entries(1, 2);
        QCOMPARE(first->at(0).prevHash, QByteArray(32, '\0'));
        QCOMPARE(first->at(1).prevHash, first->at(0).hash);
        QCOMPARE(first->at(0).hash, AuditLog::computeHash(first->at(0)));
        OW_VERIFY_OK(m_fx.store->check());
    }

    void editedEntryIsNamed_data()
    {
        QTest::addColumn<QByteArray>("sql");
        QTest::addColumn<qint64>("broken");
        QTest::newRow("one byte of a reason")
            << QByteArray("UPDATE audit_log SET reason = 'acceptance chack' WHERE seq = 7") << qint64(7);
        QTest::newRow("actor swapped") << QByteArray("UPDATE audit_log SET actor = 'someone' WHERE seq = 12")
                                       << qint64(12);
        QTest::newRow("time moved") << QByteArray("UPDATE audit_log SET at = '2026-03-01T09:00:00.000Z' WHERE seq = 20")
                                    << qint64(20);
        QTest::newRow("hash recomputed badly")
            << QByteArray("UPDATE audit_log SET hash = zeroblob(32) WHERE seq = 5") << qint64(5);
        QTest::newRow("entry deleted") << QByteArray("DELETE FROM audit_log WHERE seq = 9") << qint64(9);
        QTest::newRow("tail cut off") << QByteArray("DELETE FROM audit_log WHERE seq >= 29") << qint64(29);
    }

    void editedEntryIsNamed()
    {
        QFETCH(QByteArray, sql);
        QFETCH(qint64, broken);
        m_fx.store.reset();
        {
            RawSession raw(m_path, m_fx.keys->path());
            QVERIFY(raw.exec("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"));
            QVERIFY(raw.exec(sql));
        }
        reopen();
        auto v = m_fx.store->audit().verify();
        QVERIFY(v.ok());
        QVERIFY(!v->intact());
        QCOMPARE(v->firstBroken, broken);
        const Status s = m_fx.store->check();
        QCOMPARE(s.error().code, ErrorCode::AuditBroken);
        QVERIFY(s.error().userMessage.contains(QString::number(broken)));
    }

    void dataUseForOneCase()
    {
        auto c = m_fx.store->cases().create({QStringLiteral("item"), 1, {}, "{}"}, kClerk);
        const Actor reviewer{QStringLiteral("rev-2"), QStringLiteral("reviewer")};
        OW_VERIFY_OK(m_fx.store->cases().read(c->number, reviewer, QStringLiteral("审查")));
        OW_VERIFY_OK(
            m_fx.store->cases().updateForm(c->number, "{\"mobile\":\"x\"}", {QStringLiteral("mobile")}, kClerk));
        auto use = m_fx.store->audit().dataUseForCase(c->number);
        QVERIFY(use.ok());
        QCOMPARE(use->size(), 3);
        QCOMPARE(use->at(0).action, QStringLiteral("case.create"));
        QCOMPARE(use->at(1).actor, QStringLiteral("rev-2"));
        QCOMPARE(use->at(1).role, QStringLiteral("reviewer"));
        QCOMPARE(use->at(1).action, QStringLiteral("case.read"));
        QCOMPARE(use->at(1).reason, QStringLiteral("审查"));
        QCOMPARE(use->at(2).fields, QStringList{QStringLiteral("mobile")});
        for (const AuditEntry &e : *use)
            QVERIFY(e.caseNumber == c->number);
        // Field names only, never values.
        QVERIFY(!m_fx.store->db().scalar("SELECT count(*) FROM audit_log WHERE fields LIKE '%\"x\"%'")->toLongLong());
    }
};

QTEST_GUILESS_MAIN(TestAudit)
#include "tst_audit.moc"
