#include "sync/Backoff.h"

#include <QTest>

using namespace ow::sync;

class TestBackoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullJitterStaysWithinTheDoublingCeiling()
    {
        double u = 0;
        Backoff b({1000, 60000, 3600000}, [&] { return u; });
        const qint64 ceilings[] = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
        for (int attempt = 0; attempt < 9; ++attempt) {
            QCOMPARE(b.ceilingMs(attempt), ceilings[attempt]);
            u = 0.0;
            QCOMPARE(b.delayMs(attempt), 0);
            u = 0.5;
            QCOMPARE(b.delayMs(attempt), ceilings[attempt] / 2);
            u = 0.999999;
            const qint64 top = b.delayMs(attempt);
            QVERIFY2(top < ceilings[attempt] && top >= ceilings[attempt] - 1, qPrintable(QString::number(top)));
        }
        // A huge attempt count neither overflows nor exceeds the cap.
        u = 0.999999;
        QVERIFY(b.delayMs(10000) <= 60000);
        QVERIFY(b.delayMs(-3) <= 1000);
    }

    void realRandomnessSpreadsOverTheWholeRange()
    {
        Backoff b({1000, 60000, 3600000});
        qint64 lo = 1 << 30;
        qint64 hi = -1;
        for (int i = 0; i < 2000; ++i) {
            const qint64 d = b.delayMs(3);
            QVERIFY(d >= 0 && d < 8000);
            lo = std::min(lo, d);
            hi = std::max(hi, d);
        }
        // Full jitter, not "equal jitter": both ends of [0, 8000) are reached.
        QVERIFY2(lo < 800 && hi > 7200, qPrintable(QStringLiteral("%1..%2").arg(lo).arg(hi)));
    }

    void retryAfterIsAFloorAndIsCapped()
    {
        Backoff b({1000, 60000, 600000}, [] { return 0.25; });
        QCOMPARE(b.delayMs(0, 120000), 120000);   // the hub asked for 2 minutes
        QCOMPARE(b.delayMs(6, 1000), 60000 / 4);  // jitter larger than Retry-After wins
        QCOMPARE(b.delayMs(0, 86400000), 600000); // a day is capped
        QCOMPARE(b.delayMs(0, 0), 250);
    }

    void parsesRetryAfter_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expected"); // -1: none
        QTest::newRow("seconds") << QByteArray("120") << qint64(120000);
        QTest::newRow("zero") << QByteArray(" 0 ") << qint64(0);
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
        QTest::newRow("empty") << QByteArray() << qint64(-1);
        QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
        QTest::newRow("http-date") << QByteArray("Mon, 02 Mar 2026 09:01:30 GMT") << qint64(90000);
        QTest::newRow("http-date past") << QByteArray("Mon, 02 Mar 2026 08:00:00 GMT") << qint64(0);
    }

    void parsesRetryAfter()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expected);
        const QDateTime now(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC);
        const auto got = parseRetryAfterMs(value, now);
        if (expected < 0)
            QVERIFY(!got.has_value());
        else
            QCOMPARE(got.value_or(-1), expected);
    }

    void classifiesStatuses_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("expected");
        const int done = int(Disposition::Done), retry = int(Disposition::Retry), reject = int(Disposition::Reject);
        QTest::newRow("no answer") << 0 << retry;
        QTest::newRow("200") << 200 << done;
        QTest::newRow("201") << 201 << done;
        QTest::newRow("204") << 204 << done;
        QTest::newRow("400") << 400 << reject;
        QTest::newRow("401") << 401 << reject;
        QTest::newRow("403") << 403 << reject;
        QTest::newRow("404") << 404 << reject;
        QTest::newRow("408") << 408 << retry;
        QTest::newRow("409") << 409 << reject;
        QTest::newRow("413") << 413 << reject;
        QTest::newRow("415") << 415 << reject;
        QTest::newRow("429") << 429 << retry;
        QTest::newRow("500") << 500 << retry;
        QTest::newRow("502") << 502 << retry;
        QTest::newRow("503") << 503 << retry;
        QTest::newRow("504") << 504 << retry;
        QTest::newRow("301 (never followed)") << 301 << retry;
    }

    void classifiesStatuses()
    {
        QFETCH(int, status);
        QFETCH(int, expected);
        QCOMPARE(int(classify(status)), expected);
    }
};

QTEST_GUILESS_MAIN(TestBackoff)
#include "tst_backoff.moc"
