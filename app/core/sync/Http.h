#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <functional>

namespace ow::sync {

// One HTTP exchange with the hub, independent of the library that carries it.
struct HttpRequest
{
    QByteArray method = "GET"; // GET, POST, PATCH, HEAD, PUT, DELETE
    QString path;              // below the hub's base URL, e.g. "/v1/packets"
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Called from the transport's thread while the body goes out; may be empty.
    std::function<void(qint64 sent, qint64 total)> onUploadProgress;

    HttpRequest &header(const QByteArray &name, const QByteArray &value)
    {
        headers.append({name, value});
        return *this;
    }
};

struct HttpResponse
{
    int status = 0;                               // 0: no HTTP answer at all (see transportError)
    QList<QPair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;
    QString transportError; // log-level description when status == 0 or the body was cut short

    bool answered() const { return status != 0; }
    QByteArray header(const QByteArray &lowerName) const
    {
        for (const auto &h : headers) {
            if (h.first == lowerName)
                return h.second;
        }
        return {};
    }
};

// Carries requests to the hub. The production one is CurlTransport; unit tests use a double
// that replays queued replies. send() blocks the calling thread until the exchange is over.
class Transport
{
public:
    virtual ~Transport() = default;
    virtual HttpResponse send(const HttpRequest &request) = 0;
    // Several independent exchanges; the answers in the order of the requests. Blocks until
    // every one is over. This one sends them one after another; a transport that can keep
    // several requests in flight at once (CurlTransport) does so.
    virtual QList<HttpResponse> sendAll(const QList<HttpRequest> &requests)
    {
        QList<HttpResponse> responses;
        for (const HttpRequest &request : requests)
            responses.append(send(request));
        return responses;
    }
};

} // namespace ow::sync
