// The helped case's lifecycle 委托 → 受理 → 办理 → 送达 → 归档 → 上报 → 回访: one open step at a
// time, hub events close the first three, the helper the last four, and each step's working-day
// clock counts the official calendar (here across the 2026 Spring Festival).
#include "TestSupport.h"

#include "domain/HelperLifecycle.h"

#include <QTest>
#include <QTimeZone>

using namespace ow;

namespace {

// China Standard Time wall-clock moment as UTC.
QDateTime cst(int y, int m, int d, int h = 10)
{
    return QDateTime(QDate(y, m, d), QTime(h, 0), QTimeZone::utc()).addSecs(-8 * 3600);
}

} // namespace

class TestHelperLifecycle : public QObject
{
    Q_OBJECT

    HolidayCalendar m_cal;

private Q_SLOTS:
    void initTestCase()
    {
        auto cal = HolidayCalendar::loadDirectory(test::sourceDir() + QStringLiteral("/forms/calendar"));
        QVERIFY2(cal.ok(), cal.ok() ? "" : qPrintable(cal.error().logDetail));
        m_cal = *cal;
    }

    void stepsAreData()
    {
        const QList<HelperStep> steps = helperStep::all();
        QCOMPARE(steps.size(), 7);
        QStringList keys;
        for (HelperStep s : steps) {
            keys.append(helperStep::key(s));
            QCOMPARE(helperStep::fromKey(helperStep::key(s)), std::optional<HelperStep>(s));
            QVERIFY(!helperStep::label(s).isEmpty());
            QVERIFY(helperStep::limitDays(s, 20) >= 1);
        }
        QCOMPARE(keys, (QStringList{QStringLiteral("entrust"), QStringLiteral("accept"), QStringLiteral("handle"),
                                    QStringLiteral("deliver"), QStringLiteral("archive"), QStringLiteral("report"),
                                    QStringLiteral("followUp")}));
        QVERIFY(!helperStep::fromKey(QStringLiteral("visit")));
        QCOMPARE(helperStep::limitDays(HelperStep::Handle, 12), 12);
        QCOMPARE(helperStep::limitDays(HelperStep::Entrust, 12), 1);
        QVERIFY(!helperStep::closedByHelper(HelperStep::Accept));
        QVERIFY(helperStep::closedByHelper(HelperStep::Deliver));
    }

    void wholeLifecycle()
    {
        HelperLifecycle l(cst(2026, 3, 2), 10);
        QCOMPARE(l.current(), std::optional<HelperStep>(HelperStep::Entrust));
        // The helper cannot skip the hub's steps.
        Status early = l.close(HelperStep::Deliver, cst(2026, 3, 2, 11), QStringLiteral("x"));
        QVERIFY(!early.ok());
        QCOMPARE(early.error().code, ErrorCode::IllegalTransition);
        QVERIFY(!early.error().userMessage.isEmpty());
        QVERIFY(!l.close(HelperStep::Entrust, cst(2026, 3, 2, 11), {}).ok()); // closed by the hub only

        QCOMPARE(l.onSubmitted(cst(2026, 3, 2, 11)), (QList<HelperStep>{HelperStep::Entrust}));
        QCOMPARE(l.current(), std::optional<HelperStep>(HelperStep::Accept));
        QCOMPARE(l.record(HelperStep::Accept).startedAt, cst(2026, 3, 2, 11));
        QVERIFY(l.onSubmitted(cst(2026, 3, 2, 12)).isEmpty()); // a repeat changes nothing
        QCOMPARE(l.record(HelperStep::Entrust).endedAt, cst(2026, 3, 2, 11));

        QVERIFY(l.onCaseState(CaseState::Received, cst(2026, 3, 3)).isEmpty());
        QCOMPARE(l.onCaseState(CaseState::UnderReview, cst(2026, 3, 3)), (QList<HelperStep>{HelperStep::Accept}));
        QCOMPARE(l.onCaseState(CaseState::Approved, cst(2026, 3, 5)), (QList<HelperStep>{HelperStep::Handle}));
        QVERIFY(l.onCaseState(CaseState::Issued, cst(2026, 3, 6)).isEmpty());
        QCOMPARE(l.current(), std::optional<HelperStep>(HelperStep::Deliver));

        QVERIFY(!l.close(HelperStep::Archive, cst(2026, 3, 6), {}).ok());
        OW_VERIFY_OK(l.close(HelperStep::Deliver, cst(2026, 3, 6), QStringLiteral("handed over at home")));
        OW_VERIFY_OK(l.close(HelperStep::Archive, cst(2026, 3, 9), {}));
        OW_VERIFY_OK(l.close(HelperStep::Report, cst(2026, 3, 9, 15), {}));
        Status noNote = l.close(HelperStep::FollowUp, cst(2026, 3, 10), QStringLiteral("  "));
        QVERIFY(!noNote.ok());
        QCOMPARE(noNote.error().code, ErrorCode::Invalid);
        QVERIFY(!l.finished());
        OW_VERIFY_OK(l.close(HelperStep::FollowUp, cst(2026, 3, 10), QStringLiteral("satisfied, card received")));
        QVERIFY(l.finished());
        QVERIFY(!l.current());
        const QList<HelperStepRecord> records = l.records();
        QCOMPARE(records.size(), 7);
        for (const HelperStepRecord &r : records) {
            QVERIFY2(r.done(), qPrintable(helperStep::key(r.step)));
            QVERIFY(r.endedAt >= r.startedAt);
        }
        QCOMPARE(l.record(HelperStep::Deliver).note, QStringLiteral("handed over at home"));
        QCOMPARE(l.record(HelperStep::FollowUp).note, QStringLiteral("satisfied, card received"));

        // Stored and read back, the lifecycle is the same.
        HelperLifecycle again = HelperLifecycle::fromRecords(records, 10);
        QVERIFY(again.finished());
        QCOMPARE(again.record(HelperStep::Report).endedAt, cst(2026, 3, 9, 15));
        QCOMPARE(again.handlingLimitDays(), 10);
    }

    // A decision heard before the desk saw its own submission closes the steps before it too.
    void eventSkipsSteps()
    {
        HelperLifecycle l(cst(2026, 3, 2), 10);
        QCOMPARE(l.onCaseState(CaseState::Approved, cst(2026, 3, 4)),
                 (QList<HelperStep>{HelperStep::Entrust, HelperStep::Accept, HelperStep::Handle}));
        QCOMPARE(l.current(), std::optional<HelperStep>(HelperStep::Deliver));
        QCOMPARE(l.record(HelperStep::Accept).startedAt, cst(2026, 3, 4));
        QVERIFY(l.onSubmitted(cst(2026, 3, 5)).isEmpty());
    }

    // Entrusted on Friday 13 February 2026; Saturday 14 is a make-up working day, 15-23 February
    // are the Spring Festival holiday.
    void clocksAcrossSpringFestival()
    {
        HelperLifecycle l(cst(2026, 2, 13), 5);
        const WorkingDayClock entrust = l.clock(HelperStep::Entrust, m_cal);
        QCOMPARE(entrust.dueDate(QDate(2026, 2, 13)), QDate(2026, 2, 14));
        QCOMPARE(entrust.daysLeft(QDate(2026, 2, 14)), 0);
        QCOMPARE(entrust.daysUsed(QDate(2026, 2, 23)), 1); // the holiday does not count
        QCOMPARE(entrust.overdueBy(QDate(2026, 2, 24)), 1);

        // 01:00 on the 14th China time is still the 13th in UTC; the clock counts China days.
        HelperLifecycle late(cst(2026, 2, 14, 1), 5);
        QCOMPARE(HelperLifecycle::localDay(cst(2026, 2, 14, 1)), QDate(2026, 2, 14));
        QCOMPARE(late.clock(HelperStep::Entrust, m_cal).dueDate(QDate(2026, 2, 14)), QDate(2026, 2, 24));

        // The decision on the 13th: delivery within three working days is due on 25 February.
        QCOMPARE(l.onCaseState(CaseState::Approved, cst(2026, 2, 13, 16)).size(), 3);
        const WorkingDayClock deliver = l.clock(HelperStep::Deliver, m_cal);
        QCOMPARE(deliver.dueDate(QDate(2026, 2, 13)), QDate(2026, 2, 25));
        QCOMPARE(deliver.daysLeft(QDate(2026, 2, 24)), 1);
        // 办理 takes the item's promised time.
        QCOMPARE(HelperLifecycle(cst(2026, 3, 2), 5).clock(HelperStep::Handle, m_cal).daysLeft(QDate(2026, 3, 2)), 5);
    }
};

QTEST_GUILESS_MAIN(TestHelperLifecycle)
#include "tst_helperlifecycle.moc"
