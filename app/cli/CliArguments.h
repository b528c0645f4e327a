#pragma once

#include "cli/CliCommands.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <optional>

namespace ow::cli {

// One command's command line: QCommandLineParser reads the syntax; help, messages (translated,
// through CliText) and the ranges of numbers are ours.
class CliArguments
{
public:
    // `command` as a person types it ("onewindow store"); `usage` the translated text that --help
    // prints above the options (it starts with "Usage:").
    CliArguments(QString command, QString usage, const QList<QCommandLineOption> &options);

    enum class Outcome {
        Run,   // parsed: the command runs
        Help,  // --help: help printed to standard output, exit 0
        Error, // a usage error, printed to standard error, exit 1
    };
    Outcome parse(const QStringList &args, Io &io);
    // parse(), as commands use it: nothing when the command runs, else its exit code
    // (ExitOk after --help, ExitUsage after a usage error).
    std::optional<int> parseOrExit(const QStringList &args, Io &io);

    bool isSet(const QString &name) const { return m_parser.isSet(name); }
    QString value(const QString &name) const { return m_parser.value(name); }
    QStringList values(const QString &name) const { return m_parser.values(name); }
    QStringList positional() const { return m_parser.positionalArguments(); }

    // The option's whole number, `fallback` when it is not given; nothing (and the problem
    // printed) when it is not a number from `min` to `max`.
    std::optional<qint64> number(const QString &name, qint64 min, qint64 max, qint64 fallback, Io &io) const;

    // Prints `message` and where to find help; returns ExitUsage.
    int usageError(const QString &message, Io &io) const;
    void printHelp(QTextStream &out) const;

    // How an option is typed: --name, or -n for a one-letter name.
    static QString spelled(const QString &name);

private:
    QString missingValue(const QStringList &args) const;

    QString m_command;
    QString m_usage;
    QList<QCommandLineOption> m_options;
    QCommandLineParser m_parser;
};

// The options of every command that opens a store: --db, --key-file and --passphrase-stdin.
QList<QCommandLineOption> storeOptions();
// The store is named and there is exactly one way to its key; otherwise the problem is printed.
bool storeOptionsComplete(const CliArguments &arguments, Io &io);

} // namespace ow::cli
