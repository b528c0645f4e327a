#include "cli/CliSync.h"
#include "cli/CliArguments.h"
#include "cli/CliText.h"

#include "common/AtomicFile.h"
#include "common/Logging.h"
#include "common/Tr.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSealer.h"
#include "sync/CurlTransport.h"
#include "sync/EnrolledDevice.h"
#include "sync/HubFeeds.h"
#include "sync/OutboxPump.h"
#include "sync/PacketExport.h"
#include "sync/SyncText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <memory>
#include <optional>

namespace ow::cli {

namespace {

const char *kSyncUsage = QT_TRANSLATE_NOOP(
    "SyncText",
    "Usage:\n"
    "  onewindow sync enroll --db PATH KEY --hub URL --code CODE [--name NAME] [--suite gm|intl] [--pin PIN]\n"
    "  onewindow sync seal   --db PATH KEY NUMBER...\n"
    "  onewindow sync push   --db PATH KEY --hub URL [--pin PIN]\n"
    "  onewindow sync pull   --db PATH KEY --hub URL [--pin PIN]\n"
    "  onewindow sync status --db PATH KEY\n"
    "  onewindow export-packets DIR --db PATH KEY\n"
    "KEY is --key-file PATH or --passphrase-stdin. PIN is the hub's public key as sha256//BASE64.\n"
    "Plain http:// is accepted only for a hub on this computer.");

struct SyncOptions
{
    QString verb; // of sync
    QString db;
    QString keyFile;
    bool passphraseStdin = false;
    QString hub;
    QString pin;
    QString caFile;
    QString code;
    QString name;
    QString suite = QStringLiteral("gm");
    QStringList positional;
};

QList<QCommandLineOption> hubOptions()
{
    return {{QStringLiteral("hub"), CliText::tr("The county hub's address."), QStringLiteral("URL")},
            {QStringLiteral("pin"), CliText::tr("The hub's public key: sha256//BASE64 or a PEM file."),
             QStringLiteral("PIN")},
            {QStringLiteral("ca-file"), CliText::tr("Certificates to trust for the hub's TLS, in PEM."),
             QStringLiteral("FILE")},
            {QStringLiteral("code"), CliText::tr("The one-time enrollment code from the hub."), QStringLiteral("CODE")},
            {QStringLiteral("name"), CliText::tr("The device's name at the hub (default: its device id)."),
             QStringLiteral("NAME")},
            {QStringLiteral("suite"), CliText::tr("The packet suite: gm (default) or intl."), QStringLiteral("SUITE")}};
}

// `args` after `sync` or `export-packets`; `exit` is the exit code when nothing is returned.
std::optional<SyncOptions> parseSync(bool isExport, const QStringList &args, Io &io, int &exit)
{
    CliArguments cl(isExport ? QStringLiteral("onewindow export-packets") : QStringLiteral("onewindow sync"),
                    SyncText::tr(kSyncUsage), isExport ? storeOptions() : storeOptions() + hubOptions());
    if (const auto code = cl.parseOrExit(args, io)) {
        exit = *code;
        return std::nullopt;
    }
    SyncOptions o;
    o.positional = cl.positional();
    if (isExport) {
        if (o.positional.isEmpty()) {
            cl.usageError(CliText::tr("Name the folder to write to."), io);
            return std::nullopt;
        }
    } else {
        static const QStringList verbs = {QStringLiteral("enroll"), QStringLiteral("seal"), QStringLiteral("push"),
                                          QStringLiteral("pull"), QStringLiteral("status")};
        if (o.positional.isEmpty()) {
            cl.usageError(CliText::tr("Name what to do: %1.").arg(verbs.join(QStringLiteral(", "))), io);
            return std::nullopt;
        }
        o.verb = o.positional.takeFirst();
        if (!verbs.contains(o.verb)) {
            cl.usageError(CliText::tr("Unknown command %1.").arg(QStringLiteral("sync ") + o.verb), io);
            return std::nullopt;
        }
        if (o.verb == QLatin1String("seal") && o.positional.isEmpty()) {
            cl.usageError(CliText::tr("Name the case with its NUMBER."), io);
            return std::nullopt;
        }
    }
    const qsizetype allowed = isExport ? 1 : o.verb == QLatin1String("seal") ? o.positional.size() : 0;
    if (o.positional.size() > allowed) {
        cl.usageError(CliText::tr("Unexpected argument %1.").arg(o.positional.at(allowed)), io);
        return std::nullopt;
    }
    o.db = cl.value(QStringLiteral("db"));
    o.keyFile = cl.value(QStringLiteral("key-file"));
    o.passphraseStdin = cl.isSet(QStringLiteral("passphrase-stdin"));
    if (!isExport) {
        o.hub = cl.value(QStringLiteral("hub"));
        o.pin = cl.value(QStringLiteral("pin"));
        o.caFile = cl.value(QStringLiteral("ca-file"));
        o.code = cl.value(QStringLiteral("code"));
        o.name = cl.value(QStringLiteral("name"));
        if (cl.isSet(QStringLiteral("suite")))
            o.suite = cl.value(QStringLiteral("suite"));
    }
    if (!storeOptionsComplete(cl, io))
        return std::nullopt;
    return o;
}

int exitFor(const Error &e)
{
    switch (e.code) {
    case ErrorCode::WrongKey:
    case ErrorCode::KeyStore:
        return ExitKey;
    case ErrorCode::NotADatabase:
    case ErrorCode::Corrupt:
        return ExitNotDatabase;
    case ErrorCode::DiskFull:
    case ErrorCode::Io:
        return ExitIo;
    default:
        return ExitOther;
    }
}

int fail(Io &io, const Error &e)
{
    qCWarning(lcCli).noquote() << e.logDetail;
    io.err << "onewindow: " << e.userMessage << '\n';
    return exitFor(e);
}

struct Session
{
    std::unique_ptr<KeyProvider> keys;
    std::unique_ptr<Store> store;
};

Result<Session> openSession(const SyncOptions &o, Io &io)
{
    Session s;
    if (!o.keyFile.isEmpty()) {
        s.keys = std::make_unique<KeyFileProvider>(o.keyFile);
    } else {
        QByteArray line = io.in.readLine().toUtf8();
        s.keys = std::make_unique<PassphraseProvider>(o.db + QStringLiteral(".salt"), SecretBytes::takeFrom(line));
    }
    Store::Options so;
    so.path = o.db;
    so.keys = s.keys.get();
    so.mode = Store::OpenMode::MustExist;
    auto store = Store::open(so);
    if (!store.ok())
        return store.error();
    s.store = std::move(store).value();
    return s;
}

Result<std::unique_ptr<sync::CurlTransport>> transportFor(const SyncOptions &o)
{
    if (o.hub.isEmpty()) {
        return makeError(ErrorCode::Invalid, SyncText::tr("Name the hub with --hub URL."),
                         QStringLiteral("missing --hub"));
    }
    sync::TransportConfig c;
    c.baseUrl = o.hub;
    c.pinnedPublicKey = o.pin;
    c.caFile = o.caFile;
    return sync::CurlTransport::create(c);
}

const Actor kCliActor{QStringLiteral("cli"), QStringLiteral("admin")};

int enroll(const SyncOptions &o, Session &s, Io &io)
{
    auto transport = transportFor(o);
    if (!transport.ok())
        return fail(io, transport.error());
    const auto suite = crypto::parseSuite(o.suite);
    if (!suite) {
        io.err << SyncText::tr("Unknown suite %1: use gm or intl.").arg(o.suite) << '\n';
        return ExitUsage;
    }
    const QString name = o.name.isEmpty() ? s.store->deviceId() : o.name;
    auto device = sync::EnrolledDevice::enroll(*s.store, **transport, o.code, name, *suite);
    if (!device.ok())
        return fail(io, device.error());
    io.out << SyncText::tr("Enrolled as device %1 with hub %2.").arg((*device)->deviceId(), (*device)->hubId()) << '\n';
    io.out << SyncText::tr("Hub signing key fingerprint: %1")
                  .arg(QString::fromLatin1((*device)->hubSigningKey().fingerprint()))
           << '\n';
    return ExitOk;
}

int seal(const SyncOptions &o, Session &s, Io &io)
{
    auto device = sync::EnrolledDevice::load(s.store->settings());
    if (!device.ok())
        return fail(io, device.error());
    sync::CaseSealer sealer(*s.store, **device);
    for (const QString &number : o.positional) {
        auto sealed = sealer.seal(number, kCliActor);
        if (!sealed.ok())
            return fail(io, sealed.error());
        io.out << SyncText::tr("Sealed case %1 as packet %2.").arg(number, sealed->packetId) << '\n';
    }
    return ExitOk;
}

int push(const SyncOptions &o, Session &s, Io &io)
{
    auto device = sync::EnrolledDevice::load(s.store->settings());
    if (!device.ok())
        return fail(io, device.error());
    auto transport = transportFor(o);
    if (!transport.ok())
        return fail(io, transport.error());
    sync::OutboxPump pump(*s.store, **transport, **device);
    auto report = pump.drain();
    if (!report.ok())
        return fail(io, report.error());
    auto pending = s.store->outbox().pendingCount();
    io.out << SyncText::tr("Acknowledged %1 packets, uploaded %2 attachments, %3 refused, %4 still waiting.")
                  .arg(report->acknowledged)
                  .arg(report->partsUploaded)
                  .arg(report->rejected)
                  .arg(pending.ok() ? *pending : -1)
           << '\n';
    for (const Error &e : report->problems)
        io.err << "onewindow: " << e.userMessage << '\n';
    if (!report->reachable)
        return ExitIo;
    return report->rejected > 0 ? ExitOther : ExitOk;
}

int pull(const SyncOptions &o, Session &s, Io &io)
{
    auto device = sync::EnrolledDevice::load(s.store->settings());
    if (!device.ok())
        return fail(io, device.error());
    auto transport = transportFor(o);
    if (!transport.ok())
        return fail(io, transport.error());
    auto events = sync::EventFeed(*s.store, **transport, **device).pull();
    if (!events.ok())
        return fail(io, events.error());
    io.out << SyncText::tr("Read %1 status updates; %2 cases changed.").arg(events->received).arg(events->applied)
           << '\n';
    auto catalog = sync::CatalogFeed(*s.store, **transport, **device).pull();
    if (!catalog.ok())
        return fail(io, catalog.error());
    if (catalog->changed)
        io.out << SyncText::tr("New catalog %1 with %2 items.").arg(catalog->version).arg(catalog->items) << '\n';
    else
        io.out << SyncText::tr("The catalog is up to date.") << '\n';
    return ExitOk;
}

int status(Session &s, Io &io)
{
    auto device = sync::EnrolledDevice::load(s.store->settings());
    if (device.ok())
        io.out << SyncText::tr("Enrolled as device %1 with hub %2.").arg((*device)->deviceId(), (*device)->hubId())
               << '\n';
    else
        io.out << device.error().userMessage << '\n';
    auto pending = s.store->outbox().pendingCount();
    if (!pending.ok())
        return fail(io, pending.error());
    io.out << SyncText::tr("%1 packets and attachments wait in the outbox.").arg(*pending) << '\n';
    auto rejected = s.store->outbox().inState(OutboxState::Rejected, 1000);
    if (rejected.ok()) {
        for (const OutboxItem &i : *rejected)
            io.out << SyncText::tr("Refused by the hub: %1").arg(i.packetId) << '\n';
    }
    return ExitOk;
}

// Sealed packets to removable media for a hub that is out of reach (`onewindow-hub
// import-packets`); the kiosk's maintenance screen does the same through sync::exportPackets.
int exportPackets(const QString &dir, Session &s, Io &io)
{
    const auto exported = sync::exportPackets(*s.store, dir, kCliActor);
    if (!exported.ok())
        return fail(io, exported.error());
    io.out << SyncText::tr("Wrote %1 packets and %2 attachments to %3 (%4 already there).")
                  .arg(exported->packets)
                  .arg(exported->parts)
                  .arg(dir)
                  .arg(exported->unchanged)
           << '\n';
    return ExitOk;
}

} // namespace

bool isSyncCommand(const QStringList &args)
{
    return !args.isEmpty() && (args[0] == QLatin1String("sync") || args[0] == QLatin1String("export-packets"));
}

int runSync(const QStringList &args, Io io)
{
    const bool isExport = args.first() == QLatin1String("export-packets");
    int exit = ExitUsage;
    auto o = parseSync(isExport, args.mid(1), io, exit);
    if (!o)
        return exit;
    auto session = openSession(*o, io);
    if (!session.ok())
        return fail(io, session.error());
    if (isExport)
        return exportPackets(o->positional.first(), *session, io);
    if (o->verb == QLatin1String("enroll"))
        return enroll(*o, *session, io);
    if (o->verb == QLatin1String("seal"))
        return seal(*o, *session, io);
    if (o->verb == QLatin1String("push"))
        return push(*o, *session, io);
    if (o->verb == QLatin1String("pull"))
        return pull(*o, *session, io);
    return status(*session, io);
}

} // namespace ow::cli
