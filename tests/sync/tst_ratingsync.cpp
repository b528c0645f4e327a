// Ratings (好差评) from a kiosk's store to the real hub process (PROTOCOL.md §8.3), on SQLite and
// on PostgreSQL: a kiosk offline since 28 September 2026 rates its cases; the ratings wait in the
// outbox behind their cases' packets and reach the hub when it can be reached; the bad one opens a
// follow-up whose 15 working days skip the National Day holiday; the supervisor closes it over
// HTTP with the 回访, a reviewer is refused; resent, conflicting and unknown ratings.
#include "SyncHubSupport.h"

#include "protocol/JsonFields.h"
#include "protocol/RatingMessages.h"
#include "sync/OutboxPump.h"
#include "sync/RatingSubmission.h"
#include "sync/SyncText.h"

#include <QTest>

using namespace ow;
using ow::test::HubFixture;
using ow::test::SyncDevice;

namespace {

const Actor kCitizen{QStringLiteral("K01"), QStringLiteral("citizen")};
const QString kSupervisorPassword = QStringLiteral("supervisor password 1");
const QString kReviewerPassword = QStringLiteral("reviewer password 1");

qint64 outboxRows(Store &store, const char *state, const char *kind)
{
    Statement st(store.db(), "SELECT count(*) FROM outbox WHERE state = ? AND kind = ?");
    st.bind(1, QString::fromLatin1(state)).bind(2, QString::fromLatin1(kind));
    return st.next() ? st.int64(0) : -1;
}

QList<QPair<QByteArray, QByteArray>> bearer(const QByteArray &token)
{
    return {{"Authorization", "Bearer " + token}};
}

} // namespace

class TestRatingSync : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    std::unique_ptr<HubFixture> m_hub;

private Q_SLOTS:
    void init()
    {
        QString error;
        const QString url = m_backend.newDatabase(&error);
        QVERIFY2(!m_backend.isPostgres() || !url.isEmpty(), qPrintable(error));
        m_hub = std::make_unique<HubFixture>(url);
        QVERIFY2(m_hub->start(), m_hub->log().constData());
    }
    void cleanup() { m_hub.reset(); }

    void badKioskRatingOpensFollowUpAcrossTheHoliday()
    {
        // The kiosk's clock: Monday 28 September 2026, 10:00 in China, while it is offline.
        ManualClock clock(QDateTime(QDate(2026, 9, 28), QTime(2, 0), Qt::UTC));
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl(), QStringLiteral("K01"), &clock));
        clock.set(QDateTime::currentDateTimeUtc()); // enrolled today, before it went to the village
        QVERIFY(kiosk.enroll(*m_hub));
        clock.set(QDateTime(QDate(2026, 9, 28), QTime(2, 0), Qt::UTC));
        const QString bad = kiosk.createAndSeal(1);
        const QString good = kiosk.createAndSeal(2);
        QVERIFY(!bad.isEmpty() && !good.isEmpty());
        auto rated = sync::submitRating(
            *kiosk.store,
            sync::RatingInput{bad, Rating::VeryDissatisfied, RatingChannel::Kiosk, {}, QStringLiteral("排队太久")},
            kCitizen);
        OW_VERIFY_OK(rated);
        OW_VERIFY_OK(sync::submitRating(
            *kiosk.store, sync::RatingInput{good, Rating::Satisfied, RatingChannel::Kiosk, {}, {}}, kCitizen));
        QCOMPARE(outboxRows(*kiosk.store, "pending", sync::kKindRating), 2);
        // Rated once on the kiosk too.
        auto twice = sync::submitRating(
            *kiosk.store, sync::RatingInput{bad, Rating::Satisfied, RatingChannel::Kiosk, {}, {}}, kCitizen);
        QVERIFY(!twice.ok());
        QCOMPARE(outboxRows(*kiosk.store, "pending", sync::kKindRating), 2);

        // Back online today. The first case's packet is held back (its retry not due yet): its
        // rating waits behind it, the other case's goes.
        clock.set(QDateTime::currentDateTimeUtc());
        {
            Statement hold(kiosk.store->db(),
                           "UPDATE outbox SET next_attempt_at = '2999-01-01T00:00:00.000Z' "
                           "WHERE kind = 'packet' AND case_id = (SELECT id FROM cases WHERE number = ?)");
            hold.bind(1, bad);
            OW_VERIFY_OK(hold.run());
        }
        sync::OutboxPump pump(*kiosk.store, *kiosk.transport, *kiosk.device);
        auto first = pump.drain();
        OW_VERIFY_OK(first);
        QCOMPARE(first->acknowledged, 1);
        QCOMPARE(first->ratingsSent, 1);
        QCOMPARE(first->rejected, 0);
        QCOMPARE(outboxRows(*kiosk.store, "pending", sync::kKindRating), 1);
        {
            Statement release(kiosk.store->db(), "UPDATE outbox SET next_attempt_at = ? WHERE kind = 'packet'");
            release.bind(1, crypto::wireTime(clock.now()));
            OW_VERIFY_OK(release.run());
        }
        auto second = pump.drain();
        OW_VERIFY_OK(second);
        QCOMPARE(second->acknowledged, 1);
        QCOMPARE(second->ratingsSent, 1);
        QCOMPARE(outboxRows(*kiosk.store, "sent", sync::kKindRating), 2);

        // The supervisor's list over HTTP: the bad rating's follow-up, due after 15 working days.
        QVERIFY(m_hub->addOperator(QStringLiteral("super1"), QStringLiteral("supervisor"), QStringLiteral("hall"),
                                   kSupervisorPassword));
        QVERIFY(m_hub->addOperator(QStringLiteral("rev1"), QStringLiteral("reviewer"),
                                   QLatin1String(test::kItemDepartment), kReviewerPassword));
        const QByteArray supervisor = m_hub->login(QStringLiteral("super1"), kSupervisorPassword);
        const QByteArray reviewer = m_hub->login(QStringLiteral("rev1"), kReviewerPassword);
        QVERIFY(!supervisor.isEmpty() && !reviewer.isEmpty());
        const auto listed = m_hub->get("/v1/followups?state=open", bearer(supervisor));
        QCOMPARE(listed.status, 200);
        auto list = protocol::FollowUpList::fromJson(listed.json());
        OW_VERIFY_OK(list);
        QCOMPARE(list->followUps.size(), 1);
        const protocol::FollowUp followUp = list->followUps.first();
        QCOMPARE(followUp.caseId, bad);
        QCOMPARE(followUp.level, Rating::VeryDissatisfied);
        QCOMPARE(followUp.comment, QStringLiteral("排队太久"));
        // By hand: 29, 30 September are working days 1 and 2; 1–7 October the National Day
        // holiday; 8, 9 October 3 and 4; Saturday 10 October a make-up working day, 5; then
        // 12–16 October 6–10 and 19–23 October 11–15.
        QCOMPARE(followUp.dueDate, QStringLiteral("2026-10-23"));
        QCOMPARE(followUp.ratedAt, QStringLiteral("2026-09-28T02:00:00.000Z"));
        QVERIFY2(followUp.daysLeft < 0, "rated in September, listed today: overdue");
        QCOMPARE(m_hub->get("/v1/followups", bearer(reviewer)).error(), QByteArray("forbidden_role"));
        QCOMPARE(m_hub->get("/v1/followups").status, 401);

        // The outcome and the 回访, once.
        const QJsonObject close{{QStringLiteral("outcome"), QStringLiteral("已约谈窗口人员，增开综合窗口")},
                                {QStringLiteral("revisitAt"), crypto::wireTime(clock.now().addSecs(-3600))},
                                {QStringLiteral("revisitMethod"), QStringLiteral("visit")},
                                {QStringLiteral("revisitResult"), QStringLiteral("群众表示满意")}};
        const QByteArray path = "/v1/followups/" + followUp.id.toLatin1();
        QCOMPARE(m_hub->postJson(path, close, bearer(reviewer)).status, 403);
        const auto closed = m_hub->postJson(path, close, bearer(supervisor));
        QCOMPARE(closed.status, 200);
        QCOMPARE(closed.json().value(QStringLiteral("state")).toString(), QStringLiteral("closed"));
        QCOMPARE(closed.json().value(QStringLiteral("revisitMethod")).toString(), QStringLiteral("visit"));
        const auto again = m_hub->postJson(path, close, bearer(supervisor));
        QCOMPARE(again.status, 409);
        QCOMPARE(again.error(), QByteArray("already_closed"));
        QCOMPARE(m_hub->postJson("/v1/followups/77777", close, bearer(supervisor)).status, 404);
        QCOMPARE(
            protocol::FollowUpList::fromJson(m_hub->get("/v1/followups", bearer(supervisor)).json())->followUps.size(),
            0);
        const auto done =
            protocol::FollowUpList::fromJson(m_hub->get("/v1/followups?state=closed", bearer(supervisor)).json());
        OW_VERIFY_OK(done);
        QCOMPARE(done->followUps.size(), 1);
        QCOMPARE(done->followUps.first().revisitResult, QStringLiteral("群众表示满意"));
    }

    void resentConflictingAndUnknownRatings()
    {
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl(), QStringLiteral("K02")));
        QVERIFY(kiosk.enroll(*m_hub));
        const QString number = kiosk.createAndSeal(3);
        OW_VERIFY_OK(sync::submitRating(
            *kiosk.store, sync::RatingInput{number, Rating::Dissatisfied, RatingChannel::Kiosk, {}, {}}, kCitizen));
        sync::OutboxPump pump(*kiosk.store, *kiosk.transport, *kiosk.device);
        auto sent = pump.drain();
        OW_VERIFY_OK(sent);
        QCOMPARE(sent->ratingsSent, 1);

        // The same body again (the answer was lost): 200, done. Another level: 409, never retried.
        QByteArray payload;
        qint64 caseRow = 0;
        {
            Statement body(kiosk.store->db(), "SELECT payload, case_id FROM outbox WHERE kind = 'rating'");
            QVERIFY(body.next());
            payload = body.blob(0);
            caseRow = body.int64(1);
        }
        OW_VERIFY_OK(kiosk.store->outbox().enqueue(caseRow, QStringLiteral("resent"),
                                                   QString::fromLatin1(sync::kKindRating), payload));
        auto changed = protocol::parseObject(payload, QStringLiteral("rating"));
        OW_VERIFY_OK(changed);
        changed->insert(QStringLiteral("level"), QStringLiteral("verySatisfied"));
        OW_VERIFY_OK(kiosk.store->outbox().enqueue(caseRow, QStringLiteral("conflicting"),
                                                   QString::fromLatin1(sync::kKindRating),
                                                   protocol::toBytes(*changed)));
        changed->insert(QStringLiteral("caseId"), QStringLiteral("K02-20260101-999999"));
        OW_VERIFY_OK(kiosk.store->outbox().enqueue(
            caseRow, QStringLiteral("unknown"), QString::fromLatin1(sync::kKindRating), protocol::toBytes(*changed)));
        auto report = pump.drain();
        OW_VERIFY_OK(report);
        QCOMPARE(report->ratingsSent, 1);
        QCOMPARE(report->rejected, 2);
        QCOMPARE(report->rejectedPackets, (QStringList{QStringLiteral("conflicting"), QStringLiteral("unknown")}));
        QCOMPARE(report->rejections.first().userMessage,
                 SyncText::tr("The county hub already holds another rating of this application. This rating will not "
                              "be sent again."));
        QVERIFY(m_hub->addOperator(QStringLiteral("super2"), QStringLiteral("supervisor"), QStringLiteral("hall"),
                                   kSupervisorPassword));
        const QByteArray supervisor = m_hub->login(QStringLiteral("super2"), kSupervisorPassword);
        const auto open = protocol::FollowUpList::fromJson(m_hub->get("/v1/followups", bearer(supervisor)).json());
        OW_VERIFY_OK(open);
        QCOMPARE(open->followUps.size(), 1); // one follow-up, whatever was sent twice
        QCOMPARE(open->followUps.first().level, Rating::Dissatisfied);
    }
};

QTEST_MAIN(TestRatingSync)
#include "tst_ratingsync.moc"
