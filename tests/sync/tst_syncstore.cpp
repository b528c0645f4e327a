// The store methods sync relies on: acknowledgement with receipts, the retention purge, and the
// outbox queries for sealing, parts and export.
#include "TestSupport.h"

#include "store/Repositories.h"
#include "store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace ow;

namespace {
const Actor kClerk{QStringLiteral("clerk-7"), QStringLiteral("clerk")};
const Actor kSync{QStringLiteral("sync"), QStringLiteral("device")};
} // namespace

class TestSyncStore : public QObject
{
    Q_OBJECT

    test::StoreFixture m_fx;

    Case newCase(const QString &first17)
    {
        auto c = m_fx.store->cases().create(
            {QStringLiteral("item-a"), 1, test::idWithCheckDigit(first17), "{\"applicantName\":\"张三\"}"}, kClerk);
        return c.ok() ? *c : Case();
    }

private Q_SLOTS:
    void init() { QVERIFY(m_fx.reset()); }

    void cleanup() { m_fx.close(); }

    void acknowledgementIsIdempotentAndRecordsTheReceipt()
    {
        const Case c = newCase(QStringLiteral("11010519491231002"));
        auto id = m_fx.store->outbox().enqueue(c.id, QStringLiteral("p-1"), QStringLiteral("packet"), "sealed");
        OW_VERIFY_OK(id);
        OW_VERIFY_OK(m_fx.store->cases().acknowledgeWithReceipts({{c.number, *id, "receipt-1"}}, kSync));
        // Again (a resend after a crash): nothing changes, no second event.
        OW_VERIFY_OK(m_fx.store->cases().acknowledgeWithReceipts({{c.number, *id, "receipt-1"}}, kSync));
        QCOMPARE((*m_fx.store->cases().findByNumber(c.number))->syncState, SyncState::Acknowledged);
        int acks = 0;
        const auto events = m_fx.store->cases().events(c.number);
        for (const CaseEvent &e : *events)
            acks += e.action == QLatin1String("acknowledged");
        QCOMPARE(acks, 1);
        Statement st(m_fx.store->db(), "SELECT state, receipt FROM outbox WHERE id = ?");
        st.bind(1, *id);
        QVERIFY(st.next());
        QCOMPARE(st.text(0), QStringLiteral("sent"));
        QCOMPARE(st.blob(1), QByteArray("receipt-1"));
        // A packet whose case is not on this device is still recorded as sent.
        auto orphan = m_fx.store->outbox().enqueue(0, QStringLiteral("p-2"), QStringLiteral("packet"), "sealed");
        OW_VERIFY_OK(m_fx.store->cases().acknowledgeWithReceipts({{QStringLiteral("NOPE-1"), *orphan, "r"}}, kSync));
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 0);
        QVERIFY(m_fx.store->audit().verify()->intact());
    }

    // The desk's purge (onlyEnded): a case decided but not handed over, or waiting for the
    // citizen's correction, keeps its personal data however long ago the hub acknowledged it; an
    // issued case keeps it until the retention has passed since it was issued too.
    void purgeOnlyEndedKeepsWhatTheWindowStillHandsOver()
    {
        const QString first17 = QStringLiteral("34112519700101002");
        const auto acknowledged = [&](const QString &packet, const QList<CaseState> &path) {
            const Case c = newCase(first17);
            auto id = m_fx.store->outbox().enqueue(c.id, packet, QStringLiteral("packet"), "sealed");
            if (!id.ok() || !m_fx.store->cases().transition(c.number, CaseState::Received, kClerk, {}).ok() ||
                !m_fx.store->cases().acknowledgeWithReceipts({{c.number, *id, "receipt"}}, kSync).ok())
                return QString();
            for (CaseState step : path) {
                if (!m_fx.store->cases().transition(c.number, step, kClerk, {}).ok())
                    return QString();
            }
            return c.number;
        };
        const QString decided = acknowledged(QStringLiteral("p-1"), {CaseState::Accepted, CaseState::Approved});
        const QString correcting = acknowledged(QStringLiteral("p-2"), {CaseState::CorrectionRequested});
        const QString issued = acknowledged(QStringLiteral("p-3"), {CaseState::Accepted, CaseState::Denied});
        QVERIFY(!decided.isEmpty() && !correcting.isEmpty() && !issued.isEmpty());
        m_fx.clock->advanceDays(40);
        OW_VERIFY_OK(m_fx.store->cases().transition(issued, CaseState::Concluded, kClerk, {}));
        OW_VERIFY_OK(m_fx.store->cases().transition(issued, CaseState::Issued, kClerk, {}));
        // Acknowledged 40 days ago, issued today: nothing is purged yet.
        QCOMPARE(*m_fx.store->cases().purgeAcknowledged(m_fx.clock->now().addDays(-30), kSync, true), 0);
        m_fx.clock->advanceDays(31);
        QCOMPARE(*m_fx.store->cases().purgeAcknowledged(m_fx.clock->now().addDays(-30), kSync, true), 1);
        QVERIFY((*m_fx.store->cases().findByNumber(issued))->purged);
        QVERIFY(!(*m_fx.store->cases().findByNumber(decided))->purged);
        QVERIFY(!(*m_fx.store->cases().findByNumber(correcting))->purged);
        // Without onlyEnded (a kiosk) both go as before.
        QCOMPARE(*m_fx.store->cases().purgeAcknowledged(m_fx.clock->now().addDays(-30), kSync), 2);
        QVERIFY(m_fx.store->audit().verify()->intact());
    }

    void purgeRemovesPersonalDataAfterRetentionOnly()
    {
        const QString first17 = QStringLiteral("11010519491231002");
        const Case acked = newCase(first17);
        const Case waiting = newCase(first17);
        OW_VERIFY_OK(m_fx.store->attachments().add(acked.number, QStringLiteral("scan"), QStringLiteral("image/png"),
                                                   QByteArray(5000, 's'), kClerk));
        auto id = m_fx.store->outbox().enqueue(acked.id, QStringLiteral("p-1"), QStringLiteral("packet"), "sealed");
        OW_VERIFY_OK(m_fx.store->cases().transition(acked.number, CaseState::Received, kClerk, {}));
        OW_VERIFY_OK(m_fx.store->cases().acknowledgeWithReceipts({{acked.number, *id, "receipt"}}, kSync));

        m_fx.clock->advanceDays(29);
        auto none = m_fx.store->cases().purgeAcknowledged(m_fx.clock->now().addDays(-30), kSync);
        OW_VERIFY_OK(none);
        QCOMPARE(*none, 0);
        m_fx.clock->advanceDays(2);
        auto one = m_fx.store->cases().purgeAcknowledged(m_fx.clock->now().addDays(-30), kSync);
        OW_VERIFY_OK(one);
        QCOMPARE(*one, 1);
        QCOMPARE(*m_fx.store->cases().purgeAcknowledged(m_fx.clock->now(), kSync), 0); // already purged

        const Case after = **m_fx.store->cases().findByNumber(acked.number);
        QVERIFY(after.purged);
        QVERIFY(after.formJson.isEmpty());
        QVERIFY(after.applicantHash.isEmpty());
        QVERIFY(after.applicantMasked.isEmpty());
        QCOMPARE(after.state, CaseState::Received);
        QCOMPARE(after.number, acked.number);
        QVERIFY(!m_fx.store->attachments()
                     .content(m_fx.store->attachments().forCase(acked.number)->first().id, kClerk, QStringLiteral("t"))
                     .ok());
        Statement st(m_fx.store->db(), "SELECT length(payload), receipt FROM outbox WHERE id = ?");
        st.bind(1, *id);
        QVERIFY(st.next());
        QCOMPARE(st.int64(0), 0);
        QCOMPARE(st.blob(1), QByteArray("receipt"));
        // The case that never reached the hub keeps everything.
        const Case kept = **m_fx.store->cases().findByNumber(waiting.number);
        QVERIFY(!kept.purged);
        QVERIFY(!kept.formJson.isEmpty());
        QCOMPARE(m_fx.store->cases().byApplicant(test::idWithCheckDigit(first17))->size(), 1);
        // Purging is audited and recorded in the case history.
        QCOMPARE((*m_fx.store->cases().events(acked.number)).last().action, QStringLiteral("purged"));
        bool audited = false;
        const auto uses = m_fx.store->audit().dataUseForCase(acked.number);
        for (const AuditEntry &e : *uses)
            audited |= e.action == QLatin1String("case.purge");
        QVERIFY(audited);
        QVERIFY(m_fx.store->audit().verify()->intact());
        OW_VERIFY_OK(m_fx.store->check());
    }

    void outboxQueriesForSealingPartsAndExport()
    {
        const Case c = newCase(QStringLiteral("11010519491231002"));
        QCOMPARE(*m_fx.store->outbox().hasPacketForCase(c.id), false);
        auto part = m_fx.store->outbox().enqueue(c.id, QStringLiteral("abc/att-0"), QStringLiteral("attachment"), "b");
        OW_VERIFY_OK(m_fx.store->outbox().enqueue(c.id, QStringLiteral("abc"), QStringLiteral("packet"), "p"));
        OW_VERIFY_OK(m_fx.store->outbox().enqueue(0, QStringLiteral("abd/att-0"), QStringLiteral("attachment"), "x"));
        QCOMPARE(*m_fx.store->outbox().hasPacketForCase(c.id), true);
        QCOMPARE(*m_fx.store->outbox().hasPendingParts(QStringLiteral("abc")), true);
        QCOMPARE(*m_fx.store->outbox().hasPendingParts(QStringLiteral("ab")), false);
        OW_VERIFY_OK(m_fx.store->outbox().markSent(*part, {}));
        QCOMPARE(*m_fx.store->outbox().hasPendingParts(QStringLiteral("abc")), false);
        QCOMPARE(m_fx.store->outbox().inState(OutboxState::Pending, 10)->size(), 2);
        QCOMPARE(m_fx.store->outbox().inState(OutboxState::Sent, 10)->first().packetId, QStringLiteral("abc/att-0"));
    }
};

QTEST_GUILESS_MAIN(TestSyncStore)
#include "tst_syncstore.moc"
