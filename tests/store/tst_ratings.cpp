// Ratings (好差评) in the encrypted store: the five GB/T 39734 levels as data, the migration that
// adds them to a store of the previous schema version, one rating per case with its audit entry
// in the same transaction, and the refused second rating that changes nothing.
#include "TestSupport.h"

#include "domain/Rating.h"
#include "store/Database.h"
#include "store/Ratings.h"
#include "store/Repositories.h"
#include "store/Schema.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ow;

namespace {

const Actor kKiosk{QStringLiteral("K01"), QStringLiteral("citizen")};

NewCase newCase()
{
    return NewCase{QStringLiteral("elderly-allowance"), 1, test::idWithCheckDigit(QStringLiteral("11010519491231002")),
                   "{}"};
}

} // namespace

class TestRatings : public QObject
{
    Q_OBJECT

    test::StoreFixture m_fx;

private Q_SLOTS:
    void init() { QVERIFY(m_fx.reset()); }
    void cleanup() { m_fx.close(); }

    void levelsAreData()
    {
        const QList<Rating> levels = rating::all();
        QCOMPARE(levels.size(), 5);
        QCOMPARE(levels.first(), Rating::VerySatisfied);
        QCOMPARE(levels.last(), Rating::VeryDissatisfied);
        QStringList keys;
        for (const Rating r : levels) {
            keys.append(rating::key(r));
            QCOMPARE(rating::fromKey(rating::key(r)), std::optional<Rating>(r));
            QVERIFY(!rating::label(r).isEmpty());
        }
        QCOMPARE(keys, (QStringList{QStringLiteral("verySatisfied"), QStringLiteral("satisfied"),
                                    QStringLiteral("fairlySatisfied"), QStringLiteral("dissatisfied"),
                                    QStringLiteral("veryDissatisfied")}));
        QVERIFY(!rating::fromKey(QStringLiteral("good")));
        QVERIFY(!rating::isBad(Rating::FairlySatisfied));
        QVERIFY(rating::isBad(Rating::Dissatisfied));
        QVERIFY(rating::isBad(Rating::VeryDissatisfied));
        QCOMPARE(rating::channelFromKey(rating::channelKey(RatingChannel::Kiosk)),
                 std::optional<RatingChannel>(RatingChannel::Kiosk));
        QCOMPARE(rating::channelKey(RatingChannel::Kiosk), QStringLiteral("kiosk"));
    }

    // A store written by the previous version (schema 2) with a case in it opens as the current
    // version; the case keeps everything and can be rated.
    void migratesPreviousVersion()
    {
        QTemporaryDir dir;
        KeyFileProvider keys(dir.filePath(QStringLiteral("k")));
        QString number;
        QString path;
        {
            auto v2 = test::openStore(dir.path(), keys, m_fx.clock.get(), 2);
            QVERIFY(v2);
            QCOMPARE(v2->schemaVersion(), 2);
            path = v2->path();
            auto c = v2->cases().create(newCase(), kKiosk);
            OW_VERIFY_OK(c);
            number = c->number;
            QVERIFY(!v2->db().scalar("SELECT count(*) FROM ratings").ok()); // not there in v2
        }
        auto v3 = test::openStore(dir.path(), keys, m_fx.clock.get());
        QVERIFY(v3);
        QCOMPARE(v3->path(), path);
        QCOMPARE(v3->schemaVersion(), schema::kCurrentVersion);
        QVERIFY(schema::kCurrentVersion >= 3);
        auto c = v3->cases().findByNumber(number);
        OW_VERIFY_OK(c);
        QVERIFY(c->has_value());
        auto none = v3->ratings().forCase(number);
        OW_VERIFY_OK(none);
        QVERIFY(!none->has_value());
        OW_VERIFY_OK(v3->ratings().rate(number, Rating::Satisfied, RatingChannel::Kiosk, {}, kKiosk));
        OW_VERIFY_OK(v3->check());
    }

    void ratesOnceWithAudit()
    {
        Store &store = *m_fx.store;
        auto c = store.cases().create(newCase(), kKiosk);
        OW_VERIFY_OK(c);
        m_fx.clock->advanceSecs(60);
        auto rated = store.ratings().rate(c->number, Rating::VeryDissatisfied, RatingChannel::Kiosk,
                                          QStringLiteral("  等了很久  "), kKiosk);
        OW_VERIFY_OK(rated);
        QCOMPARE(rated->comment, QStringLiteral("等了很久"));

        // Survives closing and opening the encrypted file.
        QVERIFY(m_fx.reopen());
        auto back = m_fx.store->ratings().forCase(c->number);
        OW_VERIFY_OK(back);
        QVERIFY(back->has_value());
        QCOMPARE((*back)->level, Rating::VeryDissatisfied);
        QCOMPARE((*back)->channel, RatingChannel::Kiosk);
        QCOMPARE((*back)->comment, QStringLiteral("等了很久"));
        QCOMPARE((*back)->createdAt, m_fx.clock->now());

        // The audit chain names the rating (fields, never the comment's text) and stays intact.
        auto use = m_fx.store->audit().dataUseForCase(c->number);
        OW_VERIFY_OK(use);
        QCOMPARE(use->last().action, QStringLiteral("case.rate"));
        QCOMPARE(use->last().actor, kKiosk.id);
        QCOMPARE(use->last().outcome, QStringLiteral("ok"));
        QCOMPARE(use->last().reason, QStringLiteral("veryDissatisfied"));
        QVERIFY(use->last().fields.contains(QStringLiteral("rating.comment")));
        for (const AuditEntry &e : *use)
            QVERIFY(!e.reason.contains(QStringLiteral("等了")));
        auto chain = m_fx.store->audit().verify();
        OW_VERIFY_OK(chain);
        QVERIFY(chain->intact());
    }

    // A second rating of the same case is refused with a message for the citizen; the first
    // stays, and nothing else is written (no row, no audit entry).
    void secondRatingRefused()
    {
        Store &store = *m_fx.store;
        auto c = store.cases().create(newCase(), kKiosk);
        OW_VERIFY_OK(c);
        OW_VERIFY_OK(store.ratings().rate(c->number, Rating::VerySatisfied, RatingChannel::Kiosk, {}, kKiosk));
        const qint64 auditBefore = store.db().scalar("SELECT count(*) FROM audit_log")->toLongLong();
        auto again = store.ratings().rate(c->number, Rating::VeryDissatisfied, RatingChannel::Kiosk, {}, kKiosk);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::AlreadyExists);
        QVERIFY(!again.error().userMessage.isEmpty());
        QVERIFY(again.error().logDetail.contains(c->number));
        QCOMPARE(store.db().scalar("SELECT count(*) FROM audit_log")->toLongLong(), auditBefore);
        QCOMPARE(store.db().scalar("SELECT count(*) FROM ratings")->toLongLong(), 1);
        auto kept = store.ratings().forCase(c->number);
        OW_VERIFY_OK(kept);
        QCOMPARE((*kept)->level, Rating::VerySatisfied);

        // The table refuses it as well, whoever writes to it.
        Statement dup(store.db(), "INSERT INTO ratings (case_id, level, channel, actor, created_at) "
                                  "VALUES (?, 'satisfied', 'kiosk', 'x', '2026-01-01T00:00:00.000Z')");
        dup.bind(1, c->id);
        QVERIFY(!dup.run().ok());
    }

    void unknownCaseAndLongCommentRefused()
    {
        Store &store = *m_fx.store;
        auto missing = store.ratings().rate(QStringLiteral("K01-20260302-999999"), Rating::Satisfied,
                                            RatingChannel::Kiosk, {}, kKiosk);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        auto c = store.cases().create(newCase(), kKiosk);
        OW_VERIFY_OK(c);
        auto tooLong = store.ratings().rate(c->number, Rating::Satisfied, RatingChannel::Kiosk,
                                            QString(rating::kMaxCommentLength + 1, QChar(u'好')), kKiosk);
        QVERIFY(!tooLong.ok());
        QCOMPARE(tooLong.error().code, ErrorCode::Invalid);
        QVERIFY(!store.ratings().forCase(c->number)->has_value());
        OW_VERIFY_OK(store.ratings().rate(c->number, Rating::Satisfied, RatingChannel::Kiosk,
                                          QString(rating::kMaxCommentLength, QChar(u'好')), kKiosk));
    }
};

QTEST_GUILESS_MAIN(TestRatings)
#include "tst_ratings.moc"
