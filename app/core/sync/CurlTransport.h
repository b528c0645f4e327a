#pragma once

#include "sync/Http.h"

#include "common/Result.h"

#include <QString>

#include <memory>

namespace ow::sync {

// How the device reaches its hub. HTTPS needs the hub's pinned public key; plain HTTP is
// accepted only for a loopback hub (demo, tests).
struct TransportConfig
{
    QString baseUrl;         // "https://hub.county.example:8443" or "http://127.0.0.1:PORT"
    QString pinnedPublicKey; // "sha256//BASE64" (one or more, ';'-separated) or a PEM/DER key file
    QString caFile;          // optional: also verify the certificate chain and host name
    QString clientCertFile;  // optional mutual TLS: PEM certificate of this device
    QString clientKeyFile;   // optional mutual TLS: PEM private key of this device
    QString proxy;           // e.g. "http://10.1.2.3:3128"; empty: direct (proxy variables are ignored)
    int connectTimeoutMs = 10000;
    int lowSpeedBytesPerSec = 64; // abort a transfer slower than this ...
    int lowSpeedSecs = 30;        // ... for this long
    int requestTimeoutMs = 0;     // whole exchange; 0 = none (the low-speed limit still applies)
};

// HTTP over libcurl: one multi handle driven by one worker thread that owns every easy handle,
// CURLOPT_NOSIGNAL, no redirects, connection reuse across requests. send() may be called from
// any thread and blocks until the exchange is over; several callers run in parallel.
class CurlTransport final : public Transport
{
public:
    static Result<std::unique_ptr<CurlTransport>> create(const TransportConfig &config);
    ~CurlTransport() override;
    CurlTransport(const CurlTransport &) = delete;
    CurlTransport &operator=(const CurlTransport &) = delete;

    HttpResponse send(const HttpRequest &request) override;
    // Every request in flight at once on the worker's multi handle (own connections, reused).
    QList<HttpResponse> sendAll(const QList<HttpRequest> &requests) override;
    const TransportConfig &config() const { return m_config; }

    struct Worker;

private:
    explicit CurlTransport(TransportConfig config);

    TransportConfig m_config;
    std::unique_ptr<Worker> m_worker;
};

// True when the URL's host is 127.0.0.0/8, ::1 or localhost.
bool isLoopbackUrl(const QString &url);

} // namespace ow::sync
