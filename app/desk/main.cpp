// onewindow-desk: the service hall's desk for window clerks and department reviewers. Reads the
// command line, puts the desk together (DeskProgram) and loads the window.
#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"

#include "common/Clock.h"
#include "ui/scan/ScannerGunFilter.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QTextStream>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

QString language()
{
    return qEnvironmentVariable("OW_LANG").startsWith(QLatin1String("en")) ? QStringLiteral("en")
                                                                           : QStringLiteral("zh_CN");
}

// `onewindow-desk --add-operator --username U --role R [--department CODE] [--display-name N]`:
// the password on one line of standard input (scripts pipe it in); nothing is echoed.
int addOperatorFromStdin(const DeskOptions &options)
{
    QTextStream in(stdin);
    const QString password = in.readLine();
    const Status saved = DeskProgram::addOperator(options, password, SystemClock::instance());
    if (!saved.ok()) {
        qWarning("operator not cached: %s", qPrintable(saved.error().logDetail));
        QTextStream(stderr) << saved.error().userMessage << '\n';
        return 1;
    }
    QTextStream(stdout) << DeskOptions::tr("The operator %1 can sign in at this desk.").arg(options.username) << '\n';
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    // The command line first, without a display, so --help and mistakes work anywhere.
    ParsedDeskOptions parsed;
    {
        QCoreApplication probe(argc, argv);
        QTranslator translator;
        if (translator.load(QStringLiteral(":/i18n/onewindow_%1.qm").arg(language())))
            QCoreApplication::installTranslator(&translator);
        QCoreApplication::setApplicationName(QStringLiteral("onewindow-desk"));
        QCoreApplication::setOrganizationName(QStringLiteral("OneWindow"));
        parsed = DeskOptions::parse(QCoreApplication::arguments());
        if (!parsed.options) {
            QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.message << '\n';
            return parsed.exitCode;
        }
        if (parsed.options->addOperator)
            return addOperatorFromStdin(*parsed.options);
        QCoreApplication::removeTranslator(&translator);
    }

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("onewindow-desk"));
    QGuiApplication::setOrganizationName(QStringLiteral("OneWindow"));
    QTranslator translator;
    if (translator.load(QStringLiteral(":/i18n/onewindow_%1.qm").arg(language())))
        QCoreApplication::installTranslator(&translator);

    QString problem;
    auto desk = DeskProgram::open(*parsed.options, SystemClock::instance(), &problem);
    if (!desk) {
        QTextStream(stderr) << problem << '\n';
        return 1;
    }
    app.installEventFilter(&desk->session());
    // A scanner gun types its code as keys: taken whole from whatever field has focus and given to
    // the page on screen (the window clerk's: a pickup code or a citizen's ID number code).
    scan::ScannerGunFilter scannerGun;
    app.installEventFilter(&scannerGun);
    QObject::connect(&scannerGun, &scan::ScannerGunFilter::scanned, &desk->session(), &DeskSession::handleScan);

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/"));
    engine.setInitialProperties({{QStringLiteral("windowed"), parsed.options->windowed}});
    engine.load(QUrl(QStringLiteral("qrc:/OneWindow/Desk/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    if (parsed.options->raterScreen && !desk->session().rater()->openWindow(engine))
        return 1;
    return QGuiApplication::exec();
}
