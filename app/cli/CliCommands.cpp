#include "cli/CliCommands.h"
#include "cli/CliArguments.h"
#include "cli/CliScan.h"
#include "cli/CliSync.h"
#include "cli/CliText.h"

#include "common/Logging.h"
#include "domain/CaseState.h"
#include "domain/IdNumber.h"
#include "store/AuditLog.h"
#include "store/Authorisations.h"
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

// Each command in `onewindow --help`, in the order a new device meets them.
struct CommandSummary
{
    const char *syntax;
    const char *description;
};
const CommandSummary kCommands[] = {
    {"store init|check|rekey", QT_TRANSLATE_NOOP("CliText", "create, check or re-key an encrypted store")},
    {"audit verify|case", QT_TRANSLATE_NOOP("CliText", "verify the audit trail; who used a case's data")},
    {"case list", QT_TRANSLATE_NOOP("CliText", "list the cases of a store")},
    {"demo seed", QT_TRANSLATE_NOOP("CliText", "add demo cases to a store")},
    {"catalog check|list", QT_TRANSLATE_NOOP("CliText", "check or list the service catalog")},
    {"scan", QT_TRANSLATE_NOOP("CliText", "read the codes in image files")},
    {"sync enroll|seal|push|pull|status", QT_TRANSLATE_NOOP("CliText", "enroll with the county hub and sync cases")},
    {"export-packets", QT_TRANSLATE_NOOP("CliText", "write sealed packets to removable media for the hub")},
};

void printCommands(QTextStream &stream)
{
    stream << CliText::tr("Usage: onewindow COMMAND [OPTIONS] [ARGUMENTS]") << "\n\n"
           << CliText::tr("Commands:") << '\n';
    for (const CommandSummary &c : kCommands) {
        stream << "  " << QString::fromLatin1(c.syntax).leftJustified(34) << "  " << CliText::tr(c.description) << '\n';
    }
    stream << '\n' << CliText::tr("Run \"onewindow COMMAND --help\" for the options of a command.") << '\n';
}

// The stores' commands: one usage text and option set per command group.
const char *kStoreUsage = QT_TRANSLATE_NOOP(
    "CliText",
    "Usage: onewindow store init|check|rekey --db PATH (--key-file PATH | --passphrase-stdin) [--device-id ID]\n"
    "init creates an encrypted store, check checks it page by page, rekey re-encrypts it with a new key.\n"
    "With --passphrase-stdin the passphrase is the first line of standard input; for rekey the new\n"
    "passphrase is the second line.");
const char *kAuditUsage = QT_TRANSLATE_NOOP(
    "CliText", "Usage: onewindow audit verify --db PATH (--key-file PATH | --passphrase-stdin)\n"
               "       onewindow audit case   --db PATH (--key-file PATH | --passphrase-stdin) NUMBER\n"
               "verify checks the hash chain of the audit trail and names the first broken entry; case lists who\n"
               "used the data of case NUMBER.");
const char *kCaseUsage = QT_TRANSLATE_NOOP(
    "CliText", "Usage: onewindow case list --db PATH (--key-file PATH | --passphrase-stdin) [--state STATE]\n"
               "Lists the cases of a store (ID numbers masked), all of them or those in one state.");
const char *kDemoUsage = QT_TRANSLATE_NOOP(
    "CliText", "Usage: onewindow demo seed --db PATH (--key-file PATH | --passphrase-stdin) [--count N]\n"
               "Adds demo cases with synthetic applicants to a store, creating it if needed.");

struct Options
{
    QString verb;
    QString db;
    QString keyFile;
    bool passphraseStdin = false;
    QString deviceId;
    QString state;
    int count = 12;
    QStringList positional;
};

// onewindow store|audit|case|demo VERB ...: the verbs each group knows and the positional
// arguments a verb takes.
std::optional<Options> parse(const QString &group, const QStringList &args, Io &io, int &exit)
{
    QList<QCommandLineOption> extra;
    QStringList verbs;
    const char *usage = nullptr;
    if (group == QLatin1String("store")) {
        usage = kStoreUsage;
        verbs = {QStringLiteral("init"), QStringLiteral("check"), QStringLiteral("rekey")};
        extra = {{QStringLiteral("device-id"), CliText::tr("The device id of a new store."), QStringLiteral("ID")}};
    } else if (group == QLatin1String("audit")) {
        usage = kAuditUsage;
        verbs = {QStringLiteral("verify"), QStringLiteral("case")};
    } else if (group == QLatin1String("case")) {
        usage = kCaseUsage;
        verbs = {QStringLiteral("list")};
        extra = {{QStringLiteral("state"), CliText::tr("Only the cases in this state."), QStringLiteral("STATE")}};
    } else {
        usage = kDemoUsage;
        verbs = {QStringLiteral("seed")};
        extra = {{QStringLiteral("device-id"), CliText::tr("The device id of a new store."), QStringLiteral("ID")},
                 {QStringLiteral("count"), CliText::tr("How many cases to add (default 12)."), QStringLiteral("N")}};
    }
    CliArguments cl(QStringLiteral("onewindow ") + group, CliText::tr(usage), storeOptions() + extra);
    if (const auto code = cl.parseOrExit(args, io)) {
        exit = *code;
        return std::nullopt;
    }
    Options o;
    o.positional = cl.positional();
    if (o.positional.isEmpty()) {
        cl.usageError(CliText::tr("Name what to do: %1.").arg(verbs.join(QStringLiteral(", "))), io);
        return std::nullopt;
    }
    const QString verb = o.positional.takeFirst();
    if (!verbs.contains(verb)) {
        cl.usageError(CliText::tr("Unknown command %1.").arg(group + QLatin1Char(' ') + verb), io);
        return std::nullopt;
    }
    const qsizetype wanted = group == QLatin1String("audit") && verb == QLatin1String("case") ? 1 : 0;
    if (o.positional.size() > wanted) {
        cl.usageError(CliText::tr("Unexpected argument %1.").arg(o.positional.value(wanted)), io);
        return std::nullopt;
    }
    if (o.positional.size() < wanted) {
        cl.usageError(CliText::tr("Name the case with its NUMBER."), io);
        return std::nullopt;
    }
    o.verb = verb;
    o.db = cl.value(QStringLiteral("db"));
    o.keyFile = cl.value(QStringLiteral("key-file"));
    o.passphraseStdin = cl.isSet(QStringLiteral("passphrase-stdin"));
    if (group == QLatin1String("store") || group == QLatin1String("demo"))
        o.deviceId = cl.value(QStringLiteral("device-id"));
    if (group == QLatin1String("case"))
        o.state = cl.value(QStringLiteral("state"));
    if (group == QLatin1String("demo")) {
        const auto count = cl.number(QStringLiteral("count"), 1, 100000, 12, io);
        if (!count)
            return std::nullopt;
        o.count = static_cast<int>(*count);
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
    return ExitUsage; // parse() knows the verbs
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
    if (verb == QLatin1String("case")) {
        // A case a village helper filed for a principal also lists its authorisation's entries.
        auto entries = (*store)->schemaVersion() >= 8 ? (*store)->authorisations().dataUse(o.positional.first())
                                                      : (*store)->audit().dataUseForCase(o.positional.first());
        if (!entries.ok())
            return fail(io, entries.error());
        for (const AuditEntry &e : *entries) {
            io.out << e.at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) << '\t' << e.actor << '\t'
                   << e.role << '\t' << e.action << '\t' << e.fields.join(QLatin1Char(',')) << '\t' << e.outcome << '\t'
                   << e.reason << '\n';
        }
        return ExitOk;
    }
    return ExitUsage; // parse() knows the verbs
}

int caseCommand(const Options &o, Io &io)
{
    auto keys = makeKeys(o, io, false);
    auto store = openStore(o, *keys, Store::OpenMode::MustExist);
    if (!store.ok())
        return fail(io, store.error());
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
int demoCommand(const Options &o, Io &io)
{
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
    if (args.isEmpty()) {
        printCommands(io.err);
        return ExitUsage;
    }
    const QString &command = args.first();
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        printCommands(io.out);
        return ExitOk;
    }
    if (command == QLatin1String("scan"))
        return scanCommand(args.mid(1), io);
    if (isSyncCommand(args))
        return runSync(args, io);
    if (command == QLatin1String("catalog"))
        return catalogCommand(args.mid(1), io);
    static const QStringList groups = {QStringLiteral("store"), QStringLiteral("audit"), QStringLiteral("case"),
                                       QStringLiteral("demo")};
    if (!groups.contains(command)) {
        io.err << "onewindow: "
               << (command.startsWith(QLatin1Char('-')) ? CliText::tr("Unknown option %1.").arg(command)
                                                        : CliText::tr("Unknown command %1.").arg(command))
               << '\n'
               << CliText::tr("Run \"%1 --help\" to see how it is used.").arg(QStringLiteral("onewindow")) << '\n';
        return ExitUsage;
    }
    int exit = ExitUsage;
    const auto options = parse(command, args.mid(1), io, exit);
    if (!options)
        return exit;
    if (command == QLatin1String("store"))
        return storeCommand(options->verb, *options, io);
    if (command == QLatin1String("audit"))
        return auditCommand(options->verb, *options, io);
    if (command == QLatin1String("case"))
        return caseCommand(*options, io);
    return demoCommand(*options, io);
}

} // namespace ow::cli
