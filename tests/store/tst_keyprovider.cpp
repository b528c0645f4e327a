#include "TestSupport.h"

#include "store/KeyProvider.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ow;

class TestKeyProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyFileCreatedOnFirstUseWithMode0600()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("device.key")));
        QVERIFY(!keys.hasKey());
        auto created = keys.createKey();
        OW_VERIFY_OK(created);
        QCOMPARE(created->size(), std::size_t(32));
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(keys.path()).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0600u);
        QCOMPARE(QFileInfo(keys.path()).size(), 32);

        auto again = keys.key(KeyProvider::Slot::Committed);
        OW_VERIFY_OK(again);
        QVERIFY(*again == *created);
        // Never overwrites an existing key.
        QVERIFY(!keys.createKey().ok());
        auto still = keys.key(KeyProvider::Slot::Committed);
        QVERIFY(*still == *created);
    }

    void keysAreRandom()
    {
        QTemporaryDir dir;
        KeyFileProvider a(dir.filePath(QStringLiteral("a.key")));
        KeyFileProvider b(dir.filePath(QStringLiteral("b.key")));
        QVERIFY(!(*a.createKey() == *b.createKey()));
    }

    void refusesKeyReadableByOthers()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("device.key")));
        OW_VERIFY_OK(keys.createKey());
        ::chmod(QFile::encodeName(keys.path()).constData(), 0644);
        auto k = keys.key(KeyProvider::Slot::Committed);
        QVERIFY(!k.ok());
        QCOMPARE(k.error().code, ErrorCode::KeyStore);
        QVERIFY(k.error().logDetail.contains(QStringLiteral("644")));
    }

    void refusesShortKeyFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("device.key"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("short");
        f.close();
        ::chmod(QFile::encodeName(path).constData(), 0600);
        KeyFileProvider keys(path);
        auto k = keys.key(KeyProvider::Slot::Committed);
        QVERIFY(!k.ok());
        QCOMPARE(k.error().code, ErrorCode::KeyStore);
    }

    void pendingSlotPromotes()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("device.key")));
        auto first = keys.createKey();
        auto pending = keys.preparePending();
        OW_VERIFY_OK(pending);
        QVERIFY(keys.hasPending());
        QVERIFY(!(*first == *pending));
        OW_VERIFY_OK(keys.promotePending());
        QVERIFY(!keys.hasPending());
        QVERIFY(*keys.key(KeyProvider::Slot::Committed) == *pending);
    }

    void passphraseDerivesWithSaltAndEnoughIterations()
    {
        QTemporaryDir dir;
        const QString salt = dir.filePath(QStringLiteral("store.db.salt"));
        QByteArray pw("correct horse");
        PassphraseProvider keys(salt, SecretBytes::takeFrom(pw), 1000); // raised to the minimum
        QVERIFY(pw.isEmpty());
        auto k = keys.createKey();
        OW_VERIFY_OK(k);
        QFile f(salt);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> parts = f.readAll().trimmed().split(' ');
        QCOMPARE(parts.size(), 4);
        QCOMPARE(parts[0], QByteArray("owkdf1"));
        QCOMPARE(parts[1], QByteArray("sm3"));
        QVERIFY(parts[2].toInt() >= 200000);
        QCOMPARE(QByteArray::fromHex(parts[3]).size(), 16);

        QByteArray same("correct horse");
        PassphraseProvider again(salt, SecretBytes::takeFrom(same));
        QVERIFY(*again.key(KeyProvider::Slot::Committed) == *k);
        QByteArray other("wrong horse");
        PassphraseProvider wrong(salt, SecretBytes::takeFrom(other));
        QVERIFY(!(*wrong.key(KeyProvider::Slot::Committed) == *k));

        // A second store with the same passphrase gets another salt and so another key.
        QByteArray pw2("correct horse");
        PassphraseProvider second(dir.filePath(QStringLiteral("other.salt")), SecretBytes::takeFrom(pw2));
        QVERIFY(!(*second.createKey() == *k));
    }

    void secretBytesWipe()
    {
        SecretBytes s = SecretBytes::random(32);
        const unsigned char *p = s.data();
        s.wipe();
        for (int i = 0; i < 32; ++i)
            QCOMPARE(p[i], static_cast<unsigned char>(0));
        QByteArray raw("secret-bytes");
        const char *data = raw.constData();
        wipeBytes(raw);
        QCOMPARE(data[0], '\0');
    }
};

QTEST_GUILESS_MAIN(TestKeyProvider)
#include "tst_keyprovider.moc"
