#include "cli/CliArguments.h"
#include "cli/CliCommands.h"
#include "cli/CliText.h"

#include "catalog/Catalog.h"
#include "common/DataPaths.h"
#include "common/Tr.h"

#include <QDir>

namespace ow::cli {

namespace {

const char *kCatalogUsage = QT_TRANSLATE_NOOP(
    "CliText", "Usage: onewindow catalog check|list [FORMS_DIR]\n"
               "check prints every problem of the catalog as FILE, JSON path and message separated by tabs and\n"
               "exits 1 if there is any; list prints implementation code, name, level and department of each item.\n"
               "FORMS_DIR defaults to OW_FORMS_DIR, else OW_DATA_DIR/forms, else share/onewindow/forms beside the\n"
               "program's folder.");

} // namespace

int catalogCommand(const QStringList &args, Io &io)
{
    CliArguments cl(QStringLiteral("onewindow catalog"), CliText::tr(kCatalogUsage), {});
    if (const auto exit = cl.parseOrExit(args, io))
        return *exit;
    QStringList positional = cl.positional();
    const QString verb = positional.isEmpty() ? QString() : positional.takeFirst();
    if (verb != QLatin1String("check") && verb != QLatin1String("list")) {
        return cl.usageError(verb.isEmpty() ? CliText::tr("Name what to do: %1.").arg(QStringLiteral("check, list"))
                                            : CliText::tr("Unknown command %1.").arg(QStringLiteral("catalog ") + verb),
                             io);
    }
    if (positional.size() > 1)
        return cl.usageError(CliText::tr("Unexpected argument %1.").arg(positional.at(1)), io);
    const QString dir = dataPaths::formsDir(positional.value(0));
    const CatalogLoad load = CatalogLoader::loadDirectory(dir);
    if (verb == QLatin1String("check")) {
        for (const CatalogProblem &p : load.problems)
            io.out << QDir(dir).relativeFilePath(p.file) << '\t' << p.path << '\t' << p.message << '\n';
        if (!load.problems.isEmpty()) {
            io.err << CliText::tr("%n problem(s) in the catalog; %1 of %2 items are usable.", nullptr,
                                  static_cast<int>(load.problems.size()))
                          .arg(load.catalog.size())
                          .arg(load.filesRead)
                   << '\n';
            return 1; // any problem at all: exit 1, as scripts and CI expect
        }
        io.out << CliText::tr("The catalog is sound: %n item(s).", nullptr, load.catalog.size()) << '\n';
        return ExitOk;
    }
    const bool english = qEnvironmentVariable("OW_LANG").startsWith(QLatin1String("en"));
    for (const auto &item : load.catalog.items()) {
        io.out << item->implCode << '\t' << item->name.in(english ? QStringLiteral("en") : QStringLiteral("zh")) << '\t'
               << item->level << '\t' << item->department.name.in(english ? QStringLiteral("en") : QString()) << '\n';
    }
    return load.problems.isEmpty() ? ExitOk : ExitOther;
}

} // namespace ow::cli
