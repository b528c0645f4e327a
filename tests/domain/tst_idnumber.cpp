#include "domain/IdNumber.h"

#include <QTest>

using namespace ow;

class TestIdNumber : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("problem");
        const auto P = [](idNumber::Problem p) { return static_cast<int>(p); };
        QTest::newRow("domain example") << "11010519491231002X" << P(idNumber::Problem::None);
        QTest::newRow("lower-case x") << "11010519491231002x" << P(idNumber::Problem::None);
        QTest::newRow("spaces") << "110105 19491231 002X" << P(idNumber::Problem::None);
        QTest::newRow("wrong check digit") << "110105194912310021" << P(idNumber::Problem::CheckDigit);
        QTest::newRow("too short") << "11010519491231002" << P(idNumber::Problem::Length);
        QTest::newRow("too long") << "11010519491231002X1" << P(idNumber::Problem::Length);
        QTest::newRow("letter inside") << "1101051949123A002X" << P(idNumber::Problem::Characters);
        QTest::newRow("full-width digit") << QStringLiteral("11010519491231002１") << P(idNumber::Problem::Characters);
        QTest::newRow("30 February") << "11010519490230002X" << P(idNumber::Problem::BirthDate);
        QTest::newRow("month 13") << "110105194913010026" << P(idNumber::Problem::BirthDate);
        QTest::newRow("born in the future") << "110105209901010028" << P(idNumber::Problem::BirthDate);
        QTest::newRow("born before 1880") << "110105170001010020" << P(idNumber::Problem::BirthDate);
    }

    void check()
    {
        QFETCH(QString, input);
        QFETCH(int, problem);
        QCOMPARE(static_cast<int>(idNumber::check(idNumber::normalized(input), QDate(2026, 11, 25))), problem);
    }

    void checkDigitAllValues()
    {
        // Every residue maps to its code: build numbers until all 11 check characters were seen.
        QSet<QChar> seen;
        for (int seq = 0; seq < 400 && seen.size() < 11; ++seq) {
            const QString first17 = QStringLiteral("34112519800101%1").arg(seq, 3, 10, QLatin1Char('0'));
            const QChar c = idNumber::checkDigit(first17);
            seen.insert(c);
            QCOMPARE(idNumber::check(first17 + c, QDate(2026, 1, 1)), idNumber::Problem::None);
        }
        QCOMPARE(seen.size(), 11);
    }

    void facts()
    {
        const QString n = QStringLiteral("11010519491231002X");
        QCOMPARE(idNumber::birthDate(n), std::optional<QDate>(QDate(1949, 12, 31)));
        QVERIFY(!idNumber::isMale(n));
        QVERIFY(idNumber::isMale(QStringLiteral("110105194912310019")));
    }

    void masking()
    {
        const QString m = idNumber::masked(QStringLiteral("11010519491231002X"));
        QCOMPARE(m, QStringLiteral("110***********002X"));
        QVERIFY(!m.contains(QStringLiteral("1949")));
        QCOMPARE(idNumber::masked(QStringLiteral("123")), QStringLiteral("***"));
    }
};

QTEST_GUILESS_MAIN(TestIdNumber)
#include "tst_idnumber.moc"
