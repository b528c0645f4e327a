// The province load generator: `--devices` enrolled devices (2,000) behave like village kiosks and
// window desks against the real onewindow-hub process over HTTP on loopback. Each runs its sync
// cycle (events, catalog, device keys) every `--poll-seconds` at a random phase, and posts sealed
// packets at a Poisson rate (one every `--packet-seconds` on average; a share with a resumable
// attachment uploaded first). A few client threads drive every device with non-blocking libcurl
// multi handles over a pool of keep-alive connections, so that the generator is not what limits.
// Prints p50/p95/p99 latency per request kind, time to receipt, throughput, errors and the hub's
// RSS, each kind against the same requests from one device alone measured on the same hub just
// before (a ratio). Figures only; nothing is asserted about time.
//   hub_load [--devices N] [--duration S] [--poll-seconds S] [--packet-seconds S]
//            [--attachment-share F] [--attachment-bytes N] [--connections N] [--threads N]
//            [--backend sqlite|postgres|both] [--hubs 1|2]
// With `--hubs 2` (PostgreSQL only) two hub processes share one database, as behind a county's load
// balancer; each device keeps to one of them (even devices to the first, odd to the second), so its
// resumable upload goes on where it began.

#include "HubFixture.h"
#include "HubTestBackend.h"

#include "crypto/Packet.h"
#include "crypto/SelfTest.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <queue>
#include <random>
#include <thread>
#include <vector>

using namespace ow;
using namespace ow::test;
using Clock = std::chrono::steady_clock;

namespace {

struct Options
{
    int devices = 2000;
    double duration = 60;
    double pollSeconds = 30;    // a kiosk's sync interval (SyncService::Options::intervalMs)
    double packetSeconds = 120; // mean time between two cases of one device, compressed into the run
    double attachmentShare = 0.1;
    int attachmentBytes = 300 * 1024;
    int connections = 64; // keep-alive connections in all
    int threads = 2;
    QString backend = QStringLiteral("sqlite");
    int hubs = 1;
};

enum Kind : int { Events, Catalog, DeviceKeys, UploadCreate, UploadPatch, Packet, Healthz, KindCount };
constexpr std::array<const char *, KindCount> KindNames = {"events",       "catalog", "device_keys", "upload_create",
                                                           "upload_patch", "packet",  "healthz"};

double msSince(Clock::time_point start, Clock::time_point end)
{
    return std::chrono::duration<double, std::milli>(end - start).count();
}

struct Figures
{
    std::array<std::vector<double>, KindCount> latency; // ms per request
    std::array<int, KindCount> errors = {};
    std::vector<double> timeToReceipt; // ms from a packet's due time to its receipt
    std::vector<double> sendToReceipt; // ms from its first request (upload or post) to its receipt
    int transportErrors = 0;
    QByteArray firstError;

    void merge(const Figures &other)
    {
        for (int k = 0; k < KindCount; ++k) {
            latency[k].insert(latency[k].end(), other.latency[k].begin(), other.latency[k].end());
            errors[k] += other.errors[k];
        }
        timeToReceipt.insert(timeToReceipt.end(), other.timeToReceipt.begin(), other.timeToReceipt.end());
        sendToReceipt.insert(sendToReceipt.end(), other.sendToReceipt.begin(), other.sendToReceipt.end());
        transportErrors += other.transportErrors;
        if (firstError.isEmpty())
            firstError = other.firstError;
    }
    std::size_t requests() const
    {
        std::size_t n = 0;
        for (int k = 0; k < KindCount; ++k)
            if (k != Healthz)
                n += latency[k].size();
        return n;
    }
};

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(std::ceil(p * double(values.size()))) - 1;
    return values[std::min(at, values.size() - 1)];
}

// One simulated device: its identity, its packets sealed ahead, and what it is doing now. A
// device has at most one request in flight, as a kiosk's sync worker does.
struct SimDevice
{
    std::unique_ptr<HubTestDevice> identity;
    std::vector<crypto::SealedPacket> packets;
    std::vector<double> packetTimes; // seconds into the run
    std::size_t nextPacket = 0;
    double cyclePhase = 0;
    quint16 port = 0; // the hub this device talks to

    struct Step
    {
        Kind kind;
        int packet = -1;
        Clock::time_point due; // when the action it belongs to fell due
    };
    std::deque<Step> steps;
    bool busy = false;
    Step current{};
    CURL *easy = nullptr;
    curl_slist *headers = nullptr;
    QByteArray body;
    QByteArray url;
    QByteArray response;
    Clock::time_point sent;
    int startedPacket = -1;
    Clock::time_point packetStarted;
    // Read from answers.
    QByteArray cursor = "0";
    QByteArray etag;
    QByteArray keysEtag;
    QByteArray uploadLocation;
    qint64 uploadOffset = 0;
    qint64 answeredOffset = -1;
    QByteArray answeredLocation;
    QByteArray answeredEtag;
};

std::size_t onBody(char *data, std::size_t size, std::size_t count, void *user)
{
    static_cast<SimDevice *>(user)->response.append(data, qsizetype(size * count));
    return size * count;
}

std::size_t onHeader(char *data, std::size_t size, std::size_t count, void *user)
{
    auto *device = static_cast<SimDevice *>(user);
    const QByteArray line = QByteArray(data, qsizetype(size * count)).trimmed();
    const qsizetype colon = line.indexOf(':');
    if (colon > 0) {
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "location")
            device->answeredLocation = value;
        else if (name == "upload-offset")
            device->answeredOffset = value.toLongLong();
        else if (name == "etag")
            device->answeredEtag = value;
    }
    return size * count;
}

// Drives a share of the devices on one thread: its own multi handle, its own share of the
// connection pool, its own figures.
class Worker
{
public:
    Worker(std::vector<SimDevice *> devices, quint16 port, quint16 adminPort, int connections, bool probeHealth)
        : m_devices(std::move(devices))
        , m_port(port)
        , m_adminPort(adminPort)
        , m_probeHealth(probeHealth)
    {
        m_multi = curl_multi_init();
        curl_multi_setopt(m_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, long(std::max(1, connections)));
        curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, long(std::max(1, connections)));
        curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, long(std::max(1, connections) + 1));
        for (SimDevice *device : m_devices)
            device->easy = curl_easy_init();
        m_health.easy = curl_easy_init();
    }
    ~Worker()
    {
        for (SimDevice *device : m_devices) {
            curl_easy_cleanup(device->easy);
            curl_slist_free_all(device->headers);
            device->easy = nullptr;
            device->headers = nullptr;
        }
        curl_easy_cleanup(m_health.easy);
        curl_slist_free_all(m_health.headers);
        curl_multi_cleanup(m_multi);
    }

    // Each device's sync cycles and packets over `duration` seconds from `start`; then what is
    // under way is finished (at most `drainSeconds` more).
    void runSchedule(Clock::time_point start, double duration, double pollSeconds, double drainSeconds)
    {
        using Due = std::tuple<Clock::time_point, std::size_t, int>; // time, device, 0 cycle / 1 packet
        std::priority_queue<Due, std::vector<Due>, std::greater<>> due;
        const auto at = [start](double seconds) {
            return start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
        };
        for (std::size_t d = 0; d < m_devices.size(); ++d) {
            for (double t = m_devices[d]->cyclePhase; t < duration; t += pollSeconds)
                due.emplace(at(t), d, 0);
            for (double t : m_devices[d]->packetTimes)
                due.emplace(at(t), d, 1);
        }
        const Clock::time_point end = at(duration);
        const Clock::time_point giveUp = at(duration + drainSeconds);
        Clock::time_point nextProbe = start;
        for (;;) {
            const Clock::time_point now = Clock::now();
            while (!due.empty() && std::get<0>(due.top()) <= now) {
                const auto [when, d, what] = due.top();
                due.pop();
                SimDevice &device = *m_devices[d];
                if (what == 0)
                    queueCycle(device, when);
                else
                    queuePacket(device, when);
                startNext(device);
            }
            if (m_probeHealth && now < end && !m_health.busy && now >= nextProbe) {
                nextProbe = now + std::chrono::milliseconds(100);
                startHealth();
            }
            pump();
            if (due.empty() && m_inFlight == 0 && !m_health.busy && (!m_probeHealth || Clock::now() >= end))
                break;
            if (Clock::now() > giveUp) {
                std::fprintf(stderr, "hub_load: %d requests still in flight %.0f s after the run; stopped\n",
                             m_inFlight, drainSeconds);
                break;
            }
            int waitMs = 5;
            if (!due.empty())
                waitMs = int(std::clamp<double>(msSince(Clock::now(), std::get<0>(due.top())), 0, 5));
            curl_multi_poll(m_multi, nullptr, 0, waitMs, nullptr);
        }
    }

    // Everything queued now (one device alone: its requests one after the other).
    void runAll(double drainSeconds)
    {
        const Clock::time_point giveUp = Clock::now() + std::chrono::seconds(qint64(drainSeconds));
        for (SimDevice *device : m_devices)
            startNext(*device);
        while (m_inFlight > 0 && Clock::now() < giveUp) {
            pump();
            if (m_inFlight > 0)
                curl_multi_poll(m_multi, nullptr, 0, 5, nullptr);
        }
    }

    static void queueCycle(SimDevice &device, Clock::time_point when)
    {
        for (Kind kind : {Events, Catalog, DeviceKeys})
            device.steps.push_back({kind, -1, when});
    }
    // A case sealed at the kiosk: its attachment uploaded, the packet posted, then the events
    // pulled (the sync service runs a cycle after a submit).
    static void queuePacket(SimDevice &device, Clock::time_point when)
    {
        if (device.nextPacket >= device.packets.size())
            return;
        const int index = int(device.nextPacket++);
        if (!device.packets[std::size_t(index)].externalParts.isEmpty())
            device.steps.push_back({UploadCreate, index, when});
        device.steps.push_back({Packet, index, when});
        device.steps.push_back({Events, -1, when});
    }

    Figures figures;

private:
    void startNext(SimDevice &device)
    {
        if (device.busy || device.steps.empty())
            return;
        device.current = device.steps.front();
        device.steps.pop_front();
        if (device.current.packet >= 0 && device.current.packet != device.startedPacket) {
            device.startedPacket = device.current.packet;
            device.packetStarted = Clock::now();
        }
        HttpRequest request;
        switch (device.current.kind) {
        case Events:
            request = device.identity->signedRequest("GET", "/v1/events?after=" + device.cursor + "&limit=100");
            break;
        case Catalog: {
            request = device.identity->signedRequest("GET", "/v1/catalog");
            if (!device.etag.isEmpty())
                request.headers.append({"If-None-Match", device.etag});
            break;
        }
        case DeviceKeys:
            request = device.identity->signedRequest("GET", "/v1/devices/keys");
            if (!device.keysEtag.isEmpty())
                request.headers.append({"If-None-Match", device.keysEtag});
            break;
        case UploadCreate: {
            const crypto::SealedPacket &packet = device.packets[std::size_t(device.current.packet)];
            const crypto::SealedPart &part = packet.externalParts.first();
            const QByteArray create =
                QJsonDocument(QJsonObject{{QStringLiteral("packetId"), packet.packetId},
                                          {QStringLiteral("name"), part.name},
                                          {QStringLiteral("length"), part.blob.size()},
                                          {QStringLiteral("digest"), QString::fromLatin1(part.digest)}})
                    .toJson(QJsonDocument::Compact);
            request = device.identity->signedRequest("POST", "/v1/uploads", create, "application/json");
            break;
        }
        case UploadPatch: {
            const crypto::SealedPart &part = device.packets[std::size_t(device.current.packet)].externalParts.first();
            request = device.identity->signedPatch(device.uploadLocation,
                                                   part.blob.mid(device.uploadOffset, ChunkBytes), device.uploadOffset);
            break;
        }
        case Packet:
            request = device.identity->signedRequest("POST", "/v1/packets",
                                                     device.packets[std::size_t(device.current.packet)].envelope,
                                                     crypto::PacketContentType);
            break;
        case Healthz:
        case KindCount:
            return;
        }
        send(device, request, device.port != 0 ? device.port : m_port);
    }

    void startHealth()
    {
        m_health.current = {Healthz, -1, Clock::now()};
        HttpRequest request;
        request.target = "/healthz";
        send(m_health, request, m_adminPort);
    }

    void send(SimDevice &device, const HttpRequest &request, quint16 port)
    {
        CURL *easy = device.easy;
        curl_easy_reset(easy);
        curl_slist_free_all(device.headers);
        device.headers = curl_slist_append(nullptr, "Expect:");
        for (const auto &[name, value] : request.headers)
            device.headers = curl_slist_append(device.headers, (name + ": " + value).constData());
        device.url = "http://127.0.0.1:" + QByteArray::number(port) + request.target;
        device.body = request.body;
        device.response.clear();
        device.answeredOffset = -1;
        device.answeredLocation.clear();
        device.answeredEtag.clear();
        curl_easy_setopt(easy, CURLOPT_URL, device.url.constData());
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
        curl_easy_setopt(easy, CURLOPT_TIMEOUT, 60L);
        curl_easy_setopt(easy, CURLOPT_HTTPHEADER, device.headers);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, onBody);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &device);
        curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, onHeader);
        curl_easy_setopt(easy, CURLOPT_HEADERDATA, &device);
        curl_easy_setopt(easy, CURLOPT_PRIVATE, &device);
        if (request.method == "GET") {
            curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        } else {
            curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.constData());
            curl_easy_setopt(easy, CURLOPT_POSTFIELDS, device.body.constData());
            curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(device.body.size()));
        }
        device.busy = true;
        device.sent = Clock::now();
        ++m_inFlight;
        curl_multi_add_handle(m_multi, easy);
    }

    void pump()
    {
        int running = 0;
        curl_multi_perform(m_multi, &running);
        int left = 0;
        while (CURLMsg *message = curl_multi_info_read(m_multi, &left)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            CURL *easy = message->easy_handle;
            const CURLcode code = message->data.result;
            void *user = nullptr;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, &user);
            long status = 0;
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
            curl_multi_remove_handle(m_multi, easy);
            --m_inFlight;
            finished(*static_cast<SimDevice *>(user), code, int(status));
        }
    }

    void finished(SimDevice &device, CURLcode code, int status)
    {
        const Clock::time_point now = Clock::now();
        const SimDevice::Step step = device.current;
        device.busy = false;
        figures.latency[step.kind].push_back(msSince(device.sent, now));
        const auto failed = [&](const QByteArray &why) {
            ++figures.errors[step.kind];
            if (figures.firstError.isEmpty())
                figures.firstError = QByteArray(KindNames[step.kind]) + ": " + why;
        };
        if (code != CURLE_OK) {
            ++figures.transportErrors;
            failed(curl_easy_strerror(code));
        } else {
            switch (step.kind) {
            case Events:
                if (status != 200) {
                    failed(QByteArray::number(status) + ' ' + device.response.left(200));
                    break;
                }
                {
                    const QJsonObject page = QJsonDocument::fromJson(device.response).object();
                    const QString next = page.value(QStringLiteral("next")).toString();
                    if (!next.isEmpty())
                        device.cursor = next.toLatin1();
                    if (page.value(QStringLiteral("more")).toBool())
                        device.steps.push_front({Events, -1, step.due});
                }
                break;
            case Catalog:
                if (status == 200 && !device.answeredEtag.isEmpty())
                    device.etag = device.answeredEtag;
                else if (status != 304)
                    failed(QByteArray::number(status) + ' ' + device.response.left(200));
                break;
            case DeviceKeys:
                if (status == 200 && !device.answeredEtag.isEmpty())
                    device.keysEtag = device.answeredEtag;
                else if (status != 304)
                    failed(QByteArray::number(status) + ' ' + device.response.left(200));
                break;
            case Healthz:
                if (status != 200)
                    failed(QByteArray::number(status) + ' ' + device.response.left(200));
                break;
            case UploadCreate:
            case UploadPatch: {
                if ((step.kind == UploadCreate && status != 201 && status != 200) ||
                    (step.kind == UploadPatch && status != 204) || device.answeredOffset < 0) {
                    failed(QByteArray::number(status) + ' ' + device.response.left(200));
                    dropPacket(device, step.packet);
                    break;
                }
                if (step.kind == UploadCreate)
                    device.uploadLocation = device.answeredLocation;
                device.uploadOffset = device.answeredOffset;
                const qint64 length = device.packets[std::size_t(step.packet)].externalParts.first().blob.size();
                if (device.uploadOffset < length)
                    device.steps.push_front({UploadPatch, step.packet, step.due});
                break;
            }
            case Packet:
                if (status == 201 || status == 200) {
                    figures.timeToReceipt.push_back(msSince(step.due, now));
                    figures.sendToReceipt.push_back(msSince(device.packetStarted, now));
                } else
                    failed(QByteArray::number(status) + ' ' + device.response.left(200));
                break;
            case KindCount:
                break;
            }
        }
        if (&device != &m_health)
            startNext(device);
    }

    // An upload refused: the packet it belongs to is not posted (and counted as not received).
    static void dropPacket(SimDevice &device, int packet)
    {
        device.steps.erase(std::remove_if(device.steps.begin(), device.steps.end(),
                                          [packet](const SimDevice::Step &s) { return s.packet == packet; }),
                           device.steps.end());
    }

    static constexpr qint64 ChunkBytes = 256 * 1024; // as the outbox pump sends them

    std::vector<SimDevice *> m_devices;
    quint16 m_port;
    quint16 m_adminPort;
    bool m_probeHealth;
    CURLM *m_multi = nullptr;
    int m_inFlight = 0;
    SimDevice m_health;
};

crypto::PacketContent caseContent(const HubTestDevice &device, int index, int attachmentBytes)
{
    crypto::PacketContent content =
        device.sampleContent(QStringLiteral("%1-%2").arg(device.casePrefix()).arg(index, 8, 10, QLatin1Char('0')),
                             QStringLiteral("senior-citizen-card"), attachmentBytes);
    return content;
}

qint64 hubRssKb(qint64 pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(qsizetype(std::strlen(field))).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

void printRow(const char *name, const std::vector<double> &values, int errors, const std::vector<double> *alone)
{
    if (values.empty() && errors == 0)
        return;
    std::printf("  %-16s %7zu %6d %8.1f %8.1f %8.1f %8.1f", name, values.size(), errors, percentile(values, 0.50),
                percentile(values, 0.95), percentile(values, 0.99),
                values.empty() ? 0.0 : *std::max_element(values.begin(), values.end()));
    if (alone && !alone->empty()) {
        const double aloneP99 = percentile(*alone, 0.99);
        std::printf(" %9.1f %7.2f", aloneP99, aloneP99 > 0 ? percentile(values, 0.99) / aloneP99 : 0.0);
    }
    std::printf("\n");
}

bool run(const Options &options, HubTestBackend &backend)
{
    QString error;
    const QString url = backend.newDatabase(&error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    HubFixture hub(url);
    // Every device comes from 127.0.0.1 here, through the generator's pool of connections.
    const int allowed = options.connections + 16;
    if (!hub.start({QStringLiteral("--max-connections-per-ip"), QString::number(allowed),
                    QStringLiteral("--max-connections"), QString::number(std::max(1000, allowed))})) {
        std::fprintf(stderr, "hub did not start\n%s\n", hub.log().constData());
        return false;
    }
    // The second hub: the same database and the same hub keys (a county's hubs share their keys).
    std::unique_ptr<HubFixture> second;
    if (options.hubs == 2) {
        second = std::make_unique<HubFixture>(url);
        const QString keys = QStringLiteral("/keys/");
        QDir().mkpath(second->dataDir() + keys);
        for (const QString &name : QDir(hub.dataDir() + keys).entryList(QDir::Files))
            QFile::copy(hub.dataDir() + keys + name, second->dataDir() + keys + name);
        if (!second->start({QStringLiteral("--max-connections-per-ip"), QString::number(allowed),
                            QStringLiteral("--max-connections"), QString::number(std::max(1000, allowed))})) {
            std::fprintf(stderr, "second hub did not start\n%s\n", second->log().constData());
            return false;
        }
    }
    std::printf("== hub_load on %s%s: %d devices, %.0f s, sync cycle every %.0f s, a case every %.0f s per device "
                "(%.0f%% with a %d KB attachment), %d connections, %d client threads\n",
                qPrintable(backend.name()), second ? " (2 hubs, one database)" : "", options.devices, options.duration,
                options.pollSeconds, options.packetSeconds, options.attachmentShare * 100,
                options.attachmentBytes / 1024, options.connections, options.threads);

    // Enrollment: the codes from one admin command, the devices through /v1/enroll.
    QElapsedTimer timer;
    timer.start();
    const int total = options.devices + 1; // the last one is the baseline's device
    const QStringList codes = hub.enrollCodes(total);
    if (codes.size() != total) {
        std::fprintf(stderr, "enrollment codes not issued\n%s\n", hub.log().right(2000).constData());
        return false;
    }
    const double codeSeconds = double(timer.nsecsElapsed()) / 1e9;
    std::vector<SimDevice> devices(static_cast<std::size_t>(total));
    std::atomic<int> next{0};
    std::atomic<int> refused{0};
    {
        std::vector<std::thread> enrollers;
        for (int t = 0; t < 4; ++t) {
            enrollers.emplace_back([&] {
                for (int d = next++; d < total; d = next++) {
                    auto identity = std::make_unique<HubTestDevice>(hub);
                    identity->setCasePrefix(QStringLiteral("L%1").arg(d));
                    if (identity->enroll(codes[d], QStringLiteral("load kiosk %1").arg(d)).status != 201)
                        ++refused;
                    devices[std::size_t(d)].identity = std::move(identity);
                }
            });
        }
        for (std::thread &thread : enrollers)
            thread.join();
    }
    if (refused > 0) {
        std::fprintf(stderr, "%d enrollments refused\n%s\n", refused.load(), hub.log().right(2000).constData());
        return false;
    }
    const double enrollSeconds = double(timer.nsecsElapsed()) / 1e9 - codeSeconds;

    // Each device's cases (Poisson arrivals), sealed ahead so that sealing costs nothing in the run.
    timer.restart();
    std::mt19937_64 random(20261201);
    std::uniform_real_distribution<double> uniform(0, 1);
    std::exponential_distribution<double> gap(1.0 / options.packetSeconds);
    int packets = 0;
    int withAttachment = 0;
    for (int d = 0; d < options.devices; ++d) {
        SimDevice &device = devices[std::size_t(d)];
        device.port = (second && d % 2 == 1) ? second->port() : hub.port();
        device.cyclePhase = uniform(random) * options.pollSeconds;
        for (double t = gap(random); t < options.duration; t += gap(random))
            device.packetTimes.push_back(t);
    }
    // The baseline device: 40 sync cycles and 20 cases, one request after another.
    SimDevice &alone = devices.back();
    alone.packetTimes.assign(20, 0.0);
    for (int d = 0; d < total; ++d) {
        SimDevice &device = devices[std::size_t(d)];
        for (std::size_t i = 0; i < device.packetTimes.size(); ++i) {
            const bool attach = (d == total - 1) ? i % 10 == 0 : uniform(random) < options.attachmentShare;
            withAttachment += attach ? 1 : 0;
            device.packets.push_back(device.identity->seal(
                caseContent(*device.identity, int(i), attach ? options.attachmentBytes : 0), qint64(i) + 1));
            ++packets;
        }
    }
    std::printf("enrolled %d devices in %.1f s (codes %.2f s); %d cases sealed ahead in %.1f s, %d with an "
                "attachment\n",
                total, enrollSeconds, codeSeconds, packets, double(timer.nsecsElapsed()) / 1e9, withAttachment);

    // Baseline: the same kinds of request from one device alone on this hub, one at a time.
    Figures baseline;
    {
        Worker worker({&alone}, hub.port(), hub.adminPort(), 1, false);
        // One cycle first, not counted: the hub builds its device key list once after enrollment.
        Worker::queueCycle(alone, Clock::now());
        worker.runAll(120);
        worker.figures = Figures();
        const Clock::time_point now = Clock::now();
        for (int c = 0; c < 40; ++c) {
            Worker::queueCycle(alone, now);
            if (c % 2 == 0)
                Worker::queuePacket(alone, now);
        }
        worker.runAll(120);
        baseline = worker.figures;
        // /healthz alone.
        Worker health({}, hub.port(), hub.adminPort(), 1, true);
        health.runSchedule(Clock::now(), 3, 1e9, 5);
        baseline.merge(health.figures);
    }

    // The load.
    const int threads = std::max(1, std::min(options.threads, options.devices));
    std::vector<std::vector<SimDevice *>> shares(static_cast<std::size_t>(threads));
    for (int d = 0; d < options.devices; ++d)
        shares[std::size_t(d % threads)].push_back(&devices[std::size_t(d)]);
    const qint64 rssBefore = hubRssKb(hub.processId(), "VmRSS:");
    const qint64 secondRssBefore = second ? hubRssKb(second->processId(), "VmRSS:") : 0;
    std::vector<std::unique_ptr<Worker>> workers;
    for (int t = 0; t < threads; ++t)
        workers.push_back(std::make_unique<Worker>(shares[std::size_t(t)], hub.port(), hub.adminPort(),
                                                   std::max(1, options.connections / threads), t == 0));
    const Clock::time_point start = Clock::now() + std::chrono::milliseconds(200);
    std::vector<std::thread> running;
    for (auto &worker : workers)
        running.emplace_back(
            [&worker, &options, start] { worker->runSchedule(start, options.duration, options.pollSeconds, 60); });
    for (std::thread &thread : running)
        thread.join();
    const double seconds = msSince(start, Clock::now()) / 1000.0;
    Figures load;
    for (auto &worker : workers)
        load.merge(worker->figures);
    const qint64 rssAfter = hubRssKb(hub.processId(), "VmRSS:");
    const qint64 rssPeak = hubRssKb(hub.processId(), "VmHWM:");
    const qint64 secondRssAfter = second ? hubRssKb(second->processId(), "VmRSS:") : 0;
    const qint64 secondRssPeak = second ? hubRssKb(second->processId(), "VmHWM:") : 0;

    int errors = 0;
    for (int k = 0; k < KindCount; ++k)
        errors += load.errors[k];
    std::printf("load: %zu requests in %.1f s (%.1f/s), %zu packets received (%.1f/s) of %d sealed, %d errors "
                "(%d transport)%s%s\n",
                load.requests(), seconds, double(load.requests()) / seconds, load.timeToReceipt.size(),
                double(load.timeToReceipt.size()) / seconds, packets - 20, errors, load.transportErrors,
                load.firstError.isEmpty() ? "" : "; first: ", load.firstError.constData());
    std::printf("  %-16s %7s %6s %8s %8s %8s %8s %9s %7s\n", "ms", "count", "errors", "p50", "p95", "p99", "max",
                "alone p99", "ratio");
    for (int k = 0; k < KindCount; ++k)
        printRow(KindNames[k], load.latency[k], load.errors[k], &baseline.latency[k]);
    // One device alone queues its cases at once: its time to receipt counts from each case's first request.
    printRow("time to receipt", load.timeToReceipt, 0, &baseline.sendToReceipt);
    std::vector<double> all;
    std::vector<double> allAlone;
    for (int k = 0; k < KindCount; ++k) {
        if (k == Healthz)
            continue;
        all.insert(all.end(), load.latency[k].begin(), load.latency[k].end());
        allAlone.insert(allAlone.end(), baseline.latency[k].begin(), baseline.latency[k].end());
    }
    printRow("all requests", all, errors - load.errors[Healthz], &allAlone);
    std::printf("hub_load %s%s: %d devices: p99 of all requests %.1f ms (goal <= 200 ms), %.2f x one device alone; "
                "hub RSS %.1f MB before, %.1f MB after, %.1f MB peak",
                qPrintable(backend.name()), second ? " (2 hubs)" : "", options.devices, percentile(all, 0.99),
                percentile(allAlone, 0.99) > 0 ? percentile(all, 0.99) / percentile(allAlone, 0.99) : 0.0,
                double(rssBefore) / 1024, double(rssAfter) / 1024, double(rssPeak) / 1024);
    if (second)
        std::printf("; second hub RSS %.1f MB before, %.1f MB after, %.1f MB peak", double(secondRssBefore) / 1024,
                    double(secondRssAfter) / 1024, double(secondRssPeak) / 1024);
    std::printf("\n");
    // Nothing lost, nothing stored twice: every sealed case once in the database the hubs share.
    const QJsonObject stored = hub.stats();
    const qint64 storedPackets = stored.value(QStringLiteral("packets")).toInteger(-1);
    const qint64 storedCases = stored.value(QStringLiteral("cases")).toInteger(-1);
    const bool storedOnce = storedPackets == packets && storedCases == packets &&
                            stored.value(QStringLiteral("distinctPackets")).toInteger(-1) == packets;
    std::printf("stored: %lld packets, %lld cases of %d sealed%s\n", storedPackets, storedCases, packets,
                storedOnce ? " (each once)" : " (MISMATCH)");
    if (errors > 0) {
        std::fprintf(stderr, "hub log (end):\n%s\n", hub.log().right(3000).constData());
        if (second)
            std::fprintf(stderr, "second hub log (end):\n%s\n", second->log().right(3000).constData());
    }
    return errors == 0 && storedOnce && load.timeToReceipt.size() == std::size_t(packets - 20);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Options options;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i < args.size(); i += 2) {
        const QString &name = args[i];
        const QString value = args.value(i + 1);
        if (name == QLatin1String("--devices"))
            options.devices = value.toInt();
        else if (name == QLatin1String("--duration"))
            options.duration = value.toDouble();
        else if (name == QLatin1String("--poll-seconds"))
            options.pollSeconds = value.toDouble();
        else if (name == QLatin1String("--packet-seconds"))
            options.packetSeconds = value.toDouble();
        else if (name == QLatin1String("--attachment-share"))
            options.attachmentShare = value.toDouble();
        else if (name == QLatin1String("--attachment-bytes"))
            options.attachmentBytes = value.toInt();
        else if (name == QLatin1String("--connections"))
            options.connections = value.toInt();
        else if (name == QLatin1String("--threads"))
            options.threads = value.toInt();
        else if (name == QLatin1String("--backend"))
            options.backend = value;
        else if (name == QLatin1String("--hubs"))
            options.hubs = value.toInt();
        else {
            std::fprintf(stderr, "usage: hub_load [--devices N] [--duration S] [--poll-seconds S] [--packet-seconds S] "
                                 "[--attachment-share F] [--attachment-bytes N] [--connections N] [--threads N] "
                                 "[--backend sqlite|postgres|both] [--hubs 1|2]\n");
            return 64;
        }
    }
    if (options.devices < 1 || options.duration <= 0 || options.pollSeconds <= 0 || options.packetSeconds <= 0 ||
        options.connections < 1) {
        std::fprintf(stderr, "hub_load: devices, duration, intervals and connections must be positive\n");
        return 64;
    }
    if (options.hubs != 1 && options.hubs != 2) {
        std::fprintf(stderr, "hub_load: --hubs is 1 or 2\n");
        return 64;
    }
    if (!crypto::selfTest())
        return 2;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    bool ok = true;
    for (const QString &backendName : {QStringLiteral("sqlite"), QStringLiteral("postgres")}) {
        if (options.backend != QLatin1String("both") && options.backend != backendName)
            continue;
        // Two hubs share one database only on PostgreSQL; a SQLite hub owns its file.
        if (options.hubs == 2 && backendName == QLatin1String("sqlite")) {
            std::printf("== hub_load on sqlite: skipped with --hubs 2 (two hubs share a PostgreSQL database only)\n");
            continue;
        }
        qputenv("OW_HUB_BACKEND", backendName.toLatin1());
        HubTestBackend backend;
        ok = run(options, backend) && ok;
    }
    curl_global_cleanup();
    return ok ? 0 : 1;
}
