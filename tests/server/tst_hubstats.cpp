// The hall supervisor's figures (server/HubStats.h, PROTOCOL.md §8.3) on a real database (SQLite,
// or PostgreSQL for tst_hubstats_postgres): a fixture of cases, ratings and follow-ups written in
// SQL and the figures worked out by hand below; the working days and on-time flag a decision
// stores; refusals; and GET /v1/stats over HTTP against the real hub process, where the channel
// comes from the sealed payload.

#include "HubTestBackend.h"

#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubService.h"

#include "crypto/Packet.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;
using namespace ow::hub;
using test::HttpResponse;
using test::HubFixture;
using test::HubTestDevice;

namespace {

// Wednesday 20 May 2026, 10:00 China time.
const QDateTime Now = QDateTime(QDate(2026, 5, 20), QTime(2, 0), Qt::UTC);
const QString Senior = QStringLiteral("senior-citizen-card");
const QString Allowance = QStringLiteral("elderly-allowance");
const QString Health = QStringLiteral("11341125MB17731876");
const QString Civil = QStringLiteral("11341125MB1772416M");
const QString Password = QStringLiteral("Supervisor#2026pass");

QString keysOf(const QList<StatsCount> &counts)
{
    QStringList out;
    for (const StatsCount &entry : counts)
        out.append(QStringLiteral("%1=%2").arg(entry.key).arg(entry.count));
    return out.join(QLatin1Char(' '));
}

QString keysOf(const QJsonArray &counts)
{
    QStringList out;
    for (const QJsonValue &entry : counts)
        out.append(QStringLiteral("%1=%2")
                       .arg(entry[QStringLiteral("key")].toString())
                       .arg(entry[QStringLiteral("count")].toInteger()));
    return out.join(QLatin1Char(' '));
}

} // namespace

class TestHubStats : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    QTemporaryDir m_dir;
    HubDatabase m_db;
    std::optional<HubKeys> m_keys;
    std::optional<HubCatalog> m_catalog;
    ManualClock m_clock{Now};
    OperatorIdentity m_supervisor{1, QStringLiteral("supervisor"), Role::HallSupervisor, QString()};

    HubService service() { return HubService(m_db, *m_keys, &*m_catalog, HubLimits{}, m_clock); }

    bool insertCase(const QString &caseId, const QString &item, const QString &department, const QString &state,
                    const QString &channel, const QString &receivedAt, const QString &dueDate,
                    const QVariant &concludedAt = {}, const QVariant &workingDays = {}, const QVariant &onTime = {})
    {
        auto inserted = m_db.exec(
            QStringLiteral("INSERT INTO cases (case_id, packet_id, device_id, item_id, department, state, received_at, "
                           "updated_at, due_date, channel, concluded_at, working_days, on_time) "
                           "VALUES (?, ?, 'd-fixture', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {caseId, caseId + QStringLiteral("-p"), item, department, state, receivedAt, receivedAt, dueDate, channel,
             concludedAt, workingDays, onTime});
        if (!inserted)
            qWarning("%s", qPrintable(inserted.error().logDetail));
        return inserted.ok();
    }

    bool insertRating(const QString &caseId, const QString &level, const QString &ratedAt)
    {
        return m_db
            .exec(QStringLiteral("INSERT INTO ratings (case_id, device_id, channel, level, rated_at, received_at) "
                                 "VALUES (?, 'd-fixture', 'window', ?, ?, ?)"),
                  {caseId, level, ratedAt, ratedAt})
            .ok();
    }

    bool insertFollowUp(const QString &caseId, const QString &dueDate, const QString &state)
    {
        return m_db
            .exec(QStringLiteral("INSERT INTO rating_followups (case_id, opened_at, due_date, state) "
                                 "VALUES (?, '2026-05-01T00:00:00.000Z', ?, ?)"),
                  {caseId, dueDate, state})
            .ok();
    }

    qint64 count(const QString &sql, std::initializer_list<QVariant> values = {})
    {
        auto query = m_db.exec(sql, values);
        return query.ok() && query->next() ? query->value(0).toLongLong() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(m_db.open(url, m_dir.filePath(QStringLiteral("hub.sqlite"))).ok());
        QVERIFY(m_db.migrate().ok());
        auto keys = HubKeys::loadOrCreate(m_dir.filePath(QStringLiteral("keys")));
        QVERIFY(keys.ok());
        m_keys.emplace(std::move(*keys));
        auto catalog = HubCatalog::load(qEnvironmentVariable("OW_SOURCE_DIR") + QStringLiteral("/forms/items"));
        QVERIFY2(catalog.ok(), "OW_SOURCE_DIR must name the source tree (forms/items)");
        m_catalog.emplace(std::move(*catalog));

        // The fixture. Today is 20 May (China time) = [19 May 16:00Z, 20 May 16:00Z); this month
        // from 30 Apr 16:00Z. Working days: 9 May (Saturday) is a make-up day, 1-5 May are off.
        // id    item       dept    state                channel received (UTC)         due         concluded (UTC) days
        // on-time
        QVERIFY(insertCase("A1", Senior, Health, "received", "kiosk", "2026-05-20T01:00:00.000Z", "2026-05-25"));
        QVERIFY(insertCase("A2", Allowance, Civil, "received", "window", "2026-05-19T16:30:00.000Z", "2026-05-20"));
        QVERIFY(insertCase("A3", Senior, Health, "received", "helper", "2026-05-19T15:59:59.000Z", "2026-05-19"));
        QVERIFY(insertCase("A4", Allowance, Civil, "approved", "window", "2026-05-04T02:00:00.000Z", "2026-05-15",
                           "2026-05-12T03:00:00.000Z", 5, 1));
        QVERIFY(insertCase("A5", Senior, Health, "denied", "kiosk", "2026-05-06T02:00:00.000Z", "2026-05-13",
                           "2026-05-20T06:00:00.000Z", 9, 0));
        QVERIFY(insertCase("A6", Senior, Health, "received", "window", "2026-04-30T15:59:00.000Z", "2026-05-14"));
        QVERIFY(insertCase("A7", Allowance, Civil, "approved", "window", "2026-04-20T02:00:00.000Z", "9999-12-31",
                           "2026-04-30T16:00:00.000Z", 7, QVariant()));
        QVERIFY(
            insertCase("A8", Senior, Health, "correctionRequested", "kiosk", "2026-05-10T02:00:00.000Z", "2026-05-18"));
        QVERIFY(insertCase("A9", Senior, Health, "issued", "window", "2026-05-20T03:00:00.000Z", "2026-06-03",
                           "2026-05-20T05:00:00.000Z", 0, 1));
        QVERIFY(insertCase("A10", Senior, Health, "suspended", "window", "2026-05-11T02:00:00.000Z", "2026-05-12"));
        QVERIFY(insertRating("A4", "satisfied", "2026-05-12T05:00:00.000Z"));
        QVERIFY(insertRating("A5", "veryDissatisfied", "2026-05-20T07:00:00.000Z"));
        QVERIFY(insertRating("A9", "verySatisfied", "2026-05-20T06:00:00.000Z"));
        QVERIFY(insertRating("A7", "dissatisfied", "2026-04-30T15:00:00.000Z"));
        QVERIFY(insertFollowUp("A5", "2026-05-27", "open"));
        QVERIFY(insertFollowUp("A7", "2026-05-19", "open"));
        QVERIFY(insertFollowUp("A4", "2026-05-10", "closed"));
    }

    void today()
    {
        HubService hub = service();
        const qint64 audited = count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'stats_read'"));
        auto stats = hub.stats().hall(m_supervisor, QStringLiteral("today"), {}, {});
        QVERIFY2(stats.ok(), stats.ok() ? "" : qPrintable(stats.error().detail));
        QCOMPARE(stats->from, QDate(2026, 5, 20));
        QCOMPARE(stats->to, QDate(2026, 5, 20));
        // Received on 20 May China time: A1, A2 (00:30 China time), A9; not A3 (23:59 on the 19th).
        QCOMPARE(stats->received, 3);
        QCOMPARE(keysOf(stats->byItem), QStringLiteral("senior-citizen-card=2 elderly-allowance=1"));
        QCOMPARE(keysOf(stats->byState), QStringLiteral("received=2 issued=1"));
        QCOMPARE(keysOf(stats->byDepartment), QStringLiteral("%1=2 %2=1").arg(Health, Civil));
        QCOMPARE(keysOf(stats->byChannel), QStringLiteral("window=2 kiosk=1"));
        // Concluded today: A5 (9 days, late) and A9 (0 days, in time).
        QCOMPARE(stats->concluded, 2);
        QCOMPARE(stats->withLimit, 2);
        QCOMPARE(stats->onTime, 1);
        QCOMPARE(stats->onTimeRate(), 0.5);
        QCOMPARE(stats->averageWorkingDays(), 4.5);
        // In review past due: A6 (14 May), A3 (19 May); not A8 (waiting for a correction) nor
        // A10 (special procedure). Due by the third working day after today (25 May): A2, A1.
        QCOMPARE(stats->overdue, 2);
        QCOMPARE(stats->dueSoonUntil, QDate(2026, 5, 25));
        QCOMPARE(stats->dueSoon, 2);
        QCOMPARE(stats->mostOverdue.size(), 2);
        QCOMPARE(stats->mostOverdue[0].caseId, QStringLiteral("A6"));
        QCOMPARE(stats->mostOverdue[0].daysOverdue, 4); // 15, 18, 19, 20 May
        QCOMPARE(stats->mostOverdue[1].caseId, QStringLiteral("A3"));
        QCOMPARE(stats->mostOverdue[1].daysOverdue, 1);
        QCOMPARE(keysOf(stats->ratings), QStringLiteral("veryDissatisfied=1 verySatisfied=1"));
        QCOMPARE(stats->badRatings, 1);
        QCOMPARE(stats->followUpsOpen, 2);
        QCOMPARE(stats->followUpsOverdue, 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'stats_read'")), audited + 1);

        const QJsonObject json = stats->toJson();
        QCOMPARE(json[QStringLiteral("onTimeRate")].toDouble(), 0.5);
        QCOMPARE(json[QStringLiteral("averageWorkingDays")].toDouble(), 4.5);
        QCOMPARE(json[QStringLiteral("mostOverdue")].toArray().at(0)[QStringLiteral("caseId")].toString(),
                 QStringLiteral("A6"));
    }

    void month()
    {
        HubService hub = service();
        auto stats = hub.stats().hall(m_supervisor, QStringLiteral("month"), {}, {});
        QVERIFY(stats.ok());
        QCOMPARE(stats->from, QDate(2026, 5, 1));
        QCOMPARE(stats->to, QDate(2026, 5, 20));
        // From 1 May China time: A1 A2 A3 A4 A5 A8 A9 A10; not A6 (23:59 on 30 April) nor A7.
        QCOMPARE(stats->received, 8);
        QCOMPARE(keysOf(stats->byItem), QStringLiteral("senior-citizen-card=6 elderly-allowance=2"));
        QCOMPARE(keysOf(stats->byState),
                 QStringLiteral("received=3 approved=1 correctionRequested=1 denied=1 issued=1 suspended=1"));
        QCOMPARE(keysOf(stats->byDepartment), QStringLiteral("%1=6 %2=2").arg(Health, Civil));
        QCOMPARE(keysOf(stats->byChannel), QStringLiteral("window=4 kiosk=3 helper=1"));
        // Concluded: A4 (5, in time), A5 (9, late), A7 (7, no limit: 00:00 on 1 May), A9 (0, in time).
        QCOMPARE(stats->concluded, 4);
        QCOMPARE(stats->withLimit, 3);
        QCOMPARE(stats->onTime, 2);
        QCOMPARE(stats->averageWorkingDays(), 5.25);
        QCOMPARE(stats->toJson()[QStringLiteral("onTimeRate")].toDouble(), 0.6667);
        QCOMPARE(keysOf(stats->ratings), QStringLiteral("satisfied=1 veryDissatisfied=1 verySatisfied=1"));
        QCOMPARE(stats->badRatings, 1);
        // Now, whatever the period.
        QCOMPARE(stats->overdue, 2);
        QCOMPARE(stats->dueSoon, 2);
    }

    void range()
    {
        HubService hub = service();
        auto stats = hub.stats().hall(m_supervisor, {}, QStringLiteral("2026-04-01"), QStringLiteral("2026-04-30"));
        QVERIFY(stats.ok());
        QCOMPARE(stats->period, QStringLiteral("range"));
        QCOMPARE(stats->received, 2); // A6, A7
        QCOMPARE(keysOf(stats->byChannel), QStringLiteral("window=2"));
        QCOMPARE(stats->concluded, 0); // A7 concluded at 00:00 on 1 May, China time
        QCOMPARE(stats->onTimeRate(), -1.0);
        QVERIFY(stats->toJson()[QStringLiteral("onTimeRate")].isNull());
        QVERIFY(stats->toJson()[QStringLiteral("averageWorkingDays")].isNull());
        QCOMPARE(keysOf(stats->ratings), QStringLiteral("dissatisfied=1"));
        QCOMPARE(stats->badRatings, 1);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("period");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("unknown period") << "week"
                                        << ""
                                        << "";
        QTest::newRow("from alone") << ""
                                    << "2026-05-01"
                                    << "";
        QTest::newRow("not a date") << ""
                                    << "2026-5-1"
                                    << "2026-05-02";
        QTest::newRow("no such day") << ""
                                     << "2026-02-30"
                                     << "2026-03-02";
        QTest::newRow("backwards") << ""
                                   << "2026-05-02"
                                   << "2026-05-01";
        QTest::newRow("too long") << ""
                                  << "2025-01-01"
                                  << "2026-01-02";
        QTest::newRow("both") << "month"
                              << "2026-05-01"
                              << "2026-05-02";
    }

    void refusals()
    {
        QFETCH(QString, period);
        QFETCH(QString, from);
        QFETCH(QString, to);
        HubService hub = service();
        auto stats = hub.stats().hall(m_supervisor, period, from, to);
        QVERIFY(!stats.ok());
        QCOMPARE(stats.error().kind, Refusal::BadRequest);
        QCOMPARE(stats.error().code, QByteArray("bad_period"));
    }

    void reviewersAreRefused()
    {
        HubService hub = service();
        const OperatorIdentity reviewer{2, QStringLiteral("health.reviewer"), Role::DepartmentReviewer, Health};
        auto stats = hub.stats().hall(reviewer, QStringLiteral("today"), {}, {});
        QVERIFY(!stats.ok());
        QCOMPARE(stats.error().kind, Refusal::Forbidden);
        QCOMPARE(stats.error().code, QByteArray("forbidden_role"));
    }

    // What a decision stores: working days from the day after receipt, an ended special
    // procedure's working days not counted, and in time by the due date.
    void concludedStoresWorkingDays()
    {
        // Received Wed 6 May; procedure Fri 8 to Mon 11 (8 May and make-up Saturday 9 May not
        // counted); concluded Wed 13 May: 7, 8, 9, 11, 12, 13 = 6 working days, less 2 = 4.
        QVERIFY(insertCase("C1", Senior, Health, "approved", "window", "2026-05-06T02:00:00.000Z", "2026-05-12"));
        QVERIFY(m_db.exec(QStringLiteral("INSERT INTO special_procedures (case_id, packet_id, department, kind, "
                                         "reason, expected_end, started_at, started_by, start_cursor, ended_at, "
                                         "ended_by, outcome, end_cursor) VALUES ('C1', 'C1-p', ?, 'hearing', 'r', "
                                         "'2026-05-12', '2026-05-08T02:00:00.000Z', 2, 1, "
                                         "'2026-05-11T02:00:00.000Z', 2, 'o', 2)"),
                          {Health})
                    .ok());
        QVERIFY(
            concluded::store(m_db, &*m_catalog, QStringLiteral("C1"), QStringLiteral("2026-05-13T02:00:00.000Z")).ok());
        QCOMPARE(count(QStringLiteral("SELECT working_days FROM cases WHERE case_id = 'C1'")), 4);
        QCOMPARE(count(QStringLiteral("SELECT on_time FROM cases WHERE case_id = 'C1'")), 0); // 13 May > 12 May
        // Without a time limit: the days, and no on-time flag.
        QVERIFY(insertCase("C2", Senior, Health, "denied", "window", "2026-05-06T02:00:00.000Z", "9999-12-31"));
        QVERIFY(
            concluded::store(m_db, &*m_catalog, QStringLiteral("C2"), QStringLiteral("2026-05-13T02:00:00.000Z")).ok());
        QCOMPARE(count(QStringLiteral("SELECT working_days FROM cases WHERE case_id = 'C2'")), 6);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM cases WHERE case_id = 'C2' AND on_time IS NULL")), 1);
        QVERIFY(m_db.exec(QStringLiteral("DELETE FROM cases WHERE case_id IN ('C1', 'C2')")).ok());
        QVERIFY(m_db.exec(QStringLiteral("DELETE FROM special_procedures WHERE case_id = 'C1'")).ok());
    }

    // The real hub over HTTP: the channel comes from the sealed payload (kiosk, helper, none →
    // window), a reviewer's approval concludes a case, supervisors read the figures, reviewers 403.
    void overHttp()
    {
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        HubFixture hub(url);
        QVERIFY2(hub.start(), hub.log().constData());
        QVERIFY(hub.addOperator(QStringLiteral("supervisor"), QStringLiteral("supervisor"), QString(), Password));
        QVERIFY(hub.addOperator(QStringLiteral("health.reviewer"), QStringLiteral("reviewer"), Health, Password));
        HubTestDevice device(hub);
        device.setCasePrefix(QStringLiteral("ST%1").arg(m_backend.name()));
        QCOMPARE(device.enroll(hub.enrollCode()).status, 201);
        const QStringList channels{QStringLiteral("kiosk"), QStringLiteral("helper"), QString(),
                                   QStringLiteral("bogus")};
        QStringList caseIds;
        for (int i = 0; i < channels.size(); ++i) {
            const QString caseId = QStringLiteral("%1-%2").arg(device.casePrefix()).arg(i + 1, 6, 10, QLatin1Char('0'));
            crypto::PacketContent content = device.sampleContent(caseId);
            if (!channels[i].isEmpty())
                content.extra.insert(QStringLiteral("channel"), channels[i]);
            const auto sealed = device.seal(content, i + 1);
            QCOMPARE(device.postPacket(sealed.envelope).status, 201);
            caseIds.append(caseId);
        }
        const QByteArray reviewer = hub.login(QStringLiteral("health.reviewer"), Password);
        QVERIFY(!reviewer.isEmpty());
        QCOMPARE(
            hub.decide(reviewer, caseIds[0], hub.packetIdOf(reviewer, caseIds[0]), QStringLiteral("approved")).status,
            200);
        QCOMPARE(hub.get("/v1/stats?period=today", {{"Authorization", "Bearer " + reviewer}}).status, 403);

        const QByteArray supervisor = hub.login(QStringLiteral("supervisor"), Password);
        QVERIFY(!supervisor.isEmpty());
        const HttpResponse today = hub.get("/v1/stats?period=today", {{"Authorization", "Bearer " + supervisor}});
        QCOMPARE(today.status, 200);
        const QJsonObject json = today.json();
        QCOMPARE(json[QStringLiteral("period")].toString(), QStringLiteral("today"));
        QCOMPARE(json[QStringLiteral("received")].toInteger(), 4);
        QCOMPARE(keysOf(json[QStringLiteral("byChannel")].toArray()), QStringLiteral("window=2 helper=1 kiosk=1"));
        QCOMPARE(keysOf(json[QStringLiteral("byState")].toArray()), QStringLiteral("received=3 approved=1"));
        QCOMPARE(json[QStringLiteral("concluded")].toInteger(), 1);
        QCOMPARE(json[QStringLiteral("onTime")].toInteger(), 1);
        QCOMPARE(json[QStringLiteral("averageWorkingDays")].toDouble(), 0.0);
        QCOMPARE(json[QStringLiteral("overdue")].toInteger(), 0);
        QCOMPARE(hub.get("/v1/stats?period=year", {{"Authorization", "Bearer " + supervisor}}).error(),
                 QByteArray("bad_period"));
        QCOMPARE(hub.get("/v1/stats?period=today").status, 401);
        QCOMPARE(hub.request({"POST", "/v1/stats", {}, {{"Authorization", "Bearer " + supervisor}}}).status, 405);
    }
};

QTEST_GUILESS_MAIN(TestHubStats)
#include "tst_hubstats.moc"
