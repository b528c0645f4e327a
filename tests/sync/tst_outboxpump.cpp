#include "SyncDoubles.h"
#include "TestSupport.h"

#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CurlTransport.h"
#include "sync/OutboxPump.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <thread>

using namespace ow;
using namespace ow::sync;

namespace {
const Actor kClerk{QStringLiteral("clerk-7"), QStringLiteral("clerk")};

QString newPacketId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

class TestOutboxPump : public QObject
{
    Q_OBJECT

    test::StoreFixture m_fx;
    std::unique_ptr<test::QueuedTransport> m_netOwner;
    test::FakeDevice m_device;

    struct Queued
    {
        QString caseNumber;
        QString packetId;
        QByteArray envelope;
        qint64 outboxId = 0;
    };

    Queued queueCase(const QByteArray &filler = "form")
    {
        Queued q;
        auto c = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{\"a\":1}"}, kClerk);
        if (!c.ok())
            return q;
        q.caseNumber = c->number;
        q.packetId = newPacketId();
        q.envelope = test::fakeEnvelope(q.packetId, q.caseNumber, filler);
        auto id = m_fx.store->outbox().enqueue(c->id, q.packetId, QLatin1String(kKindPacket), q.envelope);
        q.outboxId = id.ok() ? *id : 0;
        return q;
    }

    QString outboxState(qint64 id)
    {
        Statement st(m_fx.store->db(), "SELECT state FROM outbox WHERE id = ?");
        st.bind(1, id);
        return st.next() ? st.text(0) : QString();
    }

    qint64 outboxOffset(qint64 id)
    {
        Statement st(m_fx.store->db(), "SELECT upload_offset FROM outbox WHERE id = ?");
        st.bind(1, id);
        return st.next() ? st.int64(0) : -1;
    }

    QDateTime nextAttempt(qint64 id)
    {
        Statement st(m_fx.store->db(), "SELECT next_attempt_at FROM outbox WHERE id = ?");
        st.bind(1, id);
        return st.next() ? QDateTime::fromString(st.text(0), Qt::ISODateWithMs) : QDateTime();
    }

    SyncState syncStateOf(const QString &number) { return (*m_fx.store->cases().findByNumber(number))->syncState; }

    OutboxPump pump(double jitter = 0.5)
    {
        return OutboxPump(*m_fx.store, *m_netOwner, m_device,
                          Backoff({1000, 60000, 3600000}, [jitter] { return jitter; }), {50, 4});
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_fx.reset());
        m_netOwner = std::make_unique<test::QueuedTransport>();
    }

    void cleanup() { m_fx.close(); }

    void acknowledgesOnlyWithAVerifiedReceipt()
    {
        const Queued a = queueCase();
        m_netOwner->enqueue(201, test::fakeReceiptFor(a.envelope));
        auto p = pump();
        auto r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(r->acknowledged, 1);
        QCOMPARE(m_netOwner->sent.size(), 1);
        const HttpRequest &req = m_netOwner->sent.first();
        QCOMPARE(req.method, QByteArray("POST"));
        QCOMPARE(req.path, QStringLiteral("/v1/packets"));
        QCOMPARE(req.body, a.envelope);
        bool typed = false;
        bool signedReq = false;
        for (const auto &h : req.headers) {
            typed |= h.first == "Content-Type" && h.second == "application/vnd.onewindow.packet+json";
            signedReq |= h.first == "OW-Signature";
        }
        QVERIFY(typed && signedReq);
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("sent"));
        QCOMPARE(syncStateOf(a.caseNumber), SyncState::Acknowledged);
        auto events = m_fx.store->cases().events(a.caseNumber);
        QCOMPARE(events->last().action, QStringLiteral("acknowledged"));
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 0);
        QCOMPARE(m_netOwner->unexpected, 0);
    }

    void duplicateAnswerWithTheSameReceiptAlsoAcknowledges()
    {
        const Queued a = queueCase();
        m_netOwner->enqueue(200, test::fakeReceiptFor(a.envelope));
        auto p = pump();
        auto r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(r->acknowledged, 1);
        QCOMPARE(syncStateOf(a.caseNumber), SyncState::Acknowledged);
    }

    void forgedOrForeignReceiptsAreNotAcknowledged_data()
    {
        QTest::addColumn<int>("variant");
        QTest::newRow("bad signature") << 0;
        QTest::newRow("another digest") << 1;
        QTest::newRow("not json") << 2;
    }

    void forgedOrForeignReceiptsAreNotAcknowledged()
    {
        QFETCH(int, variant);
        const Queued a = queueCase();
        QByteArray body;
        if (variant == 0) {
            body = test::fakeReceiptFor(a.envelope);
            QJsonObject o = QJsonDocument::fromJson(body).object();
            o[QStringLiteral("signature")] = QStringLiteral("Zm9yZ2Vk");
            body = QJsonDocument(o).toJson(QJsonDocument::Compact);
        } else if (variant == 1) {
            body = test::fakeReceiptFor(a.envelope, QStringLiteral("00ff"));
        } else {
            body = "<html>ok</html>";
        }
        m_netOwner->enqueue(201, body);
        auto p = pump();
        auto r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(r->acknowledged, 0);
        QCOMPARE(r->retriesPlanned, 1);
        QCOMPARE(r->problems.first().code, ErrorCode::Crypto);
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("pending"));
        QVERIFY(syncStateOf(a.caseNumber) != SyncState::Acknowledged);
    }

    void conflictIsReportedAndNeverRetried()
    {
        const Queued a = queueCase();
        const Queued b = queueCase();
        m_netOwner->enqueue(409, test::hubError("digest_conflict"));
        m_netOwner->enqueue(201, test::fakeReceiptFor(b.envelope));
        auto p = pump();
        auto r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(r->rejected, 1);
        QCOMPARE(r->rejectedPackets, QStringList{a.packetId});
        QCOMPARE(r->problems.size(), 1);
        QCOMPARE(r->problems.first().code, ErrorCode::AlreadyExists);
        QVERIFY(!r->problems.first().userMessage.isEmpty());
        QCOMPARE(r->acknowledged, 1);
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("rejected"));
        QVERIFY(syncStateOf(a.caseNumber) != SyncState::Acknowledged);

        // Days later, nothing is sent again for it.
        m_fx.clock->advanceDays(30);
        auto again = p.drain();
        OW_VERIFY_OK(again);
        QCOMPARE(m_netOwner->sent.size(), 2);
        QCOMPARE(m_netOwner->unexpected, 0);
    }

    void noRetryOnClientErrorsButOn408And429_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("retried");
        QTest::newRow("400") << 400 << false;
        QTest::newRow("403") << 403 << false;
        QTest::newRow("404") << 404 << false;
        QTest::newRow("413") << 413 << false;
        QTest::newRow("415") << 415 << false;
        QTest::newRow("408") << 408 << true;
        QTest::newRow("429") << 429 << true;
        QTest::newRow("500") << 500 << true;
        QTest::newRow("503") << 503 << true;
    }

    void noRetryOnClientErrorsButOn408And429()
    {
        QFETCH(int, status);
        QFETCH(bool, retried);
        const Queued a = queueCase();
        m_netOwner->enqueue(status, test::hubError("whatever"));
        auto p = pump();
        OW_VERIFY_OK(p.drain());
        QCOMPARE(outboxState(a.outboxId), retried ? QStringLiteral("pending") : QStringLiteral("rejected"));
        m_fx.clock->advanceDays(1);
        if (retried)
            m_netOwner->enqueue(201, test::fakeReceiptFor(a.envelope));
        OW_VERIFY_OK(p.drain());
        QCOMPARE(m_netOwner->sent.size(), retried ? 2 : 1);
        QCOMPARE(m_netOwner->unexpected, 0);
        QCOMPARE(syncStateOf(a.caseNumber) == SyncState::Acknowledged, retried);
    }

    void retryAfterIsHonoured()
    {
        const Queued a = queueCase();
        const Queued b = queueCase();
        const Queued c = queueCase();
        // a and b go out together (two in flight): a is answered "slow down", b is stored.
        m_netOwner->enqueue(503, test::hubError("unavailable"), {{"retry-after", "120"}});
        m_netOwner->enqueue(201, test::fakeReceiptFor(b.envelope));
        auto p = pump(0.0);
        auto r = p.drain();
        OW_VERIFY_OK(r);
        // The hub asked to slow down: the third packet is not even tried in this pass.
        QCOMPARE(m_netOwner->sent.size(), 2);
        QCOMPARE(r->acknowledged, 1);
        QCOMPARE(syncStateOf(b.caseNumber), SyncState::Acknowledged);
        QCOMPARE(nextAttempt(a.outboxId), m_fx.clock->now().addSecs(120));
        QCOMPARE(r->nextAttemptAt.value(), m_fx.clock->now().addSecs(120));

        m_fx.clock->advanceSecs(119);
        m_netOwner->enqueue(201, test::fakeReceiptFor(c.envelope));
        OW_VERIFY_OK(p.drain()); // only c is due
        QCOMPARE(m_netOwner->sent.size(), 3);
        QCOMPARE(m_netOwner->sent.last().body, c.envelope);
        m_fx.clock->advanceSecs(1);
        m_netOwner->enqueue(201, test::fakeReceiptFor(a.envelope));
        OW_VERIFY_OK(p.drain());
        QCOMPARE(m_netOwner->sent.size(), 4);
        QCOMPARE(*m_fx.store->outbox().pendingCount(), 0);
    }

    void backoffGrowsWithEachFailedAttempt()
    {
        const Queued a = queueCase();
        auto p = pump(0.999);
        QList<qint64> waits;
        for (int i = 0; i < 6; ++i) {
            m_netOwner->enqueue(500, test::hubError("internal"));
            auto r = p.drain();
            OW_VERIFY_OK(r);
            QCOMPARE(r->reachable, true);
            waits.append(m_fx.clock->now().msecsTo(nextAttempt(a.outboxId)));
            m_fx.clock->set(nextAttempt(a.outboxId));
        }
        for (int i = 0; i < waits.size(); ++i) {
            const qint64 ceiling = std::min<qint64>(60000, 1000LL << i);
            QVERIFY2(waits[i] < ceiling && waits[i] >= ceiling * 99 / 100, qPrintable(QString::number(waits[i])));
        }
        QCOMPARE(m_netOwner->unexpected, 0);
    }

    void unreachableHubStopsThePassAndMarksOffline()
    {
        const Queued a = queueCase();
        const Queued b = queueCase();
        const Queued c = queueCase();
        m_netOwner->enqueueNoAnswer(); // a and b were in flight together
        m_netOwner->enqueueNoAnswer();
        auto p = pump();
        auto r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(r->reachable, false);
        QCOMPARE(m_netOwner->sent.size(), 2);
        QCOMPARE(r->problems.first().code, ErrorCode::Io);
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("pending"));
        QCOMPARE(outboxState(b.outboxId), QStringLiteral("pending"));
        QCOMPARE(outboxState(c.outboxId), QStringLiteral("pending"));
        QCOMPARE(m_netOwner->unexpected, 0);
    }

    // Two packets in flight at once; each is acknowledged by its own receipt only, whatever the
    // other's answer, and the outbox is settled in its order.
    void packetsGoOutTwoAtATimeEachAcknowledgedByItsOwnReceipt()
    {
        struct Windows final : public test::QueuedTransport
        {
            QList<qsizetype> sizes;
            QList<HttpResponse> sendAll(const QList<HttpRequest> &requests) override
            {
                sizes.append(requests.size());
                return test::QueuedTransport::sendAll(requests);
            }
        };
        auto windows = std::make_unique<Windows>();
        Windows &net = *windows;
        m_netOwner = std::move(windows);
        const Queued a = queueCase();
        const Queued b = queueCase();
        const Queued c = queueCase();
        const Queued d = queueCase();
        const Queued e = queueCase();
        net.enqueue(500, test::hubError("internal")); // a: the hub failed, b in flight meanwhile
        net.enqueue(201, test::fakeReceiptFor(b.envelope));
        net.enqueue(201, test::fakeReceiptFor(d.envelope)); // c is answered with d's receipt
        net.enqueue(201, test::fakeReceiptFor(d.envelope));
        net.enqueue(201, test::fakeReceiptFor(e.envelope)); // e alone at the end
        auto p = pump();
        auto r = p.drainOnce();
        OW_VERIFY_OK(r);
        QCOMPARE(net.sizes, (QList<qsizetype>{2, 2}));
        QCOMPARE(net.sent.size(), 5);
        QCOMPARE(r->acknowledged, 3);
        QCOMPARE(syncStateOf(b.caseNumber), SyncState::Acknowledged);
        QCOMPARE(syncStateOf(d.caseNumber), SyncState::Acknowledged);
        QCOMPARE(syncStateOf(e.caseNumber), SyncState::Acknowledged);
        QVERIFY(syncStateOf(a.caseNumber) != SyncState::Acknowledged);
        QVERIFY(syncStateOf(c.caseNumber) != SyncState::Acknowledged);
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("pending"));
        QCOMPARE(outboxState(c.outboxId), QStringLiteral("pending"));
        QCOMPARE(r->retriesPlanned, 2);
        QCOMPARE(net.unexpected, 0);
    }

    // The transport really keeps both requests open at once: a server that answers neither
    // before it has read both.
    void curlTransportKeepsTwoRequestsInFlight()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        TransportConfig config;
        config.baseUrl = QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort());
        config.requestTimeoutMs = 20000;
        auto transport = CurlTransport::create(config);
        OW_VERIFY_OK(transport);
        QList<HttpRequest> requests(2);
        for (int i = 0; i < 2; ++i) {
            requests[i].method = "POST";
            requests[i].path = QStringLiteral("/v1/packets");
            requests[i].body = "packet " + QByteArray::number(i);
        }
        QList<HttpResponse> responses;
        std::thread client([&] { responses = (*transport)->sendAll(requests); });
        const auto readRequest = [](QTcpSocket *socket) {
            QByteArray data;
            while (socket->waitForReadyRead(5000)) {
                data += socket->readAll();
                const qsizetype end = data.indexOf("\r\n\r\n");
                if (end >= 0 && data.size() >= end + 4 + 8) // both bodies are 8 bytes
                    return data.mid(end + 4, 8);
            }
            return QByteArray();
        };
        QList<QTcpSocket *> open;
        QList<QByteArray> bodies;
        for (int i = 0; i < 2 && (server.hasPendingConnections() || server.waitForNewConnection(10000)); ++i) {
            open.append(server.nextPendingConnection());
            bodies.append(readRequest(open.last()));
        }
        // Both requests arrived before either was answered.
        const bool bothInFlight = open.size() == 2;
        for (QTcpSocket *socket : open) {
            const QByteArray body = "answer to " + bodies.value(open.indexOf(socket));
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            socket->waitForBytesWritten(5000);
        }
        client.join();
        QVERIFY(bothInFlight);
        QCOMPARE(responses.size(), 2);
        QCOMPARE(responses[0].body, QByteArray("answer to packet 0"));
        QCOMPARE(responses[1].body, QByteArray("answer to packet 1"));
    }

    void attachmentResumesFromTheOffsetTheHubAcknowledged()
    {
        const Queued a = queueCase();
        const QByteArray blob = "0123456789"; // chunks of 4 bytes: 4 + 4 + 2
        auto part = m_fx.store->outbox().enqueue(0, a.packetId + QStringLiteral("/att-0"),
                                                 QLatin1String(kKindAttachment), blob);
        OW_VERIFY_OK(part);
        // Reorder so the part goes before its packet, as the sealer enqueues them.
        OW_VERIFY_OK(
            m_fx.store->outbox().recordFailure(a.outboxId, m_fx.clock->now().addMSecs(1), QStringLiteral("t")));
        const QByteArray loc = "/v1/uploads/u-1";
        m_netOwner->enqueue(201, "{\"uploadId\":\"u-1\"}", {{"location", loc}, {"upload-offset", "0"}});
        m_netOwner->enqueue(204, {}, {{"upload-offset", "4"}});
        m_netOwner->enqueueNoAnswer(QStringLiteral("Connection reset by peer"));
        auto p = pump();
        auto r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(r->reachable, false);
        QCOMPARE(outboxOffset(*part), 4);     // only what the hub acknowledged
        QCOMPARE(m_netOwner->sent.size(), 3); // the packet was not posted without its attachment
        QCOMPARE(m_netOwner->sent[0].path, QStringLiteral("/v1/uploads"));
        const QJsonObject create = QJsonDocument::fromJson(m_netOwner->sent[0].body).object();
        QCOMPARE(create.value(QStringLiteral("length")).toInteger(), 10);
        QCOMPARE(create.value(QStringLiteral("name")).toString(), QStringLiteral("att-0"));
        QCOMPARE(create.value(QStringLiteral("packetId")).toString(), a.packetId);
        QCOMPARE(m_netOwner->sent[1].body, QByteArray("0123"));
        QCOMPARE(m_netOwner->sent[2].body, QByteArray("4567"));

        // Later: the hub says it holds 4 bytes (the lost chunk never committed); resume from there.
        m_fx.clock->advanceSecs(3600);
        m_netOwner->enqueue(200, "{\"uploadId\":\"u-1\"}",
                            {{"location", "http://127.0.0.1:1" + loc}, {"upload-offset", "4"}});
        m_netOwner->enqueue(204, {}, {{"upload-offset", "8"}});
        m_netOwner->enqueue(204, {}, {{"upload-offset", "10"}});
        m_netOwner->enqueue(201, test::fakeReceiptFor(a.envelope));
        r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(r->partsUploaded, 1);
        QCOMPARE(r->acknowledged, 1);
        QCOMPARE(m_netOwner->sent[4].path, QString::fromLatin1(loc));
        QCOMPARE(m_netOwner->sent[4].body, QByteArray("4567"));
        bool offsetHeader = false;
        for (const auto &h : m_netOwner->sent[4].headers)
            offsetHeader |= h.first == "Upload-Offset" && h.second == "4";
        QVERIFY(offsetHeader);
        QCOMPARE(m_netOwner->sent[5].body, QByteArray("89"));
        QCOMPARE(outboxOffset(*part), 10);
        QCOMPARE(outboxState(*part), QStringLiteral("sent"));
        QCOMPARE(syncStateOf(a.caseNumber), SyncState::Acknowledged);
        QCOMPARE(m_netOwner->unexpected, 0);
    }

    void refusalWithoutTheHubsExplanationIsRetried()
    {
        // A 409 whose body was lost on the way says nothing about what the hub decided.
        const Queued a = queueCase();
        m_netOwner->enqueue(409, {});
        auto p = pump();
        OW_VERIFY_OK(p.drain());
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("pending"));
        m_fx.clock->advanceDays(1);
        m_netOwner->enqueue(409, test::hubError("digest_conflict"));
        OW_VERIFY_OK(p.drain());
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("rejected"));
    }

    void attachmentMissingAtTheHubIsRetriedNotRejected()
    {
        const Queued a = queueCase();
        m_netOwner->enqueue(409, test::hubError("attachment_missing"));
        auto p = pump();
        OW_VERIFY_OK(p.drain());
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("pending"));
    }

    void offsetMismatchFollowsTheHub()
    {
        const Queued a = queueCase();
        auto part = m_fx.store->outbox().enqueue(0, a.packetId + QStringLiteral("/att-0"),
                                                 QLatin1String(kKindAttachment), "abcdef");
        OW_VERIFY_OK(
            m_fx.store->outbox().recordFailure(a.outboxId, m_fx.clock->now().addMSecs(1), QStringLiteral("t")));
        m_netOwner->enqueue(201, {}, {{"location", "/v1/uploads/u"}, {"upload-offset", "0"}});
        m_netOwner->enqueue(409, test::hubError("offset_mismatch"), {{"upload-offset", "4"}});
        m_netOwner->enqueue(204, {}, {{"upload-offset", "6"}});
        auto p = pump();
        auto r = p.drainOnce();
        OW_VERIFY_OK(r);
        QCOMPARE(r->partsUploaded, 1);
        QCOMPARE(m_netOwner->sent[2].body, QByteArray("ef"));
        QCOMPARE(outboxOffset(*part), 6);
    }

    void damagedEnvelopeIsRejectedWithoutSending()
    {
        auto c = m_fx.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"}, kClerk);
        auto id = m_fx.store->outbox().enqueue(c->id, newPacketId(), QLatin1String(kKindPacket), "not json");
        auto p = pump();
        auto r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(r->rejected, 1);
        QCOMPARE(m_netOwner->sent.size(), 0);
        QCOMPARE(outboxState(*id), QStringLiteral("rejected"));
    }

    void clockSkewKeepsThePacket()
    {
        const Queued a = queueCase();
        m_netOwner->enqueue(401, test::hubError("clock_skew"));
        auto p = pump();
        auto r = p.drain();
        OW_VERIFY_OK(r);
        QCOMPARE(outboxState(a.outboxId), QStringLiteral("pending"));
        QCOMPARE(r->problems.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestOutboxPump)
#include "tst_outboxpump.moc"
