#include "cli/CliCommands.h"
#include "cli/CliText.h"
#include "cli/CliScan.h"
#include "cli/CliSync.h"

#include "store/AuditLog.h"
#include "common/Logging.h"
#include "domain/CaseState.h"
#include "domain/IdNumber.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include "common/Tr.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <memory>
#include <optional>

Q_LOGGING_CATEGORY(lcCli, "ow.cli")

namespace ow::cli {

namespace {

const char *kUsage = QT_TRANSLATE_NOOP(
    "CliText", "Usage:\n"
               "  onewindow store init|check|rekey --db PATH (--key-file PATH | --passphrase-stdin) [--device-id ID]\n"
               "  onewindow audit verify --db PATH (--key-file PATH | --passphrase-stdin)\n"
               "  onewindow audit case --db PATH (--key-file PATH | --passphrase-stdin) NUMBER\n"
               "  onewindow case list --db PATH (--key-file PATH | --passphrase-stdin) [--state STATE]\n"
               "  onewindow demo seed --db PATH --key-file PATH [--count N]\n"
               "  onewindow catalog check [FORMS_DIR]\n"
               "  onewindow catalog list [FORMS_DIR]\n"
               "With --passphrase-stdin the passphrase is the first line of standard input; for rekey the new\n"
               "passphrase is the second line.");

struct Options
{
    QString db;
    QString keyFile;
    bool passphraseStdin = false;
    QString deviceId;
    QString state;
    int count = 12;
    QStringList positional;
};

std::optional<Options> parse(const QStringList &args, Io &io)
{
    Options o;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        auto value = [&]() -> std::optional<QString> {
            if (i + 1 >= args.size()) {
                io.err << CliText::tr("Missing value after %1.").arg(a) << '\n';
                return std::nullopt;
            }
            return args[++i];
        };
        if (a == QLatin1String("--db")) {
            auto v = value();
            if (!v)
                return std::nullopt;
            o.db = *v;
        } else if (a == QLatin1String("--key-file")) {
            auto v = value();
            if (!v)
                return std::nullopt;
            o.keyFile = *v;
        } else if (a == QLatin1String("--device-id")) {
            auto v = value();
            if (!v)
                return std::nullopt;
            o.deviceId = *v;
        } else if (a == QLatin1String("--state")) {
            auto v = value();
            if (!v)
                return std::nullopt;
            o.state = *v;
        } else if (a == QLatin1String("--count")) {
            auto v = value();
            if (!v)
                return std::nullopt;
            o.count = v->toInt();
        } else if (a == QLatin1String("--passphrase-stdin")) {
            o.passphraseStdin = true;
        } else if (a.startsWith(QLatin1String("--"))) {
            io.err << CliText::tr("Unknown option %1.").arg(a) << '\n';
            return std::nullopt;
        } else {
            o.positional.append(a);
        }
    }
    if (o.db.isEmpty()) {
        io.err << CliText::tr("Name the store with --db PATH.") << '\n';
        return std::nullopt;
    }
    if (o.keyFile.isEmpty() == !o.passphraseStdin) {
        io.err << CliText::tr("Give exactly one of --key-file PATH or --passphrase-stdin.") << '\n';
        return std::nullopt;
    }
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
    case ErrorCode::NotFound:
        return ExitNotDatabase;
    case ErrorCode::AuditBroken:
        return ExitAuditBroken;
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

SecretBytes readSecretLine(Io &io)
{
    QString line = io.in.readLine();
    QByteArray utf8 = line.toUtf8();
    line.fill(QChar(u'\0'));
    return SecretBytes::takeFrom(utf8);
}

std::unique_ptr<KeyProvider> makeKeys(const Options &o, Io &io, bool wantNewPassphrase)
{
    if (!o.keyFile.isEmpty())
        return std::make_unique<KeyFileProvider>(o.keyFile);
    auto keys = std::make_unique<PassphraseProvider>(o.db + QStringLiteral(".salt"), readSecretLine(io));
    if (wantNewPassphrase)
        keys->setNewPassphrase(readSecretLine(io));
    return keys;
}

Actor cliActor()
{
    const QString user = qEnvironmentVariable("USER", QStringLiteral("admin"));
    return Actor{user, QStringLiteral("admin")};
}

Result<std::unique_ptr<Store>> openStore(const Options &o, KeyProvider &keys, Store::OpenMode mode)
{
    Store::Options so;
    so.path = o.db;
    so.keys = &keys;
    so.mode = mode;
    so.deviceId = o.deviceId;
    return Store::open(so);
}

int storeCommand(const QString &verb, const Options &o, Io &io)
{
    auto keys = makeKeys(o, io, verb == QLatin1String("rekey"));
    if (verb == QLatin1String("init")) {
        if (QFile::exists(o.db)) {
            return fail(io, makeError(ErrorCode::AlreadyExists,
                                      CliText::tr("A file already exists at this path; it was left untouched."),
                                      QStringLiteral("store init refused: %1 exists").arg(o.db)));
        }
        auto store = openStore(o, *keys, Store::OpenMode::CreateIfMissing);
        if (!store.ok())
            return fail(io, store.error());
        io.out << CliText::tr("Created store %1 for device %2.").arg(o.db, (*store)->deviceId()) << '\n';
        return ExitOk;
    }
    auto store = openStore(o, *keys, Store::OpenMode::MustExist);
    if (!store.ok())
        return fail(io, store.error());
    if (verb == QLatin1String("check")) {
        const Status s = (*store)->check();
        if (!s.ok())
            return fail(io, s.error());
        auto cases = (*store)->cases().count();
        io.out << CliText::tr("Store is intact: schema version %1, %2 cases.")
                      .arg((*store)->schemaVersion())
                      .arg(cases.ok() ? *cases : 0)
               << '\n';
        return ExitOk;
    }
    if (verb == QLatin1String("rekey")) {
        const Status s = (*store)->rekey(cliActor());
        if (!s.ok())
            return fail(io, s.error());
        io.out << CliText::tr("The store has a new key.") << '\n';
        return ExitOk;
    }
    io.err << CliText::tr(kUsage) << '\n';
    return ExitUsage;
}

int auditCommand(const QString &verb, const Options &o, Io &io)
{
    auto keys = makeKeys(o, io, false);
    auto store = openStore(o, *keys, Store::OpenMode::MustExist);
    if (!store.ok())
        return fail(io, store.error());
    if (verb == QLatin1String("verify")) {
        auto v = (*store)->audit().verify();
        if (!v.ok())
            return fail(io, v.error());
        if (!v->intact()) {
            return fail(io, makeError(ErrorCode::AuditBroken,
                                      CliText::tr("The audit trail has been altered at entry %1.").arg(v->firstBroken),
                                      v->problem));
        }
        io.out << CliText::tr("Audit trail intact: %1 entries.").arg(v->entries) << '\n';
        return ExitOk;
    }
    if (verb == QLatin1String("case") && o.positional.size() == 1) {
        auto entries = (*store)->audit().dataUseForCase(o.positional.first());
        if (!entries.ok())
            return fail(io, entries.error());
        for (const AuditEntry &e : *entries) {
            io.out << e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) << '\t' << e.actor << '\t'
                   << e.role << '\t' << e.action << '\t' << e.fields.join(QLatin1Char(',')) << '\t' << e.outcome << '\t'
                   << e.reason << '\n';
        }
        return ExitOk;
    }
    io.err << CliText::tr(kUsage) << '\n';
    return ExitUsage;
}

int caseCommand(const QString &verb, const Options &o, Io &io)
{
    auto keys = makeKeys(o, io, false);
    auto store = openStore(o, *keys, Store::OpenMode::MustExist);
    if (!store.ok())
        return fail(io, store.error());
    if (verb != QLatin1String("list")) {
        io.err << CliText::tr(kUsage) << '\n';
        return ExitUsage;
    }
    QList<CaseState> states = caseState::all();
    if (!o.state.isEmpty()) {
        auto s = caseState::fromKey(o.state);
        if (!s) {
            io.err << CliText::tr("Unknown state %1.").arg(o.state) << '\n';
            return ExitUsage;
        }
        states = {*s};
    }
    for (CaseState s : states) {
        auto cases = (*store)->cases().byState(s);
        if (!cases.ok())
            return fail(io, cases.error());
        for (const Case &c : *cases) {
            io.out << c.number << '\t' << c.itemCode << '\t' << caseState::label(c.state) << '\t' << c.applicantMasked
                   << '\t' << c.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")) << '\n';
        }
    }
    return ExitOk;
}

// Fills a store with plausible demo cases so the programs have something to show.
int demoCommand(const QString &verb, const Options &o, Io &io)
{
    if (verb != QLatin1String("seed")) {
        io.err << CliText::tr(kUsage) << '\n';
        return ExitUsage;
    }
    auto keys = makeKeys(o, io, false);
    auto store = openStore(o, *keys, Store::OpenMode::CreateIfMissing);
    if (!store.ok())
        return fail(io, store.error());
    // Demo identities are synthetic numbers with valid check digits, not real people.
    static const char *const items[] = {"elderly-allowance", "resident-pension-enrolment",
                                        "resident-medical-insurance-enrolment", "minimum-living-allowance",
                                        "temporary-assistance"};
    static const char *const bases[] = {"11010519491231002", "34112519370815004", "34112519420302003",
                                        "34112519800101201", "34112519550611302"};
    const Actor clerk{QStringLiteral("demo-clerk"), QStringLiteral("clerk")};
    const QList<QList<CaseState>> paths = {
        {},
        {CaseState::Received},
        {CaseState::Received, CaseState::Accepted, CaseState::UnderReview},
        {CaseState::Received, CaseState::CorrectionRequested},
        {CaseState::Received, CaseState::Accepted, CaseState::UnderReview, CaseState::Approved, CaseState::Concluded}};
    for (int i = 0; i < o.count; ++i) {
        const QString first17 = QString::fromLatin1(bases[i % 5]);
        const QString id = first17 + idNumber::checkDigit(first17);
        QJsonObject form{{QStringLiteral("applicantName"), QStringLiteral("演示申请人%1").arg(i + 1)},
                         {QStringLiteral("applicantId"), id},
                         {QStringLiteral("mobile"), QStringLiteral("1380000%1").arg(1000 + i)}};
        NewCase n{QString::fromLatin1(items[i % 5]), 1, id, QJsonDocument(form).toJson(QJsonDocument::Compact)};
        auto c = (*store)->cases().create(n, clerk);
        if (!c.ok())
            return fail(io, c.error());
        for (CaseState s : paths[i % paths.size()]) {
            auto moved = (*store)->cases().transition(c->number, s, clerk, {});
            if (!moved.ok())
                return fail(io, moved.error());
        }
    }
    io.out << CliText::tr("Added %1 demo cases to %2.").arg(o.count).arg(o.db) << '\n';
    return ExitOk;
}

} // namespace

int run(const QStringList &args, Io io)
{
    if (!args.isEmpty() && args[0] == QLatin1String("scan"))
        return scanCommand(args.mid(1), io);
    if (isSyncCommand(args))
        return runSync(args, io);
    if (args.size() < 2 || args[0] == QLatin1String("--help") || args[0] == QLatin1String("-h")) {
        io.err << CliText::tr(kUsage) << '\n';
        return ExitUsage;
    }
    const QString group = args[0];
    const QString verb = args[1];
    if (group == QLatin1String("catalog"))
        return catalogCommand(verb, args.mid(2), io);
    auto options = parse(args.mid(2), io);
    if (!options) {
        io.err << CliText::tr(kUsage) << '\n';
        return ExitUsage;
    }
    if (group == QLatin1String("store"))
        return storeCommand(verb, *options, io);
    if (group == QLatin1String("audit"))
        return auditCommand(verb, *options, io);
    if (group == QLatin1String("case"))
        return caseCommand(verb, *options, io);
    if (group == QLatin1String("demo"))
        return demoCommand(verb, *options, io);
    io.err << CliText::tr(kUsage) << '\n';
    return ExitUsage;
}

} // namespace ow::cli
