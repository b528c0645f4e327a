#include "TestSupport.h"

#include "domain/WorkingDayClock.h"

#include <QTest>

using namespace ow;

class TestWorkingDays : public QObject
{
    Q_OBJECT

    HolidayCalendar m_cal;

private Q_SLOTS:
    void initTestCase()
    {
        auto cal = HolidayCalendar::loadDirectory(test::sourceDir() + QStringLiteral("/forms/calendar"));
        QVERIFY2(cal.ok(), cal.ok() ? "" : qPrintable(cal.error().logDetail));
        m_cal = *cal;
        QCOMPARE(m_cal.years(), (QList<int>{2025, 2026, 2027}));
        QVERIFY(m_cal.isProvisional(2027));
        QVERIFY(!m_cal.isProvisional(2026));
    }

    void officialDays_data()
    {
        QTest::addColumn<QDate>("day");
        QTest::addColumn<bool>("working");
        QTest::newRow("ordinary Wednesday") << QDate(2026, 11, 25) << true;
        QTest::newRow("ordinary Saturday") << QDate(2026, 11, 28) << false;
        QTest::newRow("Spring Festival make-up Saturday") << QDate(2026, 2, 14) << true;
        QTest::newRow("Spring Festival Monday off") << QDate(2026, 2, 16) << false;
        QTest::newRow("National Day 2025") << QDate(2025, 10, 8) << false;
        QTest::newRow("make-up Sunday 2025-09-28") << QDate(2025, 9, 28) << true;
        QTest::newRow("make-up Saturday 2025-10-11") << QDate(2025, 10, 11) << true;
        QTest::newRow("New Year 2026") << QDate(2026, 1, 1) << false;
        QTest::newRow("make-up Sunday 2026-01-04") << QDate(2026, 1, 4) << true;
        QTest::newRow("Labour Day 2027 (provisional)") << QDate(2027, 5, 3) << true;
    }

    void officialDays()
    {
        QFETCH(QDate, day);
        QFETCH(bool, working);
        QCOMPARE(m_cal.isWorkingDay(day), working);
    }

    void acrossSpringFestival()
    {
        // Accepted Friday 2026-02-13; day 1 is the make-up Saturday 14 Feb; 15-23 Feb are off.
        WorkingDayClock clock(m_cal, QDate(2026, 2, 13), 5);
        QCOMPARE(clock.daysUsed(QDate(2026, 2, 14)), 1);
        QCOMPARE(clock.daysUsed(QDate(2026, 2, 23)), 1);
        QCOMPARE(clock.dueDate(QDate(2026, 2, 13)), QDate(2026, 2, 27)); // 24,25,26,27 are days 2-5
        QCOMPARE(clock.daysLeft(QDate(2026, 2, 27)), 0);
        // Saturday 28 Feb is another make-up working day, so Monday 2 March is the second day over.
        QCOMPARE(clock.daysLeft(QDate(2026, 2, 28)), -1);
        QCOMPARE(clock.daysLeft(QDate(2026, 3, 2)), -2);
        QCOMPARE(clock.overdueBy(QDate(2026, 3, 2)), 2);
    }

    void acrossNationalDay()
    {
        // Accepted Friday 2025-09-26: Sun 28 Sep is a working day, 1-8 Oct are off, Sat 11 Oct works.
        WorkingDayClock clock(m_cal, QDate(2025, 9, 26), 4);
        QCOMPARE(clock.dueDate(QDate(2025, 9, 26)), QDate(2025, 10, 9));
        QCOMPARE(clock.daysUsed(QDate(2025, 10, 8)), 3); // 28, 29, 30 Sep
    }

    void acrossYearEnd()
    {
        // Accepted Wednesday 2025-12-31; 1-3 Jan 2026 off; Sunday 4 Jan is a make-up day.
        WorkingDayClock clock(m_cal, QDate(2025, 12, 31), 2);
        QCOMPARE(clock.dueDate(QDate(2025, 12, 31)), QDate(2026, 1, 5));
        QVERIFY(!clock.usesProvisionalCalendar(QDate(2025, 12, 31)));
        WorkingDayClock late(m_cal, QDate(2026, 12, 30), 10);
        QVERIFY(late.usesProvisionalCalendar(QDate(2026, 12, 30)));
    }

    void pausesForCorrectionAndSpecialProcedure()
    {
        // Accepted Monday 2026-03-02, 10 working days: due Monday 2026-03-16 without pauses.
        WorkingDayClock clock(m_cal, QDate(2026, 3, 2), 10);
        QCOMPARE(clock.dueDate(QDate(2026, 3, 2)), QDate(2026, 3, 16));
        // Correction requested on Thu 5 Mar (days 1-2 used: 3, 4 Mar), supplied on Tue 10 Mar.
        clock.pause(QDate(2026, 3, 5));
        QVERIFY(clock.isPaused());
        QCOMPARE(clock.daysUsed(QDate(2026, 3, 9)), 2);
        QVERIFY(clock.dueDate(QDate(2026, 3, 9)).isNull());
        clock.resume(QDate(2026, 3, 10));
        QCOMPARE(clock.daysUsed(QDate(2026, 3, 10)), 3);
        // 5, 6, 9 March did not count: the due date moves by three working days.
        QCOMPARE(clock.dueDate(QDate(2026, 3, 10)), QDate(2026, 3, 19));
        // A special procedure pauses again for a week.
        clock.pause(QDate(2026, 3, 12));
        clock.resume(QDate(2026, 3, 19));
        QCOMPARE(clock.dueDate(QDate(2026, 3, 19)), QDate(2026, 3, 26));
        QCOMPARE(clock.daysLeft(QDate(2026, 3, 26)), 0);
        QCOMPARE(clock.overdueBy(QDate(2026, 3, 30)), 2);
    }

    void damagedCalendarIsRejected()
    {
        HolidayCalendar cal;
        QVERIFY(
            !cal.addYear("{\"year\": 2026, \"holidays\": [{\"date\": \"2026-02-30\"}]}", QStringLiteral("2026.json"))
                 .isEmpty());
        QVERIFY(!cal.addYear("{\"year\": 2025}", QStringLiteral("2026.json")).isEmpty());
        QVERIFY(!cal.addYear("not json", QStringLiteral("2026.json")).isEmpty());
        QVERIFY(cal.years().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestWorkingDays)
#include "tst_workingdays.moc"
