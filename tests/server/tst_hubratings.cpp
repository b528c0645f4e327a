// Ratings (好差评) and their follow-ups in process (server/HubRatings.h, PROTOCOL.md §8.3): the
// rating service on a real database (SQLite, or PostgreSQL for tst_hubratings_postgres) with a
// manual clock, so the follow-up's working-day clock is checked across the National Day holiday.

#include "HubTestBackend.h"

#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubService.h"

#include "crypto/Keys.h"
#include "crypto/Packet.h"
#include "crypto/RequestSignature.h"
#include "protocol/Messages.h"
#include "protocol/RatingMessages.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ow;
using namespace ow::hub;

namespace {

// Monday 28 September 2026, 10:00 in China.
const QDateTime RatedAt = QDateTime(QDate(2026, 9, 28), QTime(2, 0), Qt::UTC);
const QString SeniorCard = QStringLiteral("senior-citizen-card");

QByteArray ratingBody(const QString &caseId, const QString &level, const QString &channel = QStringLiteral("kiosk"),
                      const QString &comment = {}, bool dimensions = false)
{
    QJsonObject body{{QStringLiteral("caseId"), caseId},
                     {QStringLiteral("level"), level},
                     {QStringLiteral("channel"), channel},
                     {QStringLiteral("ratedAt"), crypto::wireTime(RatedAt)}};
    if (!comment.isEmpty())
        body.insert(QStringLiteral("comment"), comment);
    if (dimensions)
        body.insert(QStringLiteral("dimensions"), QJsonObject{{QStringLiteral("overall"), 2},
                                                              {QStringLiteral("efficiency"), 1},
                                                              {QStringLiteral("professionalism"), 3},
                                                              {QStringLiteral("attitude"), 2}});
    return protocol::toBytes(body);
}

QByteArray closeBody(const QString &outcome, const QString &result)
{
    return protocol::toBytes(QJsonObject{{QStringLiteral("outcome"), outcome},
                                         {QStringLiteral("revisitAt"), QStringLiteral("2026-10-20T03:00:00.000Z")},
                                         {QStringLiteral("revisitMethod"), QStringLiteral("phone")},
                                         {QStringLiteral("revisitResult"), result}});
}

} // namespace

class TestHubRatings : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    QTemporaryDir m_dir;
    HubDatabase m_db;
    std::optional<HubKeys> m_keys;
    ManualClock m_clock{RatedAt.addSecs(600)};
    std::optional<HubCatalog> m_catalog;
    int m_sequence = 0;

    struct Device
    {
        DeviceIdentity identity;
        crypto::PrivateKey key;
    };

    HubService service()
    {
        HubLimits limits;
        limits.passwordIterations = 1000;
        return HubService(m_db, *m_keys, &*m_catalog, limits, m_clock);
    }

    std::optional<Device> enroll(HubService &hub)
    {
        auto code = hub.admin().issueEnrollCode(1);
        auto key = crypto::PrivateKey::generate(crypto::Suite::Gm, crypto::KeyUse::Signing);
        if (!code || !key)
            return std::nullopt;
        auto proof = crypto::sign(*key, crypto::enrollmentProofInput(normaliseEnrollCode(*code)));
        if (!proof)
            return std::nullopt;
        auto answer = hub.enrollment().enroll(protocol::toBytes(protocol::EnrollRequest{
            *code, crypto::Suite::Gm, QStringLiteral("rating kiosk"), key->publicKey().toPem(), *proof, QString()}
                                                                    .toJson()));
        if (!answer)
            return std::nullopt;
        return Device{DeviceIdentity{answer->deviceId, crypto::Suite::Gm, key->publicKey()}, *key};
    }

    bool sendCase(HubService &hub, const Device &device, const QString &caseId)
    {
        crypto::PacketContent content;
        content.caseId = caseId;
        content.itemId = SeniorCard;
        content.form = QJsonObject{{QStringLiteral("applicantName"), QStringLiteral("测试")}};
        crypto::PacketSealer sealer(crypto::Suite::Gm, device.key, m_keys->encryptionKey(crypto::Suite::Gm).publicKey(),
                                    device.identity.id);
        auto sealed = sealer.seal(content, ++m_sequence, m_clock.now());
        return sealed && hub.ingest().ingest(device.identity.id, sealed->envelope).ok();
    }

    static std::optional<OperatorIdentity> operatorWith(HubService &hub, const QString &username, const QString &role)
    {
        const QString password = QStringLiteral("right password 9");
        QByteArray secret = password.toUtf8();
        if (!hub.admin().addOperator(username, role, QStringLiteral("hall"), secret).ok())
            return std::nullopt;
        auto answer = hub.signIn().login(protocol::toBytes(
            QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}}));
        if (!answer)
            return std::nullopt;
        auto op = hub.signIn().authenticate(HeaderMap{{"authorization", "Bearer " + answer->token.toLatin1()}});
        return op ? std::optional<OperatorIdentity>(*op) : std::nullopt;
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
        QVERIFY(HubDatabase::schemaVersion() >= 11); // ratings and follow-ups from schema 11
        auto keys = HubKeys::loadOrCreate(m_dir.filePath(QStringLiteral("keys")));
        QVERIFY(keys.ok());
        m_keys.emplace(std::move(*keys));
        auto catalog = HubCatalog::load(qEnvironmentVariable("OW_SOURCE_DIR") + QStringLiteral("/forms/items"));
        QVERIFY2(catalog.ok(), "OW_SOURCE_DIR must name the source tree (forms/items)");
        m_catalog.emplace(std::move(*catalog));
    }

    // One rating per case; a bad one opens its follow-up with it, due after 15 working days.
    void ratingsAreStoredOncePerCase()
    {
        HubService hub = service();
        const auto kiosk = enroll(hub);
        const auto other = enroll(hub);
        QVERIFY(kiosk && other);
        const QString bad = QStringLiteral("K01-20260928-000001");
        const QString good = QStringLiteral("K01-20260928-000002");
        QVERIFY(sendCase(hub, *kiosk, bad));
        QVERIFY(sendCase(hub, *kiosk, good));

        auto stored =
            hub.ratings().submit(kiosk->identity, ratingBody(bad, QStringLiteral("dissatisfied"),
                                                             QStringLiteral("kiosk"), QStringLiteral("等太久")));
        QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().detail));
        QVERIFY(stored->created);
        // By hand: 29, 30 September are working days 1 and 2; 1–7 October the National Day
        // holiday; 8, 9 October 3 and 4; Saturday 10 October a make-up working day, 5; then
        // 12–16 October 6–10 and 19–23 October 11–15.
        QCOMPARE(stored->answer.dueDate, QStringLiteral("2026-10-23"));
        QVERIFY(!stored->answer.followUpId.isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM rating_followups WHERE case_id = ? AND state = 'open' "
                                      "AND due_date = '2026-10-23'"),
                       {bad}),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'rating' AND target = ?"), {bad}),
                 1);

        // The outbox sent it again: the same answer, nothing new.
        auto again =
            hub.ratings().submit(kiosk->identity, ratingBody(bad, QStringLiteral("dissatisfied"),
                                                             QStringLiteral("kiosk"), QStringLiteral("等太久")));
        QVERIFY(again.ok());
        QVERIFY(!again->created);
        QCOMPARE(again->answer.followUpId, stored->answer.followUpId);
        QCOMPARE(again->answer.dueDate, stored->answer.dueDate);
        // Another rating of the same case: refused, nothing changes.
        auto conflicting = hub.ratings().submit(kiosk->identity, ratingBody(bad, QStringLiteral("satisfied")));
        QVERIFY(!conflicting.ok());
        QCOMPARE(conflicting.error().kind, Refusal::Conflict);
        QCOMPARE(conflicting.error().code, QByteArray("already_rated"));
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM ratings WHERE case_id = ? AND level = 'dissatisfied'"), {bad}),
            1);

        // A good rating opens nothing.
        auto fine = hub.ratings().submit(
            kiosk->identity, ratingBody(good, QStringLiteral("verySatisfied"), QStringLiteral("window"), {}, true));
        QVERIFY2(fine.ok(), fine.ok() ? "" : qPrintable(fine.error().detail));
        QVERIFY(fine->answer.followUpId.isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM rating_followups WHERE case_id = ?"), {good}), 0);
        QCOMPARE(count(QStringLiteral("SELECT efficiency FROM ratings WHERE case_id = ?"), {good}), 1);

        // Unknown case, another device's case: one answer. The window without dimensions: refused.
        auto unknown = hub.ratings().submit(
            kiosk->identity, ratingBody(QStringLiteral("K01-20260928-000099"), QStringLiteral("satisfied")));
        QCOMPARE(unknown.error().code, QByteArray("not_found"));
        auto foreign = hub.ratings().submit(other->identity, ratingBody(bad, QStringLiteral("dissatisfied")));
        QCOMPARE(foreign.error().code, QByteArray("not_found"));
        auto incomplete = hub.ratings().submit(kiosk->identity,
                                               ratingBody(bad, QStringLiteral("satisfied"), QStringLiteral("window")));
        QCOMPARE(incomplete.error().kind, Refusal::BadRequest);
        QCOMPARE(hub.ratings().submit(kiosk->identity, "{").error().code, QByteArray("bad_json"));
    }

    // The supervisor lists open follow-ups with their days left and closes one, once.
    void supervisorFollowsUp()
    {
        HubService hub = service();
        const auto supervisor = operatorWith(hub, QStringLiteral("super.li"), QStringLiteral("supervisor"));
        const auto reviewer = operatorWith(hub, QStringLiteral("review.zhao"), QStringLiteral("reviewer"));
        QVERIFY(supervisor && reviewer);
        QCOMPARE(hub.ratings().followUps(*reviewer, {}).error().code, QByteArray("forbidden_role"));

        auto open = hub.ratings().followUps(*supervisor, QStringLiteral("open"));
        QVERIFY(open.ok());
        QCOMPARE(open->followUps.size(), 1);
        const protocol::FollowUp first = open->followUps.first();
        QCOMPARE(first.caseId, QStringLiteral("K01-20260928-000001"));
        QCOMPARE(first.level, Rating::Dissatisfied);
        QCOMPARE(first.comment, QStringLiteral("等太久"));
        QCOMPARE(first.daysLeft, 15); // rated today
        m_clock.set(QDateTime(QDate(2026, 10, 9), QTime(3, 0), Qt::UTC));
        QCOMPARE(hub.ratings().followUps(*supervisor, {})->followUps.first().daysLeft, 11);
        m_clock.set(QDateTime(QDate(2026, 10, 26), QTime(3, 0), Qt::UTC)); // Monday after the due date
        QCOMPARE(hub.ratings().followUps(*supervisor, {})->followUps.first().daysLeft, -1);

        const QByteArray body = closeBody(QStringLiteral("窗口增派人员，取号等候缩短"), QStringLiteral("满意"));
        QCOMPARE(hub.ratings().close(*reviewer, first.id, body).error().code, QByteArray("forbidden_role"));
        QCOMPARE(hub.ratings()
                     .close(*supervisor, first.id, closeBody(QStringLiteral(" "), QStringLiteral("x")))
                     .error()
                     .code,
                 QByteArray("bad_request"));
        QCOMPARE(hub.ratings().close(*supervisor, QStringLiteral("999999"), body).error().code,
                 QByteArray("not_found"));
        auto closed = hub.ratings().close(*supervisor, first.id, body);
        QVERIFY2(closed.ok(), closed.ok() ? "" : qPrintable(closed.error().detail));
        QVERIFY(closed->closed);
        QCOMPARE(closed->outcome, QStringLiteral("窗口增派人员，取号等候缩短"));
        QCOMPARE(closed->revisitMethod, protocol::RevisitMethod::Phone);
        QCOMPARE(closed->revisitResult, QStringLiteral("满意"));
        QCOMPARE(hub.ratings().close(*supervisor, first.id, body).error().code, QByteArray("already_closed"));
        QCOMPARE(hub.ratings().followUps(*supervisor, {})->followUps.size(), 0);
        auto done = hub.ratings().followUps(*supervisor, QStringLiteral("closed"));
        QVERIFY(done.ok());
        QCOMPARE(done->followUps.size(), 1);
        QCOMPARE(done->followUps.first().revisitResult, QStringLiteral("满意"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = 'followup_close' AND actor = ?"),
                       {QStringLiteral("operator:%1").arg(supervisor->id)}),
                 1);
        // Round trip of the wire form.
        auto parsed = protocol::FollowUpList::fromJson(done->toJson());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->followUps.first().outcome, closed->outcome);
    }
};

QTEST_GUILESS_MAIN(TestHubRatings)
#include "tst_hubratings.moc"
