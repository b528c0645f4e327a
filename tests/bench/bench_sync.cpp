// Drains N sealed cases (about 4 KB each) plus M attachments (2 MB each by default) to a local
// onewindow-hub through the outbox pump, and posts the same kind of sealed bytes to the same hub
// with a plain libcurl loop (no store, no receipt checks, no backoff bookkeeping) for comparison.
// Prints packets/s, MB/s and the ratio pump/plain (goal >= 0.5); asserts no times.
//   bench_sync [--cases N] [--attachments M] [--attachment-bytes B] [--form-bytes F] [--backend sqlite|postgres]
#include "HubFixture.h"
#include "HubTestBackend.h"

#include "crypto/Packet.h"
#include "domain/IdNumber.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSealer.h"
#include "sync/CurlTransport.h"
#include "sync/EnrolledDevice.h"
#include "sync/OutboxPump.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <curl/curl.h>

#include <cstdio>
#include <memory>

using namespace ow;

namespace {

struct Settings
{
    int cases = 10000;
    int attachments = 100;
    qint64 attachmentBytes = 2 * 1024 * 1024;
    int formBytes = 4096;
};

const Actor kClerk{QStringLiteral("bench"), QStringLiteral("clerk")};

struct Device
{
    QTemporaryDir dir;
    std::unique_ptr<KeyFileProvider> keys;
    std::unique_ptr<Store> store;
    std::unique_ptr<sync::CurlTransport> transport;
    std::unique_ptr<sync::EnrolledDevice> device;
    qint64 bytes = 0;
    double sealSeconds = 0;
};

bool prepare(Device &d, const test::HubFixture &hub, const Settings &s, const QString &storeId)
{
    d.keys = std::make_unique<KeyFileProvider>(d.dir.filePath(QStringLiteral("k")));
    Store::Options o;
    o.path = d.dir.filePath(QStringLiteral("store.db"));
    o.keys = d.keys.get();
    o.mode = Store::OpenMode::CreateIfMissing;
    o.deviceId = storeId;
    auto store = Store::open(o);
    if (!store.ok())
        return false;
    d.store = std::move(store).value();
    sync::TransportConfig tc;
    tc.baseUrl = hub.baseUrl();
    auto t = sync::CurlTransport::create(tc);
    if (!t.ok())
        return false;
    d.transport = std::move(t).value();
    auto dev = sync::EnrolledDevice::enroll(*d.store, *d.transport, hub.enrollCode(), storeId);
    if (!dev.ok()) {
        std::fprintf(stderr, "enroll failed: %s\n", qPrintable(dev.error().logDetail));
        return false;
    }
    d.device = std::move(dev).value();
    sync::CaseSealer sealer(*d.store, *d.device);
    QElapsedTimer timer;
    for (int i = 0; i < s.cases; ++i) {
        const QString first17 = QStringLiteral("34112519800101%1").arg(100 + i % 900);
        const QString id = first17 + idNumber::checkDigit(first17);
        const QJsonObject form{{QStringLiteral("applicantName"), QStringLiteral("基准申请人")},
                               {QStringLiteral("applicantId"), id},
                               {QStringLiteral("notes"), QString(s.formBytes - 200, QLatin1Char('n'))}};
        auto c = d.store->cases().create(
            {QStringLiteral("senior-citizen-card"), 1, id, QJsonDocument(form).toJson(QJsonDocument::Compact)}, kClerk);
        if (!c.ok())
            return false;
        if (i < s.attachments) {
            QByteArray scan(s.attachmentBytes, Qt::Uninitialized);
            for (qint64 b = 0; b < scan.size(); ++b)
                scan[b] = static_cast<char>((b * 13 + i) & 0xff);
            if (!d.store->attachments()
                     .add(c->number, QStringLiteral("household-register"), QStringLiteral("image/jpeg"), scan, kClerk)
                     .ok())
                return false;
        }
        timer.start();
        auto sealed = sealer.seal(c->number, kClerk);
        d.sealSeconds += static_cast<double>(timer.nsecsElapsed()) / 1e9;
        if (!sealed.ok()) {
            std::fprintf(stderr, "seal failed: %s\n", qPrintable(sealed.error().logDetail));
            return false;
        }
        d.bytes += sealed->bytes;
    }
    return true;
}

size_t discard(char *, size_t size, size_t count, void *)
{
    return size * count;
}

size_t keepLocation(char *data, size_t size, size_t count, void *user)
{
    const QByteArray line = QByteArray(data, static_cast<qsizetype>(size * count)).trimmed();
    if (line.toLower().startsWith("location:"))
        *static_cast<QByteArray *>(user) = line.mid(9).trimmed();
    return size * count;
}

// The comparison: one easy handle with keep-alive, the same requests in the same order (upload
// create + chunks of the same size, then the packet), each signed as the hub requires, and
// nothing else: no store, no receipt check, no bookkeeping.
struct PlainResult
{
    int packets = 0;
    int failures = 0;
    qint64 bytes = 0;
    double seconds = 0;
};

PlainResult plainLoop(const QString &baseUrl, Device &d, qint64 chunkBytes)
{
    // Everything is read from the store before the clock starts.
    auto items = d.store->outbox().inState(OutboxState::Pending, 10000000);
    PlainResult r;
    if (!items.ok())
        return r;
    CURL *curl = curl_easy_init();
    QByteArray location;
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, keepLocation);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &location);
    auto send = [&](const QByteArray &method, const QByteArray &path, const QByteArray &body,
                    QList<QByteArray> headers) -> long {
        sync::HeaderList given;
        for (const QByteArray &h : headers) {
            const qsizetype colon = h.indexOf(':');
            given.append({h.left(colon), h.mid(colon + 1).trimmed()});
        }
        const auto auth = d.device->authHeaders(method, path, body, QDateTime::currentSecsSinceEpoch(), given);
        for (const auto &h : *auth)
            headers.append(h.first + ": " + h.second);
        headers.append("Expect:");
        curl_slist *list = nullptr;
        for (const QByteArray &h : headers)
            list = curl_slist_append(list, h.constData());
        const QByteArray url = baseUrl.toUtf8() + path;
        curl_easy_setopt(curl, CURLOPT_URL, url.constData());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.constData());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
        long status = 0;
        if (curl_easy_perform(curl) == CURLE_OK)
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_slist_free_all(list);
        return status;
    };
    QElapsedTimer timer;
    timer.start();
    for (const OutboxItem &item : *items) {
        r.bytes += item.payload.size();
        if (item.kind == QLatin1String(sync::kKindAttachment)) {
            const qsizetype slash = item.packetId.lastIndexOf(QLatin1Char('/'));
            const QJsonObject create{{QStringLiteral("packetId"), item.packetId.left(slash)},
                                     {QStringLiteral("name"), item.packetId.mid(slash + 1)},
                                     {QStringLiteral("length"), item.payload.size()},
                                     {QStringLiteral("digest"),
                                      QString::fromLatin1(sync::suiteDigest(d.device->suite(), item.payload).toHex())}};
            location.clear();
            if (send("POST", "/v1/uploads", QJsonDocument(create).toJson(QJsonDocument::Compact),
                     {"Content-Type: application/json", "Tus-Resumable: 1.0.0"}) /
                        100 !=
                    2 ||
                location.isEmpty()) {
                ++r.failures;
                continue;
            }
            const QByteArray path = location;
            for (qint64 offset = 0; offset < item.payload.size(); offset += chunkBytes) {
                if (send("PATCH", path, item.payload.mid(offset, chunkBytes),
                         {"Content-Type: application/offset+octet-stream", "Tus-Resumable: 1.0.0",
                          "Upload-Offset: " + QByteArray::number(offset)}) != 204) {
                    ++r.failures;
                    break;
                }
            }
            continue;
        }
        if (send("POST", "/v1/packets", item.payload, {QByteArray("Content-Type: ") + crypto::PacketContentType}) /
                100 ==
            2)
            ++r.packets;
        else
            ++r.failures;
    }
    r.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    curl_easy_cleanup(curl);
    return r;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("ow.*.info=false\now.*.debug=false"));
    Settings s;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--cases"))
            s.cases = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--attachments"))
            s.attachments = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--attachment-bytes"))
            s.attachmentBytes = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--form-bytes"))
            s.formBytes = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--backend"))
            qputenv("OW_HUB_BACKEND", args[i + 1].toLatin1());
    }
    test::HubTestBackend backend;
    QString error;
    const QString dbUrl = backend.newDatabase(&error);
    if (backend.isPostgres() && dbUrl.isEmpty()) {
        std::fprintf(stderr, "PostgreSQL: %s\n", qPrintable(error));
        return 1;
    }
    test::HubFixture hub(dbUrl);
    if (!hub.start()) {
        std::fprintf(stderr, "hub did not start: %s\n", hub.log().constData());
        return 1;
    }
    std::printf("hub=%s cases=%d form_bytes=%d attachments=%d attachment_bytes=%lld\n", qPrintable(backend.name()),
                s.cases, s.formBytes, s.attachments, static_cast<long long>(s.attachmentBytes));
    std::fflush(stdout);

    // Two devices with the same kind of cases: one drains through the pump, the other's sealed
    // bytes go through the plain loop (each packet is ingested once, so the hub does the same work).
    Device pumped;
    Device plain;
    if (!prepare(pumped, hub, s, QStringLiteral("BENCHA")) || !prepare(plain, hub, s, QStringLiteral("BENCHB"))) {
        std::fprintf(stderr, "preparing the devices failed\n");
        return 1;
    }
    const double mb = static_cast<double>(pumped.bytes) / (1024.0 * 1024.0);
    std::printf("seal: %d cases in %.3f s = %.1f cases/s (sealing only, excluded from the drain)\n", s.cases,
                pumped.sealSeconds, s.cases / pumped.sealSeconds);

    sync::OutboxPump::Options po;
    po.batch = 100;
    po.chunkBytes = 1024 * 1024;
    sync::OutboxPump pump(*pumped.store, *pumped.transport, *pumped.device, sync::Backoff(), po);
    QElapsedTimer timer;
    timer.start();
    auto report = pump.drain();
    const double pumpSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    if (!report.ok() || report->acknowledged != s.cases) {
        std::fprintf(stderr, "pump drain incomplete: %d acknowledged, %s\n", report.ok() ? report->acknowledged : -1,
                     report.ok() ? "" : qPrintable(report.error().logDetail));
        return 1;
    }
    const PlainResult baseline = plainLoop(hub.baseUrl(), plain, po.chunkBytes);
    if (baseline.packets != s.cases || baseline.failures > 0) {
        std::fprintf(stderr, "plain loop incomplete: %d packets, %d failures\n", baseline.packets, baseline.failures);
        return 1;
    }
    const double plainMb = static_cast<double>(baseline.bytes) / (1024.0 * 1024.0);
    const double pumpRate = s.cases / pumpSeconds;
    const double plainRate = baseline.packets / baseline.seconds;
    std::printf("pump : %d packets + %d attachments, %.1f MB in %.3f s = %.1f packets/s, %.2f MB/s\n", s.cases,
                report->partsUploaded, mb, pumpSeconds, pumpRate, mb / pumpSeconds);
    std::printf("plain: %d packets + %d attachments, %.1f MB in %.3f s = %.1f packets/s, %.2f MB/s\n", baseline.packets,
                s.attachments, plainMb, baseline.seconds, plainRate, plainMb / baseline.seconds);
    std::printf("ratio pump/plain: %.2f (time), %.2f (MB/s) -- goal >= 0.5\n", baseline.seconds / pumpSeconds,
                (mb / pumpSeconds) / (plainMb / baseline.seconds));
    const QJsonObject stats = hub.stats();
    std::printf("hub stored %lld packets\n",
                static_cast<long long>(stats.value(QStringLiteral("packets")).toInteger()));
    return 0;
}
