#include "MiniHttpServer.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace ow::test {

MiniHttpServer::MiniHttpServer()
{
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_thread.start();
}

MiniHttpServer::~MiniHttpServer()
{
    stop();
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

quint16 MiniHttpServer::start(quint16 port)
{
    QMetaObject::invokeMethod(
        m_context,
        [this, port] {
            m_server = new QTcpServer;
            QObject::connect(m_server, &QTcpServer::newConnection, m_server, [this] {
                while (QTcpSocket *s = m_server->nextPendingConnection()) {
                    auto buffer = std::make_shared<QByteArray>();
                    QObject::connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                    QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                        buffer->append(s->readAll());
                        for (;;) {
                            const qsizetype end = buffer->indexOf("\r\n\r\n");
                            if (end < 0)
                                return;
                            qint64 length = 0;
                            for (const QByteArray &line : buffer->left(end).split('\n')) {
                                if (line.toLower().startsWith("content-length:"))
                                    length = line.mid(15).trimmed().toLongLong();
                            }
                            if (buffer->size() < end + 4 + length)
                                return;
                            const QByteArray body = buffer->mid(end + 4, length);
                            buffer->remove(0, end + 4 + length);
                            const QByteArray answer =
                                "{\"length\":" + QByteArray::number(body.size()) + ",\"sha256\":\"" +
                                QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex() + "\"}";
                            ++m_completed;
                            s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                                     QByteArray::number(answer.size()) + "\r\n\r\n" + answer);
                        }
                    });
                }
            });
            m_server->listen(QHostAddress::LocalHost, port);
            m_port = m_server->serverPort();
        },
        Qt::BlockingQueuedConnection);
    return m_port;
}

void MiniHttpServer::stop()
{
    if (!m_server)
        return;
    QMetaObject::invokeMethod(
        m_context,
        [this] {
            for (QTcpSocket *s : m_server->findChildren<QTcpSocket *>())
                s->abort();
            delete m_server;
            m_server = nullptr;
        },
        Qt::BlockingQueuedConnection);
}

} // namespace ow::test
