// onewindow-hub: the county hub that devices sync with (server/PROTOCOL.md §10).

#include "server/HubCatalog.h"
#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubLogging.h"
#include "server/HubServer.h"
#include "server/HubService.h"
#include "server/HubText.h"
#include "Translations.h"
#include "common/AtomicFile.h"
#include "crypto/SelfTest.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>
#include <QTextStream>

#include <cstdio>
#include <sys/resource.h>

using namespace ow;
using namespace ow::hub;

namespace {

enum ExitCode {
    ExitOk = 0,
    ExitUsage = 1,
    ExitKeys = 2,
    ExitRefused = 3,
    ExitDatabase = 5,
    ExitOther = 6,
};

struct Arguments
{
    QString command;
    QHash<QString, QString> options;
    QStringList positional;
};

// --name value pairs and positional arguments; flags without a value are not used by the hub.
std::optional<Arguments> parseArguments(const QStringList &args)
{
    Arguments parsed;
    if (args.isEmpty())
        return std::nullopt;
    parsed.command = args.first();
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &arg = args[i];
        if (arg.startsWith(QLatin1String("--"))) {
            if (i + 1 >= args.size())
                return std::nullopt;
            parsed.options.insert(arg.mid(2), args[++i]);
        } else {
            parsed.positional.append(arg);
        }
    }
    return parsed;
}

void usage(QTextStream &err)
{
    err << HubText::tr("Usage:") << '\n'
        << "  onewindow-hub serve          --data DIR [--db URL] [--listen ADDR] [--port N] [--port-file F]\n"
           "                               [--tls-cert PEM --tls-key PEM] [--catalog DIR] [--max-packet-bytes N]\n"
           "                               [--token-ttl-seconds N] [--lockout-seconds N]\n"
           "  onewindow-hub enroll-code    --data DIR [--db URL] [--ttl-hours H]\n"
           "  onewindow-hub revoke-device  --data DIR [--db URL] DEVICE_ID\n"
           "  onewindow-hub add-operator   --data DIR [--db URL] --username U --role reviewer|supervisor "
           "[--department CODE]\n"
           "  onewindow-hub import-packets --data DIR [--db URL] [--catalog DIR] PACKET_DIR\n"
           "  onewindow-hub stats          --data DIR [--db URL]\n";
}

void report(QTextStream &err, const Error &error)
{
    err << error.userMessage << '\n';
    qCWarning(lcHub, "%s", qPrintable(error.logDetail));
}

QString defaultCatalog()
{
    const QString installed =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/onewindow/forms/items");
    if (QFileInfo::exists(installed))
        return installed;
    return QStringLiteral(OW_HUB_DEFAULT_CATALOG);
}

int run(const Arguments &args, QTextStream &out, QTextStream &err)
{
    const QString dataDir = args.options.value(QStringLiteral("data"));
    if (dataDir.isEmpty()) {
        usage(err);
        return ExitUsage;
    }
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
    if (args.options.contains(QStringLiteral("max-packet-bytes")))
        limits.maxPacketBytes = args.options.value(QStringLiteral("max-packet-bytes")).toLongLong();
    if (args.options.contains(QStringLiteral("lockout-seconds")))
        limits.lockoutSecs = args.options.value(QStringLiteral("lockout-seconds")).toLongLong();
    if (args.options.contains(QStringLiteral("token-ttl-seconds")))
        limits.tokenLifetimeSecs = args.options.value(QStringLiteral("token-ttl-seconds")).toLongLong();

    std::optional<HubCatalog> catalog;
    if (args.command == QLatin1String("serve") || args.command == QLatin1String("import-packets")) {
        auto loaded = HubCatalog::load(args.options.value(QStringLiteral("catalog"), defaultCatalog()));
        if (!loaded) {
            report(err, loaded.error());
            return ExitOther;
        }
        catalog = std::move(*loaded);
    }
    HubService service(db, *keys, catalog ? &*catalog : nullptr, limits);

    if (args.command == QLatin1String("enroll-code")) {
        auto code =
            service.issueEnrollCode(args.options.value(QStringLiteral("ttl-hours"), QStringLiteral("24")).toInt());
        if (!code) {
            report(err, code.error());
            return ExitDatabase;
        }
        out << *code << '\n';
        return ExitOk;
    }
    if (args.command == QLatin1String("revoke-device")) {
        if (args.positional.size() != 1) {
            usage(err);
            return ExitUsage;
        }
        if (Status revoked = service.revokeDevice(args.positional.first()); !revoked) {
            report(err, revoked.error());
            return ExitOther;
        }
        return ExitOk;
    }
    if (args.command == QLatin1String("add-operator")) {
        QTextStream in(stdin);
        const QByteArray password = in.readLine().toUtf8();
        const Status added = service.addOperator(args.options.value(QStringLiteral("username")),
                                                 args.options.value(QStringLiteral("role")),
                                                 args.options.value(QStringLiteral("department")), password);
        if (!added) {
            report(err, added.error());
            return ExitOther;
        }
        return ExitOk;
    }
    if (args.command == QLatin1String("stats")) {
        auto stats = service.stats();
        if (!stats) {
            report(err, stats.error());
            return ExitDatabase;
        }
        out << QString::fromUtf8(QJsonDocument(*stats).toJson(QJsonDocument::Compact)) << '\n';
        return ExitOk;
    }
    if (args.command == QLatin1String("import-packets")) {
        if (args.positional.size() != 1) {
            usage(err);
            return ExitUsage;
        }
        const QDir dir(args.positional.first());
        if (!dir.exists()) {
            err << HubText::tr("The packet folder does not exist.") << '\n';
            return ExitUsage;
        }
        int refused = 0;
        for (const QString &name : dir.entryList({QStringLiteral("*.owpkt")}, QDir::Files, QDir::Name)) {
            QFile file(dir.filePath(name));
            if (!file.open(QIODevice::ReadOnly) || file.size() > limits.maxPacketBytes) {
                out << name << " refused too_large_or_unreadable\n";
                ++refused;
                continue;
            }
            const QByteArray envelope = file.readAll();
            const QString base = name.chopped(6);
            QMap<QString, QByteArray> parts;
            for (const QString &partFile : dir.entryList({base + QStringLiteral(".*.owatt")}, QDir::Files)) {
                QFile part(dir.filePath(partFile));
                if (part.open(QIODevice::ReadOnly))
                    parts.insert(partFile.mid(base.size() + 1).chopped(6), part.readAll());
            }
            const Reply reply = service.ingestPacket(QString(), envelope, parts);
            if (reply.status == 201) {
                out << name << " stored\n";
            } else if (reply.status == 200) {
                out << name << " duplicate\n";
            } else {
                out << name << " refused " << QString::fromLatin1(reply.errorCode) << '\n';
                ++refused;
            }
        }
        return refused == 0 ? ExitOk : ExitRefused;
    }
    if (args.command != QLatin1String("serve")) {
        usage(err);
        return ExitUsage;
    }

    std::optional<QSslConfiguration> tls;
    const QString certPath = args.options.value(QStringLiteral("tls-cert"));
    const QString keyPath = args.options.value(QStringLiteral("tls-key"));
    if (!certPath.isEmpty() || !keyPath.isEmpty()) {
        QFile certFile(certPath);
        QFile keyFile(keyPath);
        if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
            err << HubText::tr("The TLS certificate or key cannot be read.") << '\n';
            return ExitKeys;
        }
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
        wipeBytes(keyPem);
        if (chain.isEmpty() || key.isNull()) {
            err << HubText::tr("The TLS certificate or key cannot be read.") << '\n';
            return ExitKeys;
        }
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificateChain(chain);
        config.setPrivateKey(key);
        config.setProtocol(QSsl::TlsV1_2OrLater);
        tls = config;
    }
    const QHostAddress address(args.options.value(QStringLiteral("listen"), QStringLiteral("127.0.0.1")));
    HubServer server(service);
    const quint16 port =
        server.start(address, args.options.value(QStringLiteral("port"), QStringLiteral("8443")).toUShort(), tls);
    if (port == 0) {
        err << HubText::tr("The hub cannot listen on the given address and port.") << '\n';
        return ExitOther;
    }
    qCInfo(lcHub, "listening on %s:%u (%s), schema %d", qPrintable(address.toString()), port,
           tls ? "TLS" : "plain HTTP", HubDatabase::schemaVersion());
    const QString portFile = args.options.value(QStringLiteral("port-file"));
    if (!portFile.isEmpty()) {
        if (Status written = writeFileAtomically(portFile, QByteArray::number(port) + '\n', 0644); !written) {
            report(err, written.error());
            return ExitOther;
        }
    }
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
    const auto args = parseArguments(app.arguments().mid(1));
    if (!args) {
        usage(err);
        return ExitUsage;
    }
    // Administration commands are quiet unless asked; the server logs its info lines.
    if (args->command != QLatin1String("serve") && qEnvironmentVariableIsEmpty("OW_VERBOSE"))
        QLoggingCategory::setFilterRules(QStringLiteral("ow.*.info=false\now.*.debug=false"));
    const int code = run(*args, out, err);
    out.flush();
    err.flush();
    return code;
}
