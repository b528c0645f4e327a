// onewindow-kiosk: the citizens' self-service kiosk. Reads the command line, creates the services
// QML binds to, loads the shell, and once the home screen is on screen loads the catalog and
// opens the case store off the GUI thread (KioskStartup).
#include "HelpCall.h"
#include "KioskOptions.h"
#include "KioskSession.h"
#include "KioskStartup.h"
#include "KioskStore.h"
#include "KioskSync.h"
#include "MaintenanceController.h"
#include "MaintenanceDevices.h"
#include "Voice.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "common/DataPaths.h"
#include "crypto/SelfTest.h"
#include "pickup/DraftPickup.h"
#include "scan/TrustStore.h"
#include "ui/CatalogService.h"
#include "ui/FontWarmup.h"
#include "ui/print/PrintService.h"
#include "ui/scan/ScannerGunFilter.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickWindow>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>
#include <cstdlib>

#include <cstdio>
#include <optional>
#include <utility>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_PrintPlugin)

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

using namespace ow;

namespace {

QString dataDirOf(const KioskOptions &options)
{
    return options.dataDir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)
                                     : options.dataDir;
}

// `onewindow-kiosk --set-admin-pin`: one line of digits on standard input (scripts pipe it in),
// hashed into the kiosk's store. Nothing is echoed.
int setAdminPinFromStdin(const KioskOptions &options)
{
    QTextStream in(stdin);
    const QString pin = in.readLine().trimmed();
    const QString problem = AdminPin::formatProblem(pin);
    if (!problem.isEmpty()) {
        QTextStream(stderr) << problem << '\n';
        return 1;
    }
    KioskStore store = KioskStore::open(dataDirOf(options), SystemClock::instance());
    if (!store.store) {
        QTextStream(stderr) << store.problem << '\n';
        return 1;
    }
    const Status saved = AdminPin(*store.store, SystemClock::instance()).set(pin);
    if (!saved.ok()) {
        qWarning("admin PIN not saved: %s", qPrintable(saved.error().logDetail));
        QTextStream(stderr) << saved.error().userMessage << '\n';
        return 1;
    }
    QTextStream(stdout) << AdminPin::tr("The admin PIN is saved.") << '\n';
    return 0;
}

} // namespace

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
        QCoreApplication::setApplicationName(QStringLiteral("onewindow-kiosk"));
        QCoreApplication::setOrganizationName(QStringLiteral("OneWindow"));
        parsed = KioskOptions::parse(QCoreApplication::arguments());
        if (!parsed.options) {
            QTextStream(parsed.exitCode == 0 ? stdout : stderr) << parsed.message << '\n';
            return parsed.exitCode;
        }
        if (parsed.options->setAdminPin)
            return setAdminPinFromStdin(*parsed.options);
        formsDir = dataPaths::formsDir(parsed.options->formsDir);
        QCoreApplication::removeTranslator(&translator);
    }
    // The kiosk's own font rules (share/onewindow/fonts.conf: the system's fonts, our rendering),
    // unless the machine's administrator has chosen a configuration; read when Qt first needs a font.
    if (qEnvironmentVariableIsEmpty("FONTCONFIG_FILE")) {
        const QString fontRules = dataPaths::dataDir() + QStringLiteral("/fonts.conf");
        if (QFileInfo::exists(fontRules))
            qputenv("FONTCONFIG_FILE", QFile::encodeName(fontRules));
        else
            qWarning("fonts: %s is missing, the system's font configuration is used", qPrintable(fontRules));
    }
    // Read beside the QML loading below, not on the first frame's path.
    const std::jthread fontsWarmingUp = ui::warmUpFonts();

    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("onewindow-kiosk"));
    QGuiApplication::setOrganizationName(QStringLiteral("OneWindow"));
    const KioskOptions &options = *parsed.options;

    CatalogService catalog{nullptr};
    CatalogService::setInstance(&catalog);

    KioskSession session(&catalog, options.demo);
    session.idle()->setTimeout(options.idleSeconds);
    session.setElderDefault(options.elderDefault);
    session.setPickupValidDays(options.pickupDays);
    KioskSession::setInstance(&session);
    const QString dataDir = dataDirOf(options);
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
    // The ID card reader and the e-licence issuers' keys (OpenSSL's decoders) come after the first
    // frame too (see below).
    std::optional<scan::TrustStore> trust;
    const auto openDevicesAndTrust = [&] {
        // The ID card reader: the configured device, else (demonstration) the simulated one.
        if (!options.cardReader.isEmpty())
            session.cardReader()->open(options.cardReader);
        else if (options.demo)
            session.cardReader()->openSimulator();
        // Materials: e-licence codes are checked against the catalog's trusted issuers (demo
        // issuers only in demo mode).
        auto loaded = scan::TrustStore::load(
            dataPaths::formsDir(options.formsDir) + QStringLiteral("/trust/issuers.json"),
            options.demo ? scan::TrustStore::DemoIssuers::Accept : scan::TrustStore::DemoIssuers::Refuse);
        if (loaded.ok()) {
            trust = std::move(loaded.value());
            session.materials()->setTrust(&*trust);
        } else {
            qWarning("trust: %s", qPrintable(loaded.error().logDetail));
        }
    };
    // Demonstrations take pictures from a folder instead of a camera.
    // The camera for pictures of materials: any video input (a document camera is one), watched
    // from QML (CameraWatch.qml) once a visit needs it.
    if (options.demo)
        session.materials()->setCameraDir(options.cameraDir.isEmpty() ? QStringLiteral(":/demo-materials")
                                                                      : options.cameraDir);
    // A scanner gun types its codes like a keyboard: taken away from text fields and handed to the
    // screen that is up as one scan (an ID number code on the identify screen, an e-licence on the
    // materials screen, a receipt on the progress screen).
    scan::ScannerGunFilter scannerGun;
    app.installEventFilter(&scannerGun);
    QObject::connect(&scannerGun, &scan::ScannerGunFilter::scanned, &session, &KioskSession::handleScan);
    app.installEventFilter(session.idle());

    // The receipt printer: a CUPS queue and its paper (a4, thermal-80, thermal-58); without a
    // queue receipts stay on screen with their code.
    print::PrintService printer;
    printer.setPrinterName(qEnvironmentVariable("OW_KIOSK_PRINTER"));
    printer.setPageFormat(qEnvironmentVariable("OW_KIOSK_PAPER", QStringLiteral("thermal-80")));
    printer.setIssuer(qEnvironmentVariable("OW_KIOSK_NAME"));
    print::PrintService::setInstance(&printer);

    // The voice reads each screen's question and each error aloud. Its speech engine is started on
    // first use, never before the home screen is up; the volume is kept in DATA/kiosk.conf.
    Voice voice(&session, makeSystemSpeaker());
    voice.setConfigFile(dataDir + QStringLiteral("/kiosk.conf"));
    Voice::setInstance(&voice);
    // 呼叫帮办员: through the hub once enrolled; the helper's phone when it cannot be reached.
    HelpCall help(&session);
    help.setHelperPhone(options.helperPhone);
    HelpCall::setInstance(&help);
    voice.setHelpCall(&help);

    // Unattended operation: the crypto self-test decides whether the kiosk serves at all.
    MaintenanceController maintenance(&session);
    MaintenanceController::setInstance(&maintenance);
    maintenance.setConfig({dataDir, options.cardReader, options.minFreeMb, options.serviceContact, {}});
    maintenance.setProbes(systemDeviceProbes());
    // Once the store is open (after the first frame): the hub link — enrolled, cases are sealed
    // and receipts signed; with a hub address the sync service sends them in the background.
    std::unique_ptr<KioskSync> hubLink;
    // Drafts saved for the window whose pickup codes have expired lose their personal data: when
    // the store opens, then every hour.
    QTimer draftPurge;
    draftPurge.setInterval(std::chrono::hours(1));
    const auto purgeExpiredDrafts = [&startup, &options] {
        if (Store *store = startup.store().store.get()) {
            const auto purged = pickup::purgeExpiredDrafts(*store, SystemClock::instance().now(), options.pickupDays);
            if (!purged.ok())
                qCWarning(lcKiosk) << "expired drafts not purged:" << purged.error().logDetail;
        }
    };
    QObject::connect(&draftPurge, &QTimer::timeout, &app, purgeExpiredDrafts);
    QObject::connect(&startup, &KioskStartup::storeOpened, &app, [&] {
        Store *opened = startup.store().store.get();
        session.setStore(opened, startup.store().problem);
        maintenance.setStore(opened);
        if (!opened)
            return;
        purgeExpiredDrafts();
        draftPurge.start();
        QString syncProblem;
        hubLink = KioskSync::start(options, dataDir, *opened, SystemClock::instance(), &syncProblem);
        if (!syncProblem.isEmpty())
            qCWarning(lcKiosk) << "hub sync:" << syncProblem;
        if (!hubLink)
            return;
        session.setDevice(&hubLink->device());
        help.setLink(hubLink->transport(), &hubLink->device());
        session.progress()->setLink(hubLink->transport(), &hubLink->device(), &SystemClock::instance());
        session.progress()->setTrust(&hubLink->receiptTrust());
        if (hubLink->service())
            maintenance.setSyncService(hubLink->service());
    });
    session.setSubmitCheck([&maintenance] { return maintenance.diskProblem(); });
    app.installEventFilter(maintenance.idle());
    QObject::connect(&maintenance, &MaintenanceController::quitRequested, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);

    // A plain engine set up as QQmlApplicationEngine sets itself up, less its file selector
    // (files in "+selector" folders chosen by platform or locale), which the kiosk does not use:
    // without it, the address of every QML file and image loaded before the first frame is not
    // looked up in such folders first.
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral("qrc:/")); // the modules are embedded at :/OneWindow/
    QObject::connect(&engine, &QQmlEngine::quit, &app, &QCoreApplication::quit, Qt::QueuedConnection);
    QObject::connect(&engine, &QQmlEngine::exit, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    // Qt's own strings in the system's language, as QQmlApplicationEngine loads them.
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qt"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath), QStringLiteral(".qm")))
        QCoreApplication::installTranslator(&qtTranslator);
    // Qt Quick's mark of an application engine: a Window created from QML drives the engine's
    // incubation (the asynchronous loading of screens) as QQuickView does.
    app.setProperty("__qml_using_qqmlapplicationengine", true);
    session.setEngine(&engine);
    const bool landscape = options.orientation == KioskOptions::Orientation::Landscape;
    QQmlComponent shell(&engine, QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/Main.qml")));
    const std::unique_ptr<QObject> root(shell.createWithInitialProperties(
        {{QStringLiteral("windowed"), options.windowed},
         {QStringLiteral("orientation"), options.orientation == KioskOptions::Orientation::Auto ? QStringLiteral("auto")
                                         : landscape ? QStringLiteral("landscape")
                                                     : QStringLiteral("portrait")}}));
    if (!root) {
        qWarning().noquote() << shell.errorString();
        return 1;
    }
    // OW_REPORT_READY=1 (tests/bench): one line "ready MS" on stdout once the home screen's first
    // frame is on screen, MS counted from the start of main(); =2 also exits there at once, so
    // that a profiler sees the start-up and nothing else.
    auto *window = qobject_cast<QQuickWindow *>(root.get());
    const int reportReady = qEnvironmentVariableIntValue("OW_REPORT_READY");
    if (window && reportReady > 0) {
        QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [&started, &session, reportReady] {
                if (session.screen() != KioskSession::Home)
                    return;
                QTextStream(stdout) << "ready " << started.elapsed() << Qt::endl;
                if (reportReady == 2)
                    std::_Exit(0);
            },
            Qt::SingleShotConnection);
    }
    // The catalog and the store after the home screen's first frame (or a second after start at
    // the latest, should no frame come).
    // First the crypto self-test: a failure puts up the out-of-service screen before anything can
    // be handled (the store is not open yet), never a half-working kiosk. Then the card reader
    // and the issuers' keys, then the catalog and the store on their worker threads.
    bool prepared = false;
    const auto afterFirstFrame = [&] {
        if (std::exchange(prepared, true))
            return;
        maintenance.runSelfTest(&crypto::selfTest);
        openDevicesAndTrust();
        startup.start();
    };
    if (window)
        QObject::connect(window, &QQuickWindow::frameSwapped, &startup, afterFirstFrame, Qt::SingleShotConnection);
    QTimer::singleShot(1000, &startup, afterFirstFrame);
    const int code = QGuiApplication::exec();
    MaintenanceController::setInstance(nullptr);
    Voice::setInstance(nullptr);
    HelpCall::setInstance(nullptr);
    KioskSession::setInstance(nullptr);
    CatalogService::setInstance(nullptr);
    print::PrintService::setInstance(nullptr);
    return code;
}
