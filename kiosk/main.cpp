// onewindow-kiosk: the citizens' self-service kiosk. Reads the command line, creates the services
// QML binds to, loads the shell, and once the home screen is on screen loads the catalog and
// opens the case store off the GUI thread (KioskStartup).
#include "KioskOptions.h"
#include "KioskSession.h"
#include "KioskStartup.h"
#include "KioskStore.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "common/DataPaths.h"
#include "ui/CatalogService.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QLoggingCategory>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;

int main(int argc, char *argv[])
{
    QElapsedTimer started;
    started.start();
    // The command line is read before the window system is touched, so --help and mistakes are
    // answered on a machine without a display too. Messages follow OW_LANG, as the other
    // programs' do.
    ParsedKioskOptions parsed;
    QString formsDir;
    {
        QCoreApplication probe(argc, argv);
        QTranslator translator;
        const QString lang = qEnvironmentVariable("OW_LANG").startsWith(QLatin1String("en")) ? QStringLiteral("en")
                                                                                             : QStringLiteral("zh_CN");
        if (translator.load(QStringLiteral(":/i18n/onewindow_%1.qm").arg(lang)))
            QCoreApplication::installTranslator(&translator);
        parsed = KioskOptions::parse(QCoreApplication::arguments());
        if (!parsed.options) {
            QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.message << '\n';
            return parsed.exitCode;
        }
        formsDir = dataPaths::formsDir(parsed.options->formsDir);
        QCoreApplication::removeTranslator(&translator);
    }

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("onewindow-kiosk"));
    QGuiApplication::setOrganizationName(QStringLiteral("OneWindow"));
    const KioskOptions &options = *parsed.options;

    CatalogService catalog;
    CatalogService::setInstance(&catalog);

    KioskSession session(&catalog, options.demo);
    session.idle()->setTimeout(options.idleSeconds);
    KioskSession::setInstance(&session);
    const QString dataDir = options.dataDir.isEmpty()
                                ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                                : options.dataDir;
    // The home screen needs neither the catalog nor the store: both are prepared after its first
    // frame (see below). Until then the chooser says it is loading and a submit is asked to wait.
    KioskStartup startup(formsDir, dataDir, SystemClock::instance());
    session.chooser()->setLoading(true);
    session.setStoreOpening();
    QObject::connect(&startup, &KioskStartup::catalogLoaded, &app, [&startup, &catalog, &session] {
        CatalogLoad &load = startup.catalog();
        for (const CatalogProblem &p : load.problems)
            qWarning("catalog: %s %s: %s", qPrintable(p.file), qPrintable(p.path), qPrintable(p.message));
        if (load.catalog.size() == 0) {
            // As before the window: the message in OW_LANG's language, exit code 1.
            QTranslator translator;
            if (translator.load(QStringLiteral(":/i18n/onewindow_%1.qm")
                                    .arg(qEnvironmentVariable("OW_LANG").startsWith(QLatin1String("en"))
                                             ? QStringLiteral("en")
                                             : QStringLiteral("zh_CN"))))
                QCoreApplication::installTranslator(&translator);
            QTextStream(stderr) << KioskOptions::tr("No service items could be loaded from %1.").arg(startup.formsDir())
                                << '\n';
            QCoreApplication::removeTranslator(&translator);
            QCoreApplication::exit(1);
            return;
        }
        catalog.setCatalog(std::move(load.catalog));
        session.chooser()->setLoading(false);
    });
    QObject::connect(&startup, &KioskStartup::storeOpened, &app,
                     [&startup, &session] { session.setStore(startup.store().store.get(), startup.store().problem); });
    app.installEventFilter(session.idle());

    QQmlApplicationEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/")); // the modules are embedded at :/OneWindow/
    session.setEngine(&engine);
    const bool landscape = options.orientation == KioskOptions::Orientation::Landscape;
    engine.setInitialProperties(
        {{QStringLiteral("windowed"), options.windowed},
         {QStringLiteral("orientation"), options.orientation == KioskOptions::Orientation::Auto ? QStringLiteral("auto")
                                         : landscape ? QStringLiteral("landscape")
                                                     : QStringLiteral("portrait")}});
    engine.load(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    // OW_REPORT_READY=1 (tests/bench): one line "ready MS" on stdout once the home screen's first
    // frame is on screen, MS counted from the start of main().
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (window && qEnvironmentVariableIntValue("OW_REPORT_READY") == 1) {
        QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [&started, &session] {
                if (session.screen() == KioskSession::Home)
                    QTextStream(stdout) << "ready " << started.elapsed() << Qt::endl;
            },
            Qt::SingleShotConnection);
    }
    // The catalog and the store after the home screen's first frame (or a second after start at
    // the latest, should no frame come).
    if (window) {
        QObject::connect(
            window, &QQuickWindow::frameSwapped, &startup, [&startup] { startup.start(); }, Qt::SingleShotConnection);
    }
    QTimer::singleShot(1000, &startup, [&startup] { startup.start(); });
    const int code = QGuiApplication::exec();
    KioskSession::setInstance(nullptr);
    CatalogService::setInstance(nullptr);
    return code;
}
