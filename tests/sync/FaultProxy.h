#pragma once

#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>

#include <memory>
#include <random>

namespace ow::test {

class FaultProxyWorker;
class ProxyPair;

// A TCP proxy between a client and the hub that misbehaves on purpose, for tests. Listens on
// 127.0.0.1 only, runs its own thread (so a client may block on the test's thread), and keeps
// serving when the hub behind it restarts: connections opened while the hub is down are closed.
//
// Faults are decided per HTTP request (a client chunk that starts with a method), either from a
// queue (next request gets the next queued fault) or at random with a seeded generator.
class FaultProxy
{
public:
    enum class Fault {
        None,
        Drop,             // close the connection before anything reaches the hub
        ResetMidRequest,  // forward part of the request, then RST both sides
        ResetMidResponse, // the hub answers; the client gets part of it, then RST
        TruncateResponse, // the hub answers; the client gets part of it, then FIN
        Inject500,        // answer 500 without asking the hub
        Inject503,        // answer 503 with Retry-After without asking the hub
    };

    struct Shaping
    {
        int delayMs = 0;        // added to every chunk in both directions
        qint64 bytesPerSec = 0; // cap in each direction; 0 = none
    };

    struct Stats
    {
        int connections = 0;
        int requests = 0;
        int faults = 0;
        int upstreamFailures = 0; // hub not reachable behind the proxy
        QList<int> perFault = QList<int>(7, 0);
    };

    explicit FaultProxy(quint16 upstreamPort);
    ~FaultProxy();
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    bool start(); // binds 127.0.0.1:0
    quint16 port() const { return m_port; }
    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }

    void setUpstreamPort(quint16 port);
    void setShaping(Shaping shaping);
    void queueFaults(const QList<Fault> &faults);
    // Each request is faulted with this probability, the kind drawn uniformly from `kinds`.
    void setRandomFaults(double probability, quint32 seed, QList<Fault> kinds = allFaults());
    void clearFaults();
    // Stops accepting and closes every open connection (a "network cable pulled"), or resumes.
    void setBlackout(bool on);
    Stats stats() const;

    static QList<Fault> allFaults();
    static QString faultName(Fault f);

private:
    friend class FaultProxyWorker;
    friend class ProxyPair;
    Fault nextFault();

    mutable QMutex m_mutex;
    quint16 m_upstreamPort;
    quint16 m_port = 0;
    Shaping m_shaping;
    QList<Fault> m_queued;
    double m_probability = 0;
    QList<Fault> m_kinds;
    std::mt19937 m_rng;
    bool m_blackout = false;
    Stats m_stats;
    QThread m_thread;
    FaultProxyWorker *m_worker = nullptr;
};

} // namespace ow::test
