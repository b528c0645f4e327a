#include "TestSupport.h"

#include "store/Database.h"
#include "store/Repositories.h"
#include "store/Schema.h"
#include "store/Store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ow;

namespace {

const Actor kClerk{QStringLiteral("clerk-7"), QStringLiteral("clerk")};

QByteArray form(int i)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("applicantName"), QStringLiteral("张三%1").arg(i)}})
        .toJson(QJsonDocument::Compact);
}

Result<std::unique_ptr<Store>> reopen(const QString &path, KeyProvider &keys)
{
    Store::Options o;
    o.path = path;
    o.keys = &keys;
    return Store::open(o);
}

} // namespace

class TestStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void createsEncryptedFileWithSettings()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        auto store = test::openStore(dir.path(), keys);
        QVERIFY(store);
        QCOMPARE(store->schemaVersion(), schema::kCurrentVersion);
        QCOMPARE(store->deviceId(), QStringLiteral("T01"));
        auto c = store->cases().create({QStringLiteral("elderly-allowance"), 1,
                                        test::idWithCheckDigit(QStringLiteral("11010519491231002")), form(1)},
                                       kClerk);
        OW_VERIFY_OK(c);
        QCOMPARE(store->db().scalar("PRAGMA journal_mode;")->toString(), QStringLiteral("wal"));
        QCOMPARE(store->db().scalar("PRAGMA synchronous;")->toLongLong(), 2); // FULL
        QCOMPARE(store->db().scalar("PRAGMA secure_delete;")->toLongLong(), 1);
        QCOMPARE(store->db().scalar("PRAGMA cipher_page_size;")->toLongLong(), 4096);
        (void)store->db().exec("PRAGMA wal_checkpoint(TRUNCATE);");

        // Nothing readable on disk: no SQLite header, no name, no ID number.
        QFile f(store->path());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray raw = f.readAll();
        QVERIFY(!raw.startsWith("SQLite format 3"));
        QVERIFY(!raw.contains("11010519491231002"));
        QVERIFY(!raw.contains(QStringLiteral("张三").toUtf8()));
        QVERIFY(!raw.contains("elderly-allowance"));
        QCOMPARE(raw.size() % 4096, 0);
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(store->path()).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
    }

    void wrongKeyLeavesFileByteIdentical()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString path;
        {
            auto store = test::openStore(dir.path(), keys);
            QVERIFY(store);
            path = store->path();
            OW_VERIFY_OK(store->cases().create({QStringLiteral("x"), 1, {}, form(1)}, kClerk));
        }
        const QByteArray before = test::fileSha256(path);
        const QStringList filesBefore = QDir(dir.path()).entryList(QDir::Files);
        KeyFileProvider wrong(dir.filePath(QStringLiteral("other")));
        OW_VERIFY_OK(wrong.createKey());
        auto opened = reopen(path, wrong);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::WrongKey);
        QCOMPARE(opened.error().userMessage, QStringLiteral("The key does not match this database."));
        QCOMPARE(test::fileSha256(path), before);
        QStringList filesAfter = QDir(dir.path()).entryList(QDir::Files);
        filesAfter.removeAll(QStringLiteral("other"));
        QCOMPARE(filesAfter, filesBefore); // no -wal, -shm or journal appeared

        // And the right key still opens it with the data.
        auto right = reopen(path, keys);
        OW_VERIFY_OK(right);
        QCOMPARE(*(*right)->cases().count(), 1);
    }

    void rejectsFilesThatAreNotStores_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("code");
        QTest::newRow("empty") << QByteArray() << int(ErrorCode::NotADatabase);
        QTest::newRow("text") << QByteArray("hello, this is a letter\n").repeated(400) << int(ErrorCode::NotADatabase);
        QTest::newRow("plain sqlite") << QByteArray("SQLite format 3\0", 16) + QByteArray(4080, '\1')
                                      << int(ErrorCode::NotADatabase);
        QByteArray random(4096 + 2, Qt::Uninitialized);
        QRandomGenerator gen(42);
        for (char &c : random)
            c = static_cast<char>(gen.bounded(256));
        QTest::newRow("random, not whole pages") << random << int(ErrorCode::Corrupt);
        QTest::newRow("random whole page") << random.left(4096) << int(ErrorCode::WrongKey);
    }

    void rejectsFilesThatAreNotStores()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, code);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("store.db"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        OW_VERIFY_OK(keys.createKey());
        const QByteArray before = test::fileSha256(path);
        Store::Options o;
        o.path = path;
        o.keys = &keys;
        o.mode = Store::OpenMode::CreateIfMissing; // even so: never recreated over
        auto opened = Store::open(o);
        QVERIFY(!opened.ok());
        QCOMPARE(int(opened.error().code), code);
        QVERIFY(!opened.error().userMessage.isEmpty());
        QCOMPARE(test::fileSha256(path), before);
        QCOMPARE(QFileInfo(path).size(), content.size());
    }

    void truncatedStoreIsReportedAndKept()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString path;
        {
            auto store = test::openStore(dir.path(), keys);
            QVERIFY(store);
            path = store->path();
            for (int i = 0; i < 200; ++i)
                OW_VERIFY_OK(store->cases().create({QStringLiteral("x"), 1, {}, form(i)}, kClerk));
        }
        const qint64 full = QFileInfo(path).size();
        QVERIFY(full > 8 * 4096);
        // Cut mid-page, then on a page boundary: both must be refused, neither recreated.
        QVERIFY(QFile::resize(path, full - 1000));
        auto opened = reopen(path, keys);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::Corrupt);
        QCOMPARE(QFileInfo(path).size(), full - 1000);

        QVERIFY(QFile::resize(path, full / 2 / 4096 * 4096));
        const QByteArray before = test::fileSha256(path);
        opened = reopen(path, keys);
        QVERIFY(!opened.ok());
        QVERIFY(opened.error().code == ErrorCode::Corrupt);
        QCOMPARE(test::fileSha256(path), before);
    }

    void flippedByteIsDetected()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString path;
        {
            auto store = test::openStore(dir.path(), keys);
            QVERIFY(store);
            path = store->path();
            for (int i = 0; i < 50; ++i)
                OW_VERIFY_OK(store->cases().create({QStringLiteral("x"), 1, {}, form(i)}, kClerk));
        }
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(4096 * 3 + 100);
        char c = 0;
        f.getChar(&c);
        f.seek(4096 * 3 + 100);
        f.putChar(static_cast<char>(c ^ 0x01));
        f.close();
        auto opened = reopen(path, keys);
        if (opened.ok()) {
            // The page may not be touched by quick_check's path; a full check must find it.
            const Status s = (*opened)->check();
            QVERIFY(!s.ok());
            QCOMPARE(s.error().code, ErrorCode::Corrupt);
        } else {
            QCOMPARE(opened.error().code, ErrorCode::Corrupt);
        }
    }

    void missingFileIsNotCreatedWhenItMustExist()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        auto opened = reopen(dir.filePath(QStringLiteral("nothing.db")), keys);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().code, ErrorCode::NotFound);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("nothing.db"))));
        QVERIFY(!keys.hasKey());
    }

    void migratesVersion1Database()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString path;
        {
            auto v1 = test::openStore(dir.path(), keys, nullptr, 1);
            QVERIFY(v1);
            QCOMPARE(v1->schemaVersion(), 1);
            path = v1->path();
            // Write a case the way version 1 did, straight into its tables.
            Statement ins(v1->db(), "INSERT INTO cases (number, item_code, item_version, state, applicant_hash, "
                                    "applicant_masked, form_json, device_id, created_at, updated_at) VALUES "
                                    "('T01-20250102-000001','old-item',3,'accepted',NULL,'',?, 'T01',"
                                    "'2025-01-02T03:04:05.000Z','2025-01-02T03:04:05.000Z')");
            ins.bind(1, form(1));
            OW_VERIFY_OK(ins.run());
            QVERIFY(!v1->db().scalar("SELECT count(*) FROM outbox").ok()); // not there in v1
        }
        auto v2 = reopen(path, keys);
        OW_VERIFY_OK(v2);
        QCOMPARE((*v2)->schemaVersion(), schema::kCurrentVersion);
        auto c = (*v2)->cases().findByNumber(QStringLiteral("T01-20250102-000001"));
        OW_VERIFY_OK(c);
        QVERIFY(c->has_value());
        QCOMPARE((*c)->state, CaseState::Accepted);
        QCOMPARE((*c)->itemVersion, 3);
        QCOMPARE((*c)->syncState, SyncState::Local);
        QCOMPARE((*c)->formJson, form(1));
        auto byDay = (*v2)->cases().byCreatedDay(QDate(2025, 1, 2), QDate(2025, 1, 2));
        QCOMPARE(byDay->size(), 1);
        OW_VERIFY_OK((*v2)->db().scalar("SELECT count(*) FROM outbox"));
        OW_VERIFY_OK((*v2)->check());
    }

    void refusesNewerSchema()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString path;
        {
            auto store = test::openStore(dir.path(), keys);
            path = store->path();
            OW_VERIFY_OK(store->db().exec("PRAGMA user_version = 99;"));
        }
        auto opened = reopen(path, keys);
        QVERIFY(!opened.ok());
        QVERIFY(opened.error().logDetail.contains(QStringLiteral("99")));
    }

    void rekeyWithKeyFile()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        auto store = test::openStore(dir.path(), keys);
        const QString path = store->path();
        for (int i = 0; i < 20; ++i)
            OW_VERIFY_OK(store->cases().create({QStringLiteral("x"), 1, {}, form(i)}, kClerk));
        QFile old(keys.path());
        QVERIFY(old.open(QIODevice::ReadOnly));
        QByteArray oldKey = old.readAll();
        old.close();
        OW_VERIFY_OK(store->rekey(kClerk));
        QVERIFY(!keys.hasPending());
        QCOMPARE(*store->cases().count(), 20); // still usable after rekey
        OW_VERIFY_OK(store->cases().create({QStringLiteral("x"), 1, {}, form(99)}, kClerk));
        store.reset();

        auto again = reopen(path, keys);
        OW_VERIFY_OK(again);
        QCOMPARE(*(*again)->cases().count(), 21);
        OW_VERIFY_OK((*again)->check());
        again->reset();

        // The old key no longer opens the file.
        const QString oldPath = dir.filePath(QStringLiteral("old"));
        QFile o(oldPath);
        QVERIFY(o.open(QIODevice::WriteOnly));
        o.write(oldKey);
        o.close();
        QFile::setPermissions(oldPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        KeyFileProvider oldKeys(oldPath);
        auto withOld = reopen(path, oldKeys);
        QVERIFY(!withOld.ok());
        QCOMPARE(withOld.error().code, ErrorCode::WrongKey);
    }

    void rekeyWithPassphrase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.db"));
        QByteArray pw("first passphrase");
        PassphraseProvider keys(path + QStringLiteral(".salt"), SecretBytes::takeFrom(pw));
        Store::Options o;
        o.path = path;
        o.keys = &keys;
        o.mode = Store::OpenMode::CreateIfMissing;
        {
            auto store = Store::open(o);
            OW_VERIFY_OK(store);
            OW_VERIFY_OK((*store)->cases().create({QStringLiteral("x"), 1, {}, form(1)}, kClerk));
            QByteArray next("second passphrase");
            keys.setNewPassphrase(SecretBytes::takeFrom(next));
            OW_VERIFY_OK((*store)->rekey(kClerk));
        }
        QByteArray oldPw("first passphrase");
        PassphraseProvider oldKeys(path + QStringLiteral(".salt"), SecretBytes::takeFrom(oldPw));
        auto withOld = reopen(path, oldKeys);
        QVERIFY(!withOld.ok());
        QCOMPARE(withOld.error().code, ErrorCode::WrongKey);
        QByteArray newPw("second passphrase");
        PassphraseProvider newKeys(path + QStringLiteral(".salt"), SecretBytes::takeFrom(newPw));
        auto withNew = reopen(path, newKeys);
        OW_VERIFY_OK(withNew);
        QCOMPARE(*(*withNew)->cases().count(), 1);
    }

    void interruptedRekeyOpensWithPendingKey()
    {
        // Simulate the crash window between the rename of the re-encrypted file and the
        // promotion of the pending key: the file is under the pending key.
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString path;
        {
            auto store = test::openStore(dir.path(), keys);
            path = store->path();
            OW_VERIFY_OK(store->cases().create({QStringLiteral("x"), 1, {}, form(1)}, kClerk));
            OW_VERIFY_OK(store->rekey(kClerk));
        }
        // Now put the old committed slot back as "committed" and the real key as "pending".
        QVERIFY(QFile::rename(keys.path(), keys.pendingPath()));
        KeyFileProvider stale(dir.filePath(QStringLiteral("stale")));
        OW_VERIFY_OK(stale.createKey());
        QVERIFY(QFile::rename(stale.path(), keys.path()));
        auto opened = reopen(path, keys);
        OW_VERIFY_OK(opened);
        QVERIFY(!keys.hasPending()); // promoted
        QCOMPARE(*(*opened)->cases().count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
