#pragma once

// A minimal HTTP/1.1 server on 127.0.0.1 for tests of the transport and the proxy: it answers
// every complete request with 200 and {"length": N, "sha256": "..."} of the body it received.

#include <QByteArray>
#include <QThread>

#include <atomic>

class QTcpServer;

namespace ow::test {

class MiniHttpServer
{
public:
    MiniHttpServer();
    ~MiniHttpServer();
    quint16 start(quint16 port = 0);
    void stop();
    quint16 port() const { return m_port; }
    int completedRequests() const { return m_completed; }

    std::atomic<int> m_completed{0};

private:
    QThread m_thread;
    QObject *m_context = nullptr;
    QTcpServer *m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace ow::test
