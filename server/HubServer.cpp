#include "server/HubServer.h"

#include "crypto/Packet.h"
#include "protocol/JsonFields.h"
#include "protocol/Messages.h"
#include "server/HubLogging.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

namespace ow::hub {

namespace {

constexpr qint64 MaxHeaderBytes = 32 * 1024;

QByteArray statusText(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 411:
        return "Length Required";
    case 413:
        return "Payload Too Large";
    case 431:
        return "Request Header Fields Too Large";
    default:
        return "Error";
    }
}

// Watches the bytes of each connection before QAbstractHttpServer buffers them (its readyRead
// handler is connected after this one) and closes the connection with 411/413/431 as soon as a
// request declares or sends more than the hub accepts, so no request body is held in memory past
// its limit.
class RequestGuard : public QObject
{
public:
    RequestGuard(QTcpSocket *socket, const HubLimits &limits)
        : QObject(socket)
        , m_socket(socket)
        , m_limits(limits)
    {
        connect(socket, &QTcpSocket::readyRead, this, &RequestGuard::inspect);
    }

private:
    qint64 limitFor(const QByteArray &method, const QByteArray &path) const
    {
        if (method == "POST" && (path == "/v1/packets" || path.startsWith("/v1/packets?")))
            return m_limits.maxPacketBytes;
        if (method == "PATCH" && path.startsWith("/v1/uploads/"))
            return m_limits.maxChunkBytes;
        return m_limits.maxSmallBodyBytes;
    }

    void refuse(int status, const char *code, const char *message)
    {
        m_refused = true;
        const QByteArray body =
            protocol::toBytes(protocol::ErrorBody{QString::fromLatin1(code), QString::fromLatin1(message)}.toJson());
        m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + statusText(status) +
                        "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                        QByteArray::number(body.size()) + "\r\n\r\n" + body);
        m_socket->flush();
        qCInfo(lcHubHttp, "request refused on the socket: %s", code);
        // Lingering close: keep discarding what the client still sends for a moment, so closing
        // with unread data does not reset the connection before the client has read the answer.
        QTimer::singleShot(1000, m_socket, [socket = m_socket] { socket->disconnectFromHost(); });
    }

    void inspect()
    {
        if (m_refused) {
            m_socket->readAll(); // discard: the HTTP parser must never see the rest
            return;
        }
        QByteArray data = m_socket->peek(m_socket->bytesAvailable());
        while (!data.isEmpty() && !m_refused) {
            if (m_bodyLeft > 0) {
                const qint64 take = std::min<qint64>(m_bodyLeft, data.size());
                m_bodyLeft -= take;
                data.remove(0, take);
                continue;
            }
            m_head.append(data);
            data.clear();
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_head.size() > MaxHeaderBytes)
                    refuse(431, "headers_too_large", "request headers too large");
                break;
            }
            data = m_head.mid(end + 4);
            const QByteArray head = m_head.left(end);
            m_head.clear();
            examine(head);
        }
        if (m_refused)
            m_socket->readAll();
    }

    void examine(const QByteArray &head)
    {
        const QList<QByteArray> lines = head.split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        const QByteArray method = requestLine.value(0);
        const QByteArray path = requestLine.value(1);
        qint64 length = -1;
        bool chunked = false;
        bool expectContinue = false;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length") {
                bool ok = false;
                length = value.toLongLong(&ok);
                if (!ok || length < 0)
                    return refuse(400, "bad_request", "invalid Content-Length");
            } else if (name == "transfer-encoding") {
                chunked = true;
            } else if (name == "expect") {
                expectContinue = value.toLower() == "100-continue";
            }
        }
        if (chunked)
            return refuse(411, "length_required", "chunked bodies are not accepted; send Content-Length");
        if (length < 0 && (method == "POST" || method == "PATCH" || method == "PUT"))
            return refuse(411, "length_required", "Content-Length required");
        if (length > limitFor(method, path))
            return refuse(413, "too_large", "request body larger than the hub accepts");
        m_bodyLeft = std::max<qint64>(length, 0);
        // libcurl asks before sending a large body; QHttpServer 6.4 never answers, which would
        // cost every large upload a one-second wait.
        if (expectContinue && m_bodyLeft > 0)
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }

    QTcpSocket *m_socket;
    const HubLimits &m_limits;
    QByteArray m_head;
    qint64 m_bodyLeft = 0;
    bool m_refused = false;
};

// Creates the sockets itself so the guard sees every byte first, plain or after TLS.
class HubTcpServer : public QTcpServer
{
public:
    HubTcpServer(const HubLimits &limits, std::optional<QSslConfiguration> tls, QObject *parent)
        : QTcpServer(parent)
        , m_limits(limits)
        , m_tls(std::move(tls))
    {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        QTcpSocket *socket = nullptr;
        if (m_tls) {
            auto *ssl = new QSslSocket(this);
            ssl->setSslConfiguration(*m_tls);
            socket = ssl;
        } else {
            socket = new QTcpSocket(this);
        }
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        new RequestGuard(socket, m_limits);
        if (m_tls)
            static_cast<QSslSocket *>(socket)->startServerEncryption();
        addPendingConnection(socket);
    }

private:
    const HubLimits &m_limits;
    std::optional<QSslConfiguration> m_tls;
};

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

QByteArray mediaType(const HeaderMap &headers)
{
    QByteArray type = headers.value("content-type");
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

Reply wrongMediaType(const char *expected)
{
    return Reply::error(415, "unsupported_media_type",
                        QStringLiteral("expected Content-Type %1").arg(QLatin1String(expected)));
}

Reply methodNotAllowed()
{
    return Reply::error(405, "method_not_allowed", QStringLiteral("method not allowed on this path"));
}

} // namespace

HubServer::HubServer(HubService &service, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_service(service)
{}

quint16 HubServer::start(const QHostAddress &address, quint16 port, const std::optional<QSslConfiguration> &tls)
{
    auto *server = new HubTcpServer(m_service.limits(), tls, this);
    if (!server->listen(address, port)) {
        qCCritical(lcHubHttp, "cannot listen on %s:%u: %s", qPrintable(address.toString()), port,
                   qPrintable(server->errorString()));
        delete server;
        return 0;
    }
    bind(server);
    return server->serverPort();
}

void HubServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const Reply reply = Reply::error(404, "not_found", QStringLiteral("no such endpoint"));
    makeResponder(request, socket).write(reply.body, reply.contentType, QHttpServerResponder::StatusCode::NotFound);
}

bool HubServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QElapsedTimer timer;
    timer.start();
    HeaderMap headers;
    for (const auto &[name, value] : request.headers())
        headers.insert(name.toLower(), value);
    QByteArray route = "other";
    Reply reply = dispatch(request, headers, route);

    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    if (reply.status != 204 && reply.status != 304) {
        if (!reply.contentType.isEmpty())
            responder.writeHeader("Content-Type", reply.contentType);
        responder.writeHeader("Content-Length", QByteArray::number(reply.body.size()));
    }
    if (route == "uploads")
        responder.writeHeader("Tus-Resumable", "1.0.0");
    if (reply.status == 401 && reply.errorCode == "clock_skew")
        responder.writeHeader("Date", QDateTime::currentDateTimeUtc().toString(Qt::RFC2822Date).toLatin1());
    for (const auto &[name, value] : reply.headers)
        responder.writeHeader(name, value);
    if (request.method() != QHttpServerRequest::Method::Head && !reply.body.isEmpty())
        responder.writeBody(reply.body);
    else
        responder.writeBody(QByteArray());

    ++m_requests[{route, reply.status}];
    ++m_requestCount;
    m_requestSeconds += double(timer.nsecsElapsed()) / 1e9;
    if (reply.status >= 400)
        qCInfo(lcHubHttp, "%s %s -> %d %s", methodName(request.method()).constData(), route.constData(), reply.status,
               reply.errorCode.constData());
    return true;
}

Reply HubServer::dispatch(const QHttpServerRequest &request, const HeaderMap &headers, QByteArray &route)
{
    const QUrl url = request.url();
    const QString path = url.path();
    const QByteArray method = methodName(request.method());
    QByteArray pathAndQuery = url.path(QUrl::FullyEncoded).toLatin1();
    if (url.hasQuery())
        pathAndQuery += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    const QUrlQuery query(url);
    const QByteArray body = request.body();
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);

    if (path == QLatin1String("/healthz")) {
        route = "healthz";
        return method == "GET" ? m_service.health() : methodNotAllowed();
    }
    if (path == QLatin1String("/metrics")) {
        route = "metrics";
        return method == "GET" ? Reply::raw(200, metricsText(), "text/plain; version=0.0.4") : methodNotAllowed();
    }
    if (segments.value(0) != QLatin1String("v1"))
        return Reply::error(404, "not_found", QStringLiteral("no such endpoint"));
    const QString resource = segments.value(1);

    // Device endpoints.
    const auto asDevice = [&](const std::function<Reply(const DeviceIdentity &)> &handler) {
        DeviceIdentity device;
        if (auto refused = m_service.authenticateDevice(headers, method, pathAndQuery, body, device))
            return *refused;
        return handler(device);
    };
    const auto asOperator = [&](const std::function<Reply(const OperatorIdentity &)> &handler) {
        OperatorIdentity op;
        if (auto refused = m_service.authenticateOperator(headers, op))
            return *refused;
        return handler(op);
    };

    if (resource == QLatin1String("enroll") && segments.size() == 2) {
        route = "enroll";
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return m_service.enroll(body);
    }
    if (resource == QLatin1String("packets") && segments.size() == 2) {
        route = "packets";
        if (method != "POST")
            return methodNotAllowed();
        if (body.size() > m_service.limits().maxPacketBytes)
            return Reply::error(413, "too_large", QStringLiteral("packet larger than the hub accepts"));
        if (mediaType(headers) != crypto::PacketContentType)
            return wrongMediaType(crypto::PacketContentType);
        return asDevice([&](const DeviceIdentity &device) { return m_service.ingestPacket(device.id, body); });
    }
    if (resource == QLatin1String("uploads")) {
        route = "uploads";
        if (segments.size() == 2) {
            if (method != "POST")
                return methodNotAllowed();
            if (mediaType(headers) != "application/json")
                return wrongMediaType("application/json");
            return asDevice([&](const DeviceIdentity &device) { return m_service.createUpload(device, body); });
        }
        if (segments.size() != 3)
            return Reply::error(404, "not_found", QStringLiteral("no such endpoint"));
        const QString id = segments[2];
        if (method == "HEAD")
            return asDevice([&](const DeviceIdentity &device) { return m_service.uploadStatus(device, id); });
        if (method != "PATCH")
            return methodNotAllowed();
        if (mediaType(headers) != "application/offset+octet-stream")
            return wrongMediaType("application/offset+octet-stream");
        return asDevice([&](const DeviceIdentity &device) {
            return m_service.appendUpload(device, id, headers.value("upload-offset"), body);
        });
    }
    if (resource == QLatin1String("events") && segments.size() == 2) {
        route = "events";
        if (method != "GET")
            return methodNotAllowed();
        return asDevice([&](const DeviceIdentity &device) {
            return m_service.events(device, query.queryItemValue(QStringLiteral("after")),
                                    query.queryItemValue(QStringLiteral("limit")));
        });
    }
    if (resource == QLatin1String("progress") && segments.size() == 2) {
        route = "progress";
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return asDevice([&](const DeviceIdentity &device) { return m_service.progress(device, body); });
    }
    if (resource == QLatin1String("catalog") && segments.size() == 2) {
        route = "catalog";
        if (method != "GET")
            return methodNotAllowed();
        const QByteArray etag = headers.value("if-none-match");
        if (headers.contains("authorization"))
            return asOperator([&](const OperatorIdentity &) { return m_service.catalog(etag); });
        return asDevice([&](const DeviceIdentity &) { return m_service.catalog(etag); });
    }
    if (resource == QLatin1String("operators") && segments.size() == 3) {
        route = "operators";
        if (method != "POST")
            return methodNotAllowed();
        if (segments[2] == QLatin1String("login")) {
            if (mediaType(headers) != "application/json")
                return wrongMediaType("application/json");
            return m_service.login(body);
        }
        if (segments[2] == QLatin1String("logout"))
            return m_service.logout(headers);
        return Reply::error(404, "not_found", QStringLiteral("no such endpoint"));
    }
    if (resource == QLatin1String("queue") && segments.size() == 2) {
        route = "queue";
        if (method != "GET")
            return methodNotAllowed();
        return asOperator([&](const OperatorIdentity &op) {
            return m_service.queue(op, query.queryItemValue(QStringLiteral("department")),
                                   query.queryItemValue(QStringLiteral("state")),
                                   query.queryItemValue(QStringLiteral("limit")));
        });
    }
    if (resource == QLatin1String("cases") && (segments.size() == 3 || segments.size() == 4)) {
        route = "cases";
        const QString caseId = segments[2];
        if (segments.size() == 3) {
            if (method != "GET")
                return methodNotAllowed();
            return asOperator([&](const OperatorIdentity &op) { return m_service.caseDetail(op, caseId); });
        }
        if (segments[3] != QLatin1String("decision"))
            return Reply::error(404, "not_found", QStringLiteral("no such endpoint"));
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return asOperator([&](const OperatorIdentity &op) { return m_service.decide(op, caseId, body); });
    }
    return Reply::error(404, "not_found", QStringLiteral("no such endpoint"));
}

QByteArray HubServer::metricsText() const
{
    const HubCounters &counters = m_service.counters();
    QByteArray out;
    out += "# HELP ow_hub_up The hub is serving.\n# TYPE ow_hub_up gauge\now_hub_up 1\n";
    out += "# HELP ow_hub_requests_total HTTP requests by route and status.\n# TYPE ow_hub_requests_total counter\n";
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
        out += "ow_hub_requests_total{route=\"" + it.key().first + "\",status=\"" +
               QByteArray::number(it.key().second) + "\"} " + QByteArray::number(it.value()) + '\n';
    out += "# HELP ow_hub_request_seconds Time spent handling requests.\n# TYPE ow_hub_request_seconds summary\n";
    out += "ow_hub_request_seconds_sum " + QByteArray::number(m_requestSeconds, 'f', 6) + '\n';
    out += "ow_hub_request_seconds_count " + QByteArray::number(m_requestCount) + '\n';
    out += "# HELP ow_hub_packets_stored_total Packets stored.\n# TYPE ow_hub_packets_stored_total counter\n";
    out += "ow_hub_packets_stored_total " + QByteArray::number(counters.packetsStored) + '\n';
    out += "# HELP ow_hub_packets_duplicate_total Packets received again and acknowledged with the stored receipt.\n"
           "# TYPE ow_hub_packets_duplicate_total counter\n";
    out += "ow_hub_packets_duplicate_total " + QByteArray::number(counters.packetsDuplicate) + '\n';
    out += "# HELP ow_hub_packets_rejected_total Packets refused, by reason.\n"
           "# TYPE ow_hub_packets_rejected_total counter\n";
    for (auto it = counters.packetsRejected.cbegin(); it != counters.packetsRejected.cend(); ++it)
        out += "ow_hub_packets_rejected_total{reason=\"" + it.key() + "\"} " + QByteArray::number(it.value()) + '\n';
    out += "# HELP ow_hub_upload_bytes_total Attachment bytes stored.\n# TYPE ow_hub_upload_bytes_total counter\n";
    out += "ow_hub_upload_bytes_total " + QByteArray::number(counters.uploadBytes) + '\n';
    return out;
}

} // namespace ow::hub
