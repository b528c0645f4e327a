// Prints seal and open time per packet for both suites and the hub's ingest throughput on SQLite
// and on PostgreSQL. Figures only; nothing is asserted about time.
//   bench_hub [--packets N] [--backend sqlite|postgres|both]

#include "HubFixture.h"
#include "HubTestBackend.h"

#include "crypto/Packet.h"
#include "crypto/SelfTest.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <cstdio>

using namespace ow;
using namespace ow::test;

namespace {

crypto::PacketContent content(int i)
{
    crypto::PacketContent c;
    c.caseId = QStringLiteral("B-%1").arg(i, 8, 10, QLatin1Char('0'));
    c.itemId = QStringLiteral("senior-citizen-card");
    // About 4 KB of form data, as a typical case.
    for (int f = 0; f < 36; ++f)
        c.form.insert(QStringLiteral("field%1").arg(f), QString(24, QChar(u'办')));
    return c;
}

bool sealAndOpen(crypto::Suite suite, int count)
{
    auto device = crypto::PrivateKey::generate(suite, crypto::KeyUse::Signing);
    auto hub = crypto::PrivateKey::generate(suite, crypto::KeyUse::Encryption);
    if (!device || !hub)
        return false;
    const crypto::PacketSealer sealer(suite, *device, hub->publicKey(), QStringLiteral("d-bench"));
    QList<crypto::SealedPacket> sealed;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < count; ++i) {
        auto packet = sealer.seal(content(i), i, QDateTime::currentDateTimeUtc());
        if (!packet)
            return false;
        sealed.append(*packet);
    }
    const double sealUs = double(timer.nsecsElapsed()) / 1000.0 / count;
    timer.restart();
    for (const crypto::SealedPacket &packet : sealed) {
        auto parsed = crypto::PacketOpener::parse(packet.envelope);
        if (!parsed || !crypto::PacketOpener::verifySignature(*parsed, device->publicKey()) ||
            !crypto::PacketOpener::verifyDigests(*parsed) || !crypto::PacketOpener::open(*parsed, *hub))
            return false;
    }
    const double openUs = double(timer.nsecsElapsed()) / 1000.0 / count;
    std::printf("suite %-4s  packet %5lld bytes  seal %8.1f us/packet  verify+open %8.1f us/packet  (%d packets)\n",
                qPrintable(crypto::suiteName(suite)), static_cast<long long>(sealed.first().envelope.size()), sealUs,
                openUs, count);
    return true;
}

bool ingest(HubTestBackend &backend, int count)
{
    QString error;
    const QString url = backend.newDatabase(&error);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return false;
    }
    HubFixture hub(url);
    if (!hub.start()) {
        std::fprintf(stderr, "hub did not start\n%s\n", hub.log().constData());
        return false;
    }
    HubTestDevice device(hub);
    if (device.enroll(hub.enrollCode()).status != 201)
        return false;
    QList<HttpRequest> requests;
    qint64 bytes = 0;
    for (int i = 0; i < count; ++i) {
        const crypto::SealedPacket packet = device.seal(content(i), i + 1);
        requests.append(device.signedRequest("POST", "/v1/packets", packet.envelope, crypto::PacketContentType));
        bytes += packet.envelope.size();
    }
    QElapsedTimer timer;
    timer.start();
    for (const HttpRequest &request : requests) {
        if (hub.request(request).status != 201)
            return false;
    }
    const double seconds = double(timer.nsecsElapsed()) / 1e9;
    // The hub's own time per request, from its metrics.
    double serverSeconds = 0;
    double served = 0;
    for (const QByteArray &line : hub.adminGet("/metrics").body.split('\n')) {
        if (line.startsWith("ow_hub_request_seconds_sum "))
            serverSeconds = line.mid(27).toDouble();
        else if (line.startsWith("ow_hub_request_seconds_count "))
            served = line.mid(29).toDouble();
    }
    std::printf("ingest %-8s  %6.1f packets/s  %6.2f MB/s  hub time %.2f ms/request  (%d packets of %lld bytes, "
                "one connection each, each committed before its receipt)\n",
                qPrintable(backend.name()), count / seconds, double(bytes) / seconds / 1e6,
                served > 0 ? serverSeconds / served * 1000 : 0.0, count, static_cast<long long>(bytes / count));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int packets = 1000;
    QString which = QStringLiteral("both");
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--packets"))
            packets = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--backend"))
            which = args[i + 1];
    }
    if (!crypto::selfTest())
        return 2;
    for (crypto::Suite suite : {crypto::Suite::Gm, crypto::Suite::Intl})
        if (!sealAndOpen(suite, packets))
            return 1;
    for (const QString &backendName : {QStringLiteral("sqlite"), QStringLiteral("postgres")}) {
        if (which != QLatin1String("both") && which != backendName)
            continue;
        qputenv("OW_HUB_BACKEND", backendName.toLatin1());
        HubTestBackend backend;
        if (!ingest(backend, packets))
            return 1;
    }
    return 0;
}
