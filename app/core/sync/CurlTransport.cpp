#include "sync/CurlTransport.h"

#include "sync/SyncText.h"

#include <QFileInfo>
#include <QUrl>

#include <curl/curl.h>
#include <dlfcn.h>

#include <cstring>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ow::sync {

namespace {

// libcurl is opened on first use instead of being linked: its dependency tree (TLS, Kerberos,
// LDAP, SSH, RTMP: eighteen libraries) would otherwise be loaded and relocated before a program's
// first line runs, which bench_kiosk measured as the largest part of the kiosk's start time.
// The functions this file calls, resolved once from libcurl.so.4 (the ABI of Debian's libcurl4).
struct CurlApi
{
    decltype(&::curl_global_init) global_init = nullptr;
    decltype(&::curl_easy_init) easy_init = nullptr;
    decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
    decltype(&::curl_easy_setopt) easy_setopt = nullptr;
    decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
    decltype(&::curl_easy_strerror) easy_strerror = nullptr;
    decltype(&::curl_multi_init) multi_init = nullptr;
    decltype(&::curl_multi_cleanup) multi_cleanup = nullptr;
    decltype(&::curl_multi_setopt) multi_setopt = nullptr;
    decltype(&::curl_multi_wakeup) multi_wakeup = nullptr;
    decltype(&::curl_multi_add_handle) multi_add_handle = nullptr;
    decltype(&::curl_multi_remove_handle) multi_remove_handle = nullptr;
    decltype(&::curl_multi_perform) multi_perform = nullptr;
    decltype(&::curl_multi_poll) multi_poll = nullptr;
    decltype(&::curl_multi_info_read) multi_info_read = nullptr;
    decltype(&::curl_slist_append) slist_append = nullptr;
    decltype(&::curl_slist_free_all) slist_free_all = nullptr;
};

CurlApi g_api;
QString g_apiProblem; // why libcurl could not be opened, for the log; empty once loaded
std::once_flag g_apiLoad;

void loadApi()
{
    void *handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        g_apiProblem = QString::fromLocal8Bit(dlerror());
        return;
    }
    CurlApi loaded;
    const auto bind = [&](auto &function, const char *name) {
        void *symbol = dlsym(handle, name);
        if (!symbol && g_apiProblem.isEmpty())
            g_apiProblem = QStringLiteral("libcurl.so.4 has no %1").arg(QLatin1String(name));
        static_assert(sizeof(function) == sizeof(symbol));
        std::memcpy(&function, &symbol, sizeof(function));
    };
    bind(loaded.global_init, "curl_global_init");
    bind(loaded.easy_init, "curl_easy_init");
    bind(loaded.easy_cleanup, "curl_easy_cleanup");
    bind(loaded.easy_setopt, "curl_easy_setopt");
    bind(loaded.easy_getinfo, "curl_easy_getinfo");
    bind(loaded.easy_strerror, "curl_easy_strerror");
    bind(loaded.multi_init, "curl_multi_init");
    bind(loaded.multi_cleanup, "curl_multi_cleanup");
    bind(loaded.multi_setopt, "curl_multi_setopt");
    bind(loaded.multi_wakeup, "curl_multi_wakeup");
    bind(loaded.multi_add_handle, "curl_multi_add_handle");
    bind(loaded.multi_remove_handle, "curl_multi_remove_handle");
    bind(loaded.multi_perform, "curl_multi_perform");
    bind(loaded.multi_poll, "curl_multi_poll");
    bind(loaded.multi_info_read, "curl_multi_info_read");
    bind(loaded.slist_append, "curl_slist_append");
    bind(loaded.slist_free_all, "curl_slist_free_all");
    if (!g_apiProblem.isEmpty())
        return;
    g_api = loaded;
    g_api.global_init(CURL_GLOBAL_DEFAULT);
}

// Only called once create() has loaded the library.
const CurlApi &api()
{
    return g_api;
}

struct Job
{
    HttpRequest request;
    HttpResponse response;
    QByteArray url;
    CURL *easy = nullptr;
    curl_slist *headers = nullptr;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    std::promise<HttpResponse> done;
};

size_t onBody(char *data, size_t size, size_t count, void *user)
{
    auto *job = static_cast<Job *>(user);
    job->response.body.append(data, static_cast<qsizetype>(size * count));
    return size * count;
}

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *job = static_cast<Job *>(user);
    const QByteArray line = QByteArray(data, static_cast<qsizetype>(size * count)).trimmed();
    if (line.startsWith("HTTP/")) {
        // A new status line (after 100 Continue, for example) starts a new header block.
        job->response.headers.clear();
        return size * count;
    }
    const qsizetype colon = line.indexOf(':');
    if (colon > 0)
        job->response.headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    return size * count;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t ultotal, curl_off_t ulnow)
{
    auto *job = static_cast<Job *>(user);
    if (job->request.onUploadProgress && ultotal > 0)
        job->request.onUploadProgress(static_cast<qint64>(ulnow), static_cast<qint64>(ultotal));
    return 0;
}

} // namespace

bool isLoopbackUrl(const QString &url)
{
    const QString host = QUrl(url).host().toLower();
    if (host == QLatin1String("localhost") || host == QLatin1String("::1"))
        return true;
    const QStringList parts = host.split(QLatin1Char('.'));
    if (parts.size() != 4 || parts[0] != QLatin1String("127"))
        return false;
    for (const QString &p : parts) {
        bool ok = false;
        const int v = p.toInt(&ok);
        if (!ok || v < 0 || v > 255)
            return false;
    }
    return true;
}

struct CurlTransport::Worker
{
    explicit Worker(const TransportConfig &settings)
        : config(settings)
    {
        multi = api().multi_init();
        // Keep a few connections to the one hub open between requests.
        api().multi_setopt(multi, CURLMOPT_MAXCONNECTS, 8L);
        // HTTP/1.1 to the hub: requests at once go on connections of their own, opened at once
        // (never held back waiting to share one).
        api().multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_NOTHING);
        thread = std::thread([this] { loop(); });
    }

    ~Worker()
    {
        {
            std::lock_guard lock(mutex);
            stopping = true;
        }
        api().multi_wakeup(multi);
        thread.join();
        api().multi_cleanup(multi);
    }

    void submit(Job *job)
    {
        {
            std::lock_guard lock(mutex);
            incoming.push_back(job);
        }
        api().multi_wakeup(multi);
    }

    void prepare(Job *job)
    {
        CURL *e = api().easy_init();
        job->easy = e;
        api().easy_setopt(e, CURLOPT_PRIVATE, job);
        api().easy_setopt(e, CURLOPT_URL, job->url.constData());
        api().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        api().easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        api().easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
        api().easy_setopt(e, CURLOPT_ERRORBUFFER, job->errorBuffer);
        api().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config.connectTimeoutMs));
        api().easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, static_cast<long>(config.lowSpeedBytesPerSec));
        api().easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(config.lowSpeedSecs));
        if (config.requestTimeoutMs > 0)
            api().easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(config.requestTimeoutMs));
        api().easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
        // Only the configured proxy: an http_proxy variable in a kiosk session must not reroute
        // sealed packets, and never the loopback demo hub.
        api().easy_setopt(e, CURLOPT_PROXY, config.proxy.toUtf8().constData());
        api().easy_setopt(e, CURLOPT_WRITEFUNCTION, onBody);
        api().easy_setopt(e, CURLOPT_WRITEDATA, job);
        api().easy_setopt(e, CURLOPT_HEADERFUNCTION, onHeader);
        api().easy_setopt(e, CURLOPT_HEADERDATA, job);
        if (job->request.onUploadProgress) {
            api().easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
            api().easy_setopt(e, CURLOPT_XFERINFOFUNCTION, onProgress);
            api().easy_setopt(e, CURLOPT_XFERINFODATA, job);
        }
        if (job->url.startsWith("https:")) {
            if (!config.pinnedPublicKey.isEmpty())
                api().easy_setopt(e, CURLOPT_PINNEDPUBLICKEY, config.pinnedPublicKey.toUtf8().constData());
            if (config.caFile.isEmpty()) {
                // Trust comes from the pinned key alone (hubs often run with a county-issued or
                // self-signed certificate); the pin is checked before any byte is sent.
                api().easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
                api().easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
            } else {
                api().easy_setopt(e, CURLOPT_CAINFO, config.caFile.toUtf8().constData());
            }
            if (!config.clientCertFile.isEmpty()) {
                api().easy_setopt(e, CURLOPT_SSLCERT, config.clientCertFile.toUtf8().constData());
                api().easy_setopt(e, CURLOPT_SSLKEY, config.clientKeyFile.toUtf8().constData());
            }
        }

        const QByteArray &method = job->request.method;
        if (method == "GET") {
            api().easy_setopt(e, CURLOPT_HTTPGET, 1L);
        } else if (method == "HEAD") {
            api().easy_setopt(e, CURLOPT_NOBODY, 1L);
        } else {
            if (method != "POST")
                api().easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.constData());
            api().easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(job->request.body.size()));
            api().easy_setopt(e, CURLOPT_POSTFIELDS, job->request.body.constData());
        }
        // No "Expect: 100-continue" round trip before each body.
        job->headers = api().slist_append(job->headers, "Expect:");
        for (const auto &h : job->request.headers)
            job->headers = api().slist_append(job->headers, (h.first + ": " + h.second).constData());
        api().easy_setopt(e, CURLOPT_HTTPHEADER, job->headers);
    }

    void finish(Job *job, CURLcode code)
    {
        if (code == CURLE_OK) {
            long status = 0;
            api().easy_getinfo(job->easy, CURLINFO_RESPONSE_CODE, &status);
            job->response.status = static_cast<int>(status);
            // libcurl may end a transfer early without an error (an answer that arrived while the
            // body was still going out, then a closed connection): a body shorter than announced
            // is not an answer.
            const QByteArray announced = job->response.header("content-length");
            bool numeric = false;
            const qint64 length = announced.toLongLong(&numeric);
            if (job->request.method != "HEAD" && status != 204 && status != 304 && numeric &&
                length != job->response.body.size()) {
                job->response.transportError =
                    QStringLiteral("answer cut short: %1 of %2 body bytes").arg(job->response.body.size()).arg(length);
                job->response.status = 0;
            }
        } else {
            // Whatever arrived before the failure is not an answer: a cut-off body must never
            // be taken for a complete one.
            job->response.status = 0;
            job->response.transportError =
                QString::fromUtf8(job->errorBuffer[0] ? job->errorBuffer : api().easy_strerror(code));
        }
        api().multi_remove_handle(multi, job->easy);
        api().easy_cleanup(job->easy);
        api().slist_free_all(job->headers);
        job->done.set_value(std::move(job->response));
    }

    void loop()
    {
        int running = 0;
        for (;;) {
            std::deque<Job *> fresh;
            bool stop = false;
            {
                std::lock_guard lock(mutex);
                fresh.swap(incoming);
                stop = stopping;
            }
            for (Job *job : fresh) {
                prepare(job);
                api().multi_add_handle(multi, job->easy);
                active.push_back(job);
            }
            if (stop) {
                for (Job *job : active) {
                    job->response = {};
                    std::strncpy(job->errorBuffer, "transport shut down", CURL_ERROR_SIZE - 1);
                    finish(job, CURLE_ABORTED_BY_CALLBACK);
                }
                active.clear();
                return;
            }
            api().multi_perform(multi, &running);
            int left = 0;
            while (CURLMsg *msg = api().multi_info_read(multi, &left)) {
                if (msg->msg != CURLMSG_DONE)
                    continue;
                Job *job = nullptr;
                api().easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &job);
                const CURLcode result = msg->data.result;
                std::erase(active, job);
                finish(job, result);
            }
            api().multi_poll(multi, nullptr, 0, 1000, nullptr);
        }
    }

    const TransportConfig config;
    CURLM *multi = nullptr;
    std::thread thread;
    std::mutex mutex;
    std::deque<Job *> incoming;
    std::vector<Job *> active;
    bool stopping = false;
};

Result<std::unique_ptr<CurlTransport>> CurlTransport::create(const TransportConfig &config)
{
    const QUrl url(config.baseUrl);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty() ||
        (scheme != QLatin1String("https") && scheme != QLatin1String("http"))) {
        return makeError(ErrorCode::Invalid, SyncText::tr("The hub address is not a valid http(s) address."),
                         QStringLiteral("invalid hub URL '%1'").arg(config.baseUrl));
    }
    if (scheme == QLatin1String("http") && !isLoopbackUrl(config.baseUrl)) {
        return makeError(ErrorCode::Invalid,
                         SyncText::tr("The hub must be reached over HTTPS; plain HTTP is only allowed on this "
                                      "computer."),
                         QStringLiteral("plain http refused for non-loopback host %1").arg(url.host()));
    }
    if (scheme == QLatin1String("https") && config.pinnedPublicKey.isEmpty() && config.caFile.isEmpty()) {
        return makeError(ErrorCode::Invalid,
                         SyncText::tr("The hub's public key is not configured, so its identity cannot be checked."),
                         QStringLiteral("https without a pinned key or CA file"));
    }
    if (config.clientCertFile.isEmpty() != config.clientKeyFile.isEmpty()) {
        return makeError(ErrorCode::Invalid,
                         SyncText::tr("Mutual TLS needs both the device certificate and its private key."),
                         QStringLiteral("client certificate and key must be given together"));
    }
    for (const QString &file : {config.caFile, config.clientCertFile, config.clientKeyFile}) {
        if (!file.isEmpty() && !QFileInfo(file).isReadable()) {
            return makeError(ErrorCode::Io, SyncText::tr("A certificate or key file for the hub cannot be read."),
                             QStringLiteral("unreadable TLS file %1").arg(file));
        }
    }
    std::call_once(g_apiLoad, loadApi);
    if (!g_apiProblem.isEmpty()) {
        return makeError(ErrorCode::Io,
                         SyncText::tr("This device cannot reach the hub: its network library is missing."),
                         QStringLiteral("libcurl could not be opened: %1").arg(g_apiProblem));
    }
    std::unique_ptr<CurlTransport> t(new CurlTransport(config));
    return t;
}

CurlTransport::CurlTransport(TransportConfig config)
    : m_config(std::move(config))
{
    while (m_config.baseUrl.endsWith(QLatin1Char('/')))
        m_config.baseUrl.chop(1);
    m_worker = std::make_unique<Worker>(m_config);
}

CurlTransport::~CurlTransport() = default;

HttpResponse CurlTransport::send(const HttpRequest &request)
{
    Job job;
    job.request = request;
    job.url = (m_config.baseUrl + request.path).toUtf8();
    std::future<HttpResponse> result = job.done.get_future();
    m_worker->submit(&job);
    HttpResponse response = result.get();
    if (!response.answered())
        qCDebug(lcSync).noquote() << request.method << request.path << "failed:" << response.transportError;
    return response;
}

QList<HttpResponse> CurlTransport::sendAll(const QList<HttpRequest> &requests)
{
    std::vector<std::unique_ptr<Job>> jobs;
    std::vector<std::future<HttpResponse>> results;
    for (const HttpRequest &request : requests) {
        auto job = std::make_unique<Job>();
        job->request = request;
        job->url = (m_config.baseUrl + request.path).toUtf8();
        results.push_back(job->done.get_future());
        jobs.push_back(std::move(job));
    }
    for (const auto &job : jobs)
        m_worker->submit(job.get());
    QList<HttpResponse> responses;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
        responses.append(results[i].get());
        if (!responses.last().answered())
            qCDebug(lcSync).noquote() << requests[qsizetype(i)].method << requests[qsizetype(i)].path
                                      << "failed:" << responses.last().transportError;
    }
    return responses;
}

} // namespace ow::sync
