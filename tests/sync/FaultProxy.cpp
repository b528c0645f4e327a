#include "FaultProxy.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <sys/socket.h>

namespace ow::test {

namespace {

bool startsRequest(const QByteArray &data)
{
    static const char *const methods[] = {"GET ", "POST ", "PATCH ", "HEAD ", "PUT ", "DELETE ", "OPTIONS "};
    for (const char *m : methods) {
        if (data.startsWith(m))
            return true;
    }
    return false;
}

void resetSocket(QTcpSocket *s)
{
    if (!s)
        return;
    if (s->socketDescriptor() >= 0) {
        const linger l{1, 0}; // close with RST, not FIN
        ::setsockopt(static_cast<int>(s->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof l);
    }
    s->abort();
}

QByteArray injected(int status)
{
    const QByteArray body = status == 503 ? "{\"error\":\"unavailable\",\"message\":\"injected by proxy\"}"
                                          : "{\"error\":\"internal\",\"message\":\"injected by proxy\"}";
    QByteArray head = status == 503 ? "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                                    : "HTTP/1.1 500 Internal Server Error\r\n";
    return head +
           "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\n\r\n" + body;
}

struct Chunk
{
    qint64 releaseAt = 0;
    QByteArray data;
};

enum class After { Nothing, Fin, Reset };

} // namespace

// One client connection and its upstream twin, living on the proxy thread.
class ProxyPair : public QObject
{
public:
    ProxyPair(FaultProxy &proxy, QTcpSocket *client, quint16 upstreamPort, QElapsedTimer &clock)
        : m_proxy(proxy)
        , m_clock(clock)
        , m_client(client)
        , m_upstream(new QTcpSocket(this))
    {
        m_client->setParent(this);
        connect(m_client, &QTcpSocket::readyRead, this, [this] { fromClient(); });
        connect(m_client, &QTcpSocket::disconnected, this, [this] {
            m_clientGone = true;
            m_clientClosed = true;
            m_toClient.clear();
            m_upAfter = After::Fin;
            pump();
        });
        connect(m_upstream, &QTcpSocket::readyRead, this, [this] { fromUpstream(); });
        connect(m_upstream, &QTcpSocket::connected, this, [this] { pump(); });
        connect(m_upstream, &QTcpSocket::disconnected, this, [this] {
            m_upstreamGone = true;
            if (m_clientAfter == After::Nothing)
                m_clientAfter = After::Fin;
            pump();
        });
        connect(m_upstream, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::ConnectionRefusedError || e == QAbstractSocket::HostNotFoundError) {
                QMutexLocker lock(&m_proxy.m_mutex);
                ++m_proxy.m_stats.upstreamFailures;
                lock.unlock();
                closeAll(After::Fin);
            } else if (e == QAbstractSocket::RemoteHostClosedError) {
                m_upstreamGone = true;
                if (m_clientAfter == After::Nothing)
                    m_clientAfter = After::Fin;
                pump();
            }
        });
        m_upstream->connectToHost(QHostAddress::LocalHost, upstreamPort);
    }

    void fromClient()
    {
        QByteArray data = m_client->readAll();
        if (data.isEmpty() || m_dead)
            return;
        if (startsRequest(data) && m_responseSeen) {
            m_responseSeen = false;
            const FaultProxy::Fault f = m_proxy.nextFault();
            switch (f) {
            case FaultProxy::Fault::None:
                break;
            case FaultProxy::Fault::Drop:
                closeAll(After::Fin);
                return;
            case FaultProxy::Fault::Inject500:
            case FaultProxy::Fault::Inject503:
                m_toClient.append({now(), injected(f == FaultProxy::Fault::Inject503 ? 503 : 500)});
                m_clientAfter = After::Fin;
                m_dead = true;
                resetSocket(m_upstream);
                pump();
                return;
            case FaultProxy::Fault::ResetMidRequest:
                m_toUpstream.append({now() + delay(), data.left(std::max<qsizetype>(1, data.size() / 2))});
                m_upAfter = After::Reset;
                m_clientAfter = After::Reset;
                m_dead = true;
                pump();
                return;
            case FaultProxy::Fault::ResetMidResponse:
            case FaultProxy::Fault::TruncateResponse:
                m_responseFault = f;
                break;
            }
        }
        m_toUpstream.append({now() + delay(), data});
        pump();
    }

    void fromUpstream()
    {
        QByteArray data = m_upstream->readAll();
        if (data.isEmpty() || m_dead)
            return;
        m_responseSeen = true;
        if (m_responseFault != FaultProxy::Fault::None) {
            // The hub has done its work; the client only learns part of the answer.
            m_toClient.append({now() + delay(), data.left(std::max<qsizetype>(1, data.size() / 2))});
            m_clientAfter = m_responseFault == FaultProxy::Fault::ResetMidResponse ? After::Reset : After::Fin;
            m_dead = true;
            resetSocket(m_upstream);
            m_upstreamGone = true;
            pump();
            return;
        }
        m_toClient.append({now() + delay(), data});
        pump();
    }

    // Releases queued bytes in both directions under the delay and bandwidth settings.
    void pump()
    {
        const qint64 t = now();
        const FaultProxy::Shaping shaping = [this] {
            QMutexLocker lock(&m_proxy.m_mutex);
            return m_proxy.m_shaping;
        }();
        if (shaping.bytesPerSec > 0) {
            const qint64 elapsed = m_lastPump ? t - m_lastPump : 0;
            const qint64 cap = std::max<qint64>(1024, shaping.bytesPerSec / 20);
            m_budgetUp = std::min(cap, m_budgetUp + shaping.bytesPerSec * elapsed / 1000);
            m_budgetDown = std::min(cap, m_budgetDown + shaping.bytesPerSec * elapsed / 1000);
        }
        m_lastPump = t;
        const bool upReady = m_upstream->state() == QAbstractSocket::ConnectedState;
        if (upReady)
            release(m_toUpstream, m_upstream, m_budgetUp, shaping.bytesPerSec > 0, t);
        release(m_toClient, m_client, m_budgetDown, shaping.bytesPerSec > 0, t);

        if (m_toUpstream.isEmpty() && (upReady || m_upAfter == After::Reset) && m_upAfter != After::Nothing &&
            !m_upClosed) {
            m_upClosed = true;
            if (m_upAfter == After::Reset) {
                m_upstream->flush();
                resetSocket(m_upstream);
            } else {
                m_upstream->flush();
                m_upstream->disconnectFromHost();
            }
        }
        if (m_toClient.isEmpty() && m_clientAfter != After::Nothing && !m_clientClosed) {
            m_clientClosed = true;
            if (m_clientAfter == After::Reset) {
                m_client->flush();
                resetSocket(m_client);
            } else {
                m_client->flush();
                m_client->disconnectFromHost();
            }
        }
        if (m_client->state() == QAbstractSocket::UnconnectedState &&
            m_upstream->state() == QAbstractSocket::UnconnectedState && !m_deleting) {
            m_deleting = true;
            deleteLater();
        }
    }

    bool hasBacklog() const { return !m_toUpstream.isEmpty() || !m_toClient.isEmpty(); }

    void closeAll(After how)
    {
        m_dead = true;
        m_toUpstream.clear();
        m_toClient.clear();
        m_clientAfter = how;
        m_upAfter = After::Reset;
        pump();
    }

private:
    qint64 now() const { return m_clock.elapsed(); }
    int delay() const
    {
        QMutexLocker lock(&m_proxy.m_mutex);
        return m_proxy.m_shaping.delayMs;
    }

    static void release(QList<Chunk> &queue, QTcpSocket *to, qint64 &budget, bool capped, qint64 t)
    {
        while (!queue.isEmpty() && queue.first().releaseAt <= t) {
            if (to->state() != QAbstractSocket::ConnectedState) {
                queue.clear();
                return;
            }
            Chunk &c = queue.first();
            qsizetype n = c.data.size();
            if (capped) {
                if (budget <= 0)
                    return;
                n = std::min<qsizetype>(n, budget);
                budget -= n;
            }
            to->write(c.data.constData(), n);
            if (n == c.data.size())
                queue.removeFirst();
            else
                c.data.remove(0, n);
        }
    }

    FaultProxy &m_proxy;
    QElapsedTimer &m_clock;
    QTcpSocket *m_client;
    QTcpSocket *m_upstream;
    QList<Chunk> m_toUpstream;
    QList<Chunk> m_toClient;
    qint64 m_budgetUp = 0;
    qint64 m_budgetDown = 0;
    qint64 m_lastPump = 0;
    bool m_responseSeen = true; // the first client bytes start a request
    FaultProxy::Fault m_responseFault = FaultProxy::Fault::None;
    After m_upAfter = After::Nothing;
    After m_clientAfter = After::Nothing;
    bool m_upClosed = false;
    bool m_clientClosed = false;
    bool m_clientGone = false;
    bool m_upstreamGone = false;
    bool m_dead = false;
    bool m_deleting = false;
};

class FaultProxyWorker : public QObject
{
public:
    explicit FaultProxyWorker(FaultProxy &proxy)
        : m_proxy(proxy)
    {}

    quint16 listen()
    {
        m_clock.start();
        m_server = new QTcpServer(this);
        connect(m_server, &QTcpServer::newConnection, this, [this] { accept(); });
        if (!m_server->listen(QHostAddress::LocalHost, 0))
            return 0;
        m_timer = new QTimer(this);
        m_timer->setInterval(5);
        connect(m_timer, &QTimer::timeout, this, [this] {
            for (const QPointer<ProxyPair> &p : std::as_const(m_pairs)) {
                if (p)
                    p->pump();
            }
            m_pairs.removeAll(nullptr);
        });
        m_timer->start();
        return m_server->serverPort();
    }

    void blackout()
    {
        for (const QPointer<ProxyPair> &p : std::as_const(m_pairs)) {
            if (p)
                p->closeAll(After::Reset);
        }
    }

private:
    void accept()
    {
        while (QTcpSocket *s = m_server->nextPendingConnection()) {
            QMutexLocker lock(&m_proxy.m_mutex);
            const bool off = m_proxy.m_blackout;
            const quint16 up = m_proxy.m_upstreamPort;
            ++m_proxy.m_stats.connections;
            lock.unlock();
            if (off) {
                resetSocket(s);
                s->deleteLater();
                continue;
            }
            auto *pair = new ProxyPair(m_proxy, s, up, m_clock);
            pair->setParent(this);
            m_pairs.append(pair);
        }
    }

    FaultProxy &m_proxy;
    QTcpServer *m_server = nullptr;
    QTimer *m_timer = nullptr;
    QElapsedTimer m_clock;
    QList<QPointer<ProxyPair>> m_pairs;
};

FaultProxy::FaultProxy(quint16 upstreamPort)
    : m_upstreamPort(upstreamPort)
    , m_kinds(allFaults())
{
    m_thread.setObjectName(QStringLiteral("FaultProxy"));
}

FaultProxy::~FaultProxy()
{
    if (m_worker) {
        QMetaObject::invokeMethod(
            m_worker, [this] { delete m_worker; }, Qt::BlockingQueuedConnection);
        m_worker = nullptr;
    }
    m_thread.quit();
    m_thread.wait();
}

bool FaultProxy::start()
{
    m_thread.start();
    m_worker = new FaultProxyWorker(*this);
    m_worker->moveToThread(&m_thread);
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_worker, [this, &port] { port = m_worker->listen(); }, Qt::BlockingQueuedConnection);
    m_port = port;
    return port != 0;
}

void FaultProxy::setUpstreamPort(quint16 port)
{
    QMutexLocker lock(&m_mutex);
    m_upstreamPort = port;
}

void FaultProxy::setShaping(Shaping shaping)
{
    QMutexLocker lock(&m_mutex);
    m_shaping = shaping;
}

void FaultProxy::queueFaults(const QList<Fault> &faults)
{
    QMutexLocker lock(&m_mutex);
    m_queued += faults;
}

void FaultProxy::setRandomFaults(double probability, quint32 seed, QList<Fault> kinds)
{
    QMutexLocker lock(&m_mutex);
    m_probability = probability;
    m_rng.seed(seed);
    m_kinds = kinds.isEmpty() ? allFaults() : kinds;
}

void FaultProxy::clearFaults()
{
    QMutexLocker lock(&m_mutex);
    m_queued.clear();
    m_probability = 0;
}

void FaultProxy::setBlackout(bool on)
{
    {
        QMutexLocker lock(&m_mutex);
        m_blackout = on;
    }
    if (on && m_worker)
        QMetaObject::invokeMethod(
            m_worker, [this] { m_worker->blackout(); }, Qt::BlockingQueuedConnection);
}

FaultProxy::Stats FaultProxy::stats() const
{
    QMutexLocker lock(&m_mutex);
    return m_stats;
}

FaultProxy::Fault FaultProxy::nextFault()
{
    QMutexLocker lock(&m_mutex);
    ++m_stats.requests;
    Fault f = Fault::None;
    if (!m_queued.isEmpty()) {
        f = m_queued.takeFirst();
    } else if (m_probability > 0) {
        std::uniform_real_distribution<double> roll(0.0, 1.0);
        if (roll(m_rng) < m_probability) {
            std::uniform_int_distribution<int> pick(0, static_cast<int>(m_kinds.size()) - 1);
            f = m_kinds[pick(m_rng)];
        }
    }
    if (f != Fault::None) {
        ++m_stats.faults;
        ++m_stats.perFault[static_cast<int>(f)];
    }
    return f;
}

QList<FaultProxy::Fault> FaultProxy::allFaults()
{
    return {Fault::Drop,      Fault::ResetMidRequest, Fault::ResetMidResponse, Fault::TruncateResponse,
            Fault::Inject500, Fault::Inject503};
}

QString FaultProxy::faultName(Fault f)
{
    static const char *const names[] = {"none",          "drop",       "reset-mid-request", "reset-mid-response",
                                        "truncate-resp", "inject-500", "inject-503"};
    return QString::fromLatin1(names[static_cast<int>(f)]);
}

} // namespace ow::test
