#include "cli/CliCommands.h"
#include "cli/CliText.h"

#include "catalog/Catalog.h"
#include "common/Tr.h"

#include <QDir>

namespace ow::cli {

int catalogCommand(const QString &verb, const QStringList &args, Io &io)
{
    if (args.size() > 1 || (verb != QLatin1String("check") && verb != QLatin1String("list"))) {
        io.err << CliText::tr("Usage: onewindow catalog check|list [FORMS_DIR]") << '\n';
        return ExitUsage;
    }
    const QString dir = args.isEmpty() ? CatalogLoader::defaultFormsDir() : args.first();
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
