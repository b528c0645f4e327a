#include "cli/CliCommands.h"

#include "Translations.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>
#include <sys/resource.h>

int main(int argc, char *argv[])
{
    // Key material must never end up in a core file.
    const rlimit noCore{0, 0};
    setrlimit(RLIMIT_CORE, &noCore);

    QCoreApplication app(argc, argv);
    // The CLI is quiet unless asked: warnings (with their precise detail) still reach stderr.
    if (qEnvironmentVariableIsEmpty("OW_VERBOSE"))
        QLoggingCategory::setFilterRules(QStringLiteral("ow.*.info=false\now.*.debug=false"));
    qSetMessagePattern(QStringLiteral("%{category}: %{message}"));
    QCoreApplication::setApplicationName(QStringLiteral("onewindow"));
    QCoreApplication::setOrganizationName(QStringLiteral("OneWindow"));
    ow::installTranslations(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    const int code = ow::cli::run(app.arguments().mid(1), ow::cli::Io{out, err, in});
    out.flush();
    err.flush();
    return code;
}
