// The hub's HTTP layer against hostile clients, with raw sockets (never an HTTP library, which
// would tidy the bytes up): malformed framing, a 210 MB body, 300 half-open connections, per-address
// connection limits and timeouts, 30 parallel sign-ins while devices keep being served, sign-in
// rate limits. Each ends in a clear status, the hub's memory stays bounded and nothing is stored.

#include "HubFixture.h"
#include "TestSupport.h"

#include "crypto/Packet.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace ow;
using namespace ow::test;

namespace {

// The hub's resident memory in KiB, from /proc.
qint64 residentKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

struct RawAnswer
{
    int status = 0;      // 0: no answer
    QByteArray all;      // everything received
    bool closed = false; // the hub closed the connection after answering
};

// Sends `bytes` on a fresh connection and reads until the hub closes it (or `waitMs` passes).
RawAnswer sendRaw(quint16 port, const QByteArray &bytes, int waitMs = 10000)
{
    RawAnswer answer;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(10000))
        return answer;
    socket.write(bytes);
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < waitMs) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(100)) {
            if (socket.state() != QAbstractSocket::ConnectedState) {
                answer.closed = true;
                break;
            }
            continue;
        }
        answer.all += socket.readAll();
    }
    answer.all += socket.readAll();
    if (answer.all.startsWith("HTTP/1.1 "))
        answer.status = answer.all.mid(9, 3).toInt();
    return answer;
}

bool openssl(const QStringList &args, const QString &dir)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), args);
    if (!process.waitForFinished(60000) || process.exitCode() != 0) {
        qWarning("openssl %s: %s", qPrintable(args.join(QLatin1Char(' '))), process.readAll().constData());
        return false;
    }
    return true;
}

// A key pair and certificate (`name`.key, `name`.pem in `dir`), self-signed or issued by `ca`.
bool makeCertificate(const QString &dir, const QString &name, const QString &subject, const QString &ca = {},
                     const QString &extensions = {})
{
    const QString key = name + QStringLiteral(".key");
    const QString pem = name + QStringLiteral(".pem");
    if (ca.isEmpty()) {
        QStringList args{QStringLiteral("req"),
                         QStringLiteral("-x509"),
                         QStringLiteral("-newkey"),
                         QStringLiteral("ec"),
                         QStringLiteral("-pkeyopt"),
                         QStringLiteral("ec_paramgen_curve:prime256v1"),
                         QStringLiteral("-nodes"),
                         QStringLiteral("-subj"),
                         subject,
                         QStringLiteral("-days"),
                         QStringLiteral("1"),
                         QStringLiteral("-keyout"),
                         key,
                         QStringLiteral("-out"),
                         pem};
        if (!extensions.isEmpty())
            args << QStringLiteral("-addext") << extensions;
        return openssl(args, dir);
    }
    QFile ext(dir + QStringLiteral("/") + name + QStringLiteral(".ext"));
    if (!ext.open(QIODevice::WriteOnly))
        return false;
    ext.write("extendedKeyUsage=clientAuth\n");
    ext.close();
    return openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"), QStringLiteral("-subj"),
                    subject, QStringLiteral("-keyout"), key, QStringLiteral("-out"), name + QStringLiteral(".csr")},
                   dir) &&
           openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                    name + QStringLiteral(".csr"), QStringLiteral("-CA"), ca + QStringLiteral(".pem"),
                    QStringLiteral("-CAkey"), ca + QStringLiteral(".key"), QStringLiteral("-CAcreateserial"),
                    QStringLiteral("-days"), QStringLiteral("1"), QStringLiteral("-extfile"),
                    name + QStringLiteral(".ext"), QStringLiteral("-out"), pem},
                   dir);
}

QByteArray packetHead(const QByteArray &extra)
{
    return "POST /v1/packets HTTP/1.1\r\nHost: hub\r\nContent-Type: application/vnd.onewindow.packet+json\r\n" + extra;
}

} // namespace

class TestHubHostile : public QObject
{
    Q_OBJECT

    std::unique_ptr<HubFixture> m_hub;
    std::unique_ptr<HubTestDevice> m_device;

    qint64 storedPackets() const { return m_hub->stats().value(QStringLiteral("packets")).toInteger(-1); }

private Q_SLOTS:
    void initTestCase()
    {
        m_hub = std::make_unique<HubFixture>();
        QVERIFY2(m_hub->start({QStringLiteral("--max-connections-per-ip"), QStringLiteral("1000")}),
                 m_hub->log().constData());
        m_device = std::make_unique<HubTestDevice>(*m_hub);
        QCOMPARE(m_device->enroll(m_hub->enrollCode()).status, 201);
    }

    void malformedFramingIsRefusedAndClosed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        const QByteArray body = "{}";
        QTest::newRow("two Content-Length, huge first")
            << packetHead("Content-Length: 220200960\r\nContent-Length: 2\r\n\r\n" + body) << 400;
        QTest::newRow("two Content-Length, small first")
            << packetHead("Content-Length: 2\r\nContent-Length: 220200960\r\n\r\n" + body) << 400;
        QTest::newRow("two equal Content-Length")
            << packetHead("Content-Length: 2\r\nContent-Length: 2\r\n\r\n" + body) << 400;
        QTest::newRow("non-numeric Content-Length") << packetHead("Content-Length: 2x\r\n\r\n" + body) << 400;
        QTest::newRow("negative Content-Length") << packetHead("Content-Length: -1\r\n\r\n" + body) << 400;
        QTest::newRow("Content-Length with Transfer-Encoding")
            << packetHead("Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n") << 400;
        QTest::newRow("folded header line")
            << packetHead("X-Note: one\r\n two\r\nContent-Length: 2\r\n\r\n" + body) << 400;
        QTest::newRow("folded Content-Length") << packetHead("Content-Length: 2\r\n 0000000\r\n\r\n" + body) << 400;
        QTest::newRow("bare LF everywhere")
            << QByteArray("POST /v1/packets HTTP/1.1\nHost: hub\nContent-Type: application/json\nContent-Length: "
                          "2\n\n" +
                          body)
            << 400;
        QTest::newRow("bare LF on one line") << packetHead("Content-Length: 2\nX-Note: x\r\n\r\n" + body) << 400;
        QTest::newRow("bare LF ending the head") << packetHead("Content-Length: 2\r\n\n" + body) << 400;
        QTest::newRow("space before the colon") << packetHead("Content-Length : 2\r\n\r\n" + body) << 400;
        QTest::newRow("no Host") << QByteArray("GET /v1/events HTTP/1.1\r\n\r\n") << 400;
        // libmicrohttpd answers an oversize head with 431 (PROTOCOL.md, "Limits").
        QTest::newRow("oversize head") << packetHead("X-Big: " + QByteArray(70 * 1024, 'a') + "\r\n\r\n") << 431;
        QTest::newRow("chunked body") << packetHead("Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n") << 411;
        QTest::newRow("declared body over the limit") << packetHead("Content-Length: 1000000000\r\n\r\n") << 413;
    }

    void malformedFramingIsRefusedAndClosed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        const qint64 before = storedPackets();
        const RawAnswer answer = sendRaw(m_hub->port(), bytes);
        QVERIFY2(answer.status == status, answer.all.left(300).constData());
        QVERIFY2(answer.closed, "the hub keeps the connection open after malformed framing");
        QCOMPARE(storedPackets(), before);
        // The hub still serves everyone else.
        QCOMPARE(m_device->events().status, 200);
    }

    void wellFormedRequestsKeepTheirConnection()
    {
        // The framing checks refuse nothing well formed: two requests on one connection, the
        // first with a body, headers with odd but valid spacing and an empty value.
        const QByteArray body = R"({"username":"nobody","password":"wrong"})";
        const QByteArray bytes = "POST /v1/operators/login HTTP/1.1\r\nHost: hub\r\nX-Empty:\r\nX-Spaced:   a b  \r\n"
                                 "Content-Type: application/json\r\nContent-Length: " +
                                 QByteArray::number(body.size()) + "\r\n\r\n" + body +
                                 "GET /v1/nothing?x=%41 HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n";
        const RawAnswer answer = sendRaw(m_hub->port(), bytes);
        QVERIFY2(answer.all.startsWith("HTTP/1.1 401"), answer.all.left(300).constData());
        QVERIFY2(answer.all.contains("HTTP/1.1 404"), answer.all.constData());
    }

    void hugeBodyIsRefusedBeforeItIsRead()
    {
        const qint64 pid = m_hub->processId();
        const qint64 before = residentKiB(pid);
        QVERIFY(before > 0);
        const qint64 packetsBefore = storedPackets();
        constexpr qint64 Declared = 210LL * 1024 * 1024;
        const QByteArray chunk(1024 * 1024, 'x');
        // Declared honestly, and smuggled behind a small second Content-Length.
        const QList<QByteArray> heads{
            packetHead("Content-Length: " + QByteArray::number(Declared) + "\r\n\r\n"),
            packetHead("Content-Length: " + QByteArray::number(Declared) + "\r\nContent-Length: 10\r\n\r\n")};
        for (const QByteArray &head : heads) {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_hub->port());
            QVERIFY(socket.waitForConnected(10000));
            socket.write(head);
            QVERIFY(socket.waitForBytesWritten(10000));
            QByteArray answer;
            while (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(10000))
                answer += socket.readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 413") || answer.startsWith("HTTP/1.1 400"), answer.constData());
            // Whatever the client goes on sending is never read: the connection is gone long
            // before 210 MB have passed.
            qint64 sent = 0;
            while (sent < Declared && socket.state() == QAbstractSocket::ConnectedState) {
                if (socket.write(chunk) < 0)
                    break;
                socket.waitForBytesWritten(1000);
                sent += chunk.size();
                socket.waitForReadyRead(1);
                socket.readAll();
            }
            QVERIFY2(sent < Declared, "the hub accepted the whole 210 MB body");
            qInfo("declared 210 MB: answered \"%s\", connection closed after the client wrote %lld MB",
                  answer.left(answer.indexOf('\r')).constData(), sent / (1024 * 1024));
        }
        const qint64 after = residentKiB(pid);
        qInfo("hub RSS before %lld KiB, after %lld KiB (+%lld KiB)", before, after, after - before);
        QVERIFY2(after - before < 64 * 1024, "the hub's memory grew by 64 MB or more");
        QCOMPARE(storedPackets(), packetsBefore);
    }

    void halfOpenConnectionsDoNotStopTheHub()
    {
        // 300 connections that send half a request line and stall.
        std::vector<std::unique_ptr<QTcpSocket>> stalled;
        for (int i = 0; i < 300; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, m_hub->port());
            QVERIFY(socket->waitForConnected(10000));
            socket->write("POST /v1/pack");
            QVERIFY(socket->waitForBytesWritten(10000));
            stalled.push_back(std::move(socket));
        }
        // The issue's acceptance bound: /healthz within 1 s. On a quiet machine it answers in a
        // few milliseconds; the bound is generous because the 2-core test machine is shared and
        // a slow answer here is a stuck listener, not a slow one. A signed device request on the
        // public listener must be answered within the same bound.
        qint64 worstHealth = 0;
        qint64 worstDevice = 0;
        for (int round = 0; round < 5; ++round) {
            QElapsedTimer timer;
            timer.start();
            QCOMPARE(m_hub->adminGet("/healthz").status, 200);
            worstHealth = std::max(worstHealth, timer.elapsed());
            timer.restart();
            QCOMPARE(m_device->events().status, 200);
            worstDevice = std::max(worstDevice, timer.elapsed());
        }
        qInfo("300 half-open connections: /healthz answered in at most %lld ms, a device request in %lld ms",
              worstHealth, worstDevice);
        QVERIFY(worstHealth < 1000);
        QVERIFY(worstDevice < 1000);
        for (const auto &socket : stalled)
            QCOMPARE(socket->state(), QAbstractSocket::ConnectedState); // held, not dropped at once
    }

    void requestBodiesShareAMemoryBudget()
    {
        HubFixture hub;
        QVERIFY2(hub.start({QStringLiteral("--max-body-memory"), QStringLiteral("16")}), hub.log().constData());
        const auto heldBodyBytes = [&] {
            for (const QByteArray &line : hub.adminGet("/metrics").body.split('\n')) {
                if (line.startsWith("ow_hub_request_body_bytes "))
                    return line.mid(26).toLongLong();
            }
            return qint64(-1);
        };
        // Two upload chunks arrive slowly: 7 MiB of each 8 MiB, then they stall.
        std::vector<std::unique_ptr<QTcpSocket>> slow;
        for (int i = 0; i < 2; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, hub.port());
            QVERIFY(socket->waitForConnected(10000));
            socket->write("PATCH /v1/uploads/slow" + QByteArray::number(i) +
                          " HTTP/1.1\r\nHost: hub\r\nContent-Type: application/offset+octet-stream\r\n"
                          "Upload-Offset: 0\r\nContent-Length: 8388608\r\n\r\n" +
                          QByteArray(7 * 1024 * 1024, 'x'));
            while (socket->bytesToWrite() > 0)
                QVERIFY(socket->waitForBytesWritten(10000));
            slow.push_back(std::move(socket));
        }
        QTRY_VERIFY_WITH_TIMEOUT(heldBodyBytes() >= 14 * 1024 * 1024, 30000);
        // A body that does not fit any more: 503 before it is read, the client retries later.
        const RawAnswer refused = sendRaw(hub.port(), packetHead("Content-Length: 4194304\r\n\r\n"), 5000);
        QVERIFY2(refused.status == 503 && refused.all.contains("unavailable"), refused.all.constData());
        QVERIFY(refused.all.toLower().contains("retry-after: "));
        // Once the slow clients are gone the memory is free again.
        slow.clear();
        QTRY_COMPARE_WITH_TIMEOUT(heldBodyBytes(), qint64(0), 30000);
        const RawAnswer served = sendRaw(hub.port(), packetHead("Content-Length: 2\r\nConnection: close\r\n\r\n{}"));
        QVERIFY2(served.status == 401, served.all.constData()); // unsigned: refused by the service itself
    }

    void connectionLimitsAndTimeouts()
    {
        HubFixture hub;
        QVERIFY2(hub.start({QStringLiteral("--max-connections-per-ip"), QStringLiteral("20"),
                            QStringLiteral("--connection-timeout-seconds"), QStringLiteral("2")}),
                 hub.log().constData());
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 20; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, hub.port());
            QVERIFY(socket->waitForConnected(10000));
            socket->write("GET /v1/ev");
            QVERIFY(socket->waitForBytesWritten(10000));
            held.push_back(std::move(socket));
        }
        // The 21st from the same address is closed without an answer.
        const RawAnswer refused = sendRaw(hub.port(), "GET /v1/nothing HTTP/1.1\r\nHost: hub\r\n\r\n", 5000);
        QCOMPARE(refused.status, 0);
        QVERIFY(refused.closed);
        // The administration listener is not affected.
        QCOMPARE(hub.adminGet("/healthz").status, 200);
        // Stalled connections are closed after the connection timeout (2 s here).
        for (const auto &socket : held) {
            if (socket->state() == QAbstractSocket::ConnectedState)
                QVERIFY2(socket->waitForDisconnected(30000), "a stalled connection outlived the timeout");
        }
        // And then the address is served again.
        QCOMPARE(sendRaw(hub.port(), "GET /v1/nothing HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n").status, 404);
    }

    void parallelSignInsDoNotHoldUpDevices()
    {
        HubFixture hub;
        QVERIFY2(hub.start(), hub.log().constData());
        HubTestDevice device(hub);
        QCOMPARE(device.enroll(hub.enrollCode()).status, 201);
        // 30 sign-ins with names that are no account, all at once.
        std::vector<std::unique_ptr<QTcpSocket>> signIns;
        for (int i = 0; i < 30; ++i) {
            const QByteArray body = "{\"username\":\"nobody." + QByteArray::number(i) + "\",\"password\":\"guess\"}";
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, hub.port());
            QVERIFY(socket->waitForConnected(10000));
            socket->write("POST /v1/operators/login HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                          "Connection: close\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\n\r\n" + body);
            QVERIFY(socket->waitForBytesWritten(10000));
            signIns.push_back(std::move(socket));
        }
        // Device requests go on being served while the passwords are checked: the first device
        // request is answered before the last sign-in (one event-loop thread that hashes would
        // answer all 30 sign-ins first).
        QElapsedTimer all;
        all.start();
        const auto answeredSignIns = [&] {
            int answered = 0;
            for (const auto &socket : signIns) {
                socket->waitForReadyRead(0);
                if (socket->bytesAvailable() > 0)
                    ++answered;
            }
            return answered;
        };
        qint64 worst = 0;
        int answeredAfterFirst = -1;
        for (int i = 0; i < 10; ++i) {
            QElapsedTimer timer;
            timer.start();
            QCOMPARE(device.events().status, 200);
            worst = std::max(worst, timer.elapsed());
            if (i == 0)
                answeredAfterFirst = answeredSignIns();
        }
        for (const auto &socket : signIns) {
            QByteArray answer;
            while (!answer.contains("bad_credentials") && socket->waitForReadyRead(60000))
                answer += socket->readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        }
        qInfo("30 parallel sign-ins: %d answered when the first device request was; 10 device requests, slowest "
              "%lld ms; all sign-ins answered after %lld ms",
              answeredAfterFirst, worst, all.elapsed());
        QVERIFY2(answeredAfterFirst < 30, "device requests waited for every sign-in");
        // Every one of them is in the audit trail.
        const QJsonObject audit = hub.stats().value(QStringLiteral("audit")).toObject();
        QVERIFY(audit.value(QStringLiteral("login/refused")).toInteger() >= 30);
    }

    void signInRateLimits()
    {
        HubFixture hub;
        QVERIFY2(hub.start({QStringLiteral("--login-rate-per-ip"), QStringLiteral("3"), QStringLiteral("--login-rate"),
                            QStringLiteral("5")}),
                 hub.log().constData());
        QVERIFY(hub.addOperator(QStringLiteral("rate.reviewer"), QStringLiteral("reviewer"), QStringLiteral("X"),
                                QStringLiteral("a long enough password")));
        HubTestDevice device(hub);
        QCOMPARE(device.enroll(hub.enrollCode()).status, 201);
        const auto signIn = [&](const QHostAddress &from, const QByteArray &name, const QByteArray &password) {
            const QByteArray body = "{\"username\":\"" + name + "\",\"password\":\"" + password + "\"}";
            QTcpSocket socket;
            if (!socket.bind(from))
                return RawAnswer{};
            socket.connectToHost(QHostAddress::LocalHost, hub.port());
            RawAnswer answer;
            if (!socket.waitForConnected(10000))
                return answer;
            socket.write("POST /v1/operators/login HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
                         "Connection: close\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\n\r\n" + body);
            while (socket.waitForReadyRead(30000))
                answer.all += socket.readAll();
            if (answer.all.startsWith("HTTP/1.1 "))
                answer.status = answer.all.mid(9, 3).toInt();
            return answer;
        };
        const QHostAddress first(QStringLiteral("127.0.0.1"));
        const QHostAddress second(QStringLiteral("127.0.0.2"));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(signIn(first, "someone." + QByteArray::number(i), "guess").status, 401);
        // The fourth from the same address: 429 with a time to wait, even with the right password.
        RawAnswer limited = signIn(first, "rate.reviewer", "a long enough password");
        QVERIFY2(limited.status == 429, limited.all.constData());
        QVERIFY(limited.all.contains("rate_limited"));
        QVERIFY(limited.all.toLower().contains("retry-after: "));
        // Another address still may, until the overall rate (5) is used up.
        QCOMPARE(signIn(second, "someone.else", "guess").status, 401);
        QCOMPARE(signIn(second, "someone.other", "guess").status, 401);
        limited = signIn(second, "rate.reviewer", "a long enough password");
        QVERIFY2(limited.status == 429, limited.all.constData());
        // Devices are not affected.
        QCOMPARE(device.events().status, 200);
    }

    void clientCertificatesWhenAsked()
    {
        QTemporaryDir dir;
        const QString d = dir.path();
        QVERIFY(makeCertificate(d, QStringLiteral("server"), QStringLiteral("/CN=127.0.0.1"), {},
                                QStringLiteral("subjectAltName=IP:127.0.0.1")));
        QVERIFY(makeCertificate(d, QStringLiteral("ca"), QStringLiteral("/CN=County device CA"), {},
                                QStringLiteral("basicConstraints=critical,CA:TRUE")));
        QVERIFY(makeCertificate(d, QStringLiteral("kiosk"), QStringLiteral("/CN=village kiosk"), QStringLiteral("ca")));
        QVERIFY(makeCertificate(d, QStringLiteral("rogue"), QStringLiteral("/CN=village kiosk")));
        HubFixture hub;
        QVERIFY2(hub.start({QStringLiteral("--tls-cert"), d + QStringLiteral("/server.pem"),
                            QStringLiteral("--tls-key"), d + QStringLiteral("/server.key"),
                            QStringLiteral("--tls-client-ca"), d + QStringLiteral("/ca.pem")}),
                 hub.log().constData());

        const auto exchange = [&](const QString &client) {
            QSslSocket socket;
            QSslConfiguration config = QSslConfiguration::defaultConfiguration();
            config.setCaCertificates(QSslCertificate::fromPath(d + QStringLiteral("/server.pem")));
            config.setPeerVerifyMode(QSslSocket::VerifyPeer);
            if (!client.isEmpty()) {
                config.setLocalCertificate(
                    QSslCertificate::fromPath(d + QStringLiteral("/") + client + QStringLiteral(".pem")).value(0));
                QFile key(d + QStringLiteral("/") + client + QStringLiteral(".key"));
                if (key.open(QIODevice::ReadOnly))
                    config.setPrivateKey(QSslKey(key.readAll(), QSsl::Ec));
            }
            socket.setSslConfiguration(config);
            socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), hub.port());
            QByteArray answer;
            if (!socket.waitForEncrypted(30000))
                return QByteArray("handshake failed: ") + socket.errorString().toUtf8();
            socket.write("GET /v1/nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            while (socket.waitForReadyRead(30000))
                answer += socket.readAll();
            return answer;
        };
        // Without a certificate, or with one from another issuer: refused before anything else.
        for (const QString &client : {QString(), QStringLiteral("rogue")}) {
            const QByteArray answer = exchange(client);
            QVERIFY2(answer.startsWith("HTTP/1.1 403") && answer.contains("client_certificate_required"),
                     answer.constData());
        }
        // With the county's certificate the request reaches the hub (an unknown path: 404).
        const QByteArray answer = exchange(QStringLiteral("kiosk"));
        QVERIFY2(answer.startsWith("HTTP/1.1 404") && answer.contains("not_found"), answer.constData());
    }
};

QTEST_GUILESS_MAIN(TestHubHostile)
#include "tst_hubhostile.moc"
