// SecretBytes: kernel randomness, wiping, constant-time comparison, hex for the raw-key pragma.
#include "common/SecretBytes.h"

#include <QSet>
#include <QTest>

using namespace ow;

class TestSecretBytes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomBytesDifferEachTime()
    {
        QSet<QByteArray> seen;
        for (int i = 0; i < 64; ++i) {
            const SecretBytes key = SecretBytes::random(32);
            QCOMPARE(key.size(), std::size_t(32));
            seen.insert(QByteArray(reinterpret_cast<const char *>(key.data()), 32));
        }
        QCOMPARE(seen.size(), 64);
        // A large request is filled completely (getrandom may return short reads).
        const SecretBytes big = SecretBytes::random(1 << 20);
        int zeros = 0;
        for (std::size_t i = 0; i < big.size(); ++i)
            zeros += big.data()[i] == 0;
        QVERIFY2(zeros < 8192, qPrintable(QString::number(zeros))); // about 4096 expected
    }

    void comparisonLooksAtEveryByte_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same") << QByteArray("0123456789") << QByteArray("0123456789") << true;
        QTest::newRow("first differs") << QByteArray("x123456789") << QByteArray("0123456789") << false;
        QTest::newRow("last differs") << QByteArray("012345678x") << QByteArray("0123456789") << false;
        QTest::newRow("shorter") << QByteArray("012345678") << QByteArray("0123456789") << false;
        QTest::newRow("both empty") << QByteArray() << QByteArray() << true;
    }

    void comparisonLooksAtEveryByte()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        const SecretBytes sa = SecretBytes::takeFrom(a);
        const SecretBytes sb = SecretBytes::takeFrom(b);
        QCOMPARE(sa == sb, equal);
    }

    void takeFromWipesTheSource()
    {
        QByteArray source("correct horse battery");
        const QByteArray copy = source; // shares the buffer until takeFrom detaches it
        const SecretBytes secret = SecretBytes::takeFrom(source);
        QVERIFY(source.isEmpty());
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(secret.data()), int(secret.size())), copy);
    }

    void wipeZeroesInPlace()
    {
        QByteArray bytes("secret");
        wipeBytes(bytes);
        QCOMPARE(bytes, QByteArray(6, '\0'));
        SecretBytes s = SecretBytes::random(16);
        s.wipe();
        for (std::size_t i = 0; i < s.size(); ++i)
            QCOMPARE(s.data()[i], static_cast<unsigned char>(0));
    }

    void hexIsLowerCase()
    {
        QByteArray raw = QByteArray::fromHex("00ff10ab");
        const SecretBytes s = SecretBytes::takeFrom(raw);
        const SecretBytes h = s.hex();
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(h.data()), int(h.size())), QByteArray("00ff10ab"));
    }
};

QTEST_GUILESS_MAIN(TestSecretBytes)
#include "tst_secretbytes.moc"
