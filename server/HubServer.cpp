#include "server/HubServer.h"

#include "server/HelpRequests.h"
#include "server/HubDrafts.h"
#include "server/HubFraming.h"
#include "server/HubReaders.h"

#include "crypto/Packet.h"
#include "protocol/JsonFields.h"
#include "protocol/Messages.h"
#include "server/HubLogging.h"

#include <QDateTime>
#include <QMetaObject>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>

#include <arpa/inet.h>
#include <gnutls/gnutls.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ow::hub {

namespace {

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

Reply notFound()
{
    return Reply::error(404, "not_found", QStringLiteral("no such endpoint"));
}

// A refusal on the listener thread: the connection is closed after it.
Reply refusal(int status, const char *code, const char *message)
{
    return Reply::error(status, code, QString::fromLatin1(message)).header("Connection", "close");
}

// What HTTP says for each kind of refusal (PROTOCOL.md lists the codes and statuses).
int statusOf(Refusal kind)
{
    switch (kind) {
    case Refusal::BadRequest:
        return 400;
    case Refusal::Unauthenticated:
        return 401;
    case Refusal::Forbidden:
        return 403;
    case Refusal::NotFound:
        return 404;
    case Refusal::Conflict:
        return 409;
    case Refusal::Gone:
        return 410;
    case Refusal::TooLarge:
        return 413;
    case Refusal::Locked:
        return 423;
    case Refusal::TooMany:
        return 429;
    case Refusal::Unavailable:
        return 503;
    case Refusal::Internal:
        break;
    }
    return 500;
}

// A service's refusal as the reply a client reads: status, error body and the headers it needs.
Reply refusalReply(const ServiceError &error)
{
    if (error.kind == Refusal::Unavailable)
        qCWarning(lcHubDb, "%s", qPrintable(error.detail));
    Reply reply = Reply::error(statusOf(error.kind), error.code.constData(), error.detail, error.decided);
    if (error.retryAfterSecs >= 0)
        reply.header("Retry-After", QByteArray::number(error.retryAfterSecs));
    if (error.uploadOffset >= 0)
        reply.header("Upload-Offset", QByteArray::number(error.uploadOffset));
    if (error.kind == Refusal::Unauthenticated && error.code == "token_invalid")
        reply.header("WWW-Authenticate", "Bearer");
    return reply;
}

// A service's answer: the refusal, or `onValue` of the value.
template<typename T, typename OnValue>
Reply replyOf(ServiceResult<T> result, OnValue &&onValue)
{
    if (!result)
        return refusalReply(result.error());
    return onValue(*result);
}

template<typename OnDone>
Reply replyOf(ServiceStatus result, OnDone &&onDone)
{
    if (!result)
        return refusalReply(result.error());
    return onDone();
}

// A typed protocol message as a JSON answer.
template<typename Message>
Reply jsonReply(ServiceResult<Message> result, int status = 200)
{
    return replyOf(std::move(result),
                   [status](const Message &message) { return Reply::json(status, message.toJson()); });
}

Reply catalogReply(const HubCatalog *catalog, const QByteArray &ifNoneMatch)
{
    if (!catalog)
        return Reply::error(404, "not_found", QStringLiteral("no catalog configured"));
    if (!ifNoneMatch.isEmpty() && ifNoneMatch == catalog->etag()) {
        Reply reply = Reply::empty(304);
        reply.header("ETag", catalog->etag());
        return reply;
    }
    Reply reply = Reply::raw(200, catalog->body());
    reply.header("ETag", catalog->etag()).header("Cache-Control", "no-cache");
    return reply;
}

// The path of a request target, without its query.
QByteArray pathOf(const QByteArray &target)
{
    const qsizetype question = target.indexOf('?');
    return question < 0 ? target : target.first(question);
}

// The path and query a device signs, as the request target spells them (PROTOCOL.md §1).
QByteArray signedPathOf(const QUrl &url)
{
    QByteArray pathAndQuery = url.path(QUrl::FullyEncoded).toLatin1();
    if (url.hasQuery())
        pathAndQuery += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    return pathAndQuery;
}

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

QByteArray clientAddress(MHD_Connection *connection)
{
    const MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr)
        return "unknown";
    char text[INET6_ADDRSTRLEN] = {};
    const sockaddr *address = info->client_addr;
    if (address->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in *>(address)->sin_addr, text, sizeof text);
    else if (address->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6 *>(address)->sin6_addr, text, sizeof text);
    else
        return "unknown";
    return QByteArray(text);
}

} // namespace

struct HubServer::Listener
{
    HubServer *server = nullptr; // null: a FramingProbe, which answers 200 to what passes
    bool admin = false;
    bool requireClientCert = false;
    HubLimits limits;
    qint64 bodyBudget = 0;
    std::atomic<qint64> *bodyBytes = nullptr; // shared by the listeners of one hub
    MHD_Daemon *daemon = nullptr;

    ~Listener()
    {
        if (daemon)
            MHD_stop_daemon(daemon);
    }
};

struct HubServer::Exchange
{
    enum class Phase { Start, Body, Draining, Waiting, Answered, Refused };

    Listener *listener = nullptr;
    MHD_Connection *connection = nullptr;
    Phase phase = Phase::Start;
    QByteArray method;
    QByteArray target; // as received, before any unescaping: what devices sign
    QByteArray source; // client address
    HeaderMap headers;
    QByteArray body;
    qint64 limit = 0;
    qint64 reserved = 0; // body bytes counted in HubServer::m_bufferedBodyBytes
    Reply reply;
    QElapsedTimer timer;
    // Set when the packet's crypto was done on the crypto pool with this device key.
    std::shared_ptr<const crypto::PublicKey> verifiedWith;
    bool requestVerified = false;
    bool packetVerified = false;
    // A packet stored in a group: its receipt to sign before the commit, or the packet of the
    // same group whose receipt it gets too (HubServer::flushPackets).
    std::optional<IngestService::ReceiptToSign> receiptToSign;
    QString receiptOf;
    std::optional<IngestService::Reserved> reservedSequence;  // taken on the crypto pool
    std::shared_ptr<const crypto::ParsedPacket> parsedPacket; // as the crypto pool parsed and verified it
    std::optional<DeviceIdentity> authenticated;              // a packet's device, as a read connection found it
};

// libmicrohttpd calls these on its own threads.
struct HubServer::Glue
{
    // First callback of every request, with the request target exactly as sent.
    static void *onUri(void *cls, const char *uri, MHD_Connection *connection)
    {
        auto *exchange = new Exchange;
        exchange->listener = static_cast<Listener *>(cls);
        exchange->connection = connection;
        exchange->target = QByteArray(uri);
        exchange->timer.start();
        return exchange;
    }

    static void onCompleted(void *, MHD_Connection *, void **context, MHD_RequestTerminationCode)
    {
        auto *exchange = static_cast<Exchange *>(*context);
        if (exchange && exchange->reserved > 0)
            *exchange->listener->bodyBytes -= exchange->reserved;
        delete exchange;
        *context = nullptr;
    }

    static MHD_Result queue(Exchange &exchange, const Reply &reply)
    {
        MHD_Response *response = MHD_create_response_from_buffer(
            static_cast<size_t>(reply.body.size()), const_cast<char *>(reply.body.constData()), MHD_RESPMEM_MUST_COPY);
        if (!response)
            return MHD_NO;
        if (!reply.contentType.isEmpty() && reply.status != 204 && reply.status != 304)
            MHD_add_response_header(response, "Content-Type", reply.contentType.constData());
        for (const auto &[name, value] : reply.headers)
            MHD_add_response_header(response, name.constData(), value.constData());
        const MHD_Result queued =
            MHD_queue_response(exchange.connection, static_cast<unsigned>(reply.status), response);
        MHD_destroy_response(response);
        return queued;
    }

    // Refuses on the listener thread, before any body is read; the connection closes after it.
    static MHD_Result refuse(Exchange &exchange, const Reply &reply, const char *why)
    {
        exchange.phase = Exchange::Phase::Refused;
        if (exchange.listener->server)
            exchange.listener->server->countRequest("framing", reply.status, exchange.timer.nsecsElapsed());
        qCInfo(lcHubHttp, "%s %s from %s refused on the listener: %s -> %d", exchange.method.constData(),
               exchange.target.left(64).constData(), exchange.source.constData(), why, reply.status);
        return queue(exchange, reply);
    }

    // libmicrohttpd 0.9.75 parses the request head in place in its read buffer (it replaces each
    // CR and LF that ends a line with a NUL byte) and is lenient where HTTP/1.1 framing must not
    // be: it takes a bare LF as a line end, keeps a bare CR inside a value, and joins folded
    // (obs-fold) lines into the previous header elsewhere in its memory pool. The head is checked
    // here from what it exposes: the request line and every header lie one after the other in the
    // head, each line followed by exactly CR LF (two NUL bytes) and the head by an empty CR LF
    // line, names are tokens and values hold no control character but HTAB. tst_hubhostile and
    // tst_hubframing prove each case on the real listener, and fuzz_hub_framing checks it against
    // an independent reading of the bytes, so a library update that changes this is caught.
    static const char *malformedHead(MHD_Connection *connection, const char *method, const char *version)
    {
        const MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
        if (!info || info->header_size < 4 || !version)
            return "request head unreadable";
        struct Walk
        {
            const char *end;
            const char *previous; // just past the last string of the previous line
            const char *problem = nullptr;
            int contentLengths = 0;
        } walk{method + info->header_size, version + std::strlen(version)};
        if (walk.previous < method || walk.previous >= walk.end)
            return "request head unreadable";
        MHD_get_connection_values(
            connection, MHD_HEADER_KIND,
            [](void *cls, MHD_ValueKind, const char *key, const char *value) -> MHD_Result {
                auto &w = *static_cast<Walk *>(cls);
                const char *keyEnd = key + std::strlen(key);
                if (key < w.previous || key >= w.end || !value || value <= keyEnd || value >= w.end) {
                    w.problem = "folded header line";
                    return MHD_NO;
                }
                if (key != w.previous + 2 || w.previous[1] != '\0') {
                    w.problem = "line not ended by CR LF";
                    return MHD_NO;
                }
                if (key == keyEnd || !std::all_of(key, keyEnd, isTokenChar)) {
                    w.problem = "invalid header name";
                    return MHD_NO;
                }
                const char *valueEnd = value + std::strlen(value);
                if (std::any_of(value, valueEnd, [](char c) {
                        const auto u = static_cast<unsigned char>(c);
                        return (u < 0x20 && u != '\t') || u == 0x7f;
                    })) {
                    w.problem = "control character in a header value";
                    return MHD_NO;
                }
                if (::strcasecmp(key, "Content-Length") == 0)
                    ++w.contentLengths;
                w.previous = valueEnd;
                return MHD_YES;
            },
            &walk);
        if (walk.problem)
            return walk.problem;
        // The last line's CR LF and the empty line's CR LF end the head.
        if (walk.previous + 4 != walk.end || std::any_of(walk.previous, walk.end, [](char c) { return c != '\0'; }))
            return "line not ended by CR LF";
        if (walk.contentLengths > 1)
            return "more than one Content-Length";
        return nullptr;
    }

    static bool clientCertificateValid(MHD_Connection *connection)
    {
        const MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_GNUTLS_SESSION);
        if (!info || !info->tls_session)
            return false;
        auto session = static_cast<gnutls_session_t>(info->tls_session);
        unsigned count = 0;
        if (!gnutls_certificate_get_peers(session, &count) || count == 0)
            return false;
        unsigned status = 0;
        return gnutls_certificate_verify_peers2(session, &status) == GNUTLS_E_SUCCESS && status == 0;
    }

    static MHD_Result start(Exchange &exchange, MHD_Connection *connection, const char *method, const char *version)
    {
        Listener &listener = *exchange.listener;
        exchange.method = QByteArray(method);
        exchange.source = clientAddress(connection);
        // The request line: a token, one space, the target as received (visible ASCII; a NUL in it
        // would cut it short, so the version must follow right after it), one space, the version.
        const auto visible = [](char c) { return c > 0x20 && c < 0x7f; };
        const char *versionEnd = version ? version + std::strlen(version) : version;
        if (exchange.method.isEmpty() || !std::all_of(exchange.method.cbegin(), exchange.method.cend(), isTokenChar) ||
            exchange.target.isEmpty() || !std::all_of(exchange.target.cbegin(), exchange.target.cend(), visible) ||
            !version || version != method + exchange.method.size() + 1 + exchange.target.size() + 1 ||
            !std::all_of(version, versionEnd, visible))
            return refuse(exchange, refusal(400, "bad_request", "malformed request framing"),
                          "invalid character in the request line");
        if (const char *problem = malformedHead(connection, method, version))
            return refuse(exchange, refusal(400, "bad_request", "malformed request framing"), problem);
        MHD_get_connection_values(
            connection, MHD_HEADER_KIND,
            [](void *cls, MHD_ValueKind, const char *key, const char *value) -> MHD_Result {
                static_cast<HeaderMap *>(cls)->insert(QByteArray(key).toLower(), QByteArray(value));
                return MHD_YES;
            },
            &exchange.headers);
        if (listener.requireClientCert && !clientCertificateValid(connection)) {
            return refuse(exchange,
                          refusal(403, "client_certificate_required", "a valid client certificate is required"),
                          "no valid client certificate");
        }
        const bool hasLength = exchange.headers.contains("content-length");
        if (exchange.headers.contains("transfer-encoding")) {
            if (hasLength)
                return refuse(exchange, refusal(400, "bad_request", "Content-Length with Transfer-Encoding"),
                              "Content-Length with Transfer-Encoding");
            return refuse(exchange,
                          refusal(411, "length_required", "chunked bodies are not accepted; send Content-Length"),
                          "Transfer-Encoding");
        }
        bool ok = true;
        const qint64 length = hasLength ? exchange.headers.value("content-length").trimmed().toLongLong(&ok) : 0;
        if (!ok || length < 0)
            return refuse(exchange, refusal(400, "bad_request", "invalid Content-Length"), "invalid Content-Length");
        const bool needsBody = exchange.method == "POST" || exchange.method == "PATCH" || exchange.method == "PUT";
        if (needsBody && !hasLength)
            return refuse(exchange, refusal(411, "length_required", "Content-Length required"), "no Content-Length");
        const HubLimits &limits = listener.limits;
        const QByteArray path = pathOf(exchange.target);
        if (listener.admin)
            exchange.limit = 0;
        else if (exchange.method == "POST" && (path == "/v1/packets" || path == "/v1/drafts"))
            exchange.limit = limits.maxPacketBytes;
        else if (exchange.method == "PATCH" && path.startsWith("/v1/uploads/"))
            exchange.limit = limits.maxChunkBytes;
        else
            exchange.limit = limits.maxSmallBodyBytes;
        if (length > exchange.limit) {
            const Reply tooLarge = refusal(413, "too_large", "request body larger than the hub accepts");
            // A client that sends its body without waiting would lose the answer to a reset if
            // the hub closed with the body unread: a body up to twice the limit is read and
            // thrown away first (never buffered); a larger one is answered at once.
            const bool waits = exchange.headers.value("expect").toLower() == "100-continue";
            if (!waits && length <= 2 * exchange.limit + 1024 * 1024) {
                exchange.phase = Exchange::Phase::Draining;
                exchange.reply = tooLarge;
                return MHD_YES;
            }
            return refuse(exchange, tooLarge, "declared body over the limit");
        }
        // Each body is within its limit; all of them together within the hub's memory budget,
        // counted in bytes received (a client that only declares a body holds nothing).
        if (length > 0 && listener.bodyBytes->load() + length > listener.bodyBudget) {
            return refuse(exchange,
                          refusal(503, "unavailable", "too many request bodies at once").header("Retry-After", "2"),
                          "request body memory budget used up");
        }
        exchange.body.reserve(static_cast<qsizetype>(std::min<qint64>(length, 256 * 1024)));
        exchange.phase = Exchange::Phase::Body;
        return MHD_YES;
    }

    static MHD_Result onRequest(void *, MHD_Connection *connection, const char *, const char *method,
                                const char *version, const char *upload, size_t *uploadSize, void **context)
    {
        auto *exchange = static_cast<Exchange *>(*context);
        if (!exchange)
            return MHD_NO;
        switch (exchange->phase) {
        case Exchange::Phase::Start:
            return start(*exchange, connection, method, version);
        case Exchange::Phase::Draining:
            if (*uploadSize > 0) {
                *uploadSize = 0;
                return MHD_YES;
            }
            return refuse(*exchange, exchange->reply, "body over the limit, read and dropped");
        case Exchange::Phase::Refused:
            *uploadSize = 0; // the answer is queued; nothing of the body is kept
            return MHD_YES;
        case Exchange::Phase::Body:
            if (*uploadSize > 0) {
                // libmicrohttpd delivers at most the declared length, checked above; this guards
                // the buffer all the same.
                if (exchange->body.size() + qint64(*uploadSize) > exchange->limit)
                    return MHD_NO;
                // Over the budget while receiving: the connection is closed (not stored; the
                // client retries).
                Listener &listener = *exchange->listener;
                const qint64 piece = qint64(*uploadSize);
                exchange->reserved += piece;
                if (listener.bodyBytes->fetch_add(piece) + piece > listener.bodyBudget) {
                    qCWarning(lcHubHttp, "request body memory budget used up: connection from %s closed",
                              exchange->source.constData());
                    return MHD_NO;
                }
                exchange->body.append(upload, static_cast<qsizetype>(*uploadSize));
                *uploadSize = 0;
                return MHD_YES;
            }
            if (!exchange->listener->server) { // a FramingProbe
                exchange->phase = Exchange::Phase::Answered;
                exchange->reply = Reply::raw(200, "ok", "text/plain");
                return queue(*exchange, exchange->reply);
            }
            exchange->phase = Exchange::Phase::Waiting;
            MHD_suspend_connection(connection);
            exchange->listener->server->accept(exchange);
            return MHD_YES;
        case Exchange::Phase::Waiting:
            return MHD_YES;
        case Exchange::Phase::Answered:
            return queue(*exchange, exchange->reply);
        }
        return MHD_NO;
    }

    static void onLog(void *, const char *format, va_list arguments)
    {
        char line[512];
        std::vsnprintf(line, sizeof line, format, arguments);
        QByteArray text(line);
        qCInfo(lcHubHttp, "libmicrohttpd: %s", text.trimmed().constData());
    }
};

HubServer::HubServer(HubService &service, HttpSettings settings, QObject *parent)
    : QObject(parent)
    , m_service(service)
    , m_settings(std::move(settings))
{
    // Hashing gets all cores but one, so device requests always have one.
    m_hashPool.setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
    m_cryptoPool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    m_clock.start();
}

HubServer::~HubServer()
{
    m_public.reset();
    m_admin.reset();
    m_hashPool.waitForDone();
    m_cryptoPool.waitForDone();
}

namespace {

std::unique_ptr<HubServer::Listener> startListener(HubServer *server, HubServer::Listener *listener,
                                                   const HttpSettings &settings, const QHostAddress &address,
                                                   quint16 port, bool tls)
{
    std::unique_ptr<HubServer::Listener> owned(listener);
    sockaddr_storage storage = {};
    socklen_t length = 0;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, 16);
        length = sizeof(sockaddr_in6);
        flags |= MHD_USE_IPv6;
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    if (tls)
        flags |= MHD_USE_TLS;
    const unsigned threads =
        settings.threads > 0 ? settings.threads : static_cast<unsigned>(std::max(1, QThread::idealThreadCount()));
    const bool clientCerts = tls && !settings.tlsClientCaPem.isEmpty();
    listener->requireClientCert = clientCerts;
    Q_UNUSED(length);

    std::vector<MHD_OptionItem> options{
        {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(&HubServer::Glue::onLog), nullptr},
        {MHD_OPTION_SOCK_ADDR, 0, &storage},
        {MHD_OPTION_URI_LOG_CALLBACK, reinterpret_cast<intptr_t>(&HubServer::Glue::onUri), listener},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&HubServer::Glue::onCompleted), listener},
        {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(settings.maxConnections), nullptr},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<intptr_t>(settings.maxConnectionsPerIp), nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(settings.connectionTimeoutSecs), nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(settings.connectionMemoryBytes), nullptr},
        {MHD_OPTION_STRICT_FOR_CLIENT, 1, nullptr},
    };
    if (threads > 1)
        options.push_back({MHD_OPTION_THREAD_POOL_SIZE, static_cast<intptr_t>(threads), nullptr});
    if (tls) {
        options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, const_cast<char *>(settings.tlsCertPem.constData())});
        options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, const_cast<char *>(settings.tlsKeyPem.constData())});
        options.push_back({MHD_OPTION_HTTPS_PRIORITIES, 0,
                           const_cast<char *>("NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE")});
        if (clientCerts)
            options.push_back({MHD_OPTION_HTTPS_MEM_TRUST, 0, const_cast<char *>(settings.tlsClientCaPem.constData())});
    }
    options.push_back({MHD_OPTION_END, 0, nullptr});

    listener->server = server;
    listener->bodyBudget = settings.maxBufferedBodyBytes;
    listener->daemon = MHD_start_daemon(flags, port, nullptr, nullptr, &HubServer::Glue::onRequest, listener,
                                        MHD_OPTION_ARRAY, options.data(), MHD_OPTION_END);
    if (!listener->daemon) {
        qCCritical(lcHubHttp, "cannot listen on %s:%u", qPrintable(address.toString()), port);
        return nullptr;
    }
    return owned;
}

quint16 boundPort(HubServer::Listener *listener)
{
    const MHD_DaemonInfo *info = MHD_get_daemon_info(listener->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info ? info->port : 0;
}

} // namespace

quint16 HubServer::start()
{
    auto *listener = new Listener;
    listener->limits = m_service.limits();
    listener->bodyBytes = &m_bufferedBodyBytes;
    m_public = startListener(this, listener, m_settings, m_settings.address, m_settings.port,
                             !m_settings.tlsCertPem.isEmpty());
    // GnuTLS holds the key from here on; this copy is not needed any more.
    wipeBytes(m_settings.tlsKeyPem);
    m_settings.tlsKeyPem.clear();
    return m_public ? boundPort(m_public.get()) : 0;
}

quint16 HubServer::startAdmin(const QHostAddress &address, quint16 port)
{
    auto *listener = new Listener;
    listener->admin = true;
    listener->limits = m_service.limits();
    listener->bodyBytes = &m_bufferedBodyBytes;
    HttpSettings admin = m_settings;
    admin.threads = 1;
    m_admin = startListener(this, listener, admin, address, port, false);
    return m_admin ? boundPort(m_admin.get()) : 0;
}

void HubServer::respond(Exchange *exchange, const Reply &reply)
{
    exchange->reply = reply;
    if (exchange->method == "HEAD")
        exchange->reply.body.clear();
    exchange->phase = Exchange::Phase::Answered;
    MHD_resume_connection(exchange->connection);
}

void HubServer::complete(Exchange *exchange, const QByteArray &route, Reply reply)
{
    if (route == "uploads")
        reply.header("Tus-Resumable", "1.0.0");
    countRequest(route, reply.status, exchange->timer.nsecsElapsed());
    if (reply.status >= 400)
        qCInfo(lcHubHttp, "%s %s -> %d %s", exchange->method.constData(), route.constData(), reply.status,
               reply.errorCode.constData());
    respond(exchange, reply);
}

void HubServer::queuePacket(Exchange *exchange)
{
    m_pendingPackets.append(exchange);
    if (!m_packetFlushScheduled) {
        m_packetFlushScheduled = true;
        QMetaObject::invokeMethod(
            this, [this] { flushPackets(); }, Qt::QueuedConnection);
    }
}

void HubServer::flushPackets()
{
    m_packetFlushScheduled = false;
    const QList<Exchange *> group = std::exchange(m_pendingPackets, {});
    HubDatabase &db = m_service.database();
    IngestService &ingest = m_service.ingest();
    const HubKeys &keys = m_service.keys();
    // One transaction for the group, each packet in a savepoint of its own. The receipts of new
    // packets are signed together, one signature for the group (1.19), and stored before the
    // commit. Without a transaction each packet commits by itself.
    const bool grouped = db.begin().ok();
    ingest.setDeferReceipts(grouped);
    if (grouped) {
        // What the database holds of the group's verified packets and their cases, in one look.
        QList<const protocol::Manifest *> manifests;
        for (const Exchange *exchange : group)
            if (exchange->packetVerified && exchange->parsedPacket)
                manifests.append(&exchange->parsedPacket->manifest);
        if (const Status read = ingest.prefetchGroup(manifests); !read)
            qCWarning(lcHubDb, "group of %lld packets not looked up: %s", static_cast<long long>(group.size()),
                      qPrintable(read.error().logDetail));
    }
    QList<QPair<QByteArray, Reply>> replies;
    QList<qsizetype> toSign; // the replies whose receipt is to be signed, in order
    QList<IngestService::ReceiptToSign> receiptsToSign;
    for (Exchange *exchange : group) {
        QByteArray route = "other";
        Reply reply = dispatch(*exchange, route, m_service);
        if (exchange->receiptToSign) {
            toSign.append(replies.size());
            receiptsToSign.append(*exchange->receiptToSign);
        }
        replies.append({route, std::move(reply)});
    }
    ingest.setDeferReceipts(false);
    if (!grouped)
        ingest.discardDeferred();
    bool stored = true;
    if (grouped) {
        // The group's receipts under one signature (1.19): the root of their hash tree.
        const QList<QByteArray> signedReceipts = IngestService::signReceipts(receiptsToSign, keys);
        QHash<QString, QByteArray> receiptOfPacket;
        QList<QPair<qint64, QByteArray>> receipts;
        for (qsizetype i = 0; i < toSign.size(); ++i) {
            const QByteArray &signedReceipt = signedReceipts.value(i);
            stored = stored && !signedReceipt.isEmpty();
            receipts.append({receiptsToSign[i].data.hubSequence, signedReceipt});
            receiptOfPacket.insert(receiptsToSign[i].data.packetId, signedReceipt);
            replies[toSign[i]].second.body = signedReceipt;
        }
        for (qsizetype i = 0; i < group.size(); ++i) {
            if (group[i]->receiptOf.isEmpty())
                continue;
            replies[i].second.body = receiptOfPacket.value(group[i]->receiptOf);
            stored = stored && !replies[i].second.body.isEmpty();
        }
        QString failure = stored ? QString() : QStringLiteral("a receipt was not signed");
        if (stored) {
            if (const Status kept = ingest.storeDeferred(receipts); !kept) {
                stored = false;
                failure = kept.error().logDetail;
            }
        }
        if (!stored) {
            ingest.discardDeferred();
            db.rollback();
        } else if (const Status committed = db.commit(); !committed) {
            stored = false;
            failure = committed.error().logDetail;
        }
        if (!stored) // None of the group is stored: whatever was to be acknowledged is to be sent again.
            qCWarning(lcHubDb, "group of %lld packets not committed: %s", static_cast<long long>(group.size()),
                      qPrintable(failure));
    }
    if (!stored) {
        for (auto &[route, reply] : replies)
            if (reply.status < 300)
                reply = Reply::error(503, "unavailable", QStringLiteral("database unavailable, retry"))
                            .header("Retry-After", "2");
    }
    // Only now, after the commit, is any packet of the group acknowledged.
    for (qsizetype i = 0; i < group.size(); ++i)
        complete(group[i], replies[i].first, replies[i].second);
    // Hub sequence numbers for the crypto pool to take ahead (PostgreSQL), outside the transaction.
    if (const Status reserved = ingest.reserveSequences(); !reserved)
        qCWarning(lcHubDb, "no sequence numbers reserved: %s", qPrintable(reserved.error().logDetail));
}

void HubServer::serve(Exchange *exchange)
{
    QByteArray route = "other";
    const auto finish = [this, exchange](const QByteArray &answered, Reply reply) {
        complete(exchange, answered, std::move(reply));
    };
    if (exchange->listener->admin) {
        const Reply reply = dispatchAdmin(*exchange, route);
        return finish(route, reply);
    }
    const QByteArray path = pathOf(exchange->target);
    if (path == "/v1/operators/login" && exchange->method == "POST" &&
        mediaType(exchange->headers) == "application/json") {
        route = "operators";
        Reply refused;
        if (!admitLogin(exchange->source, refused))
            return finish(route, refused);
        if (m_pendingPasswordChecks >= m_settings.maxPendingPasswordChecks) {
            return finish(
                route,
                Reply::error(429, "busy", QStringLiteral("too many sign-ins at once")).header("Retry-After", "1"));
        }
        auto begun = m_service.signIn().begin(exchange->body);
        if (!begun)
            return finish(route, refusalReply(begun.error()));
        // The hash runs on the pool; the answer is finished back on this thread.
        ++m_pendingPasswordChecks;
        auto pending = std::make_shared<SignInService::Pending>(std::move(begun).value());
        m_hashPool.start([this, pending, finish] {
            const bool ok = SignInService::checkPassword(*pending);
            QMetaObject::invokeMethod(
                this,
                [this, pending, ok, finish] {
                    --m_pendingPasswordChecks;
                    finish("operators", jsonReply(m_service.signIn().finish(std::move(*pending), ok)));
                },
                Qt::QueuedConnection);
        });
        return;
    }
    // Packets are stored in groups: those that arrive while a group is being stored go into the
    // next transaction together (group commit), and none is answered before its commit. Their
    // crypto is done first on every core, when the sending device's key is known here.
    if (path == "/v1/packets" && exchange->method == "POST") {
        std::optional<std::pair<crypto::Suite, crypto::PublicKey>> known;
        {
            const std::lock_guard lock(m_deviceKeysMutex);
            const auto it = m_deviceKeys.constFind(QString::fromLatin1(exchange->headers.value("ow-device")));
            if (it != m_deviceKeys.cend())
                known = *it;
        }
        if (!known && exchange->body.size() <= m_service.limits().maxPacketBytes) {
            // A device not seen yet by this hub: its key from the database, so that its first
            // packet's crypto runs on the pool like the others (the request is authenticated
            // again, against the database, when it is stored).
            const QString deviceId = QString::fromLatin1(exchange->headers.value("ow-device"));
            if (!deviceId.isEmpty()) {
                if (auto device = m_service.enrollment().enrolled(deviceId)) {
                    known = std::pair{device->suite, device->key};
                    const std::lock_guard lock(m_deviceKeysMutex);
                    if (m_deviceKeys.size() > 100000)
                        m_deviceKeys.clear();
                    m_deviceKeys.insert(device->id, *known);
                }
            }
        }
        if (!known || exchange->body.size() > m_service.limits().maxPacketBytes)
            return queuePacket(exchange);
        IngestService &ingest = m_service.ingest();
        m_cryptoPool.start([this, exchange, known, &ingest] {
            auto key = std::make_shared<const crypto::PublicKey>(known->second);
            // 1.19: the packet's own signature, by the device that sends it, authenticates the
            // request: it covers everything the request signature would (the body is the
            // envelope) but its time, and a packet is stored once by its id, so a replay is
            // harmless. One SM2 verification per packet instead of two. When the packet does
            // not verify, the request signature is checked (and the packet refused) as before.
            exchange->packetVerified =
                ingest.verifyAndReserve(exchange->body, *key, exchange->reservedSequence, exchange->parsedPacket);
            exchange->requestVerified =
                exchange->packetVerified && exchange->parsedPacket &&
                exchange->parsedPacket->manifest.deviceId == QString::fromLatin1(exchange->headers.value("ow-device"));
            if (!exchange->requestVerified)
                exchange->packetVerified = false;
            exchange->verifiedWith = std::move(key);
            if (!m_readers || !exchange->packetVerified) {
                QMetaObject::invokeMethod(
                    this, [this, exchange] { queuePacket(exchange); }, Qt::QueuedConnection);
                return;
            }
            // The device (enrolled, not revoked, this key) read on a read connection, so the
            // group's thread has one round trip less per packet. Read committed either way: a
            // revocation committed after this read is as late as one committed after the read
            // in the group's transaction. Not authenticated here: the group authenticates it
            // and gives the refusal.
            m_readers->post([this, exchange](HubService &reader) {
                auto device = reader.enrollment().authenticate(
                    exchange->headers, exchange->method, signedPathOf(QUrl::fromEncoded(exchange->target)),
                    exchange->body, exchange->requestVerified ? exchange->verifiedWith.get() : nullptr);
                if (device)
                    exchange->authenticated = std::move(device).value();
                QMetaObject::invokeMethod(
                    this, [this, exchange] { queuePacket(exchange); }, Qt::QueuedConnection);
            });
        });
        return;
    }
    verifyAndDispatch(exchange);
}

void HubServer::verifyAndDispatch(Exchange *exchange)
{
    // Any other device-signed request (events, device keys, catalog, uploads, progress: every
    // device's sync cycle) has its signature checked on the crypto pool too when the device's key
    // is known here, so the thread that owns the database does not spend its time on it. The
    // database still decides that the device is enrolled, not revoked and has this key.
    if (const QByteArray deviceId = exchange->headers.value("ow-device"); !deviceId.isEmpty()) {
        std::optional<std::pair<crypto::Suite, crypto::PublicKey>> known;
        {
            const std::lock_guard lock(m_deviceKeysMutex);
            const auto it = m_deviceKeys.constFind(QString::fromLatin1(deviceId));
            if (it != m_deviceKeys.cend())
                known = *it;
        }
        if (known) {
            m_cryptoPool.start([this, exchange, known] {
                auto key = std::make_shared<const crypto::PublicKey>(known->second);
                exchange->requestVerified = EnrollmentService::signatureVerifies(
                    exchange->headers, exchange->method, exchange->target, exchange->body, known->first, *key);
                exchange->verifiedWith = std::move(key);
                dispatchAndComplete(exchange);
            });
            return;
        }
    }
    dispatchAndComplete(exchange);
}

void HubServer::accept(Exchange *exchange)
{
    // A read is served without this object's thread, which may be waiting on a commit.
    if (m_readers && readsOnly(*exchange)) {
        verifyAndDispatch(exchange);
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, exchange] { serve(exchange); }, Qt::QueuedConnection);
}

bool HubServer::readsOnly(const Exchange &exchange) const
{
    if (exchange.listener->admin)
        return false;
    const QByteArray path = pathOf(exchange.target);
    if (exchange.method == "GET")
        return path == "/v1/events" || path == "/v1/devices/keys" || path == "/v1/catalog" || path == "/v1/queue";
    return exchange.method == "POST" && path == "/v1/progress";
}

void HubServer::dispatchAndComplete(Exchange *exchange)
{
    const auto serveWith = [this, exchange](HubService &service) {
        QByteArray route = "other";
        const Reply reply = dispatch(*exchange, route, service);
        complete(exchange, route, reply);
    };
    if (m_readers && readsOnly(*exchange)) {
        m_readers->post(serveWith);
        return;
    }
    if (QThread::currentThread() == thread()) {
        serveWith(m_service);
        return;
    }
    QMetaObject::invokeMethod(
        this, [this, serveWith] { serveWith(m_service); }, Qt::QueuedConnection);
}

bool HubServer::admitLogin(const QByteArray &source, Reply &reply)
{
    const qint64 nowMs = m_clock.elapsed();
    const auto take = [nowMs](Bucket &bucket, int perMinute) {
        if (bucket.refilledMs < 0) {
            bucket.tokens = perMinute;
        } else {
            bucket.tokens =
                std::min<double>(perMinute, bucket.tokens + double(nowMs - bucket.refilledMs) * perMinute / 60000.0);
        }
        bucket.refilledMs = nowMs;
        if (bucket.tokens < 1)
            return false;
        bucket.tokens -= 1;
        return true;
    };
    // Forget sources that have been quiet long enough to be full again.
    if (m_loginBuckets.size() > 10000) {
        for (auto it = m_loginBuckets.begin(); it != m_loginBuckets.end();)
            it = nowMs - it->refilledMs > 60000 ? m_loginBuckets.erase(it) : std::next(it);
    }
    const auto retryAfter = [](const Bucket &bucket, int perMinute) {
        return QByteArray::number(std::max<qint64>(1, qint64((1 - bucket.tokens) * 60.0 / perMinute + 0.999)));
    };
    Bucket &perSource = m_loginBuckets[source];
    if (!take(perSource, m_settings.loginsPerMinutePerIp)) {
        qCWarning(lcHubHttp, "sign-in rate from %s over %d a minute", source.constData(),
                  m_settings.loginsPerMinutePerIp);
        reply = Reply::error(429, "rate_limited", QStringLiteral("too many sign-ins from this address"))
                    .header("Retry-After", retryAfter(perSource, m_settings.loginsPerMinutePerIp));
        return false;
    }
    if (!take(m_loginBucket, m_settings.loginsPerMinute)) {
        qCWarning(lcHubHttp, "sign-in rate over %d a minute", m_settings.loginsPerMinute);
        reply = Reply::error(429, "rate_limited", QStringLiteral("too many sign-ins"))
                    .header("Retry-After", retryAfter(m_loginBucket, m_settings.loginsPerMinute));
        return false;
    }
    return true;
}

void HubServer::countRequest(const QByteArray &route, int status, qint64 nanoseconds)
{
    const std::lock_guard lock(m_metricsMutex);
    ++m_requests[{route, status}];
    ++m_requestCount;
    m_requestSeconds += double(nanoseconds) / 1e9;
}

Reply HubServer::dispatchAdmin(Exchange &exchange, QByteArray &route)
{
    const QByteArray path = pathOf(exchange.target);
    const bool get = exchange.method == "GET" || exchange.method == "HEAD";
    if (path == "/healthz") {
        route = "healthz";
        if (!get)
            return methodNotAllowed();
        if (m_service.healthy())
            return Reply::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                                {QStringLiteral("db"), QStringLiteral("ok")}});
        return Reply::json(503, QJsonObject{{QStringLiteral("status"), QStringLiteral("fail")},
                                            {QStringLiteral("db"), QStringLiteral("unreachable")}});
    }
    if (path == "/metrics") {
        route = "metrics";
        return get ? Reply::raw(200, metricsText(), "text/plain; version=0.0.4") : methodNotAllowed();
    }
    return notFound();
}

Reply HubServer::dispatch(Exchange &exchange, QByteArray &route, HubService &service)
{
    const QUrl url = QUrl::fromEncoded(exchange.target);
    const QString path = url.path();
    const QByteArray &method = exchange.method;
    const QByteArray pathAndQuery = signedPathOf(url);
    const QUrlQuery query(url);
    const QByteArray &body = exchange.body;
    const HeaderMap &headers = exchange.headers;
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);

    if (segments.value(0) != QLatin1String("v1"))
        return notFound(); // /healthz and /metrics are on the administration listener only
    const QString resource = segments.value(1);

    const auto asDevice = [&](const std::function<Reply(const DeviceIdentity &)> &handler) {
        auto device = service.enrollment().authenticate(
            headers, method, pathAndQuery, body, exchange.requestVerified ? exchange.verifiedWith.get() : nullptr);
        if (!device)
            return refusalReply(device.error());
        {
            const std::lock_guard lock(m_deviceKeysMutex);
            if (m_deviceKeys.size() > 100000)
                m_deviceKeys.clear();
            m_deviceKeys.insert(device->id, {device->suite, device->key});
        }
        return handler(*device);
    };
    const auto asOperator = [&](const std::function<Reply(const OperatorIdentity &)> &handler) {
        auto op = service.signIn().authenticate(headers);
        if (!op)
            return refusalReply(op.error());
        return handler(*op);
    };

    if (resource == QLatin1String("enroll") && segments.size() == 2) {
        route = "enroll";
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return jsonReply(service.enrollment().enroll(body), 201);
    }
    if (resource == QLatin1String("packets") && segments.size() == 2) {
        route = "packets";
        if (method != "POST")
            return methodNotAllowed();
        if (body.size() > service.limits().maxPacketBytes)
            return Reply::error(413, "too_large", QStringLiteral("packet larger than the hub accepts"));
        if (mediaType(headers) != crypto::PacketContentType)
            return wrongMediaType(crypto::PacketContentType);
        const auto ingestAs = [&](const DeviceIdentity &device) {
            return replyOf(service.ingest().ingest(
                               device.id, body, {}, exchange.packetVerified ? exchange.verifiedWith.get() : nullptr,
                               &device, exchange.reservedSequence ? &*exchange.reservedSequence : nullptr,
                               exchange.packetVerified ? exchange.parsedPacket.get() : nullptr),
                           [&exchange](const IngestService::Stored &stored) {
                               exchange.receiptToSign = stored.toSign;
                               exchange.receiptOf = stored.receiptOf;
                               return Reply::raw(stored.created ? 201 : 200, stored.receipt);
                           });
        };
        // Authenticated on a read connection before it joined the group (PostgreSQL), or here.
        if (exchange.authenticated)
            return ingestAs(*exchange.authenticated);
        return asDevice(ingestAs);
    }
    if (resource == QLatin1String("uploads")) {
        route = "uploads";
        if (segments.size() == 2) {
            if (method != "POST")
                return methodNotAllowed();
            if (mediaType(headers) != "application/json")
                return wrongMediaType("application/json");
            return asDevice([&](const DeviceIdentity &device) {
                return replyOf(service.uploads().create(device, body), [](const UploadService::Slot &slot) {
                    return Reply::json(slot.created ? 201 : 200, protocol::UploadCreateAnswer{slot.id}.toJson())
                        .header("Location", "/v1/uploads/" + slot.id.toLatin1())
                        .header("Upload-Offset", QByteArray::number(slot.offset));
                });
            });
        }
        if (segments.size() != 3)
            return notFound();
        const QString id = segments[2];
        if (method == "HEAD")
            return asDevice([&](const DeviceIdentity &device) {
                return replyOf(service.uploads().status(device, id), [](const UploadService::Progress &progress) {
                    Reply reply = Reply::empty(200);
                    reply.header("Upload-Offset", QByteArray::number(progress.offset))
                        .header("Upload-Length", QByteArray::number(progress.length))
                        .header("Cache-Control", "no-store");
                    return reply;
                });
            });
        if (method != "PATCH")
            return methodNotAllowed();
        if (mediaType(headers) != "application/offset+octet-stream")
            return wrongMediaType("application/offset+octet-stream");
        return asDevice([&](const DeviceIdentity &device) {
            return replyOf(service.uploads().append(device, id, headers.value("upload-offset"), body),
                           [](qint64 offset) {
                               Reply reply = Reply::empty(204);
                               reply.header("Upload-Offset", QByteArray::number(offset));
                               return reply;
                           });
        });
    }
    if (resource == QLatin1String("events") && segments.size() == 2) {
        route = "events";
        if (method != "GET")
            return methodNotAllowed();
        return asDevice([&](const DeviceIdentity &device) {
            return jsonReply(service.events().events(device, query.queryItemValue(QStringLiteral("after")),
                                                     query.queryItemValue(QStringLiteral("limit"))));
        });
    }
    if (resource == QLatin1String("devices") && segments.size() == 3 && segments[2] == QLatin1String("keys")) {
        route = "device_keys";
        if (method != "GET")
            return methodNotAllowed();
        const QByteArray etag = headers.value("if-none-match");
        return asDevice([&](const DeviceIdentity &device) {
            return replyOf(service.enrollment().deviceKeysDocument(device),
                           [&etag](const EnrollmentService::DeviceKeysDocument &document) {
                               Reply reply = etag == document.etag ? Reply::empty(304)
                                                                   : Reply::raw(200, document.body, "application/json");
                               reply.header("ETag", document.etag).header("Cache-Control", "no-cache");
                               return reply;
                           });
        });
    }
    if (resource == QLatin1String("progress") && segments.size() == 2) {
        route = "progress";
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return asDevice(
            [&](const DeviceIdentity &device) { return jsonReply(service.events().progress(device, body)); });
    }
    if (resource == QLatin1String("help-requests") && m_help && (segments.size() == 2 || segments.size() == 4)) {
        route = "help_requests";
        const auto failed = [](const Error &error) {
            if (error.code == ErrorCode::Invalid)
                return Reply::error(400, "bad_request", error.logDetail);
            if (error.code == ErrorCode::NotFound)
                return Reply::error(404, "not_found", error.logDetail);
            qCWarning(lcHubDb, "%s", qPrintable(error.logDetail));
            return Reply::error(503, "unavailable", QStringLiteral("database unavailable, retry"))
                .header("Retry-After", "2");
        };
        if (segments.size() == 4) {
            if (segments[3] != QLatin1String("close"))
                return notFound();
            if (method != "POST")
                return methodNotAllowed();
            // 1.18: the village helper's desk closes as its device (signed), operators with a token.
            if (headers.contains(QByteArrayLiteral("ow-device"))) {
                return asDevice([&](const DeviceIdentity &device) {
                    auto closed = m_help->close(segments[2], QStringLiteral("device:%1").arg(device.id));
                    return closed ? Reply::json(200, closed->toJson()) : failed(closed.error());
                });
            }
            return asOperator([&](const OperatorIdentity &op) {
                auto closed = m_help->close(segments[2], QStringLiteral("operator:%1").arg(op.id));
                return closed ? Reply::json(200, closed->toJson()) : failed(closed.error());
            });
        }
        if (method == "GET") {
            const auto listHelp = [&]() {
                const QString state = query.queryItemValue(QStringLiteral("state"));
                const auto wanted = protocol::helpState::fromKey(state.isEmpty() ? QStringLiteral("open") : state);
                if (!wanted && state != QLatin1String("all"))
                    return Reply::error(400, "bad_request", QStringLiteral("state unknown"));
                auto listed = m_help->list(wanted, HelpRequests::MaxListed);
                return listed ? Reply::json(200, protocol::HelpRequestList{*listed}.toJson()) : failed(listed.error());
            };
            // 1.18: the village helper's desk lists as its device (signed), operators with a token.
            if (headers.contains(QByteArrayLiteral("ow-device")))
                return asDevice([&](const DeviceIdentity &) { return listHelp(); });
            return asOperator([&](const OperatorIdentity &) { return listHelp(); });
        }
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return asDevice([&](const DeviceIdentity &device) {
            auto object = protocol::parseObject(body, QStringLiteral("help request"));
            if (!object)
                return Reply::error(400, "bad_json", object.error().logDetail);
            auto create = protocol::HelpRequestCreate::fromJson(*object);
            if (!create)
                return Reply::error(400, "bad_request", create.error().logDetail);
            auto asked = m_help->ask(device.id, *create);
            if (!asked)
                return failed(asked.error());
            return Reply::json(asked->created ? 201 : 200, asked->request.toJson());
        });
    }
    if (resource == QLatin1String("drafts") && m_drafts && (segments.size() == 2 || segments.size() == 3)) {
        route = "drafts";
        if (segments.size() == 3 && segments[2] != QLatin1String("take"))
            return notFound();
        if (method != "POST")
            return methodNotAllowed();
        if (segments.size() == 2) {
            if (body.size() > service.limits().maxPacketBytes)
                return Reply::error(413, "too_large", QStringLiteral("draft larger than the hub accepts"));
            if (mediaType(headers) != crypto::PacketContentType)
                return wrongMediaType(crypto::PacketContentType);
            return asDevice([&](const DeviceIdentity &device) {
                return replyOf(m_drafts->store(device, body), [](const DraftRelay::Stored &stored) {
                    return Reply::json(stored.created ? 201 : 200, stored.answer.toJson());
                });
            });
        }
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return asDevice([&](const DeviceIdentity &device) { return jsonReply(m_drafts->take(device, body)); });
    }
    if (resource == QLatin1String("catalog") && segments.size() == 2) {
        route = "catalog";
        if (method != "GET")
            return methodNotAllowed();
        const QByteArray etag = headers.value("if-none-match");
        if (headers.contains("authorization"))
            return asOperator([&](const OperatorIdentity &) { return catalogReply(service.catalog(), etag); });
        return asDevice([&](const DeviceIdentity &) { return catalogReply(service.catalog(), etag); });
    }
    if (resource == QLatin1String("operators") && segments.size() == 3) {
        route = "operators";
        if (method != "POST")
            return methodNotAllowed();
        if (segments[2] == QLatin1String("login")) {
            // A well-formed sign-in is taken by serve(); what reaches here has the wrong type.
            return wrongMediaType("application/json");
        }
        if (segments[2] == QLatin1String("logout"))
            return replyOf(service.signIn().logout(headers), [] { return Reply::empty(204); });
        return notFound();
    }
    if (resource == QLatin1String("queue") && segments.size() == 2) {
        route = "queue";
        if (method != "GET")
            return methodNotAllowed();
        return asOperator([&](const OperatorIdentity &op) {
            return jsonReply(service.review().queue(
                op, query.queryItemValue(QStringLiteral("department")), query.queryItemValue(QStringLiteral("state")),
                query.queryItemValue(QStringLiteral("limit")), query.queryItemValue(QStringLiteral("after"))));
        });
    }
    if (resource == QLatin1String("stats") && segments.size() == 2) {
        route = "stats";
        if (method != "GET")
            return methodNotAllowed();
        return asOperator([&](const OperatorIdentity &op) {
            return jsonReply(service.stats().hall(op, query.queryItemValue(QStringLiteral("period")),
                                                  query.queryItemValue(QStringLiteral("from")),
                                                  query.queryItemValue(QStringLiteral("to"))));
        });
    }
    if (resource == QLatin1String("cases") && (segments.size() == 3 || segments.size() == 4)) {
        route = "cases";
        const QString caseId = segments[2];
        if (segments.size() == 3) {
            if (method != "GET")
                return methodNotAllowed();
            return asOperator(
                [&](const OperatorIdentity &op) { return jsonReply(service.review().caseDetail(op, caseId)); });
        }
        if (segments[3] == QLatin1String("issue")) {
            if (method != "POST")
                return methodNotAllowed();
            if (mediaType(headers) != "application/json")
                return wrongMediaType("application/json");
            return asDevice(
                [&](const DeviceIdentity &device) { return jsonReply(service.review().issue(device, caseId, body)); });
        }
        if (segments[3] != QLatin1String("decision"))
            return notFound();
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return asOperator(
            [&](const OperatorIdentity &op) { return jsonReply(service.review().decide(op, caseId, body)); });
    }
    if (resource == QLatin1String("audit") && (segments.size() == 2 || segments.size() == 3)) {
        // The auditor's reads of the audit trail (1.17, PROTOCOL.md §12).
        route = "audit";
        if (method != "GET")
            return methodNotAllowed();
        const QString what = segments.value(2);
        if (segments.size() == 3 && what != QLatin1String("verify") && what != QLatin1String("extract"))
            return notFound();
        return asOperator([&](const OperatorIdentity &op) {
            AuditTrail &trail = service.auditTrail();
            if (what == QLatin1String("verify"))
                return replyOf(trail.verifyFor(op),
                               [](const AuditChainCheck &check) { return Reply::json(200, check.toJson()); });
            const auto value = [&query](const char *key) {
                return query.queryItemValue(QLatin1String(key), QUrl::FullyDecoded);
            };
            const bool extract = what == QLatin1String("extract");
            auto parsed = AuditTrail::parseQuery(value("case"), value("actor"), value("action"), value("from"),
                                                 value("to"), value("after"), value("limit"),
                                                 extract ? AuditTrail::MaxExtract : AuditTrail::MaxPage);
            if (!parsed)
                return refusalReply(parsed.error());
            if (extract)
                return replyOf(trail.extract(op, *parsed),
                               [](const QByteArray &document) { return Reply::raw(200, document); });
            return replyOf(trail.search(op, *parsed),
                           [](const AuditPage &page) { return Reply::json(200, page.toJson()); });
        });
    }
    // 1.15: ratings (好差评) from the devices, the follow-ups of bad ones for the supervisor (§8.3).
    if (resource == QLatin1String("ratings") && segments.size() == 2) {
        route = "ratings";
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return asDevice([&](const DeviceIdentity &device) {
            return replyOf(service.ratings().submit(device, body), [](const RatingService::Stored &stored) {
                return Reply::json(stored.created ? 201 : 200, stored.answer.toJson());
            });
        });
    }
    if (resource == QLatin1String("followups") && (segments.size() == 2 || segments.size() == 3)) {
        route = "followups";
        if (segments.size() == 2) {
            if (method != "GET")
                return methodNotAllowed();
            return asOperator([&](const OperatorIdentity &op) {
                return jsonReply(service.ratings().followUps(op, query.queryItemValue(QStringLiteral("state"))));
            });
        }
        if (method != "POST")
            return methodNotAllowed();
        if (mediaType(headers) != "application/json")
            return wrongMediaType("application/json");
        return asOperator(
            [&](const OperatorIdentity &op) { return jsonReply(service.ratings().close(op, segments[2], body)); });
    }
    return notFound();
}

QByteArray HubServer::metricsText() const
{
    const IngestCounters &counters = m_service.ingest().counters();
    QByteArray out;
    out += "# HELP ow_hub_up The hub is serving.\n# TYPE ow_hub_up gauge\now_hub_up 1\n";
    out += "# HELP ow_hub_requests_total HTTP requests by route and status.\n# TYPE ow_hub_requests_total counter\n";
    {
        const std::lock_guard lock(m_metricsMutex);
        for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it)
            out += "ow_hub_requests_total{route=\"" + it.key().first + "\",status=\"" +
                   QByteArray::number(it.key().second) + "\"} " + QByteArray::number(it.value()) + '\n';
        out += "# HELP ow_hub_request_seconds Time spent handling requests.\n# TYPE ow_hub_request_seconds summary\n";
        out += "ow_hub_request_seconds_sum " + QByteArray::number(m_requestSeconds, 'f', 6) + '\n';
        out += "ow_hub_request_seconds_count " + QByteArray::number(m_requestCount) + '\n';
    }
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
    out += "ow_hub_upload_bytes_total " + QByteArray::number(m_service.uploads().bytesReceived()) + '\n';
    out += "# HELP ow_hub_sign_ins_pending Sign-ins waiting for their password check.\n"
           "# TYPE ow_hub_sign_ins_pending gauge\n";
    out += "ow_hub_sign_ins_pending " + QByteArray::number(m_pendingPasswordChecks) + '\n';
    out += "# HELP ow_hub_request_body_bytes Request body bytes held now, over all connections.\n"
           "# TYPE ow_hub_request_body_bytes gauge\n";
    out += "ow_hub_request_body_bytes " + QByteArray::number(m_bufferedBodyBytes.load()) + '\n';
    return out;
}

// ---------------------------------------------------------------- FramingProbe

struct FramingProbe::Private
{
    std::atomic<qint64> bodyBytes{0};
    quint16 port = 0;
    std::unique_ptr<HubServer::Listener> listener;
};

FramingProbe::FramingProbe(const HubLimits &limits)
    : d(std::make_unique<Private>())
{
    HttpSettings settings;
    settings.threads = 1;
    settings.connectionTimeoutSecs = 5;
    auto *listener = new HubServer::Listener;
    listener->limits = limits;
    listener->bodyBytes = &d->bodyBytes;
    d->listener = startListener(nullptr, listener, settings, QHostAddress::LocalHost, 0, false);
    if (d->listener)
        d->port = boundPort(d->listener.get());
}

FramingProbe::~FramingProbe() = default;

bool FramingProbe::isRunning() const
{
    return d->listener != nullptr;
}

QByteArray FramingProbe::exchange(const QByteArray &request, int timeoutMs, int quietMs)
{
    QByteArray answer;
    if (!d->listener)
        return answer;
    // A TCP connection on loopback, as a client makes one.
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return answer;
    sockaddr_in hub = {};
    hub.sin_family = AF_INET;
    hub.sin_port = htons(d->port);
    hub.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&hub), sizeof hub) != 0 && errno != EINPROGRESS) {
        ::close(fd);
        return answer;
    }

    QElapsedTimer timer;
    timer.start();
    qsizetype sent = 0;
    bool writing = true;
    QElapsedTimer quiet;
    char buffer[16384];
    while (timer.elapsed() < timeoutMs) {
        if (writing && sent == request.size()) {
            ::shutdown(fd, SHUT_WR);
            writing = false;
            quiet.start();
        }
        pollfd watch{fd, static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0};
        if (::poll(&watch, 1, 20) <= 0) {
            // Everything sent and nothing answered for `quietMs`: the request is incomplete.
            if (quietMs >= 0 && !writing && answer.isEmpty() && quiet.isValid() && quiet.elapsed() > quietMs)
                break;
            continue;
        }
        if (watch.revents & POLLIN) {
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0)
                break; // closed by the listener
            answer.append(buffer, got);
            // The first answer complete (its head and Content-Length bytes): that is all.
            const qsizetype headEnd = answer.indexOf("\r\n\r\n");
            if (headEnd >= 0) {
                const qsizetype at = answer.toLower().indexOf("\r\ncontent-length:");
                if (at >= 0 && at < headEnd) {
                    const qsizetype lineEnd = answer.indexOf('\r', at + 2);
                    const qint64 length = answer.mid(at + 17, lineEnd - at - 17).trimmed().toLongLong();
                    if (answer.size() >= headEnd + 4 + length)
                        break;
                }
            }
        } else if (watch.revents & (POLLHUP | POLLERR)) {
            break;
        }
        if (writing && (watch.revents & POLLOUT)) {
            const ssize_t put = ::send(fd, request.constData() + sent, static_cast<size_t>(request.size() - sent),
                                       MSG_NOSIGNAL | MSG_DONTWAIT);
            if (put < 0 && errno != EAGAIN && errno != EINTR)
                writing = false; // the listener stopped reading: it has answered or closed
            else if (put > 0)
                sent += put;
        }
    }
    ::close(fd);
    return answer;
}

} // namespace ow::hub
