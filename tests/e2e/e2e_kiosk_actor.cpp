// A village kiosk as a process of its own, for tst_oneloop: put together as onewindow-kiosk's
// main() does it (the catalog, the encrypted store in --data with its enrollment, KioskSync's hub
// link and background sync, the session and its progress lookup), its shell in a window
// offscreen, and a citizen using it through KioskSession and its controllers. Commands come one
// JSON line at a time on standard input (ActorLoop.h).
#include "ActorLoop.h"
#include "KioskTestSupport.h"
#include "TestSupport.h"

#include "KioskOptions.h"
#include "KioskSession.h"
#include "KioskStore.h"
#include "KioskSync.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "store/Database.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "ui/CatalogService.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QJsonArray>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;
using e2e::failed;
using e2e::waitFor;

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

class KioskActor
{
public:
    KioskActor(KioskSession &session, KioskSync &link, Store &store, QQuickView &view)
        : m_session(session)
        , m_link(link)
        , m_store(store)
        , m_view(view)
    {
        QObject::connect(&session, &KioskSession::draftSaved, &session,
                         [this](const QString &number) { m_lastDraft = number; });
    }

    QJsonObject handle(const QJsonObject &c)
    {
        const QString cmd = str(c, "cmd");
        if (cmd == QLatin1String("fillAndStop"))
            return fillAndStop(str(c, "item"), str(c, "idNumber"), c.value(QStringLiteral("pages")).toInt(1));
        if (cmd == QLatin1String("sync"))
            return syncNow();
        if (cmd == QLatin1String("draft"))
            return draft(str(c, "number"));
        if (cmd == QLatin1String("progress"))
            return progress(str(c, "code"));
        if (cmd == QLatin1String("finish")) {
            m_session.finish();
            return QJsonObject{{QStringLiteral("screen"), m_session.screen()}};
        }
        if (cmd == QLatin1String("warnings"))
            return QJsonObject{{QStringLiteral("warnings"), QJsonArray::fromStringList(test::warnings())}};
        if (cmd == QLatin1String("screenshot"))
            return e2e::screenshot(m_view, str(c, "path"));
        return failed(QStringLiteral("unknown command ") + cmd);
    }

private:
    // A citizen starts the item, types the ID number on the keypad, answers `pages` pages of the
    // form and then asks to finish at the service window (到窗口继续办理): the draft is saved with
    // its pickup code and the visit's answers are let go.
    QJsonObject fillAndStop(const QString &item, const QString &idNumber, int pages)
    {
        m_session.wipe();
        m_session.openChooser();
        m_session.chooseItem(item);
        m_session.startApplication();
        if (m_session.screen() != KioskSession::Identify)
            return failed(QStringLiteral("no identify screen after starting, on ") + m_session.screen());
        for (const QChar ch : idNumber) {
            if (!m_session.identity()->press(ch))
                return failed(QStringLiteral("the keypad refused a key"));
        }
        m_session.confirmIdentity();
        if (m_session.screen() != KioskSession::Form)
            return failed(QStringLiteral("no form after the ID number, on ") + m_session.screen());
        int answered = 0;
        for (int page = 0; page < pages; ++page) {
            answered += test::answerPage(*m_session.form());
            if (page + 1 < pages && m_session.form()->next())
                break;
        }
        m_session.offerContinueAtWindow();
        if (!m_session.pickupConfirming())
            return failed(QStringLiteral("no confirmation for finishing at the window: ") + m_session.pickupError());
        waitFor([] { return false; }, 100); // the confirmation is drawn
        m_lastDraft.clear();
        m_session.continueAtWindow();
        const QVariantMap pickup = m_session.pickup();
        return QJsonObject{{QStringLiteral("ok"), m_session.screen() == KioskSession::Pickup},
                           {QStringLiteral("error"), m_session.pickupError()},
                           {QStringLiteral("screen"), m_session.screen()},
                           {QStringLiteral("answered"), answered},
                           {QStringLiteral("draft"), m_lastDraft},
                           {QStringLiteral("shortCode"), pickup.value(QStringLiteral("shortCode")).toString()},
                           {QStringLiteral("pickupCode"), pickup.value(QStringLiteral("pickupCode")).toString()},
                           {QStringLiteral("formEmpty"), m_session.form()->rowCount() == 0},
                           {QStringLiteral("identityEmpty"), m_session.identity()->length() == 0}};
    }

    // One cycle of the kiosk's background sync now, as its timer (or the maintenance screen's
    // "sync now") would start it.
    QJsonObject syncNow()
    {
        sync::SyncService *service = m_link.service();
        if (!service)
            return failed(QStringLiteral("this kiosk has no sync service"));
        if (!waitFor([&] { return !service->busy(); }))
            return failed(QStringLiteral("a sync cycle did not end within 30 s"));
        bool finished = false;
        const auto connection =
            QObject::connect(service, &sync::SyncService::cycleFinished, service, [&] { finished = true; });
        service->syncNow();
        const bool done = waitFor([&] { return finished; });
        QObject::disconnect(connection);
        if (!done)
            return failed(QStringLiteral("the sync cycle did not end within 30 s"));
        return QJsonObject{{QStringLiteral("ok"), service->online()},
                           {QStringLiteral("error"), service->lastError()},
                           {QStringLiteral("pending"), service->pending()}};
    }

    // The draft as this kiosk's store keeps it: whether its personal data is gone, and how many
    // stored files still hold content.
    QJsonObject draft(const QString &number)
    {
        auto found = m_store.cases().findByNumber(number);
        if (!found.ok())
            return failed(found.error().logDetail);
        if (!found->has_value())
            return failed(QStringLiteral("no draft ") + number);
        auto files = m_store.db().scalar("SELECT COUNT(*) FROM attachments WHERE data IS NOT NULL");
        return QJsonObject{{QStringLiteral("state"), caseState::key((*found)->state)},
                           {QStringLiteral("purged"), (*found)->purged},
                           {QStringLiteral("formEmpty"), (*found)->formJson.isEmpty()},
                           {QStringLiteral("filesWithContent"), files.ok() ? files->toDouble() : -1.0}};
    }

    // 查询进度: the citizen shows the receipt code to the progress screen's scanner.
    QJsonObject progress(const QString &code)
    {
        m_session.wipe();
        m_session.openFeature(QStringLiteral("progress"));
        if (m_session.screen() != KioskSession::Progress)
            return failed(QStringLiteral("no progress screen, on ") + m_session.screen());
        m_session.handleScan(code.toUtf8());
        if (!waitFor([&] { return !m_session.progress()->busy(); }))
            return failed(QStringLiteral("no answer from the progress query within 30 s"));
        waitFor([] { return false; }, 100); // the answer is drawn
        QStringList texts;
        test::collectTexts(m_view.rootObject(), texts);
        return QJsonObject{{QStringLiteral("ok"), m_session.progress()->error().isEmpty()},
                           {QStringLiteral("error"), m_session.progress()->error()},
                           {QStringLiteral("screen"), m_session.screen()},
                           {QStringLiteral("result"), QJsonObject::fromVariantMap(m_session.progress()->result())},
                           {QStringLiteral("texts"), QJsonArray::fromStringList(texts)}};
    }

    KioskSession &m_session;
    KioskSync &m_link;
    Store &m_store;
    QQuickView &m_view;
    QString m_lastDraft;
};

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QTranslator translator;
    const e2e::ActorArgs args = e2e::startActor(app, QStringLiteral("onewindow-kiosk"), translator);

    CatalogLoad load = CatalogLoader::loadDirectory(args.formsDir);
    if (load.catalog.size() == 0) {
        std::fprintf(stderr, "no catalog in %s\n", qPrintable(args.formsDir));
        return 2;
    }
    CatalogService catalog{nullptr};
    catalog.setCatalog(std::move(load.catalog));
    CatalogService::setInstance(&catalog);

    const QString dataDir = args.dataDir;
    KioskStore store = KioskStore::open(dataDir, SystemClock::instance());
    if (!store.store) {
        std::fprintf(stderr, "no store: %s\n", qPrintable(store.problem));
        return 2;
    }
    KioskOptions options;
    options.dataDir = dataDir;
    options.hubUrl = args.hubUrl;
    QString problem;
    auto link = KioskSync::start(options, dataDir, *store.store, SystemClock::instance(), &problem);
    if (!link || !link->service()) {
        std::fprintf(stderr, "no hub link: %s\n", qPrintable(problem));
        return 2;
    }
    KioskSession session(&catalog, false);
    KioskSession::setInstance(&session);
    session.setStore(store.store.get());
    session.setDevice(&link->device());
    session.progress()->setLink(link->transport(), &link->device(), &SystemClock::instance());
    session.progress()->setTrust(&link->receiptTrust());
    app.installEventFilter(session.idle());

    QQuickView view;
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.resize(1080, 1920);
    view.engine()->addImportPath(QStringLiteral("qrc:/"));
    session.setEngine(view.engine());
    view.setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
    if (view.status() != QQuickView::Ready) {
        std::fprintf(stderr, "the kiosk shell did not load\n");
        return 2;
    }
    view.show();

    KioskActor actor(session, *link, *store.store, view);
    const QJsonObject ready{{QStringLiteral("ok"), true}, {QStringLiteral("deviceId"), link->device().deviceId()}};
    const int code = e2e::serve(ready, [&actor](const QJsonObject &c) { return actor.handle(c); });
    session.wipe();
    KioskSession::setInstance(nullptr);
    CatalogService::setInstance(nullptr);
    test::stopRecordingWarnings();
    return code;
}
