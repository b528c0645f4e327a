#include "cli/CliArguments.h"
#include "cli/CliText.h"

#include <algorithm>

namespace ow::cli {

CliArguments::CliArguments(QString command, QString usage, const QList<QCommandLineOption> &options)
    : m_command(std::move(command))
    , m_usage(std::move(usage))
    , m_options(options)
{
    m_options.append(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")}, CliText::tr("Show this help.")));
    // Options may follow positional arguments (`sync seal NUMBER --db PATH`), as they always could.
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    m_parser.addOptions(m_options);
}

QString CliArguments::spelled(const QString &name)
{
    return (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
}

QString CliArguments::missingValue(const QStringList &args) const
{
    // QCommandLineParser only says so in untranslated words: a value option with nothing after it
    // is the last argument (a value may be anything, even "--db").
    if (args.isEmpty())
        return {};
    const QString &last = args.last();
    for (const QCommandLineOption &option : m_options) {
        if (option.valueName().isEmpty())
            continue;
        for (const QString &name : option.names()) {
            if (last == spelled(name))
                return last;
        }
    }
    return {};
}

CliArguments::Outcome CliArguments::parse(const QStringList &args, Io &io)
{
    // The parser skips the program name; the command stands in for it.
    if (!m_parser.parse(QStringList{m_command} + args)) {
        const QStringList unknown = m_parser.unknownOptionNames();
        QString message;
        if (!unknown.isEmpty())
            message = CliText::tr("Unknown option %1.").arg(spelled(unknown.first()));
        else if (const QString option = missingValue(args); !option.isEmpty())
            message = CliText::tr("Missing value after %1.").arg(option);
        else
            message = m_parser.errorText();
        usageError(message, io);
        return Outcome::Error;
    }
    if (m_parser.isSet(QStringLiteral("help"))) {
        printHelp(io.out);
        return Outcome::Help;
    }
    return Outcome::Run;
}

std::optional<int> CliArguments::parseOrExit(const QStringList &args, Io &io)
{
    switch (parse(args, io)) {
    case Outcome::Help:
        return ExitOk;
    case Outcome::Error:
        return ExitUsage;
    case Outcome::Run:
        break;
    }
    return std::nullopt;
}

std::optional<qint64> CliArguments::number(const QString &name, qint64 min, qint64 max, qint64 fallback, Io &io) const
{
    if (!m_parser.isSet(name))
        return fallback;
    const QString text = m_parser.value(name);
    bool ok = false;
    const qint64 n = text.trimmed().toLongLong(&ok);
    if (!ok || n < min || n > max) {
        usageError(CliText::tr("%1 takes a whole number from %2 to %3, not \"%4\".")
                       .arg(spelled(name))
                       .arg(min)
                       .arg(max)
                       .arg(text),
                   io);
        return std::nullopt;
    }
    return n;
}

int CliArguments::usageError(const QString &message, Io &io) const
{
    io.err << "onewindow: " << message << '\n'
           << CliText::tr("Run \"%1 --help\" to see how it is used.").arg(m_command) << '\n';
    return ExitUsage;
}

void CliArguments::printHelp(QTextStream &out) const
{
    out << m_usage << "\n\n" << CliText::tr("Options:") << '\n';
    QList<QPair<QString, QString>> rows;
    qsizetype width = 0;
    for (const QCommandLineOption &option : m_options) {
        QStringList names;
        for (const QString &name : option.names())
            names.append(spelled(name));
        QString left = names.join(QStringLiteral(", "));
        if (!option.valueName().isEmpty())
            left += QLatin1Char(' ') + option.valueName();
        width = std::max(width, left.size());
        rows.append({left, option.description()});
    }
    for (const auto &[left, description] : rows)
        out << "  " << left.leftJustified(width) << "  " << description << '\n';
}

QList<QCommandLineOption> storeOptions()
{
    return {{QStringLiteral("db"), CliText::tr("The store file."), QStringLiteral("PATH")},
            {QStringLiteral("key-file"), CliText::tr("The store's key file (created with mode 0600 by init)."),
             QStringLiteral("PATH")},
            {QStringLiteral("passphrase-stdin"), CliText::tr("Read the passphrase from standard input.")}};
}

bool storeOptionsComplete(const CliArguments &arguments, Io &io)
{
    if (arguments.value(QStringLiteral("db")).isEmpty()) {
        arguments.usageError(CliText::tr("Name the store with --db PATH."), io);
        return false;
    }
    if (arguments.value(QStringLiteral("key-file")).isEmpty() == !arguments.isSet(QStringLiteral("passphrase-stdin"))) {
        arguments.usageError(CliText::tr("Give exactly one of --key-file PATH or --passphrase-stdin."), io);
        return false;
    }
    return true;
}

} // namespace ow::cli
