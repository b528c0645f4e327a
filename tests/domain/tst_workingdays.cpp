#include "TestSupport.h"

#include "domain/WorkingDayClock.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>

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

    // The constant-time count (a running count over the calendar's years) against the day-by-day
    // count it replaced, over four years around the calendar's (2025-2027, with their holidays and
    // make-up working days, and weekdays only before and after), with pauses that overlap, come
    // out of order or stay open.
    void runningCountEqualsDayByDay()
    {
        QRandomGenerator rng(13);
        const QDate first(2024, 11, 1);
        const QDate last(2028, 2, 29);
        const auto dayByDay = [&](const QDate &start, const QDate &today, const QList<QPair<QDate, QDate>> &pauses) {
            int used = 0;
            for (QDate d = start.addDays(1); d <= today; d = d.addDays(1)) {
                const bool paused = std::any_of(pauses.cbegin(), pauses.cend(), [&](const auto &p) {
                    return d >= p.first && (p.second.isNull() || d < p.second);
                });
                if (m_cal.isWorkingDay(d) && !paused)
                    ++used;
            }
            return used;
        };
        int compared = 0;
        int withHolidays = 0; // periods the official calendar counts differently from weekdays
        const HolidayCalendar weekdaysOnly;
        for (QDate start = first; start <= last; start = start.addDays(1 + static_cast<int>(rng.bounded(4)))) {
            const QDate today = start.addDays(static_cast<int>(rng.bounded(90)) - 5);
            QCOMPARE(m_cal.workingDaysBetween(start, today), dayByDay(start, today, {}));
            WorkingDayClock plain(m_cal, start, 20);
            QCOMPARE(plain.daysUsed(today), dayByDay(start, today, {}));
            // Up to four pauses after the start, each maybe overlapping the one before.
            WorkingDayClock clock(m_cal, start, 20);
            QList<QPair<QDate, QDate>> pauses;
            const int count = static_cast<int>(rng.bounded(5));
            QDate at = start.addDays(static_cast<int>(rng.bounded(10)) - 2);
            for (int i = 0; i < count; ++i) {
                const QDate from = at;
                const bool open = i == count - 1 && rng.bounded(3) == 0;
                const QDate to = open ? QDate() : from.addDays(1 + static_cast<int>(rng.bounded(25)));
                clock.pause(from);
                if (!open)
                    clock.resume(to);
                pauses.append({from, to});
                at = from.addDays(static_cast<int>(rng.bounded(30)) - 8);
            }
            QCOMPARE(clock.daysUsed(today), dayByDay(start, today, pauses));
            withHolidays += weekdaysOnly.workingDaysBetween(start, today) != m_cal.workingDaysBetween(start, today);
            ++compared;
        }
        QVERIFY(compared > 400);
        QVERIFY(withHolidays > 100);
        // A known stretch: 2026-02-13 to 2026-03-02 holds the make-up Saturdays 14 and 28 Feb, the
        // Spring Festival off 15-23 Feb, and 24-27 Feb and 2 Mar: 7 working days.
        QCOMPARE(m_cal.workingDaysBetween(QDate(2026, 2, 13), QDate(2026, 3, 2)), 7);
        QCOMPARE(m_cal.workingDaysBetween(QDate(2026, 3, 2), QDate(2026, 2, 13)), 0);
        // Outside the calendar's years only weekends are off.
        QCOMPARE(m_cal.workingDaysBetween(QDate(2030, 1, 6), QDate(2030, 1, 13)), 5);
        QCOMPARE(HolidayCalendar().workingDaysBetween(QDate(2026, 2, 13), QDate(2026, 3, 2)), 11);
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
