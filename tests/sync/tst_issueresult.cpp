// Issuing the result at the window (出件, PROTOCOL.md §8.1) against the real hub process: a desk
// device's cases are decided by a reviewer, the decisions come back through the events, the clerk
// issues them (in person, by mail) while the hub is down — they wait in the outbox, visibly — and
// they reach the hub when it is back; what may not be issued is refused and changes nothing.
#include "FaultProxy.h"
#include "SyncHubSupport.h"

#include "domain/IdNumber.h"
#include "sync/CorrectionRecord.h"
#include "sync/HubFeeds.h"
#include "sync/IssueResult.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTest>

using namespace ow;
using ow::test::HubFixture;
using ow::test::SyncDevice;

namespace {

const Actor kClerk{QStringLiteral("clerk.wang"), QStringLiteral("windowClerk")};
const QString kReviewerPassword = QStringLiteral("reviewer password 1");

qint64 outboxRows(Store &store, const char *state, const char *kind)
{
    Statement st(store.db(), "SELECT count(*) FROM outbox WHERE state = ? AND kind = ?");
    st.bind(1, QString::fromLatin1(state)).bind(2, QString::fromLatin1(kind));
    return st.next() ? st.int64(0) : -1;
}

// The shortest path of legal transitions from one state to another (empty when none).
QList<CaseState> pathTo(CaseState from, CaseState to)
{
    QHash<int, CaseState> cameFrom; // keyed by the state's value
    QList<CaseState> frontier{from};
    QSet<int> seen{static_cast<int>(from)};
    while (!frontier.isEmpty()) {
        const CaseState at = frontier.takeFirst();
        if (at == to)
            break;
        for (CaseState next : caseState::successors(at)) {
            if (seen.contains(static_cast<int>(next)))
                continue;
            seen.insert(static_cast<int>(next));
            cameFrom.insert(static_cast<int>(next), at);
            frontier.append(next);
        }
    }
    QList<CaseState> path;
    if (!seen.contains(static_cast<int>(to)))
        return path;
    for (CaseState at = to; at != from; at = cameFrom.value(static_cast<int>(at)))
        path.prepend(at);
    return path;
}

} // namespace

class TestIssueResult : public QObject
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

    // Issuing in every state a case can be in: only a decided case (approved or denied) is
    // issued, and it moves through concluded to issued; in every other state the clerk is told
    // why and nothing changes (the case, its history, the outbox).
    void issuingInEveryState()
    {
        SyncDevice desk;
        QVERIFY(desk.open(m_hub->baseUrl(), QStringLiteral("W02")));
        QVERIFY(desk.enroll(*m_hub));
        const sync::Issuing how{protocol::IssueMethod::Mail, {}, {}, QStringLiteral("EMS0000000001CN")};
        int i = 0;
        for (CaseState target : caseState::all()) {
            const QString number = desk.createAndSeal(++i);
            QVERIFY(!number.isEmpty());
            const CaseState start = desk.caseOf(number).state;
            const QList<CaseState> path = target == start ? QList<CaseState>{} : pathTo(start, target);
            QVERIFY2(target == start || !path.isEmpty() || target == CaseState::Draft,
                     qPrintable(caseState::key(target)));
            if (target != start && path.isEmpty())
                continue; // a draft: sealed cases are past it
            for (CaseState step : path)
                OW_VERIFY_OK(desk.store->cases().transition(number, step, kClerk, QStringLiteral("test")));
            QCOMPARE(desk.caseOf(number).state, target);
            const qint64 historyBefore = desk.store->cases().events(number)->size();
            const qint64 outboxBefore = *desk.store->outbox().pendingCount();
            auto r = sync::issueResult(*desk.store, number, how, kClerk);
            const bool legal = target == CaseState::Approved || target == CaseState::Denied;
            QVERIFY2(r.ok() == legal, qPrintable(caseState::key(target)));
            if (legal) {
                QCOMPARE(desk.caseOf(number).state, CaseState::Issued);
                QCOMPARE(desk.store->cases().events(number)->size(), historyBefore + 2);
                QCOMPARE(*desk.store->outbox().pendingCount(), outboxBefore + 1);
                continue;
            }
            QCOMPARE(r.error().userMessage,
                     target == CaseState::Issued
                         ? SyncText::tr("This case's result was issued already.")
                         : SyncText::tr("This case has no decision yet (it is “%1”): there is nothing to issue.")
                               .arg(caseState::label(target)));
            QCOMPARE(desk.caseOf(number).state, target);
            QCOMPARE(desk.store->cases().events(number)->size(), historyBefore);
            QCOMPARE(*desk.store->outbox().pendingCount(), outboxBefore);
        }
    }

    // 补齐补正 at the window: the reviewer asks for a correction, the clerk attaches what the
    // citizen brought, the corrected packet goes back to the reviewer's queue, the reviewer
    // approves it and the window issues it. What may not be recorded is refused, nothing changes.
    void correctionRecordedAtTheWindowGoesBackToTheReviewer()
    {
        SyncDevice desk;
        QVERIFY(desk.open(m_hub->baseUrl(), QStringLiteral("W03")));
        QVERIFY(desk.enroll(*m_hub));
        const QString number = desk.createAndSeal(7);
        sync::OutboxPump pump(*desk.store, *desk.transport, *desk.device);
        QCOMPARE(pump.drain()->acknowledged, 1);
        QVERIFY(m_hub->addOperator(QStringLiteral("rev3"), QStringLiteral("reviewer"),
                                   QLatin1String(test::kItemDepartment), kReviewerPassword));
        const QByteArray token = m_hub->login(QStringLiteral("rev3"), kReviewerPassword);
        const QString firstPacket = m_hub->packetIdOf(token, number);
        const QByteArray png = QByteArray("\x89PNG\r\n\x1A\n", 8) + QByteArray(3000, 'p');
        const sync::SuppliedMaterial brought{QStringLiteral("household-register"), QStringLiteral("image/png"), png};

        // Not waiting for a correction yet: refused.
        auto early = sync::recordCorrection(*desk.store, *desk.device, number, {brought}, kClerk);
        QVERIFY(!early.ok());
        QCOMPARE(early.error().userMessage, SyncText::tr("This case is not waiting for a correction (it is “%1”).")
                                                .arg(caseState::label(desk.caseOf(number).state)));

        QCOMPARE(
            m_hub
                ->decide(token, number, firstPacket, QStringLiteral("correctionRequested"), QStringLiteral("1. 户口簿"))
                .status,
            200);
        OW_VERIFY_OK(sync::EventFeed(*desk.store, *desk.transport, *desk.device).pull());
        QCOMPARE(desk.caseOf(number).state, CaseState::CorrectionRequested);

        const auto refused = [&](const QList<sync::SuppliedMaterial> &materials, const QString &message) {
            const qint64 attachments = desk.store->attachments().forCase(number)->size();
            const qint64 pending = *desk.store->outbox().pendingCount();
            auto r = sync::recordCorrection(*desk.store, *desk.device, number, materials, kClerk);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().userMessage, message);
            QCOMPARE(desk.caseOf(number).state, CaseState::CorrectionRequested);
            QCOMPARE(desk.store->attachments().forCase(number)->size(), attachments);
            QCOMPARE(*desk.store->outbox().pendingCount(), pending);
        };
        refused({}, SyncText::tr("Attach what the citizen brought for the correction."));
        refused({{QStringLiteral("x"), QStringLiteral("image/png"), QByteArray("not a picture")}},
                SyncText::tr("A file is not a picture (JPEG, PNG) or a PDF. Scan the material again."));
        refused({{QStringLiteral("x"), QStringLiteral("text/plain"), QByteArray("%PDF-")}},
                SyncText::tr("A file is not a picture (JPEG, PNG) or a PDF. Scan the material again."));
        refused({brought,
                 {QStringLiteral("x"), QStringLiteral("application/pdf"),
                  QByteArray("%PDF-") + QByteArray(sync::kMaxSuppliedBytes, 'x')}},
                SyncText::tr("A file is larger than %1 MB. Scan it again at a lower resolution.").arg(20));

        auto corrected = sync::recordCorrection(*desk.store, *desk.device, number, {brought}, kClerk);
        OW_VERIFY_OK(corrected);
        QCOMPARE(desk.caseOf(number).state, CaseState::Received);
        QVERIFY(corrected->packetId != firstPacket);
        QCOMPARE(pump.drain()->acknowledged, 1);
        // Back in the reviewer's queue on the corrected packet; the old packet is stale now.
        QCOMPARE(m_hub->packetIdOf(token, number), corrected->packetId);
        QCOMPARE(m_hub->decide(token, number, firstPacket, QStringLiteral("approved"), {}).status, 409);
        QCOMPARE(m_hub->decide(token, number, corrected->packetId, QStringLiteral("approved"), {}).status, 200);
        OW_VERIFY_OK(sync::EventFeed(*desk.store, *desk.transport, *desk.device).pull());
        QCOMPARE(desk.caseOf(number).state, CaseState::Approved);
        // Issued on the corrected packet.
        const sync::Issuing mailed{protocol::IssueMethod::Mail, {}, {}, QStringLiteral("EMS0000000007CN")};
        OW_VERIFY_OK(sync::issueResult(*desk.store, number, mailed, kClerk));
        QCOMPARE(pump.drain()->issued, 1);
        QCOMPARE(m_hub->get("/v1/cases/" + number.toLatin1(), {{"Authorization", "Bearer " + token}})
                     .json()
                     .value(QStringLiteral("state"))
                     .toString(),
                 QStringLiteral("issued"));
    }

    void issuedWhileTheHubIsDownReachesItWhenItIsBack()
    {
        test::FaultProxy proxy(m_hub->port());
        QVERIFY(proxy.start());
        SyncDevice desk;
        QVERIFY(desk.open(m_hub->baseUrl(), QStringLiteral("W01")));
        QVERIFY(desk.enroll(*m_hub));
        QVERIFY(desk.connectTo(proxy.baseUrl()));
        const QString approved = desk.createAndSeal(1);
        const QString denied = desk.createAndSeal(2);
        const QString waiting = desk.createAndSeal(3);
        sync::OutboxPump pump(*desk.store, *desk.transport, *desk.device, sync::Backoff({5, 100, 500}), {});
        QCOMPARE(pump.drain()->acknowledged, 3);

        QVERIFY(m_hub->addOperator(QStringLiteral("rev1"), QStringLiteral("reviewer"),
                                   QLatin1String(test::kItemDepartment), kReviewerPassword));
        const QByteArray token = m_hub->login(QStringLiteral("rev1"), kReviewerPassword);
        QCOMPARE(
            m_hub->decide(token, approved, m_hub->packetIdOf(token, approved), QStringLiteral("approved"), {}).status,
            200);
        QCOMPARE(m_hub
                     ->decide(token, denied, m_hub->packetIdOf(token, denied), QStringLiteral("denied"),
                              QStringLiteral("不符合条件"))
                     .status,
                 200);
        auto events = sync::EventFeed(*desk.store, *desk.transport, *desk.device).pull();
        OW_VERIFY_OK(events);
        QCOMPARE(desk.caseOf(approved).state, CaseState::Approved);
        QCOMPARE(desk.caseOf(denied).state, CaseState::Denied);
        QCOMPARE(desk.caseOf(waiting).state, CaseState::Received);

        // What may not be issued: refused with a message for the clerk, nothing changes.
        const QString collectorId = test::idWithCheckDigit(QStringLiteral("34112519800101101"));
        sync::Issuing inPerson{protocol::IssueMethod::InPerson, QStringLiteral("王小明"), collectorId, {}};
        const auto refusedWith = [&](const QString &number, const sync::Issuing &how, const QString &message) {
            const CaseState before = desk.caseOf(number).state;
            const qint64 rowsBefore = *desk.store->outbox().pendingCount();
            auto r = sync::issueResult(*desk.store, number, how, kClerk);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().userMessage, message);
            QCOMPARE(desk.caseOf(number).state, before);
            QCOMPARE(*desk.store->outbox().pendingCount(), rowsBefore);
        };
        refusedWith(waiting, inPerson,
                    SyncText::tr("This case has no decision yet (it is “%1”): there is nothing to issue.")
                        .arg(caseState::label(CaseState::Received)));
        sync::Issuing badId = inPerson;
        badId.collectorIdNumber = collectorId.left(17) + (collectorId.endsWith(QLatin1Char('1')) ? u'2' : u'1');
        refusedWith(approved, badId,
                    SyncText::tr("The collector's ID number is not valid. Check it against the card."));
        sync::Issuing noName = inPerson;
        noName.collectorName = QStringLiteral("  ");
        refusedWith(approved, noName, SyncText::tr("Write the name of the person who collects the result."));
        const sync::Issuing noTracking{protocol::IssueMethod::Mail, {}, {}, QStringLiteral("12-34")};
        refusedWith(denied, noTracking,
                    SyncText::tr("Write the tracking number of the mailing: 8 to 30 letters and digits."));
        refusedWith(QStringLiteral("W01-20260101-999999"), inPerson,
                    SyncText::tr("There is no such case on this desk."));

        // The hub goes away; the window keeps issuing, and the steps wait in the outbox.
        m_hub->stop();
        auto first = sync::issueResult(*desk.store, approved, inPerson, kClerk);
        OW_VERIFY_OK(first);
        QCOMPARE(first->state, CaseState::Issued);
        const sync::Issuing mailed{protocol::IssueMethod::Mail, {}, {}, QStringLiteral("EMS1234567890CN")};
        OW_VERIFY_OK(sync::issueResult(*desk.store, denied, mailed, kClerk));
        QCOMPARE(desk.caseOf(denied).state, CaseState::Issued);
        QCOMPARE(*desk.store->outbox().pendingCount(), 2); // "2 waiting to send"
        auto offline = pump.drainOnce();
        OW_VERIFY_OK(offline);
        QVERIFY(!offline->reachable);
        QCOMPARE(offline->issued, 0);
        QCOMPARE(*desk.store->outbox().pendingCount(), 2);
        // Issued once is issued: a second time is refused.
        refusedWith(approved, inPerson, SyncText::tr("This case's result was issued already."));

        // The history says how, with the collector's number masked; never the number in clear.
        const auto history = desk.store->cases().events(approved);
        OW_VERIFY_OK(history);
        QCOMPARE(history->last().toState, caseState::key(CaseState::Issued));
        QCOMPARE(history->at(history->size() - 2).toState, caseState::key(CaseState::Concluded));
        QCOMPARE(history->last().note, sync::issuingNote(inPerson));
        QVERIFY(history->last().note.contains(idNumber::masked(collectorId)));
        QVERIFY(!history->last().note.contains(collectorId));
        QVERIFY(!history->last().note.contains(QStringLiteral("王小明")));
        QCOMPARE(desk.store->cases().events(denied)->last().note,
                 SyncText::tr("Mailed, tracking number %1").arg(QStringLiteral("EMS1234567890CN")));

        // The hub is back (on another port, behind the same address): both steps go, once.
        QVERIFY(m_hub->restart());
        proxy.setUpstreamPort(m_hub->port());
        QElapsedTimer timer;
        timer.start();
        int issued = 0;
        while (*desk.store->outbox().pendingCount() > 0 && timer.elapsed() < 60000) {
            auto r = pump.drainOnce();
            OW_VERIFY_OK(r);
            issued += r->issued;
            QTest::qWait(20);
        }
        QCOMPARE(issued, 2);
        QCOMPARE(*desk.store->outbox().pendingCount(), 0);
        QCOMPARE(outboxRows(*desk.store, "sent", sync::kKindIssue), 2);
        QCOMPARE(outboxRows(*desk.store, "rejected", sync::kKindIssue), 0);
        const auto atHub = [&](const QString &number) {
            return m_hub->get("/v1/cases/" + number.toLatin1(), {{"Authorization", "Bearer " + token}})
                .json()
                .value(QStringLiteral("state"))
                .toString();
        };
        QCOMPARE(atHub(approved), QStringLiteral("issued"));
        QCOMPARE(atHub(denied), QStringLiteral("issued"));
        QCOMPARE(atHub(waiting), QStringLiteral("received"));
        // The issued events come back to the desk and change nothing there.
        auto back = sync::EventFeed(*desk.store, *desk.transport, *desk.device).pull();
        OW_VERIFY_OK(back);
        QCOMPARE(back->received, 2);
        QCOMPARE(back->applied, 0);
    }
};

QTEST_MAIN(TestIssueResult)
#include "tst_issueresult.moc"
