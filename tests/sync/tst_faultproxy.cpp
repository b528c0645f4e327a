// The fault-injecting proxy and the libcurl transport together, against a minimal local HTTP
// server: each fault must look to the client exactly like the network failure it imitates.
#include "FaultProxy.h"
#include "MiniHttpServer.h"

#include "sync/Backoff.h"
#include "sync/CurlTransport.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <thread>

using namespace ow;
using namespace ow::sync;
using Fault = ow::test::FaultProxy::Fault;

namespace {

QByteArray payload(int size)
{
    QByteArray b(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        b[i] = static_cast<char>((i * 31 + 7) & 0xff);
    return b;
}

HttpRequest post(const QByteArray &body)
{
    HttpRequest r;
    r.method = "POST";
    r.path = QStringLiteral("/echo");
    r.body = body;
    r.header("Content-Type", "application/octet-stream");
    return r;
}

bool echoes(const HttpResponse &r, const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(r.body).object();
    return r.status == 200 && o.value(QStringLiteral("length")).toInteger() == body.size() &&
           o.value(QStringLiteral("sha256")).toString().toLatin1() ==
               QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex();
}

std::unique_ptr<CurlTransport> transportTo(const QString &url)
{
    TransportConfig c;
    c.baseUrl = url;
    c.connectTimeoutMs = 2000;
    c.lowSpeedSecs = 5;
    auto t = CurlTransport::create(c);
    return t.ok() ? std::move(t).value() : nullptr;
}

} // namespace

class TestFaultProxy : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::MiniHttpServer> m_server;
    std::unique_ptr<test::FaultProxy> m_proxy;
    std::unique_ptr<CurlTransport> m_net;

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<test::MiniHttpServer>();
        QVERIFY(m_server->start() != 0);
        m_proxy = std::make_unique<test::FaultProxy>(m_server->port());
        QVERIFY(m_proxy->start());
        m_net = transportTo(m_proxy->baseUrl());
        QVERIFY(m_net);
    }

    void cleanup()
    {
        m_net.reset();
        m_proxy.reset();
        m_server.reset();
    }

    void passesRequestsThroughAndReusesConnections()
    {
        for (int size : {0, 10, 70000, 1000000}) {
            const QByteArray body = payload(size);
            const HttpResponse r = m_net->send(post(body));
            QVERIFY2(echoes(r, body), qPrintable(r.transportError));
        }
        QCOMPARE(m_server->completedRequests(), 4);
        QCOMPARE(m_proxy->stats().connections, 1);
        QCOMPARE(m_proxy->stats().faults, 0);
    }

    void parallelCallersShareOneTransport()
    {
        std::atomic<int> good{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 10; ++i) {
                    const QByteArray body = payload(1000 * (t + 1) + i);
                    if (echoes(m_net->send(post(body)), body))
                        ++good;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(good.load(), 40);
    }

    void injectedStatusesNeverReachTheUpstream_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("status");
        QTest::newRow("500") << int(Fault::Inject500) << 500;
        QTest::newRow("503") << int(Fault::Inject503) << 503;
    }

    void injectedStatusesNeverReachTheUpstream()
    {
        QFETCH(int, fault);
        QFETCH(int, status);
        m_proxy->queueFaults({Fault(fault)});
        const HttpResponse r = m_net->send(post("hello"));
        QVERIFY2(r.status == status, qPrintable(r.transportError));
        QCOMPARE(classify(r.status), Disposition::Retry);
        if (status == 503)
            QCOMPARE(r.header("retry-after"), QByteArray("1"));
        QCOMPARE(m_server->completedRequests(), 0);
        // The next request goes through on a fresh connection.
        QVERIFY(echoes(m_net->send(post("again")), "again"));
        QCOMPARE(m_server->completedRequests(), 1);
    }

    void networkFaultsLookLikeNoAnswer_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<bool>("upstreamGotIt");
        QTest::newRow("drop") << int(Fault::Drop) << false;
        QTest::newRow("reset mid request") << int(Fault::ResetMidRequest) << false;
        QTest::newRow("reset mid response") << int(Fault::ResetMidResponse) << true;
        QTest::newRow("truncated response") << int(Fault::TruncateResponse) << true;
    }

    void networkFaultsLookLikeNoAnswer()
    {
        QFETCH(int, fault);
        QFETCH(bool, upstreamGotIt);
        m_proxy->queueFaults({Fault(fault)});
        const QByteArray body = payload(200000);
        const HttpResponse r = m_net->send(post(body));
        QVERIFY2(!r.answered(), qPrintable(QStringLiteral("status %1").arg(r.status)));
        QVERIFY(!r.transportError.isEmpty());
        QTRY_COMPARE(m_server->completedRequests(), upstreamGotIt ? 1 : 0);
        QVERIFY(echoes(m_net->send(post(body)), body));
    }

    void faultsOnAReusedConnectionNeverGiveAWrongAnswer()
    {
        // libcurl itself may resend on a reused connection that died before any answer; the
        // client must then see either no answer or the right one, never a cut-off one.
        for (Fault f : test::FaultProxy::allFaults()) {
            const QByteArray warm = payload(100);
            QVERIFY(echoes(m_net->send(post(warm)), warm));
            m_proxy->queueFaults({f});
            const QByteArray body = payload(150000);
            const HttpResponse r = m_net->send(post(body));
            QVERIFY2(!r.answered() || r.status >= 500 || echoes(r, body), qPrintable(test::FaultProxy::faultName(f)));
        }
    }

    void shapedTrafficArrivesIntact()
    {
        m_proxy->setShaping({20, 2 * 1024 * 1024});
        const QByteArray body = payload(600000);
        const HttpResponse r = m_net->send(post(body));
        QVERIFY2(echoes(r, body), qPrintable(r.transportError));
    }

    void survivesAnUpstreamRestart()
    {
        QVERIFY(echoes(m_net->send(post("before")), "before"));
        const quint16 oldPort = m_server->port();
        m_server->stop();
        const HttpResponse down = m_net->send(post("while down"));
        QVERIFY(!down.answered());
        QVERIFY(m_proxy->stats().upstreamFailures >= 1);
        // Back on the same port (the usual restart) ...
        QCOMPARE(m_server->start(oldPort), oldPort);
        QVERIFY(echoes(m_net->send(post("after")), "after"));
        // ... or on another one.
        test::MiniHttpServer other;
        QVERIFY(other.start() != 0);
        m_proxy->setUpstreamPort(other.port());
        m_server->stop();
        QVERIFY(echoes(m_net->send(post("moved")), "moved"));
        QCOMPARE(other.completedRequests(), 1);
    }

    void blackoutCutsOpenConnections()
    {
        QVERIFY(echoes(m_net->send(post("a")), "a"));
        m_proxy->setBlackout(true);
        QVERIFY(!m_net->send(post("b")).answered());
        m_proxy->setBlackout(false);
        QVERIFY(echoes(m_net->send(post("c")), "c"));
    }

    void randomFaultsAreReproducible()
    {
        m_proxy->setRandomFaults(0.5, 42);
        QList<int> first;
        for (int i = 0; i < 20; ++i)
            first.append(m_net->send(post("x")).status);
        cleanup();
        init();
        m_proxy->setRandomFaults(0.5, 42);
        QList<int> second;
        for (int i = 0; i < 20; ++i)
            second.append(m_net->send(post("x")).status);
        QCOMPARE(first, second);
        QVERIFY(first.contains(200));
        QVERIFY(first.count(200) < 20);
    }

    void transportRefusesUnsafeConfigurations_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("loopback http") << QStringLiteral("http://127.0.0.1:8080") << QString() << true;
        QTest::newRow("localhost http") << QStringLiteral("http://localhost:8080") << QString() << true;
        QTest::newRow("ipv6 loopback http") << QStringLiteral("http://[::1]:8080") << QString() << true;
        QTest::newRow("lan http") << QStringLiteral("http://192.168.1.10:8080") << QString() << false;
        QTest::newRow("lookalike http") << QStringLiteral("http://127.0.0.1.example.com") << QString() << false;
        QTest::newRow("https without pin") << QStringLiteral("https://hub.example") << QString() << false;
        QTest::newRow("https with pin") << QStringLiteral("https://hub.example")
                                        << QStringLiteral("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                                        << true;
        QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1") << QString() << false;
        QTest::newRow("garbage") << QStringLiteral("not a url") << QString() << false;
    }

    void transportRefusesUnsafeConfigurations()
    {
        QFETCH(QString, url);
        QFETCH(QString, pin);
        QFETCH(bool, accepted);
        TransportConfig c;
        c.baseUrl = url;
        c.pinnedPublicKey = pin;
        auto t = CurlTransport::create(c);
        QCOMPARE(t.ok(), accepted);
        if (!t.ok())
            QVERIFY(!t.error().userMessage.isEmpty());
    }

    void ignoresProxyVariablesOfTheSession()
    {
        qputenv("http_proxy", "http://127.0.0.1:9");
        qputenv("HTTP_PROXY", "http://127.0.0.1:9");
        auto direct = transportTo(m_proxy->baseUrl());
        const HttpResponse r = direct->send(post("direct"));
        qunsetenv("http_proxy");
        qunsetenv("HTTP_PROXY");
        QVERIFY2(echoes(r, "direct"), qPrintable(r.transportError));
    }

    void closedPortIsNoAnswer()
    {
        const quint16 port = m_server->port();
        m_server->stop();
        auto direct = transportTo(QStringLiteral("http://127.0.0.1:%1").arg(port));
        const HttpResponse r = direct->send(post("x"));
        QVERIFY(!r.answered());
        QVERIFY(!r.transportError.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFaultProxy)
#include "tst_faultproxy.moc"
