// The desk without a hub process: the command line's rules; `--add-operator` with the password
// rules; a window clerk signs in offline from the desk's cache (the hub's address answers
// nothing), gets only the pages their role allows, and is refused the review queue by the
// permission matrix with the refusal in the audit trail; five wrong passwords lock the account;
// idle sign-out with its message; the queue's working-day clocks, urgency and order on the
// official calendar, checked under QAbstractItemModelTester.
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "ReviewDesk.h"

#include "common/Clock.h"
#include "domain/WorkingDayClock.h"
#include "store/AuditLog.h"
#include "ui/CatalogService.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ow;

namespace {

const QString kClerkPassword = QStringLiteral("Window#Clerk2026");

DeskOptions optionsIn(const QString &dir)
{
    DeskOptions o;
    o.dataDir = dir;
    o.formsDir = test::sourceDir() + QStringLiteral("/forms");
    return o;
}

DeskOptions clerk(const QString &dir)
{
    DeskOptions o = optionsIn(dir);
    o.addOperator = true;
    o.username = QStringLiteral("clerk.wang");
    o.role = QStringLiteral("windowClerk");
    o.displayName = QStringLiteral("王芳");
    return o;
}

protocol::QueueEntry entry(const QString &caseId, const QString &itemId, const QDateTime &received,
                           CaseState state = CaseState::Received)
{
    return protocol::QueueEntry{caseId,
                                QStringLiteral("P-") + caseId,
                                itemId,
                                QStringLiteral("11341125MB1772416M"),
                                state,
                                received.toString(Qt::ISODate),
                                QStringLiteral("D-1"),
                                {},
                                {}};
}

} // namespace

class TestDeskSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void options_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("nothing") << QStringList{} << true;
        QTest::newRow("hub and data") << QStringList{"--hub", "http://127.0.0.1:8443", "--data", "/tmp/x"} << true;
        QTest::newRow("idle in range") << QStringList{"--idle-seconds", "600"} << true;
        QTest::newRow("idle too short") << QStringList{"--idle-seconds", "5"} << false;
        QTest::newRow("idle not a number") << QStringList{"--idle-seconds", "ten"} << false;
        QTest::newRow("add without name") << QStringList{"--add-operator", "--role", "windowClerk"} << false;
        QTest::newRow("add with bad role")
            << QStringList{"--add-operator", "--username", "a", "--role", "boss"} << false;
        QTest::newRow("add") << QStringList{"--add-operator", "--username", "a", "--role", "windowClerk"} << true;
        QTest::newRow("name without add") << QStringList{"--username", "a"} << false;
        QTest::newRow("unknown option") << QStringList{"--frobnicate"} << false;
        QTest::newRow("extra argument") << QStringList{"extra"} << false;
    }

    void options()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, accepted);
        const ParsedDeskOptions parsed = DeskOptions::parse(QStringList{"onewindow-desk"} + arguments);
        QCOMPARE(parsed.options.has_value(), accepted);
        if (!accepted) {
            QCOMPARE(parsed.exitCode, 1);
            QVERIFY(!parsed.message.isEmpty());
        }
    }

    void addOperatorKeepsThePasswordRules()
    {
        QTemporaryDir dir;
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        const Status weak = DeskProgram::addOperator(clerk(dir.path()), QStringLiteral("short"), clock);
        QVERIFY(!weak.ok());
        QVERIFY(!weak.error().userMessage.isEmpty());
        DeskOptions reviewerWithoutDepartment = clerk(dir.path());
        reviewerWithoutDepartment.role = QStringLiteral("reviewer");
        QVERIFY(!DeskProgram::addOperator(reviewerWithoutDepartment, kClerkPassword, clock).ok());
        OW_VERIFY_OK(DeskProgram::addOperator(clerk(dir.path()), kClerkPassword, clock));
    }

    void clerkSignsInOfflineAndIsRefusedTheQueue()
    {
        QTemporaryDir dir;
        ManualClock clock(QDateTime::currentDateTimeUtc());
        OW_VERIFY_OK(DeskProgram::addOperator(clerk(dir.path()), kClerkPassword, clock));
        DeskOptions o = optionsIn(dir.path());
        o.hubUrl = QStringLiteral("http://127.0.0.1:9"); // nothing listens: the hub is unreachable
        QString problem;
        auto desk = DeskProgram::open(o, clock, &problem);
        QVERIFY2(desk, qPrintable(problem));
        DeskSession &session = desk->session();
        QSignalSpy signedIn(&session, &DeskSession::signedInChanged);
        QVERIFY(signedIn.isValid());
        session.signIn(QStringLiteral("clerk.wang"), kClerkPassword);
        QTRY_VERIFY_WITH_TIMEOUT(session.signedIn(), 20000);
        QVERIFY(session.offline());
        QCOMPARE(session.operatorName(), QStringLiteral("王芳"));
        // A window clerk accepts applications, issues results and has no review queue.
        QStringList keys;
        for (const QVariant &p : session.pages())
            keys << p.toMap().value(QStringLiteral("key")).toString();
        QCOMPARE(keys, (QStringList{"home", "accept", "issue", "correct"}));
        QCOMPARE(session.page(), QStringLiteral("accept"));
        session.setPage(QStringLiteral("queue"));
        QCOMPARE(session.page(), QStringLiteral("accept"));

        // Asked anyway, the permission matrix refuses, says so and audits it.
        session.review()->refresh();
        QVERIFY(session.review()->messageIsError());
        QVERIFY(!session.review()->message().isEmpty());
        QVERIFY(!session.review()->loading());
        auto entries = desk->store().audit().entries(0, 1000);
        OW_VERIFY_OK(entries);
        bool refused = false;
        for (const AuditEntry &e : *entries)
            refused =
                refused || (e.action == QLatin1String("identity.authorize") && e.outcome == QLatin1String("denied"));
        QVERIFY(refused);

        session.signOut();
        QVERIFY(!session.signedIn());
        QCOMPARE(session.page(), QString());
    }

    void fiveWrongPasswordsLock()
    {
        QTemporaryDir dir;
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        OW_VERIFY_OK(DeskProgram::addOperator(clerk(dir.path()), kClerkPassword, clock));
        QString problem;
        auto desk = DeskProgram::open(optionsIn(dir.path()), clock, &problem);
        QVERIFY2(desk, qPrintable(problem));
        DeskSession &session = desk->session();
        session.signIn(QStringLiteral("clerk.wang"), QString());
        QVERIFY(!session.message().isEmpty()); // asked for both
        QString first;
        for (int i = 0; i < 5; ++i) {
            session.signIn(QStringLiteral("clerk.wang"), QStringLiteral("Wrong#Password1"));
            QVERIFY(!session.signedIn());
            if (i == 0)
                first = session.message();
        }
        QVERIFY(!first.isEmpty());
        const QString locked = session.message();
        QVERIFY(locked != first);
        session.signIn(QStringLiteral("clerk.wang"), kClerkPassword);
        QVERIFY(!session.signedIn());
        QCOMPARE(session.message(), locked);
        clock.advanceSecs(16 * 60);
        session.signIn(QStringLiteral("clerk.wang"), kClerkPassword);
        QVERIFY(session.signedIn());
    }

    void idleSignOut()
    {
        QTemporaryDir dir;
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        OW_VERIFY_OK(DeskProgram::addOperator(clerk(dir.path()), kClerkPassword, clock));
        DeskOptions o = optionsIn(dir.path());
        o.idleSeconds = 300;
        QString problem;
        auto desk = DeskProgram::open(o, clock, &problem);
        QVERIFY(desk);
        DeskSession &session = desk->session();
        session.signIn(QStringLiteral("clerk.wang"), kClerkPassword);
        QVERIFY(session.signedIn());
        clock.advanceSecs(299);
        QVERIFY(!session.checkIdle());
        QVERIFY(session.signedIn());
        clock.advanceSecs(2);
        QVERIFY(session.checkIdle());
        QVERIFY(!session.signedIn());
        QCOMPARE(
            session.message(),
            DeskSession::tr("You were signed out after %n minute(s) without use. Nothing you saved is lost.", "", 5));
    }

    // The queue's rows against a plain reckoning, over a few thousand cases received over four
    // months (Spring Festival, Qingming, Labour Day), some paused for a correction, some in or
    // after special procedures with pauses that overlap, some with a time in another spelling or
    // none: each clock equals the day-by-day count on the official calendar, and the rows keep
    // the order the hub sent them in (1.14: the hub orders by due date).
    void queueRowsAgainstDayByDay()
    {
        auto calendar = HolidayCalendar::loadDirectory(test::sourceDir() + QStringLiteral("/forms/calendar"));
        OW_VERIFY_OK(calendar);
        CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.catalog.size() > 0);
        QList<std::shared_ptr<const ServiceItem>> items = load.catalog.items();
        std::sort(items.begin(), items.end(), [](const auto &a, const auto &b) { return a->id < b->id; });
        const QDate today(2026, 5, 12);
        const QDateTime now(today, QTime(3, 0), Qt::UTC);
        QRandomGenerator rng(29);
        const auto at = [&](qint64 secondsBefore) { return now.addSecs(-secondsBefore).toString(Qt::ISODateWithMs); };
        QList<protocol::QueueEntry> entries;
        for (int i = 0; i < 3000; ++i) {
            const QString itemId =
                i % 97 == 0 ? QStringLiteral("no-such-item")
                            : items.at(static_cast<qsizetype>(rng.bounded(static_cast<int>(items.size()))))->id;
            const int kind = static_cast<int>(rng.bounded(10));
            const CaseState state = kind == 0   ? CaseState::CorrectionRequested
                                    : kind == 1 ? CaseState::Suspended
                                                : CaseState::Received;
            protocol::QueueEntry e = entry(QStringLiteral("C-%1").arg(i), itemId, {}, state);
            e.receivedAt =
                at(static_cast<qint64>(rng.bounded(120)) * 86400 + 3600 * static_cast<qint64>(rng.bounded(3)));
            if (i % 251 == 0)
                e.receivedAt = e.receivedAt.left(19) + QStringLiteral("+08:00"); // another spelling
            if (i % 499 == 0)
                e.receivedAt = QStringLiteral("not a time");
            if (kind <= 2 && rng.bounded(2) == 0) {
                for (int p = static_cast<int>(rng.bounded(3)); p >= 0; --p) {
                    const qint64 from = static_cast<qint64>(rng.bounded(110)) * 86400;
                    e.pauses.append(
                        {at(from), at(std::max<qint64>(0, from - static_cast<qint64>(rng.bounded(20)) * 86400 - 1))});
                }
            }
            if (state == CaseState::Suspended)
                e.procedure = protocol::QueueEntry::Procedure{QStringLiteral("hearing"), QStringLiteral("r"),
                                                              QStringLiteral("2026-07-01"),
                                                              at(static_cast<qint64>(rng.bounded(30)) * 86400)};
            entries.append(e);
        }
        const QList<QueueRow> rows = ReviewDesk::rowsOf(entries, load.catalog, &*calendar, today, QStringLiteral("zh"));
        QCOMPARE(rows.size(), entries.size());

        const auto chinaDay = [](const QString &text) {
            return QDateTime::fromString(text, Qt::ISODateWithMs).toTimeZone(QTimeZone(8 * 3600)).date();
        };
        const auto leftOf = [&](const protocol::QueueEntry &e, int limit) {
            const QDate start = chinaDay(e.receivedAt);
            QList<QPair<QDate, QDate>> pauses;
            for (const auto &p : e.pauses)
                pauses.append({chinaDay(p.first), chinaDay(p.second)});
            if (e.procedure)
                pauses.append({chinaDay(e.procedure->startedAt), QDate()});
            int used = 0;
            for (QDate d = start.addDays(1); d <= today; d = d.addDays(1)) {
                bool paused = false;
                for (const auto &p : pauses)
                    paused = paused || (d >= p.first && (p.second.isNull() || d < p.second));
                if (calendar->isWorkingDay(d) && !paused)
                    ++used;
            }
            return limit - used;
        };
        QHash<QString, qsizetype> sent;
        for (qsizetype i = 0; i < entries.size(); ++i)
            sent.insert(entries.at(i).caseId, i);
        int withPauses = 0;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            const QueueRow &row = rows.at(r);
            const protocol::QueueEntry &e = entries.at(sent.value(row.caseId));
            const QDateTime received = QDateTime::fromString(e.receivedAt, Qt::ISODateWithMs);
            QCOMPARE(row.receivedAt, received);
            // In the hub's order (1.14): the desk does not sort the rows again.
            QCOMPARE(row.caseId, e.caseId);
            QCOMPARE(sent.value(row.caseId), r);
            QCOMPARE(row.paused, e.state != CaseState::Received);
            const auto item = load.catalog.item(e.itemId);
            if (!item || !received.isValid()) {
                QVERIFY(!row.promisedLeft && !row.statutoryLeft);
            } else {
                QCOMPARE(row.itemName, item->name.in(QStringLiteral("zh")));
                if (item->promisedLimitDays > 0)
                    QCOMPARE(row.promisedLeft, std::optional<int>(leftOf(e, item->promisedLimitDays)));
                if (item->statutoryLimitDays > 0)
                    QCOMPARE(row.statutoryLeft, std::optional<int>(leftOf(e, item->statutoryLimitDays)));
            }
            withPauses += !e.pauses.isEmpty() && row.promisedLeft.has_value();
            if (e.procedure)
                QCOMPARE(row.procedureStarted, chinaDay(e.procedure->startedAt));
        }
        QVERIFY(withPauses > 50);
    }

    void queueClocksAndOrder()
    {
        auto calendar = HolidayCalendar::loadDirectory(test::sourceDir() + QStringLiteral("/forms/calendar"));
        OW_VERIFY_OK(calendar);
        CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.catalog.size() > 0);
        // Received on Monday 2026-03-02 (China time); today is Monday 2026-03-16: 10 working days used.
        const QDateTime received(QDate(2026, 3, 2), QTime(2, 0), Qt::UTC);
        const QDate today(2026, 3, 16);
        // In the hub's order (1.14): by due date, those without a deadline last, then the cases
        // waiting for a correction. The desk keeps it.
        const QList<QueueRow> rows = ReviewDesk::rowsOf(
            {entry("OLD", "temporary-assistance", received.addDays(-7)), // 15 used of 10: overdue
             entry("TEMP", "temporary-assistance", received),            // promised 10: due today
             entry("ELDER", "elderly-allowance", received),              // promised 15: 5 left
             entry("LOW", "minimum-living-allowance", received),         // promised 25: 15 left
             entry("UNKNOWN", "no-such-item", received),
             entry("WAIT", "elderly-allowance", received.addDays(-30), CaseState::CorrectionRequested)},
            load.catalog, &*calendar, today, QStringLiteral("zh"));
        QStringList order;
        for (const QueueRow &r : rows)
            order << r.caseId;
        QCOMPARE(order, (QStringList{"OLD", "TEMP", "ELDER", "LOW", "UNKNOWN", "WAIT"}));
        const auto byId = [&rows](const QString &id) {
            return *std::find_if(rows.cbegin(), rows.cend(), [&id](const QueueRow &r) { return r.caseId == id; });
        };
        QCOMPARE(byId("OLD").urgency, QStringLiteral("overdue"));
        QCOMPARE(byId("TEMP").urgency, QStringLiteral("soon"));
        QCOMPARE(byId("TEMP").promisedLeft, std::optional<int>(0));
        QCOMPARE(byId("ELDER").promisedLeft, std::optional<int>(5));
        QCOMPARE(byId("ELDER").urgency, QStringLiteral("ok"));
        QCOMPARE(byId("WAIT").urgency, QStringLiteral("paused"));
        QCOMPARE(byId("UNKNOWN").itemName, QStringLiteral("no-such-item"));
        QVERIFY(!byId("UNKNOWN").promisedLeft);

        ReviewQueueModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(rows);
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.index(0).data(ReviewQueueModel::PromisedRole).toString(),
                 ReviewQueueModel::tr("overdue by %n working day(s)", "", -*byId("OLD").promisedLeft));
        QCOMPARE(model.index(1).data(ReviewQueueModel::PromisedRole).toString(), ReviewQueueModel::tr("due today"));
        QCOMPARE(model.index(5).data(ReviewQueueModel::PromisedRole).toString(), ReviewQueueModel::tr("paused"));
        QCOMPARE(model.caseIdAt(2), QStringLiteral("ELDER"));
        QCOMPARE(model.caseIdAt(9), QString());

        // The filters the queue page offers: a text (case number, item name or id, any case) and
        // a state; the order stays the queue's, caseIdAt() follows what is shown.
        QSignalSpy counted(&model, &ReviewQueueModel::countChanged);
        model.setFilter(QString(), QStringLiteral("paused"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.caseIdAt(0), QStringLiteral("WAIT"));
        QCOMPARE(model.index(0).data(ReviewQueueModel::PausedRole).toBool(), true);
        QCOMPARE(model.totalCount(), 6);
        QCOMPARE(counted.count(), 1);
        model.setFilter(QString(), QStringLiteral("waiting"));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.caseIdAt(4), QStringLiteral("UNKNOWN"));
        model.setFilter(QString(), QStringLiteral("overdue"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.caseIdAt(0), QStringLiteral("OLD"));
        model.setFilter(QString(), QStringLiteral("soon"));
        QCOMPARE(model.caseIdAt(0), QStringLiteral("TEMP"));
        QCOMPARE(model.rowCount(), 1);
        model.setFilter(QStringLiteral("no-SUCH"), QStringLiteral("all"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.caseIdAt(0), QStringLiteral("UNKNOWN"));
        const auto shown = [&model] {
            QStringList ids;
            for (int i = 0; i < model.rowCount(); ++i)
                ids << model.caseIdAt(i);
            return ids;
        };
        model.setFilter(QStringLiteral(" ELDERLY "), QStringLiteral("nonsense")); // trimmed; unknown state: all
        QCOMPARE(model.stateFilter(), QStringLiteral("all"));
        QCOMPARE(shown(), (QStringList{"ELDER", "WAIT"})); // by item id
        model.setFilter(byId("TEMP").itemName.left(2), QStringLiteral("all"));
        QCOMPARE(shown(), (QStringList{"OLD", "TEMP"})); // by the item's name as shown
        model.setFilter(QStringLiteral("old"), QStringLiteral("all"));
        QCOMPARE(shown(), (QStringList{"OLD"})); // by case number
        model.setFilter(QStringLiteral("nothing matches this"), QStringLiteral("all"));
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(model.row(QStringLiteral("OLD"))); // hidden rows are still the queue's
        model.setRows(rows);                       // a refresh keeps the filter
        QCOMPARE(model.rowCount(), 0);
        model.setFilter(QString(), QStringLiteral("all"));
        QCOMPARE(model.rowCount(), 6);
        model.setRows({});
        QCOMPARE(model.rowCount(), 0);

        // Pages of the queue come in the hub's order, one part of the queue each: a later page of
        // the cases waiting for a decision goes after those held and before the paused ones, and
        // is inserted (a list keeps its place), not reset; the filter applies to it too.
        QList<QueueRow> firstPage, laterPage;
        for (const QueueRow &r : rows)
            (r.caseId == QLatin1String("LOW") || r.caseId == QLatin1String("UNKNOWN") ? laterPage : firstPage)
                .append(r);
        model.setRows(firstPage);
        model.setFilter(QString(), QStringLiteral("waiting"));
        QCOMPARE(shown(), (QStringList{"OLD", "TEMP", "ELDER"}));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        model.mergeRows(laterPage);
        QCOMPARE(model.totalCount(), 6);
        QCOMPARE(shown(), (QStringList{"OLD", "TEMP", "ELDER", "LOW", "UNKNOWN"}));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 3);
        QCOMPARE(inserted.at(0).at(2).toInt(), 4);
        model.setFilter(QString(), QStringLiteral("all"));
        QCOMPARE(shown(), order);
        // A page none of whose rows pass the filter changes nothing shown.
        model.setRows(firstPage);
        model.setFilter(QStringLiteral("C-NONE"), QStringLiteral("all"));
        inserted.clear();
        model.mergeRows(laterPage);
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.rowCount(), 0);
        model.setFilter(QString(), QStringLiteral("all"));
        QCOMPARE(shown(), order);
    }
};

QTEST_MAIN(TestDeskSession)
#include "tst_desksession.moc"
