#pragma once

#include "server/HubReply.h"
#include "server/HubService.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QMap>
#include <QObject>
#include <QPair>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <mutex>

namespace ow::hub {

class DraftRelay;
class HelpRequests;
class HubReaders;

// How the hub's HTTP listeners behave (server/PROTOCOL.md, "Limits").
struct HttpSettings
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8443;
    QByteArray tlsCertPem;     // empty: plain HTTP
    QByteArray tlsKeyPem;      // with tlsCertPem
    QByteArray tlsClientCaPem; // not empty: every client shows a certificate issued by one of these
    unsigned threads = 0;      // listener threads; 0: one per core
    unsigned maxConnections = 1000;
    unsigned maxConnectionsPerIp = 100;
    unsigned connectionTimeoutSecs = 30;      // idle or stalled connections are closed after this
    qint64 connectionMemoryBytes = 64 * 1024; // per connection: request head and read buffer
    int loginsPerMinutePerIp = 30;
    int loginsPerMinute = 300;
    int maxPendingPasswordChecks = 64;               // sign-ins waiting for their password hash, over all clients
    qint64 maxBufferedBodyBytes = 256 * 1024 * 1024; // request bodies held at once, over all connections
};

// HTTP front of the hub (server/PROTOCOL.md) on GNU libmicrohttpd: its own threads read and
// frame requests, refuse malformed framing and bodies over the limits before buffering them, and
// hand each complete request to the thread that owns this object and the HubService (the
// connection waits suspended meanwhile, no listener thread ever blocks on the service). Routing,
// media types, authentication and metrics are here; the logic is in HubService. Password hashing
// of sign-ins runs on a separate pool so it never holds up device requests.
class HubServer final : public QObject
{
    Q_OBJECT

public:
    HubServer(HubService &service, HttpSettings settings, QObject *parent = nullptr);
    ~HubServer() override;

    // 呼叫帮办员 (§5.5); without it /v1/help-requests is 404.
    void setHelpRequests(HelpRequests *help) { m_help = help; }
    // Kiosk drafts relayed to the window (§5.6); without it /v1/drafts is 404.
    void setDraftRelay(DraftRelay *drafts) { m_drafts = drafts; }
    // Read connections for the requests that only read (HubReaders); without them every request
    // is served on this object's thread.
    void setReaders(HubReaders *readers) { m_readers = readers; }

    // Starts the public listener; returns its port or 0 on failure (logged).
    quint16 start();
    // Starts the administration listener (/healthz, /metrics); returns its port or 0.
    quint16 startAdmin(const QHostAddress &address, quint16 port);

    struct Exchange; // one request in flight (HubServer.cpp)
    struct Listener;
    struct Glue; // the libmicrohttpd callbacks

private:
    // A complete request, on a listener thread: served on a reader when it only reads (and
    // readers are set), otherwise handed to serve() on this object's thread.
    void accept(Exchange *exchange);
    void serve(Exchange *exchange);
    // The request's signature checked on the crypto pool when the device's key is known, then
    // dispatchAndComplete(). Callable from any thread.
    void verifyAndDispatch(Exchange *exchange);
    // Answers a request and counts it.
    void complete(Exchange *exchange, const QByteArray &route, Reply reply);
    // Stores the packets that arrived meanwhile in one transaction, then answers each.
    void flushPackets();
    // Queues a packet for the next group commit.
    void queuePacket(Exchange *exchange);
    void respond(Exchange *exchange, const Reply &reply);
    // Serves a request with `service`: this object's own, or on a reader thread that reader's.
    Reply dispatch(Exchange &exchange, QByteArray &route, HubService &service);
    // dispatch() and complete(), on a reader when the request only reads and readers are set,
    // here otherwise. Callable from any thread.
    void dispatchAndComplete(Exchange *exchange);
    // The request only reads and may be served on a read connection.
    bool readsOnly(const Exchange &exchange) const;
    Reply dispatchAdmin(Exchange &exchange, QByteArray &route);
    // false: this sign-in is over the per-source or overall rate (reply filled with 429).
    bool admitLogin(const QByteArray &source, Reply &reply);
    void countRequest(const QByteArray &route, int status, qint64 nanoseconds);
    QByteArray metricsText() const;

    HubService &m_service;
    HelpRequests *m_help = nullptr;
    DraftRelay *m_drafts = nullptr;
    HubReaders *m_readers = nullptr;
    HttpSettings m_settings;
    std::unique_ptr<Listener> m_public;
    std::unique_ptr<Listener> m_admin;
    QThreadPool m_hashPool;
    int m_pendingPasswordChecks = 0;
    QList<Exchange *> m_pendingPackets; // waiting for the next group commit
    bool m_packetFlushScheduled = false;
    // A packet's crypto (manifest signature, opening; the request signature when the packet does
    // not verify with the sending device's key) runs here, on every core,
    // before it joins a group; with the device's key as last seen by this thread's service. A
    // device's key never changes (its revocation is checked in the database every time).
    QThreadPool m_cryptoPool;
    std::mutex m_deviceKeysMutex;
    QHash<QString, std::pair<crypto::Suite, crypto::PublicKey>> m_deviceKeys;
    std::atomic<qint64> m_bufferedBodyBytes{0}; // bytes of the request bodies received and not yet done

    // Sign-in rate: token buckets (tokens, last refill in ms) per source and overall.
    struct Bucket
    {
        double tokens = 0;
        qint64 refilledMs = -1;
    };
    QHash<QByteArray, Bucket> m_loginBuckets;
    Bucket m_loginBucket;
    QElapsedTimer m_clock;

    mutable std::mutex m_metricsMutex; // requests are counted on listener threads too
    QMap<QPair<QByteArray, int>, quint64> m_requests;
    double m_requestSeconds = 0;
    quint64 m_requestCount = 0;
};

} // namespace ow::hub
