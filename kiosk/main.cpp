// onewindow-kiosk: the citizens' self-service kiosk. Reads the command line, loads the catalog,
// creates the services QML binds to, then loads the shell.
#include "KioskOptions.h"
#include "KioskSession.h"
#include "KioskStore.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "common/DataPaths.h"
#include "scan/TrustStore.h"
#include "ui/CatalogService.h"
#include "ui/scan/ScannerGunFilter.h"

#include <QGuiApplication>
#include <QLoggingCategory>
#include <QCameraDevice>
#include <QMediaDevices>
#include <QQmlApplicationEngine>
#include <QStandardPaths>
#include <QTextStream>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;

int main(int argc, char *argv[])
{
    // The command line is read before the window system is touched, so --help and mistakes are
    // answered on a machine without a display too. Messages follow OW_LANG, as the other
    // programs' do.
    ParsedKioskOptions parsed;
    CatalogLoad load;
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
        const QString formsDir = dataPaths::formsDir(parsed.options->formsDir);
        load = CatalogLoader::loadDirectory(formsDir);
        for (const CatalogProblem &p : load.problems)
            qWarning("catalog: %s %s: %s", qPrintable(p.file), qPrintable(p.path), qPrintable(p.message));
        if (load.catalog.size() == 0) {
            QTextStream(stderr) << KioskOptions::tr("No service items could be loaded from %1.").arg(formsDir) << '\n';
            return 1;
        }
        QCoreApplication::removeTranslator(&translator);
    }

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("onewindow-kiosk"));
    QGuiApplication::setOrganizationName(QStringLiteral("OneWindow"));
    const KioskOptions &options = *parsed.options;

    CatalogService catalog;
    catalog.setCatalog(std::move(load.catalog));
    CatalogService::setInstance(&catalog);

    KioskSession session(&catalog, options.demo);
    session.idle()->setTimeout(options.idleSeconds);
    KioskSession::setInstance(&session);
    const QString dataDir = options.dataDir.isEmpty()
                                ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                                : options.dataDir;
    KioskStore store = KioskStore::open(dataDir, SystemClock::instance());
    session.setStore(store.store.get(), store.problem);
    // The ID card reader: the configured device, else (demonstration) the simulated one.
    if (!options.cardReader.isEmpty())
        session.cardReader()->open(options.cardReader);
    else if (options.demo)
        session.cardReader()->openSimulator();
    // Materials: e-licence codes are checked against the catalog's trusted issuers (demo issuers
    // only in demo mode); demonstrations take pictures from a folder instead of a camera.
    const auto trust = scan::TrustStore::load(
        dataPaths::formsDir(options.formsDir) + QStringLiteral("/trust/issuers.json"),
        options.demo ? scan::TrustStore::DemoIssuers::Accept : scan::TrustStore::DemoIssuers::Refuse);
    if (trust.ok())
        session.materials()->setTrust(&trust.value());
    else
        qWarning("trust: %s", qPrintable(trust.error().logDetail));
    // The camera for pictures of materials: any video input (a document camera is one).
    QMediaDevices mediaDevices;
    const auto updateCamera = [&session] {
        session.materials()->setCameraAvailable(!QMediaDevices::videoInputs().isEmpty());
    };
    QObject::connect(&mediaDevices, &QMediaDevices::videoInputsChanged, &session, updateCamera);
    updateCamera();
    if (options.demo)
        session.materials()->setCameraDir(options.cameraDir.isEmpty() ? QStringLiteral(":/demo-materials")
                                                                      : options.cameraDir);
    // A scanner gun types codes: an ID number code on the identify screen fills the number, an
    // e-licence code on the materials screen replaces a material.
    scan::ScannerGunFilter scannerGun;
    app.installEventFilter(&scannerGun);
    QObject::connect(&scannerGun, &scan::ScannerGunFilter::scanned, &session, [&session](const QByteArray &payload) {
        if (session.screen() == KioskSession::Materials)
            session.materials()->acceptCode(payload);
        else if (session.screen() == KioskSession::Identify)
            session.identity()->acceptCode(payload); // an ID number code fills the number as if typed
    });
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
    const int code = QGuiApplication::exec();
    KioskSession::setInstance(nullptr);
    CatalogService::setInstance(nullptr);
    return code;
}
