#pragma once

#include "server/HubService.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QMap>
#include <QSslConfiguration>

#include <optional>

namespace ow::hub {

// HTTP front of the hub (server/PROTOCOL.md): routing, media types, authentication, size limits
// (enforced on the socket before a body is buffered), metrics. The logic is in HubService.
class HubServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    HubServer(HubService &service, QObject *parent = nullptr);

    // Listens on `address:port` (0 = any free port); returns the port or 0 on failure.
    quint16 start(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Reply dispatch(const QHttpServerRequest &request, const HeaderMap &headers, QByteArray &route);
    QByteArray metricsText() const;

    HubService &m_service;
    QMap<QPair<QByteArray, int>, quint64> m_requests;
    double m_requestSeconds = 0;
    quint64 m_requestCount = 0;
};

} // namespace ow::hub
