#include "TestSupport.h"

#include "store/Repositories.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ow;

namespace {
const Actor kClerk{QStringLiteral("clerk-7"), QStringLiteral("clerk")};
const Actor kReviewer{QStringLiteral("rev-2"), QStringLiteral("reviewer")};
} // namespace

class TestRepositories : public QObject
{
    Q_OBJECT

    test::StoreFixture m_fx;

private Q_SLOTS:
    void init() { QVERIFY(m_fx.reset()); }

    void cleanup() { m_fx.close(); }

    void caseNumbersAreSequentialAndSurviveReopen()
    {
        auto a = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        auto b = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        QCOMPARE(a->number, QStringLiteral("T01-20260302-000001"));
        QCOMPARE(b->number, QStringLiteral("T01-20260302-000002"));
        m_fx.store.reset();
        m_fx.store = test::openStore(m_fx.dir.path(), *m_fx.keys, m_fx.clock.get());
        m_fx.clock->advanceDays(1);
        auto c = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        QCOMPARE(c->number, QStringLiteral("T01-20260303-000003"));
    }

    void queries()
    {
        const QString alice = test::idWithCheckDigit(QStringLiteral("11010519491231002"));
        const QString bob = test::idWithCheckDigit(QStringLiteral("34112519800101201"));
        for (int i = 0; i < 6; ++i) {
            const QString id = i % 2 ? bob : alice;
            auto c = m_fx.store->cases().create(
                {i < 4 ? QStringLiteral("item-a") : QStringLiteral("item-b"), 2, id, "{}"}, kClerk);
            OW_VERIFY_OK(c);
            if (i % 3 == 0)
                OW_VERIFY_OK(m_fx.store->cases().transition(c->number, CaseState::Received, kClerk, {}));
            m_fx.clock->advanceDays(1);
        }
        QCOMPARE(m_fx.store->cases().byState(CaseState::Received)->size(), 2);
        QCOMPARE(m_fx.store->cases().byState(CaseState::Draft)->size(), 4);
        QCOMPARE(m_fx.store->cases().byItem(QStringLiteral("item-b"))->size(), 2);
        auto ofAlice = m_fx.store->cases().byApplicant(alice);
        QCOMPARE(ofAlice->size(), 3);
        for (const Case &c : *ofAlice)
            QCOMPARE(c.applicantMasked, QStringLiteral("110***********002X"));
        // Lower-case x and spaces find the same person.
        QCOMPARE(m_fx.store->cases().byApplicant(QStringLiteral("110105 19491231002x"))->size(), 3);
        QCOMPARE(m_fx.store->cases().byApplicant(test::idWithCheckDigit(QStringLiteral("11010519491231003")))->size(),
                 0);
        QCOMPARE(m_fx.store->cases().byCreatedDay(QDate(2026, 3, 3), QDate(2026, 3, 5))->size(), 3);
        QCOMPARE(m_fx.store->cases().byCreatedDay(QDate(2026, 3, 2), QDate(2026, 3, 2))->size(), 1);
        QCOMPARE(m_fx.store->cases().byState(CaseState::Draft, 2)->size(), 2);

        // The ID number is never stored in clear: only the keyed hash is indexed.
        auto raw = m_fx.store->db().scalar("SELECT count(*) FROM cases WHERE applicant_masked LIKE '%1949%' "
                                           "OR CAST(applicant_hash AS TEXT) LIKE '%110105%'");
        QCOMPARE(raw->toLongLong(), 0);
        QCOMPARE(m_fx.store->cases().applicantHash(alice).size(), 32);
    }

    void transitionWritesEventAndAuditTogether()
    {
        auto c = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        const qint64 auditBefore = m_fx.store->db().scalar("SELECT count(*) FROM audit_log")->toLongLong();
        m_fx.clock->advanceSecs(60);
        auto moved = m_fx.store->cases().transition(c->number, CaseState::Received, kClerk, QStringLiteral("材料齐全"));
        OW_VERIFY_OK(moved);
        QCOMPARE(moved->state, CaseState::Received);
        auto events = m_fx.store->cases().events(c->number);
        QCOMPARE(events->size(), 2);
        QCOMPARE(events->last().fromState, QStringLiteral("draft"));
        QCOMPARE(events->last().toState, QStringLiteral("received"));
        QCOMPARE(events->last().note, QStringLiteral("材料齐全"));
        QCOMPARE(events->last().actor, QStringLiteral("clerk-7"));
        QCOMPARE(events->last().at, m_fx.clock->now());
        QCOMPARE(m_fx.store->db().scalar("SELECT count(*) FROM audit_log")->toLongLong(), auditBefore + 1);

        // An illegal move changes nothing: no state, no event, no audit entry.
        auto illegal = m_fx.store->cases().transition(c->number, CaseState::Issued, kReviewer, {});
        QVERIFY(!illegal.ok());
        QCOMPARE(illegal.error().code, ErrorCode::IllegalTransition);
        QCOMPARE((*m_fx.store->cases().findByNumber(c->number))->state, CaseState::Received);
        QCOMPARE(m_fx.store->cases().events(c->number)->size(), 2);
        QCOMPARE(m_fx.store->db().scalar("SELECT count(*) FROM audit_log")->toLongLong(), auditBefore + 1);

        auto missing =
            m_fx.store->cases().transition(QStringLiteral("T01-20260302-999999"), CaseState::Received, kClerk, {});
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void eventsAreAppendOnly()
    {
        auto c = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        QVERIFY(!m_fx.store->db().exec("UPDATE case_events SET note = 'x'").ok());
        QVERIFY(!m_fx.store->db().exec("DELETE FROM case_events").ok());
        QVERIFY(!m_fx.store->db().exec("DELETE FROM audit_log").ok());
        QCOMPARE(m_fx.store->cases().events(c->number)->size(), 1);
    }

    void formEditsOnlyWhileEditable()
    {
        auto c = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        OW_VERIFY_OK(m_fx.store->cases().updateForm(c->number, R"({"a":1})", {QStringLiteral("a")}, kClerk));
        OW_VERIFY_OK(m_fx.store->cases().transition(c->number, CaseState::Received, kClerk, {}));
        auto refused = m_fx.store->cases().updateForm(c->number, R"({"a":2})", {QStringLiteral("a")}, kClerk);
        QVERIFY(!refused.ok());
        QCOMPARE((*m_fx.store->cases().findByNumber(c->number))->formJson, QByteArray(R"({"a":1})"));
    }

    void attachmentsStayInsideTheStore()
    {
        auto c = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        const QByteArray scan = QByteArray("%PDF-1.4 fake scan ").repeated(1000);
        auto a = m_fx.store->attachments().add(c->number, QStringLiteral("household-register"),
                                               QStringLiteral("application/pdf"), scan, kClerk);
        OW_VERIFY_OK(a);
        QCOMPARE(a->size, scan.size());
        auto list = m_fx.store->attachments().forCase(c->number);
        QCOMPARE(list->size(), 1);
        QCOMPARE(list->first().material, QStringLiteral("household-register"));
        auto content = m_fx.store->attachments().content(a->id, kReviewer, QStringLiteral("review"));
        OW_VERIFY_OK(content);
        QCOMPARE(*content, scan);
        auto use = m_fx.store->audit().dataUseForCase(c->number);
        QCOMPARE(use->last().action, QStringLiteral("attachment.read"));
        QCOMPARE(use->last().actor, QStringLiteral("rev-2"));
        QCOMPARE(use->last().reason, QStringLiteral("review"));
    }

    void outboxQueue()
    {
        auto c = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        auto id = m_fx.store->outbox().enqueue(c->id, QStringLiteral("pkt-1"), QStringLiteral("case"), "sealed");
        OW_VERIFY_OK(id);
        QVERIFY(!m_fx.store->outbox().enqueue(c->id, QStringLiteral("pkt-1"), QStringLiteral("case"), "x").ok());
        QCOMPARE(m_fx.store->outbox().due(10)->size(), 1);
        OW_VERIFY_OK(m_fx.store->outbox().recordFailure(*id, m_fx.clock->now().addSecs(30), QStringLiteral("timeout")));
        QCOMPARE(m_fx.store->outbox().due(10)->size(), 0);
        m_fx.clock->advanceSecs(31);
        auto due = m_fx.store->outbox().due(10);
        QCOMPARE(due->size(), 1);
        QCOMPARE(due->first().attempts, 1);
        OW_VERIFY_OK(m_fx.store->outbox().recordOffset(*id, 4096));
        OW_VERIFY_OK(m_fx.store->outbox().recordOffset(*id, 1024)); // never goes back
        QCOMPARE(m_fx.store->outbox().due(10)->first().uploadOffset, 4096);
        OW_VERIFY_OK(m_fx.store->outbox().markSent(*id, "receipt"));
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRepositories)
#include "tst_repositories.moc"
