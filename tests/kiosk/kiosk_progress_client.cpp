// Another kiosk of the county in a process of its own, for tst_kioskhub: opens the kiosk store
// in --data (enrolled with the hub beforehand), links it to --hub as the kiosk program does,
// shows the progress screen, takes --code as its scanner would read it, and prints what the
// screen then shows as one JSON object on stdout (no personal data is in it: case number,
// state, steps, data-use entries, or the error shown). Exit 0 when an answer came.
#include "KioskOptions.h"
#include "KioskSession.h"
#include "KioskStore.h"
#include "KioskSync.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "ui/CatalogService.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QThread>

#include <cstdio>

using namespace ow;

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Kiosk data folder."), QStringLiteral("DIR"));
    const QCommandLineOption hub(QStringLiteral("hub"), QStringLiteral("Hub address."), QStringLiteral("URL"));
    const QCommandLineOption forms(QStringLiteral("forms"), QStringLiteral("Catalog folder."), QStringLiteral("DIR"));
    const QCommandLineOption code(QStringLiteral("code"), QStringLiteral("Receipt code."), QStringLiteral("TEXT"));
    parser.addOptions({data, hub, forms, code});
    parser.process(app);

    const CatalogLoad load = CatalogLoader::loadDirectory(parser.value(forms));
    CatalogService catalog{nullptr};
    catalog.setCatalog(load.catalog);
    CatalogService::setInstance(&catalog);

    KioskStore store = KioskStore::open(parser.value(data), SystemClock::instance());
    if (!store.store) {
        std::fprintf(stderr, "no store: %s\n", qPrintable(store.problem));
        return 2;
    }
    KioskOptions options;
    options.hubUrl = parser.value(hub);
    QString problem;
    auto link = KioskSync::start(options, parser.value(data), *store.store, SystemClock::instance(), &problem);
    if (!link || !link->service()) {
        std::fprintf(stderr, "no hub link: %s\n", qPrintable(problem));
        return 2;
    }
    KioskSession session(&catalog, true);
    session.setStore(store.store.get());
    session.setDevice(&link->device());
    session.progress()->setLink(link->transport(), &link->device(), &SystemClock::instance());
    session.openFeature(QStringLiteral("progress"));
    session.handleScan(parser.value(code).toUtf8());
    QElapsedTimer waited;
    waited.start();
    while (session.progress()->busy() && waited.elapsed() < 20000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(5);
    }
    if (session.progress()->busy()) {
        std::fprintf(stderr, "no answer within 20 s\n");
        return 3;
    }
    const QVariantMap result = session.progress()->result();
    const QJsonObject out{
        {QStringLiteral("screen"), session.screen()},
        {QStringLiteral("caseNumber"), result.value(QStringLiteral("caseNumber")).toString()},
        {QStringLiteral("state"), result.value(QStringLiteral("state")).toString()},
        {QStringLiteral("paused"), result.value(QStringLiteral("paused")).toBool()},
        {QStringLiteral("steps"), result.value(QStringLiteral("steps")).toList().size()},
        {QStringLiteral("dataUse"), result.value(QStringLiteral("dataUse")).toList().size()},
        {QStringLiteral("error"), session.progress()->error()},
    };
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << Qt::endl;
    session.wipe();
    CatalogService::setInstance(nullptr);
    return 0;
}
