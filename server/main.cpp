// onewindow-hub: the county hub that devices sync with (server/PROTOCOL.md §10).

#include "Translations.h"
#include "common/AtomicFile.h"
#include "common/DataPaths.h"
#include "crypto/SelfTest.h"
#include "server/HelpRequests.h"
#include "server/HubCatalog.h"
#include "server/HubDatabase.h"
#include "server/HubDrafts.h"
#include "server/HubKeys.h"
#include "server/HubLogging.h"
#include "server/HubReaders.h"
#include "server/HubReview.h"
#include "server/HubServer.h"
#include "server/HubService.h"
#include "server/HubText.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTextStream>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <optional>
#include <variant>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ow;
using namespace ow::hub;

namespace {

// Reads a file from removable media for import-packets: a regular file of at most `limit` bytes,
// or the reason it is refused (PROTOCOL.md §10). Never follows a symbolic link and never opens a
// FIFO or device for reading (which could block the import or read without end); the checks are
// made on the opened descriptor, so the file cannot be swapped between check and read.
std::variant<QByteArray, const char *> readImportFile(const QString &path, qint64 limit)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat info = {};
    if (::lstat(name.constData(), &info) != 0)
        return "unreadable";
    if (S_ISLNK(info.st_mode))
        return "symlink";
    if (!S_ISREG(info.st_mode))
        return "not_regular_file";
    const int fd = ::open(name.constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == ELOOP ? "symlink" : "unreadable";
    const auto refuse = [fd](const char *reason) {
        ::close(fd);
        return reason;
    };
    if (::fstat(fd, &info) != 0)
        return refuse("unreadable");
    if (!S_ISREG(info.st_mode))
        return refuse("not_regular_file");
    if (info.st_size > limit)
        return refuse("too_large");
    // Read one byte past the limit: a file that grew since fstat is still caught.
    QByteArray data(static_cast<qsizetype>(info.st_size) + 1, Qt::Uninitialized);
    qsizetype filled = 0;
    while (filled < data.size()) {
        const ssize_t got = ::read(fd, data.data() + filled, static_cast<size_t>(data.size() - filled));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return refuse("unreadable");
        if (got == 0)
            break;
        filled += got;
    }
    ::close(fd);
    if (filled > limit || filled > info.st_size)
        return "too_large";
    data.truncate(filled);
    return data;
}

enum ExitCode {
    ExitOk = 0,
    ExitUsage = 1,
    ExitKeys = 2,
    ExitRefused = 3,
    ExitDatabase = 5,
    ExitOther = 6,
    ExitAuditBroken = 7, // verify-audit: the audit chain is broken
};

struct Arguments
{
    QString command;
    QHash<QString, QString> options;
    QHash<QString, qint64> numbers; // the numeric options given, range-checked
    QStringList positional;
};

// One option of any command; `min`/`max` set for numbers.
struct OptionSpec
{
    const char *name;
    const char *valueName;
    const char *description;
    qint64 min = 0;
    qint64 max = -1;
};

const OptionSpec kOptions[] = {
    {"data", "DIR", QT_TRANSLATE_NOOP("HubText", "The hub's folder: keys and, without --db, hub.sqlite.")},
    {"db", "URL", QT_TRANSLATE_NOOP("HubText", "A PostgreSQL database: postgresql://USER[:PASS]@HOST:PORT/DBNAME.")},
    {"listen", "ADDR", QT_TRANSLATE_NOOP("HubText", "The address to listen on (default 127.0.0.1).")},
    {"port", "N", QT_TRANSLATE_NOOP("HubText", "The port to listen on (default 8443; 0 picks a free port)."), 0, 65535},
    {"port-file", "FILE", QT_TRANSLATE_NOOP("HubText", "Write the port to this file once the hub listens.")},
    {"tls-cert", "PEM", QT_TRANSLATE_NOOP("HubText", "The TLS certificate chain.")},
    {"tls-key", "PEM", QT_TRANSLATE_NOOP("HubText", "The TLS private key.")},
    {"tls-client-ca", "PEM",
     QT_TRANSLATE_NOOP("HubText",
                       "Ask every client for a certificate issued by one of these and refuse those without.")},
    {"admin-listen", "HOST:PORT",
     QT_TRANSLATE_NOOP("HubText", "Where /healthz and /metrics are served (default 127.0.0.1 and the port after "
                                  "--port; port 0 picks a free one).")},
    {"admin-port-file", "FILE", QT_TRANSLATE_NOOP("HubText", "Write the administration port to this file.")},
    {"max-connections", "N", QT_TRANSLATE_NOOP("HubText", "The most connections at once (default 1000)."), 1, 100000},
    {"max-connections-per-ip", "N",
     QT_TRANSLATE_NOOP("HubText", "The most connections at once from one address (default 100)."), 1, 100000},
    {"connection-timeout-seconds", "N",
     QT_TRANSLATE_NOOP("HubText", "Close a connection idle or stalled for this long (default 30)."), 1, 3600},
    {"login-rate-per-ip", "N",
     QT_TRANSLATE_NOOP("HubText", "Sign-ins accepted a minute from one address (default 30)."), 1, 100000},
    {"login-rate", "N", QT_TRANSLATE_NOOP("HubText", "Sign-ins accepted a minute in all (default 300)."), 1, 1000000},
    {"max-body-memory", "MIB",
     QT_TRANSLATE_NOOP("HubText", "Request bodies held at once over all connections, in MiB (default 256)."), 16,
     64 * 1024},
    {"catalog", "DIR",
     QT_TRANSLATE_NOOP("HubText", "The catalog: a forms folder or its items folder (default: OW_FORMS_DIR, else "
                                  "the installed one).")},
    {"max-packet-bytes", "N", QT_TRANSLATE_NOOP("HubText", "The largest packet accepted, in bytes (default 4 MiB)."),
     1024, qint64(1) << 30},
    {"token-ttl-seconds", "N",
     QT_TRANSLATE_NOOP("HubText", "How long an operator's sign-in lasts, in seconds (default 8 hours)."), 1, 7 * 86400},
    {"lockout-seconds", "N",
     QT_TRANSLATE_NOOP("HubText", "How long an account stays locked after failed sign-ins (default 15 minutes)."), 1,
     86400},
    {"upload-quota-bytes", "N",
     QT_TRANSLATE_NOOP("HubText", "How many bytes of unfinished uploads one device may keep (default 256 MiB)."),
     1024 * 1024, qint64(1) << 40},
    {"upload-expiry-hours", "H",
     QT_TRANSLATE_NOOP("HubText", "After how many hours an upload never sent with its packet is deleted (default 72)."),
     1, 24 * 366},
    {"ttl-hours", "H", QT_TRANSLATE_NOOP("HubText", "How long the enrollment code is valid, in hours (default 24)."), 1,
     24 * 366},
    {"count", "N",
     QT_TRANSLATE_NOOP("HubText",
                       "How many enrollment codes to issue, one a line (default 1), for a batch of devices."),
     1, 100000},
    {"username", "U", QT_TRANSLATE_NOOP("HubText", "The operator's user name.")},
    {"role", "R", QT_TRANSLATE_NOOP("HubText", "The operator's role: reviewer, supervisor or auditor.")},
    {"department", "CODE", QT_TRANSLATE_NOOP("HubText", "The department whose queue the operator works on.")},
};

struct CommandSpec
{
    const char *name;
    const char *synopsis;
    QList<const char *> options;
    const char *positional = nullptr; // one required argument, or none
};

const CommandSpec kCommands[] = {
    {"serve",
     "onewindow-hub serve          --data DIR [--db URL] [--listen ADDR] [--port N] [--port-file F]\n"
     "                             [--tls-cert PEM --tls-key PEM [--tls-client-ca PEM]]\n"
     "                             [--admin-listen HOST:PORT] [--admin-port-file F] [--catalog DIR]\n"
     "                             [--max-packet-bytes N] [--token-ttl-seconds N] [--lockout-seconds N]\n"
     "                             [--upload-quota-bytes N] [--upload-expiry-hours H]\n"
     "                             [--max-connections N] [--max-connections-per-ip N]\n"
     "                             [--connection-timeout-seconds N] [--login-rate-per-ip N] [--login-rate N]\n"
     "                             [--max-body-memory MIB]",
     {"data",
      "db",
      "listen",
      "port",
      "port-file",
      "tls-cert",
      "tls-key",
      "tls-client-ca",
      "admin-listen",
      "admin-port-file",
      "catalog",
      "max-packet-bytes",
      "token-ttl-seconds",
      "lockout-seconds",
      "upload-quota-bytes",
      "upload-expiry-hours",
      "max-connections",
      "max-connections-per-ip",
      "connection-timeout-seconds",
      "login-rate-per-ip",
      "login-rate",
      "max-body-memory"}},
    {"enroll-code",
     "onewindow-hub enroll-code    --data DIR [--db URL] [--ttl-hours H] [--count N]",
     {"data", "db", "ttl-hours", "count"}},
    {"revoke-device", "onewindow-hub revoke-device  --data DIR [--db URL] DEVICE_ID", {"data", "db"}, "DEVICE_ID"},
    {"add-operator",
     "onewindow-hub add-operator   --data DIR [--db URL] --username U --role reviewer|supervisor|auditor "
     "[--department CODE]",
     {"data", "db", "username", "role", "department"}},
    {"disable-operator", "onewindow-hub disable-operator --data DIR [--db URL] USERNAME", {"data", "db"}, "USERNAME"},
    {"revoke-tokens", "onewindow-hub revoke-tokens  --data DIR [--db URL] USERNAME", {"data", "db"}, "USERNAME"},
    {"import-packets",
     "onewindow-hub import-packets --data DIR [--db URL] [--catalog DIR] PACKET_DIR",
     {"data", "db", "catalog", "max-packet-bytes"},
     "PACKET_DIR"},
    {"stats", "onewindow-hub stats          --data DIR [--db URL]", {"data", "db"}},
    {"verify-audit", "onewindow-hub verify-audit   --data DIR [--db URL]", {"data", "db"}},
};

const OptionSpec *optionSpec(const QString &name)
{
    for (const OptionSpec &o : kOptions) {
        if (name == QLatin1String(o.name))
            return &o;
    }
    return nullptr;
}

QString spelled(const QString &name)
{
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

void usage(QTextStream &stream)
{
    stream << HubText::tr("Usage:") << '\n';
    for (const CommandSpec &c : kCommands)
        stream << "  " << QString::fromUtf8(c.synopsis).replace(QLatin1String("\n"), QLatin1String("\n  ")) << '\n';
    stream << HubText::tr("Run \"onewindow-hub COMMAND --help\" for the options of a command.") << '\n';
}

void commandHelp(const CommandSpec &command, QTextStream &out)
{
    out << HubText::tr("Usage:") << "\n  "
        << QString::fromUtf8(command.synopsis).replace(QLatin1String("\n"), QLatin1String("\n  ")) << "\n\n"
        << HubText::tr("Options:") << '\n';
    QList<QPair<QString, QString>> rows;
    qsizetype width = 0;
    for (const char *name : command.options) {
        const OptionSpec *o = optionSpec(QLatin1String(name));
        const QString left = spelled(QLatin1String(o->name)) + QLatin1Char(' ') + QLatin1String(o->valueName);
        width = std::max(width, left.size());
        rows.append({left, HubText::tr(o->description)});
    }
    rows.append({QStringLiteral("-h, --help"), HubText::tr("Show this help.")});
    for (const auto &[left, description] : rows)
        out << "  " << left.leftJustified(width) << "  " << description << '\n';
}

std::nullopt_t usageError(QTextStream &err, const QString &message, const QString &command)
{
    err << "onewindow-hub: " << message << '\n'
        << HubText::tr("Run \"%1 --help\" to see how it is used.").arg(command) << '\n';
    return std::nullopt;
}

// Reads the command line; nothing when the program is done (help shown: `exit` 0, or a usage
// error printed: `exit` 1).
std::optional<Arguments> parseArguments(const QStringList &args, QTextStream &out, QTextStream &err, int &exit)
{
    exit = ExitUsage;
    if (args.isEmpty()) {
        usage(err);
        return std::nullopt;
    }
    const QString &name = args.first();
    if (name == QLatin1String("--help") || name == QLatin1String("-h") || name == QLatin1String("help")) {
        usage(out);
        exit = ExitOk;
        return std::nullopt;
    }
    const CommandSpec *command = nullptr;
    for (const CommandSpec &c : kCommands) {
        if (name == QLatin1String(c.name))
            command = &c;
    }
    if (!command) {
        return usageError(err,
                          name.startsWith(QLatin1Char('-')) ? HubText::tr("Unknown option %1.").arg(name)
                                                            : HubText::tr("Unknown command %1.").arg(name),
                          QStringLiteral("onewindow-hub"));
    }
    const QString typed = QStringLiteral("onewindow-hub ") + name;

    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, QString()));
    for (const char *option : command->options) {
        const OptionSpec *o = optionSpec(QLatin1String(option));
        parser.addOption(QCommandLineOption(QLatin1String(o->name), QString(), QLatin1String(o->valueName)));
    }
    if (!parser.parse(QStringList{typed} + args.mid(1))) {
        const QStringList unknown = parser.unknownOptionNames();
        QString message = parser.errorText();
        if (!unknown.isEmpty()) {
            message = HubText::tr("Unknown option %1.").arg(spelled(unknown.first()));
        } else if (args.size() > 1 && args.last().startsWith(QLatin1String("--")) &&
                   std::any_of(command->options.cbegin(), command->options.cend(),
                               [&](const char *o) { return args.last().mid(2) == QLatin1String(o); })) {
            // A value option with nothing after it is the last argument; Qt says so untranslated.
            message = HubText::tr("Missing value after %1.").arg(args.last());
        }
        return usageError(err, message, typed);
    }
    if (parser.isSet(QStringLiteral("help"))) {
        commandHelp(*command, out);
        exit = ExitOk;
        return std::nullopt;
    }

    Arguments parsed;
    parsed.command = name;
    parsed.positional = parser.positionalArguments();
    const qsizetype wanted = command->positional ? 1 : 0;
    if (parsed.positional.size() > wanted)
        return usageError(err, HubText::tr("Unexpected argument %1.").arg(parsed.positional.at(wanted)), typed);
    if (parsed.positional.size() < wanted) {
        return usageError(err, HubText::tr("Missing argument %1.").arg(QLatin1String(command->positional)), typed);
    }
    for (const char *option : command->options) {
        const OptionSpec *o = optionSpec(QLatin1String(option));
        const QString key = QLatin1String(o->name);
        if (!parser.isSet(key))
            continue;
        const QString value = parser.value(key);
        parsed.options.insert(key, value);
        if (o->max < o->min)
            continue;
        bool ok = false;
        const qint64 n = value.trimmed().toLongLong(&ok);
        if (!ok || n < o->min || n > o->max) {
            return usageError(err,
                              HubText::tr("%1 takes a whole number from %2 to %3, not \"%4\".")
                                  .arg(spelled(key))
                                  .arg(o->min)
                                  .arg(o->max)
                                  .arg(value),
                              typed);
        }
        parsed.numbers.insert(key, n);
    }
    if (parsed.options.value(QStringLiteral("data")).isEmpty())
        return usageError(err, HubText::tr("Name the hub's folder with --data DIR."), typed);
    exit = ExitOk;
    return parsed;
}

void report(QTextStream &err, const Error &error)
{
    err << error.userMessage << '\n';
    qCWarning(lcHub, "%s", qPrintable(error.logDetail));
}

// The items folder of the catalog. --catalog has named the items folder itself since the first
// hub; a forms folder (as the other programs take) is accepted too.
QString catalogItemsDir(const QString &given)
{
    const QString forms = dataPaths::formsDir(given);
    if (!given.isEmpty() && !QFileInfo::exists(forms + QStringLiteral("/items")))
        return given;
    return forms + QStringLiteral("/items");
}

int run(const Arguments &args, QTextStream &out, QTextStream &err)
{
    const QString dataDir = args.options.value(QStringLiteral("data"));
    if (const Status selfTest = crypto::selfTest(); !selfTest) {
        report(err, selfTest.error());
        return ExitKeys;
    }
    if (!QDir().mkpath(dataDir)) {
        err << HubText::tr("The data folder cannot be created.") << '\n';
        return ExitOther;
    }
    auto keys = HubKeys::loadOrCreate(QDir(dataDir).filePath(QStringLiteral("keys")));
    if (!keys) {
        report(err, keys.error());
        return ExitKeys;
    }
    HubDatabase db;
    if (Status opened =
            db.open(args.options.value(QStringLiteral("db")), QDir(dataDir).filePath(QStringLiteral("hub.sqlite")));
        !opened) {
        report(err, opened.error());
        return ExitDatabase;
    }
    if (Status migrated = db.migrate(); !migrated) {
        report(err, migrated.error());
        return ExitDatabase;
    }

    HubLimits limits;
    limits.maxPacketBytes = args.numbers.value(QStringLiteral("max-packet-bytes"), limits.maxPacketBytes);
    limits.lockoutSecs = args.numbers.value(QStringLiteral("lockout-seconds"), limits.lockoutSecs);
    limits.tokenLifetimeSecs = args.numbers.value(QStringLiteral("token-ttl-seconds"), limits.tokenLifetimeSecs);
    limits.maxUnboundUploadBytes =
        args.numbers.value(QStringLiteral("upload-quota-bytes"), limits.maxUnboundUploadBytes);
    limits.uploadExpirySecs =
        args.numbers.value(QStringLiteral("upload-expiry-hours"), limits.uploadExpirySecs / 3600) * 3600;

    std::optional<HubCatalog> catalog;
    if (args.command == QLatin1String("serve") || args.command == QLatin1String("import-packets")) {
        auto loaded = HubCatalog::load(catalogItemsDir(args.options.value(QStringLiteral("catalog"))));
        if (!loaded) {
            report(err, loaded.error());
            return ExitOther;
        }
        catalog = std::move(*loaded);
        // Schema 10 on a database that already held cases: their due dates, once.
        if (Status filled = dueDates::backfill(db, *catalog); !filled) {
            report(err, filled.error());
            return ExitDatabase;
        }
    }
    HubService service(db, *keys, catalog ? &*catalog : nullptr, limits);

    if (args.command == QLatin1String("enroll-code")) {
        auto codes =
            service.admin().issueEnrollCodes(static_cast<int>(args.numbers.value(QStringLiteral("ttl-hours"), 24)),
                                             static_cast<int>(args.numbers.value(QStringLiteral("count"), 1)));
        if (!codes) {
            report(err, codes.error());
            return ExitDatabase;
        }
        for (const QString &code : *codes)
            out << code << '\n';
        return ExitOk;
    }
    if (args.command == QLatin1String("revoke-device")) {
        if (Status revoked = service.admin().revokeDevice(args.positional.first()); !revoked) {
            report(err, revoked.error());
            return ExitOther;
        }
        return ExitOk;
    }
    if (args.command == QLatin1String("add-operator")) {
        QTextStream in(stdin);
        QString typed = in.readLine();
        QByteArray password = typed.toUtf8();
        std::fill(typed.begin(), typed.end(), QChar());
        const Status added = service.admin().addOperator(args.options.value(QStringLiteral("username")),
                                                         args.options.value(QStringLiteral("role")),
                                                         args.options.value(QStringLiteral("department")), password);
        if (!added) {
            report(err, added.error());
            return ExitOther;
        }
        return ExitOk;
    }
    if (args.command == QLatin1String("disable-operator")) {
        if (Status disabled = service.admin().disableOperator(args.positional.first()); !disabled) {
            report(err, disabled.error());
            return ExitOther;
        }
        return ExitOk;
    }
    if (args.command == QLatin1String("revoke-tokens")) {
        if (auto revoked = service.admin().revokeTokens(args.positional.first()); !revoked) {
            report(err, revoked.error());
            return ExitOther;
        }
        return ExitOk;
    }
    if (args.command == QLatin1String("stats")) {
        auto stats = service.admin().stats();
        if (!stats) {
            report(err, stats.error());
            return ExitDatabase;
        }
        out << QString::fromUtf8(QJsonDocument(*stats).toJson(QJsonDocument::Compact)) << '\n';
        return ExitOk;
    }
    if (args.command == QLatin1String("verify-audit")) {
        // Seals what was committed since the hub last did, then walks the whole chain.
        auto sealed = service.auditTrail().seal();
        if (!sealed) {
            report(err, sealed.error());
            return ExitDatabase;
        }
        auto check = service.auditTrail().verify();
        if (!check) {
            report(err, check.error());
            return ExitDatabase;
        }
        if (check->intact()) {
            out << HubText::tr("Audit chain intact: %1 entries, %2 sealed, %3 not yet sealed.")
                       .arg(check->entries)
                       .arg(check->sealed)
                       .arg(check->unsealed)
                << '\n';
            return ExitOk;
        }
        const AuditChainCheck::Broken &broken = *check->firstBroken;
        if (broken.id > 0)
            out << HubText::tr("Audit chain broken at entry %1 (seq %2, %3, %4): %5.")
                       .arg(broken.id)
                       .arg(broken.seq)
                       .arg(broken.at, broken.action, broken.problem)
                << '\n';
        else
            out << HubText::tr("Audit chain broken at seq %1: %2.").arg(broken.seq).arg(broken.problem) << '\n';
        return ExitAuditBroken;
    }
    if (args.command == QLatin1String("import-packets")) {
        const QDir dir(args.positional.first());
        if (!dir.exists()) {
            err << HubText::tr("The packet folder does not exist.") << '\n';
            return ExitUsage;
        }
        int refused = 0;
        // Everything named like a packet or attachment is listed (links, FIFOs, folders too), so
        // what is not imported is said, not silently skipped.
        const QDir::Filters everything = QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot;
        for (const QString &name : dir.entryList({QStringLiteral("*.owpkt")}, everything, QDir::Name)) {
            const auto packetFile = readImportFile(dir.filePath(name), limits.maxPacketBytes);
            if (const auto *reason = std::get_if<const char *>(&packetFile)) {
                out << name << " refused " << *reason << '\n';
                ++refused;
                continue;
            }
            const QByteArray &envelope = std::get<QByteArray>(packetFile);
            const QString base = name.chopped(6);
            QMap<QString, QByteArray> parts;
            for (const QString &partFile : dir.entryList({base + QStringLiteral(".*.owatt")}, everything, QDir::Name)) {
                const auto blob = readImportFile(dir.filePath(partFile), limits.maxUploadLength);
                if (const auto *reason = std::get_if<const char *>(&blob)) {
                    out << partFile << " refused " << *reason << '\n';
                    ++refused;
                    continue;
                }
                parts.insert(partFile.mid(base.size() + 1).chopped(6), std::get<QByteArray>(blob));
            }
            const auto stored = service.ingest().ingest(QString(), envelope, parts);
            if (!stored) {
                out << name << " refused " << QString::fromLatin1(stored.error().code) << '\n';
                ++refused;
            } else {
                out << name << (stored->created ? " stored\n" : " duplicate\n");
            }
        }
        return refused == 0 ? ExitOk : ExitRefused;
    }
    // serve
    HttpSettings http;
    const QString certPath = args.options.value(QStringLiteral("tls-cert"));
    const QString keyPath = args.options.value(QStringLiteral("tls-key"));
    const QString clientCaPath = args.options.value(QStringLiteral("tls-client-ca"));
    const auto readPem = [](const QString &path, QByteArray &into) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        into = file.readAll();
        return into.contains("-----BEGIN ");
    };
    if (!certPath.isEmpty() || !keyPath.isEmpty() || !clientCaPath.isEmpty()) {
        if (certPath.isEmpty() || keyPath.isEmpty() || !readPem(certPath, http.tlsCertPem) ||
            !readPem(keyPath, http.tlsKeyPem)) {
            err << HubText::tr("The TLS certificate or key cannot be read.") << '\n';
            return ExitKeys;
        }
        if (!clientCaPath.isEmpty() && !readPem(clientCaPath, http.tlsClientCaPem)) {
            err << HubText::tr("The client certificate authorities cannot be read.") << '\n';
            return ExitKeys;
        }
    }
    http.address = QHostAddress(args.options.value(QStringLiteral("listen"), QStringLiteral("127.0.0.1")));
    http.port = static_cast<quint16>(args.numbers.value(QStringLiteral("port"), 8443));
    http.maxConnections = static_cast<unsigned>(args.numbers.value(QStringLiteral("max-connections"), 1000));
    http.maxConnectionsPerIp = static_cast<unsigned>(args.numbers.value(QStringLiteral("max-connections-per-ip"), 100));
    http.connectionTimeoutSecs =
        static_cast<unsigned>(args.numbers.value(QStringLiteral("connection-timeout-seconds"), 30));
    http.loginsPerMinutePerIp = static_cast<int>(args.numbers.value(QStringLiteral("login-rate-per-ip"), 30));
    http.loginsPerMinute = static_cast<int>(args.numbers.value(QStringLiteral("login-rate"), 300));
    http.maxBufferedBodyBytes = args.numbers.value(QStringLiteral("max-body-memory"), 256) * 1024 * 1024;

    // The administration listener: loopback and the port after the hub's unless told otherwise.
    QHostAddress adminAddress(QHostAddress::LocalHost);
    quint16 adminPort = http.port == 0 ? 0 : static_cast<quint16>(http.port + 1);
    if (const QString admin = args.options.value(QStringLiteral("admin-listen")); !admin.isEmpty()) {
        const qsizetype colon = admin.lastIndexOf(QLatin1Char(':'));
        bool ok = colon > 0;
        const uint port = ok ? admin.mid(colon + 1).toUInt(&ok) : 0;
        QString host = colon > 0 ? admin.left(colon) : QString();
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
            host = host.mid(1, host.size() - 2);
        adminAddress = QHostAddress(host);
        if (!ok || port > 65535 || adminAddress.isNull()) {
            err << HubText::tr("--admin-listen takes HOST:PORT, not \"%1\".").arg(admin) << '\n';
            return ExitUsage;
        }
        adminPort = static_cast<quint16>(port);
    }

    const bool tls = !http.tlsCertPem.isEmpty();
    const bool clientCerts = !http.tlsClientCaPem.isEmpty();
    const QHostAddress address = http.address;
    HubServer server(service, std::move(http));
    HelpRequests helpRequests(db);
    server.setHelpRequests(&helpRequests);
    DraftRelay drafts(db, service.keys(), service.limits());
    server.setDraftRelay(&drafts);
    // PostgreSQL: reads on connections of their own (HubReaders). Not on SQLite, where readers
    // beside the writer slowed everything down under load (hub_load: p99 12 s → 42 s, and the
    // writer stalled) and one connection already meets the goals. Stopped before the server: a
    // read still queued is answered while the listeners run.
    const QString databaseUrl = args.options.value(QStringLiteral("db"));
    HubReaders readers({databaseUrl, QString(), std::clamp(QThread::idealThreadCount(), 2, 4)}, service.keys(),
                       service.catalog(), service.limits());
    if (!databaseUrl.isEmpty()) {
        if (Status opened = readers.start(); !opened) {
            report(err, opened.error());
            return ExitDatabase;
        }
        server.setReaders(&readers);
    }
    const quint16 port = server.start();
    if (port == 0) {
        err << HubText::tr("The hub cannot listen on the given address and port.") << '\n';
        return ExitOther;
    }
    const quint16 boundAdmin = server.startAdmin(adminAddress, adminPort);
    if (boundAdmin == 0) {
        err << HubText::tr("The hub cannot listen on the administration address and port.") << '\n';
        return ExitOther;
    }
    qCInfo(lcHub, "listening on %s:%u (%s), schema %d", qPrintable(address.toString()), port,
           tls ? (clientCerts ? "TLS with client certificates" : "TLS") : "plain HTTP", HubDatabase::schemaVersion());
    qCInfo(lcHub, "administration (/healthz, /metrics) on %s:%u", qPrintable(adminAddress.toString()), boundAdmin);
    for (const auto &[option, value] :
         {std::pair{QStringLiteral("port-file"), port}, std::pair{QStringLiteral("admin-port-file"), boundAdmin}}) {
        const QString file = args.options.value(option);
        if (file.isEmpty())
            continue;
        if (Status written = writeFileAtomically(file, QByteArray::number(value) + '\n', 0644); !written) {
            report(err, written.error());
            return ExitOther;
        }
    }
    // Uploads never bound to a packet are purged at start and every ten minutes (PROTOCOL.md §4).
    const auto purge = [&service, &drafts] {
        if (auto purged = service.uploads().purgeExpired(); !purged)
            qCWarning(lcHub, "upload purge failed: %s", qPrintable(purged.error().logDetail));
        if (auto dropped = drafts.purge(); !dropped)
            qCWarning(lcHub, "draft purge failed: %s", qPrintable(dropped.error().detail));
    };
    purge();
    // The audit trail is sealed into its hash chain every second (PROTOCOL.md §12); the entries
    // of older hubs at the first start.
    const auto sealAudit = [&service] {
        if (auto sealed = service.auditTrail().seal(); !sealed)
            qCWarning(lcHub, "audit sealing failed: %s", qPrintable(sealed.error().logDetail));
    };
    sealAudit();
    QTimer sealTimer;
    QObject::connect(&sealTimer, &QTimer::timeout, sealAudit);
    sealTimer.start(1000);
    QTimer purgeTimer;
    QObject::connect(&purgeTimer, &QTimer::timeout, purge);
    purgeTimer.start(10 * 60 * 1000);
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char *argv[])
{
    // Key material must never end up in a core file.
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);

    QCoreApplication app(argc, argv);
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{category} %{type}: %{message}"));
    QCoreApplication::setApplicationName(QStringLiteral("onewindow-hub"));
    QCoreApplication::setOrganizationName(QStringLiteral("OneWindow"));
    installTranslations(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    int exit = ExitUsage;
    const auto args = parseArguments(app.arguments().mid(1), out, err, exit);
    if (!args) {
        out.flush();
        err.flush();
        return exit;
    }
    // Administration commands are quiet unless asked; the server logs its info lines.
    if (args->command != QLatin1String("serve") && qEnvironmentVariableIsEmpty("OW_VERBOSE"))
        QLoggingCategory::setFilterRules(QStringLiteral("ow.*.info=false\now.*.debug=false"));
    const int code = run(*args, out, err);
    out.flush();
    err.flush();
    return code;
}
