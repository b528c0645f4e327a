// Client sync against the real onewindow-hub process on loopback (SQLite, or PostgreSQL with
// OW_HUB_BACKEND=postgres): a real SQLCipher store, real sealing, real libcurl.
#include "FaultProxy.h"
#include "SyncHubSupport.h"

#include "crypto/Packet.h"
#include "crypto/Suite.h"
#include "sync/HubFeeds.h"
#include "sync/OutboxPump.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QTest>

using namespace ow;
using ow::test::HubFixture;
using ow::test::SyncDevice;

namespace {

const QString kReviewerPassword = QStringLiteral("review-password-1");

QSet<QString> queuedCaseIds(const HubFixture &hub, const QByteArray &token)
{
    QSet<QString> ids;
    const auto r = hub.get("/v1/queue?department=" + QByteArray(test::kItemDepartment) + "&state=received&limit=500",
                           {{"Authorization", "Bearer " + token}});
    for (const QJsonValue &v : r.json().value(QStringLiteral("cases")).toArray())
        ids.insert(v.toObject().value(QStringLiteral("caseId")).toString());
    return ids;
}

qint64 outboxCount(Store &store, const char *state)
{
    Statement st(store.db(), "SELECT count(*) FROM outbox WHERE state = ?");
    st.bind(1, QString::fromLatin1(state));
    return st.next() ? st.int64(0) : -1;
}

} // namespace

class TestSyncHub : public QObject
{
    Q_OBJECT

    test::HubTestBackend m_backend;
    std::unique_ptr<HubFixture> m_hub;

    bool startHub()
    {
        QString error;
        const QString url = m_backend.newDatabase(&error);
        if (m_backend.isPostgres() && url.isEmpty()) {
            qWarning() << "PostgreSQL:" << error;
            return false;
        }
        m_hub = std::make_unique<HubFixture>(url);
        return m_hub->start();
    }

private Q_SLOTS:
    void initTestCase() { qInfo() << "hub backend:" << m_backend.name(); }

    void init() { QVERIFY2(startHub(), m_hub ? m_hub->log().constData() : "no hub"); }

    void cleanup() { m_hub.reset(); }

    // A device's store id is the series of its case numbers, reserved at the hub when it enrolls
    // (protocol 1.8): a second device with the same id is told so and stays unenrolled, and
    // the enrollment code it used still works for a device with another id.
    void secondDeviceWithTheSameIdIsNotEnrolled()
    {
        SyncDevice first;
        QVERIFY(first.open(m_hub->baseUrl(), QStringLiteral("K07")));
        QVERIFY(first.enroll(*m_hub));
        SyncDevice twin;
        QVERIFY(twin.open(m_hub->baseUrl(), QStringLiteral("K07")));
        const QString code = m_hub->enrollCode();
        auto refused = sync::EnrolledDevice::enroll(*twin.store, *twin.transport, code, QStringLiteral("twin"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::AlreadyExists);
        QVERIFY(refused.error().userMessage.contains(QStringLiteral("K07")));
        QVERIFY(refused.error().logDetail.contains(QStringLiteral("case_prefix_taken")));
        QCOMPARE(sync::EnrolledDevice::load(twin.store->settings()).error().code, ErrorCode::NotFound);
        SyncDevice other;
        QVERIFY(other.open(m_hub->baseUrl(), QStringLiteral("K08")));
        OW_VERIFY_OK(sync::EnrolledDevice::enroll(*other.store, *other.transport, code, QStringLiteral("other")));
        // The first device's cases reach the hub under its series.
        const QString number = first.createAndSeal(1);
        QVERIFY(number.startsWith(QLatin1String("K07-")));
        sync::OutboxPump pump(*first.store, *first.transport, *first.device);
        auto report = pump.drain();
        OW_VERIFY_OK(report);
        QCOMPARE(report->acknowledged, 1);
    }

    void endToEndFromKioskToDecisionAndBack()
    {
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl()));
        QVERIFY(kiosk.enroll(*m_hub));
        const QString number = kiosk.createAndSeal(1, 300 * 1024);
        QVERIFY(!number.isEmpty());
        QCOMPARE(kiosk.caseOf(number).syncState, SyncState::Queued);

        sync::OutboxPump pump(*kiosk.store, *kiosk.transport, *kiosk.device);
        auto report = pump.drain();
        OW_VERIFY_OK(report);
        QCOMPARE(report->acknowledged, 1);
        QCOMPARE(report->partsUploaded, 1);
        QVERIFY(report->problems.isEmpty());
        QCOMPARE(kiosk.caseOf(number).syncState, SyncState::Acknowledged);
        QCOMPARE(outboxCount(*kiosk.store, "sent"), 2);
        const QJsonObject stats = m_hub->stats();
        QCOMPARE(stats.value(QStringLiteral("packets")).toInteger(), 1);

        // A reviewer of the item's department approves through the hub API.
        QVERIFY(m_hub->addOperator(QStringLiteral("rev1"), QStringLiteral("reviewer"),
                                   QLatin1String(test::kItemDepartment), kReviewerPassword));
        const QByteArray token = m_hub->login(QStringLiteral("rev1"), kReviewerPassword);
        QVERIFY(!token.isEmpty());
        QVERIFY(queuedCaseIds(*m_hub, token).contains(number));
        const auto opened = m_hub->get("/v1/cases/" + number.toLatin1(), {{"Authorization", "Bearer " + token}});
        QCOMPARE(opened.status, 200);
        // What the reviewer sees is what the citizen entered, sealed end to end.
        QCOMPARE(opened.json()
                     .value(QStringLiteral("payload"))
                     .toObject()
                     .value(QStringLiteral("form"))
                     .toObject()
                     .value(QStringLiteral("applicantName"))
                     .toString(),
                 QStringLiteral("测试申请人1"));
        const auto decided = m_hub->decide(token, number, opened.json().value(QStringLiteral("packetId")).toString(),
                                           QStringLiteral("approved"), QStringLiteral("材料齐全，准予办理"));
        QCOMPARE(decided.status, 200);

        auto events = sync::EventFeed(*kiosk.store, *kiosk.transport, *kiosk.device).pull();
        OW_VERIFY_OK(events);
        QVERIFY(events->received >= 2);
        QCOMPARE(kiosk.caseOf(number).state, CaseState::Approved);
        auto history = kiosk.store->cases().events(number);
        QCOMPARE(history->last().toState, caseState::key(CaseState::Approved));
        QCOMPARE(history->last().note, QStringLiteral("材料齐全，准予办理"));
        // Pulling again changes nothing.
        auto again = sync::EventFeed(*kiosk.store, *kiosk.transport, *kiosk.device).pull();
        OW_VERIFY_OK(again);
        QCOMPARE(again->applied, 0);

        // Catalog with ETag: the second pull is a 304.
        sync::CatalogFeed catalog(*kiosk.store, *kiosk.transport, *kiosk.device);
        auto first = catalog.pull();
        OW_VERIFY_OK(first);
        QVERIFY(first->changed);
        QVERIFY(first->items > 0);
        auto second = catalog.pull();
        OW_VERIFY_OK(second);
        QVERIFY(!second->changed);
        QCOMPARE(second->version, first->version);

        // After the retention period the personal data goes; number, state and receipt stay.
        auto purged =
            kiosk.store->cases().purgeAcknowledged(QDateTime::currentDateTimeUtc().addSecs(60), test::kKioskCitizen);
        OW_VERIFY_OK(purged);
        QCOMPARE(*purged, 1);
        const Case after = kiosk.caseOf(number);
        QVERIFY(after.purged);
        QVERIFY(after.formJson.isEmpty());
        QVERIFY(after.applicantHash.isEmpty());
        QCOMPARE(after.state, CaseState::Approved);
        Statement receipt(kiosk.store->db(), "SELECT receipt, length(payload) FROM outbox WHERE kind = 'packet'");
        QVERIFY(receipt.next());
        QVERIFY(!receipt.blob(0).isEmpty());
        QCOMPARE(receipt.int64(1), 0);
        Statement scans(kiosk.store->db(), "SELECT count(*) FROM attachments WHERE data IS NOT NULL");
        QVERIFY(scans.next());
        QCOMPARE(scans.int64(0), 0);
        QCOMPARE(kiosk.store->cases().byApplicant(test::idWithCheckDigit(QStringLiteral("34112519800101101")))->size(),
                 0);
        OW_VERIFY_OK(kiosk.store->check());
    }

    void correctionRequestedThenResubmitted()
    {
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl()));
        QVERIFY(kiosk.enroll(*m_hub));
        const QString number = kiosk.createAndSeal(9);
        sync::OutboxPump pump(*kiosk.store, *kiosk.transport, *kiosk.device);
        QCOMPARE(pump.drain()->acknowledged, 1);
        sync::CaseSealer sealer(*kiosk.store, *kiosk.device);
        QVERIFY(!sealer.seal(number, test::kKioskCitizen).ok()); // not twice without a reason

        QVERIFY(m_hub->addOperator(QStringLiteral("rev9"), QStringLiteral("reviewer"),
                                   QLatin1String(test::kItemDepartment), kReviewerPassword));
        const QByteArray token = m_hub->login(QStringLiteral("rev9"), kReviewerPassword);
        const QList<QPair<QByteArray, QByteArray>> auth{{"Authorization", "Bearer " + token}};
        QCOMPARE(m_hub
                     ->decide(token, number, m_hub->packetIdOf(token, number), QStringLiteral("correction_requested"),
                              QStringLiteral("请补充手机号码"))
                     .status,
                 200);
        sync::EventFeed feed(*kiosk.store, *kiosk.transport, *kiosk.device);
        OW_VERIFY_OK(feed.pull());
        QCOMPARE(kiosk.caseOf(number).state, CaseState::CorrectionRequested);

        // The citizen corrects the form at the kiosk; the case goes to the hub again.
        OW_VERIFY_OK(kiosk.store->cases().updateForm(number,
                                                     "{\"applicantName\":\"测试申请人9\",\"mobile\":\"13900001111\"}",
                                                     {QStringLiteral("mobile")}, test::kKioskCitizen));
        auto again = sealer.seal(number, test::kKioskCitizen);
        OW_VERIFY_OK(again);
        QCOMPARE(kiosk.caseOf(number).syncState, SyncState::Queued);
        QCOMPARE(pump.drain()->acknowledged, 1);
        QCOMPARE(kiosk.caseOf(number).syncState, SyncState::Acknowledged);
        const auto opened = m_hub->get("/v1/cases/" + number.toLatin1(), auth);
        QCOMPARE(opened.json()
                     .value(QStringLiteral("payload"))
                     .toObject()
                     .value(QStringLiteral("form"))
                     .toObject()
                     .value(QStringLiteral("mobile"))
                     .toString(),
                 QStringLiteral("13900001111"));
        QCOMPARE(m_hub
                     ->decide(token, number, opened.json().value(QStringLiteral("packetId")).toString(),
                              QStringLiteral("approved"))
                     .status,
                 200);
        OW_VERIFY_OK(feed.pull());
        QCOMPARE(kiosk.caseOf(number).state, CaseState::Approved);
        QCOMPARE(m_hub->stats().value(QStringLiteral("cases")).toInteger(), 1);
    }

    void sameIdWithAnotherDigestIsReportedAndNeverRetried()
    {
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl()));
        QVERIFY(kiosk.enroll(*m_hub));
        const QString number = kiosk.createAndSeal(2);
        auto queued = kiosk.store->outbox().due(10);
        QCOMPARE(queued->size(), 1);
        const QString packetId = queued->first().packetId;

        // Another packet under the same id reached the hub first (a restored backup, a bug).
        crypto::PacketSealer sealer(kiosk.device->cryptoSuite(), kiosk.device->signingKey(),
                                    kiosk.device->hubEncryptionKey(), kiosk.device->deviceId());
        crypto::PacketContent other;
        other.caseId = number;
        other.itemId = QLatin1String(test::kItem);
        other.form = QJsonObject{{QStringLiteral("applicantName"), QStringLiteral("另一份")}};
        auto impostor = sealer.seal(other, 99, QDateTime::currentDateTimeUtc(), packetId);
        OW_VERIFY_OK(impostor);
        sync::HttpRequest post;
        post.method = "POST";
        post.path = QStringLiteral("/v1/packets");
        post.body = impostor->envelope;
        post.header("Content-Type", crypto::PacketContentType);
        auto first = sync::sendSigned(*kiosk.transport, *kiosk.device, kiosk.store->clock(), post);
        OW_VERIFY_OK(first);
        QCOMPARE(first->status, 201);

        sync::OutboxPump pump(*kiosk.store, *kiosk.transport, *kiosk.device);
        auto report = pump.drain();
        OW_VERIFY_OK(report);
        QCOMPARE(report->rejected, 1);
        QCOMPARE(report->rejectedPackets, QStringList{packetId});
        QCOMPARE(report->problems.first().code, ErrorCode::AlreadyExists);
        QVERIFY(kiosk.caseOf(number).syncState != SyncState::Acknowledged);
        QCOMPARE(outboxCount(*kiosk.store, "rejected"), 1);

        // Never again: a later drain sends nothing, the hub still holds the first packet only.
        const QJsonObject before = m_hub->stats();
        auto later = pump.drain();
        OW_VERIFY_OK(later);
        QCOMPARE(later->rejected + later->acknowledged + later->retriesPlanned, 0);
        QCOMPARE(m_hub->stats().value(QStringLiteral("packets")).toInteger(),
                 before.value(QStringLiteral("packets")).toInteger());
    }

    void samePacketTwiceIsStoredOnceAndAcknowledged()
    {
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl()));
        QVERIFY(kiosk.enroll(*m_hub));
        const QString number = kiosk.createAndSeal(3);
        auto queued = kiosk.store->outbox().due(10);
        sync::HttpRequest post;
        post.method = "POST";
        post.path = QStringLiteral("/v1/packets");
        post.body = queued->first().payload;
        post.header("Content-Type", crypto::PacketContentType);
        auto first = sync::sendSigned(*kiosk.transport, *kiosk.device, kiosk.store->clock(), post);
        QCOMPARE(first->status, 201);
        // The device never saw that answer (lost on the way); its pump sends the same bytes.
        sync::OutboxPump pump(*kiosk.store, *kiosk.transport, *kiosk.device);
        auto report = pump.drain();
        OW_VERIFY_OK(report);
        QCOMPARE(report->acknowledged, 1);
        QCOMPARE(kiosk.caseOf(number).syncState, SyncState::Acknowledged);
        const QJsonObject stats = m_hub->stats();
        QCOMPARE(stats.value(QStringLiteral("packets")).toInteger(), 1);
        QCOMPARE(stats.value(QStringLiteral("cases")).toInteger(), 1);
    }

    void everyPacketArrivesOnceThroughFaultsAndAHubRestart()
    {
        test::FaultProxy proxy(m_hub->port());
        QVERIFY(proxy.start());
        proxy.setShaping({2, 8 * 1024 * 1024});
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl()));
        QVERIFY(kiosk.enroll(*m_hub));
        const int cases = 24;
        QStringList numbers;
        for (int i = 0; i < cases; ++i) {
            numbers.append(kiosk.createAndSeal(100 + i, i % 6 == 0 ? 400 * 1024 : 0));
            QVERIFY(!numbers.last().isEmpty());
        }
        QVERIFY(kiosk.connectTo(proxy.baseUrl()));
        proxy.setRandomFaults(0.3, 20261125);

        sync::OutboxPump::Options po;
        po.batch = 8;
        po.chunkBytes = 64 * 1024;
        sync::OutboxPump pump(*kiosk.store, *kiosk.transport, *kiosk.device, sync::Backoff({5, 100, 500}), po);
        QElapsedTimer timer;
        timer.start();
        bool restarted = false;
        int acknowledged = 0;
        while (*kiosk.store->outbox().pendingCount() > 0 && timer.elapsed() < 240000) {
            auto r = pump.drainOnce();
            OW_VERIFY_OK(r);
            acknowledged += r->acknowledged;
            if (!restarted && acknowledged >= cases / 3) {
                // The hub goes away mid-stream and comes back on another port behind the proxy.
                m_hub->kill9();
                QVERIFY(!pump.drainOnce()->reachable || true);
                QVERIFY(m_hub->restart());
                proxy.setUpstreamPort(m_hub->port());
                restarted = true;
            }
            QTest::qWait(5);
        }
        QVERIFY(restarted);
        QCOMPARE(*kiosk.store->outbox().pendingCount(), 0);
        QCOMPARE(outboxCount(*kiosk.store, "rejected"), 0);
        for (const QString &n : numbers)
            QCOMPARE(kiosk.caseOf(n).syncState, SyncState::Acknowledged);
        const QJsonObject stats = m_hub->stats();
        QCOMPARE(stats.value(QStringLiteral("packets")).toInteger(), cases);
        QCOMPARE(stats.value(QStringLiteral("distinctPackets")).toInteger(), cases);
        QCOMPARE(stats.value(QStringLiteral("cases")).toInteger(), cases);
        QVERIFY(m_hub->addOperator(QStringLiteral("rev2"), QStringLiteral("reviewer"),
                                   QLatin1String(test::kItemDepartment), kReviewerPassword));
        QCOMPARE(queuedCaseIds(*m_hub, m_hub->login(QStringLiteral("rev2"), kReviewerPassword)),
                 QSet<QString>(numbers.begin(), numbers.end()));
        const auto s = proxy.stats();
        qInfo() << "proxy:" << s.requests << "requests," << s.faults << "faults," << s.upstreamFailures
                << "while the hub was down";
        QVERIFY(s.faults >= 10);
    }

    void commandLineEnrollSealPushPull()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("store.db"));
        const QString key = dir.filePath(QStringLiteral("k"));
        auto cli = [&](QStringList args, QByteArray *out = nullptr) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("OW_LANG"), QStringLiteral("en"));
            p.setProcessEnvironment(env);
            args << QStringLiteral("--db") << db << QStringLiteral("--key-file") << key;
            p.start(QStringLiteral(OW_CLI), args);
            p.waitForFinished(120000);
            if (out)
                *out = p.readAllStandardOutput() + p.readAllStandardError();
            return p.exitCode();
        };
        QByteArray out;
        QCOMPARE(cli({QStringLiteral("store"), QStringLiteral("init"), QStringLiteral("--device-id"),
                      QStringLiteral("V01")}),
                 0);
        QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("seed"), QStringLiteral("--count"), QStringLiteral("1")}),
                 0);
        const QString hubUrl = m_hub->baseUrl();
        // Plain HTTP to anything but this computer is refused before any byte is sent.
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("enroll"), QStringLiteral("--hub"),
                      QStringLiteral("http://192.0.2.1:8080"), QStringLiteral("--code"), m_hub->enrollCode()},
                     &out),
                 6);
        QVERIFY2(out.contains("HTTPS"), out.constData());
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("enroll"), QStringLiteral("--hub"), hubUrl,
                      QStringLiteral("--code"), QStringLiteral("AAAA-BBBB-CCCC")},
                     &out),
                 6);
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("enroll"), QStringLiteral("--hub"), hubUrl,
                      QStringLiteral("--code"), m_hub->enrollCode().toLower()},
                     &out),
                 0);
        QVERIFY2(out.contains("Enrolled as device d-"), out.constData());
        QCOMPARE(cli({QStringLiteral("case"), QStringLiteral("list")}, &out), 0);
        const QString number = QString::fromUtf8(out.split('\t').first()).trimmed();
        QVERIFY(number.startsWith(QLatin1String("V01-")));
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("seal"), number}, &out), 0);
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("seal"), number}, &out), 6); // once only
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("status")}, &out), 0);
        QVERIFY2(out.contains("1 packets and attachments wait"), out.constData());
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("push"), QStringLiteral("--hub"), hubUrl}, &out), 0);
        QVERIFY2(out.contains("Acknowledged 1 packets"), out.constData());
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("pull"), QStringLiteral("--hub"), hubUrl}, &out), 0);
        QVERIFY2(out.contains("New catalog"), out.constData());
        QCOMPARE(m_hub->stats().value(QStringLiteral("packets")).toInteger(), 1);
        // With the hub gone, push says so with its own exit code and keeps the packet.
        QCOMPARE(cli({QStringLiteral("demo"), QStringLiteral("seed"), QStringLiteral("--count"), QStringLiteral("1")}),
                 0);
        QCOMPARE(cli({QStringLiteral("case"), QStringLiteral("list")}, &out), 0);
        QString second;
        for (const QByteArray &line : out.split('\n')) {
            const QString n = QString::fromUtf8(line.split('\t').first()).trimmed();
            if (!n.isEmpty() && n != number)
                second = n;
        }
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("seal"), second}, &out), 0);
        m_hub->stop();
        QCOMPARE(cli({QStringLiteral("sync"), QStringLiteral("push"), QStringLiteral("--hub"), hubUrl}, &out), 5);
        QVERIFY2(out.contains("cannot be reached"), out.constData());
    }

    void httpsWithThePinnedHubKeyOnly()
    {
        QTemporaryDir dir;
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                       QStringLiteral("-nodes"), QStringLiteral("-subj"), QStringLiteral("/CN=hub.county.example"),
                       QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-keyout"),
                       dir.filePath(QStringLiteral("key.pem")), QStringLiteral("-out"),
                       dir.filePath(QStringLiteral("cert.pem"))});
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("x509"), QStringLiteral("-pubkey"), QStringLiteral("-noout"),
                       QStringLiteral("-in"), dir.filePath(QStringLiteral("cert.pem"))});
        QVERIFY(openssl.waitForFinished(60000));
        const QByteArray pubPem = openssl.readAllStandardOutput();
        QFile pemFile(dir.filePath(QStringLiteral("hub-pub.pem")));
        QVERIFY(pemFile.open(QIODevice::WriteOnly));
        pemFile.write(pubPem);
        pemFile.close();
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("pkey"), QStringLiteral("-pubin"), QStringLiteral("-in"), pemFile.fileName(),
                       QStringLiteral("-outform"), QStringLiteral("der")});
        QVERIFY(openssl.waitForFinished(60000));
        const QByteArray spki = openssl.readAllStandardOutput();
        QVERIFY(!spki.isEmpty());
        const QString pin = QStringLiteral("sha256//") + QString::fromLatin1(crypto::sha256(spki).toBase64());

        m_hub->stop();
        QVERIFY2(m_hub->start({QStringLiteral("--tls-cert"), dir.filePath(QStringLiteral("cert.pem")),
                               QStringLiteral("--tls-key"), dir.filePath(QStringLiteral("key.pem"))}),
                 m_hub->log().constData());
        QVERIFY(m_hub->isRunning());
        const QString url = QStringLiteral("https://127.0.0.1:%1").arg(m_hub->port());

        // Another key than the pinned one: the connection ends before a byte of the request.
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl()));
        QVERIFY(!kiosk.connectTo(url)); // https without a pinned key is refused outright
        QVERIFY(kiosk.connectTo(url, QStringLiteral("sha256//") +
                                         QString::fromLatin1(crypto::sha256("another key").toBase64())));
        auto refused =
            sync::EnrolledDevice::enroll(*kiosk.store, *kiosk.transport, m_hub->enrollCode(), QStringLiteral("kiosk"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Io);

        // The right pin (self-signed certificate, another host name: the pin is the trust).
        QVERIFY(kiosk.connectTo(url, pin));
        QVERIFY(kiosk.enroll(*m_hub));
        const QString number = kiosk.createAndSeal(7, 300 * 1024);
        sync::OutboxPump pump(*kiosk.store, *kiosk.transport, *kiosk.device);
        auto report = pump.drain();
        OW_VERIFY_OK(report);
        QCOMPARE(report->acknowledged, 1);
        QCOMPARE(kiosk.caseOf(number).syncState, SyncState::Acknowledged);

        // The pin may also be the hub's public key file.
        QVERIFY(kiosk.connectTo(url, pemFile.fileName()));
        auto events = sync::EventFeed(*kiosk.store, *kiosk.transport, *kiosk.device).pull();
        OW_VERIFY_OK(events);
        QVERIFY(events->received >= 1);
    }

    void exportedPacketsImportOnceIntoAnotherHubDatabase()
    {
        SyncDevice kiosk;
        QVERIFY(kiosk.open(m_hub->baseUrl()));
        QVERIFY(kiosk.enroll(*m_hub));
        QStringList numbers;
        for (int i = 0; i < 5; ++i)
            numbers.append(kiosk.createAndSeal(200 + i, i < 2 ? 300 * 1024 : 0));
        kiosk.store.reset(); // the CLI opens the store on its own

        QTemporaryDir media;
        QProcess cli;
        const QStringList args{QStringLiteral("export-packets"), media.path(),
                               QStringLiteral("--db"),           kiosk.path() + QStringLiteral("/store.db"),
                               QStringLiteral("--key-file"),     kiosk.path() + QStringLiteral("/k")};
        cli.start(QStringLiteral(OW_CLI), args);
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QCOMPARE(QDir(media.path()).entryList({QStringLiteral("*.owpkt")}, QDir::Files).size(), 5);
        QCOMPARE(QDir(media.path()).entryList({QStringLiteral("*.owatt")}, QDir::Files).size(), 2);
        // Sealed bytes only: nothing of the form is readable on the medium.
        for (const QString &f : QDir(media.path()).entryList(QDir::Files)) {
            QFile file(QDir(media.path()).filePath(f));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray bytes = file.readAll();
            QVERIFY(!bytes.contains("13800001234"));
            QVERIFY(!bytes.contains(QStringLiteral("测试申请人").toUtf8()));
        }
        // Exporting again writes nothing new.
        cli.start(QStringLiteral(OW_CLI), args);
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);

        // The county imports the medium, twice (a nervous clerk): every packet once.
        QByteArray out;
        QCOMPARE(m_hub->runCommand({QStringLiteral("import-packets"), media.path()}, {}, &out), 0);
        QCOMPARE(out.count("stored"), 5);
        QCOMPARE(m_hub->runCommand({QStringLiteral("import-packets"), media.path()}, {}, &out), 0);
        QCOMPARE(out.count("duplicate"), 5);
        QJsonObject stats = m_hub->stats();
        QCOMPARE(stats.value(QStringLiteral("packets")).toInteger(), 5);
        QCOMPARE(stats.value(QStringLiteral("cases")).toInteger(), 5);

        // When the link is back the device sends the same packets and gets its receipts.
        SyncDevice &d = kiosk;
        KeyFileProvider keys(kiosk.path() + QStringLiteral("/k"));
        Store::Options o;
        o.path = kiosk.path() + QStringLiteral("/store.db");
        o.keys = &keys;
        auto reopened = Store::open(o);
        OW_VERIFY_OK(reopened);
        d.store = std::move(reopened).value();
        sync::OutboxPump pump(*d.store, *d.transport, *d.device);
        auto report = pump.drain();
        OW_VERIFY_OK(report);
        QCOMPARE(report->acknowledged, 5);
        for (const QString &n : numbers)
            QCOMPARE(d.caseOf(n).syncState, SyncState::Acknowledged);
        stats = m_hub->stats();
        QCOMPARE(stats.value(QStringLiteral("packets")).toInteger(), 5);
    }
};

QTEST_GUILESS_MAIN(TestSyncHub)
#include "tst_synchub.moc"
