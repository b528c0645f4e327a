// The kiosk in a real window (offscreen): a citizen taps through home → choose → guide → back
// → home; walks away and the countdown appears, then the visit is wiped; switches language;
// and does a whole visit: identify on the keypad (or with the demo card), the form, review,
// consent, submit into a temporary encrypted store, receipt.
// Saves a screenshot of every screen in portrait (1080×1920) and landscape (1920×1080) under
// the build directory: tests/kiosk/screenshots/. Any QML warning fails the test.
#include "KioskScreenSupport.h"
#include "KioskTestSupport.h"
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "KioskSession.h"
#include "KioskStore.h"
#include "RatingStep.h"
#include "scan/IdCardReader.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "domain/IdNumber.h"
#include "store/Repositories.h"
#include "ui/CatalogService.h"

#include <QDir>
#include <QFile>
#include <QFont>
#include <QGuiApplication>
#include <QInputMethodEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;
using ow::test::collectTexts;
using ow::test::findVisible;

class TestKioskScreens : public QObject
{
    Q_OBJECT

    CatalogService m_catalog{nullptr};
    ManualClock m_clock{QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<KioskSession> m_session;
    std::unique_ptr<QQuickView> m_view;
    QTemporaryDir m_dataDir;
    KioskStore m_store;
    int m_taps = 0;

    QQuickItem *root() const { return m_view->rootObject(); }

    void show(QSize size) { QVERIFY(test::showAt(*m_view, size)); }

    // Taps the visible item `name` in its middle, as a finger would.
    bool tap(const QString &name)
    {
        if (!test::tapVisible(*m_view, name))
            return false;
        ++m_taps;
        return true;
    }

    // Answers every empty field on the form's current page as an elderly applicant would; returns
    // how many answers were given.
    int answerPage()
    {
        const int given = test::answerPage(*m_session->form());
        QCoreApplication::processEvents();
        return given;
    }

    // On the form: answers each page and taps Next until the review is up. Returns the answers
    // given, or -1 when the form does not lead to the review.
    int fillFormByTapping()
    {
        int given = 0;
        for (int page = 0; page < 12 && m_session->screen() == KioskSession::Form; ++page) {
            given += answerPage();
            if (!tap(QStringLiteral("nextButton")))
                return -1;
        }
        return m_session->screen() == KioskSession::Review || m_session->screen() == KioskSession::Materials ? given
                                                                                                             : -1;
    }

    // On the materials screen: taps "take a picture" for every required material still missing
    // (the demonstration pictures stand in for the camera), then Continue. True on the review.
    bool giveMaterialsByTapping()
    {
        for (const QVariant &v : m_session->materials()->rows()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("required")).toBool() &&
                row.value(QStringLiteral("state")).toString() == QLatin1String("missing")) {
                if (!tap(QStringLiteral("capture:") + row.value(QStringLiteral("id")).toString()))
                    return false;
            }
        }
        return tap(QStringLiteral("materialsContinueButton")) && m_session->screen() == KioskSession::Review;
    }

    // The same through the controller, for tests that do not look at this screen.
    void giveMaterials()
    {
        for (const QVariant &v : m_session->materials()->rows()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("required")).toBool() &&
                row.value(QStringLiteral("state")).toString() == QLatin1String("missing"))
                m_session->materials()->capture(row.value(QStringLiteral("id")).toString());
        }
        m_session->confirmMaterials();
    }

    // Answers the form page by page through its controller; true when its last page is done.
    bool answerForm()
    {
        for (int page = 0; page < 12; ++page) {
            answerPage();
            if (m_session->form()->next())
                return true;
        }
        return false;
    }

    // The whole-visit number this test types.
    static QString typedIdNumber() { return test::idWithCheckDigit(QStringLiteral("34112519480302004")); }

    // Every visible text, joined: nothing on screen may show a full ID number.
    bool showsFullNumber(const QString &number) { return texts().join(QLatin1Char('|')).contains(number); }

    // Chinese arrives as an input method's commit, as the pinyin keyboard sends it.
    bool commitText(const QString &text)
    {
        QObject *focus = m_view->focusObject();
        if (!focus)
            return false;
        QInputMethodEvent event;
        event.setCommitString(text);
        QCoreApplication::sendEvent(focus, &event);
        QCoreApplication::processEvents();
        return true;
    }

    bool onScreen(const QString &name) { return findVisible(root(), name) != nullptr; }

    QStringList texts()
    {
        QStringList out;
        collectTexts(root(), out);
        return out;
    }

    static QString screenshotDir()
    {
        const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/kiosk/screenshots");
        QDir().mkpath(dir);
        return dir;
    }

    void save(const QString &name)
    {
        const QImage image = test::settledGrab(m_view.get());
        QVERIFY(!image.isNull());
        QVERIFY(image.save(screenshotDir() + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_catalog.setCatalog(load.catalog);
        CatalogService::setInstance(&m_catalog);
        m_session = std::make_unique<KioskSession>(&m_catalog, false);
        m_session->setClock(&m_clock);
        QVERIFY(m_dataDir.isValid());
        m_store = KioskStore::open(m_dataDir.path(), m_clock);
        QVERIFY2(m_store.store, qPrintable(m_store.problem));
        QCOMPARE(QFile::permissions(KioskStore::keyPath(m_dataDir.path())) & 0x0077, QFileDevice::Permissions());
        m_session->setStore(m_store.store.get());
        m_session->materials()->setCameraDir(test::sourceDir() + QStringLiteral("/resources/demo-materials"));
        KioskSession::setInstance(m_session.get());
        qApp->installEventFilter(m_session->idle());
        test::startRecordingWarnings();

        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/")); // the modules are embedded at :/OneWindow/
        m_view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        show(QSize(1080, 1920));
    }

    void init()
    {
        test::warnings().clear();
        m_session->wipe();
        show(QSize(1080, 1920));
    }

    void cleanup()
    {
        // Qt Multimedia (loaded by the camera watch) reports a machine without a sound server
        // once; that is the machine, not the kiosk.
        test::warnings().removeIf([](const QString &w) { return w.startsWith(QStringLiteral("PulseAudioService:")); });
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(QLatin1Char('\n'))));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        qApp->removeEventFilter(m_session->idle());
        KioskSession::setInstance(nullptr);
        m_session.reset();
        m_store.store.reset();
        CatalogService::setInstance(nullptr);
        test::stopRecordingWarnings();
    }

    void homeToGuideAndBack()
    {
        QVERIFY(onScreen(QStringLiteral("screen:home")));
        QVERIFY(!onScreen(QStringLiteral("backButton")));
        // Idle and choosing, the kiosk does not load Qt Multimedia: no camera watch yet.
        QObject *cameraWatch = root()->findChild<QObject *>(QStringLiteral("cameraWatch"));
        QVERIFY(cameraWatch);
        QCOMPARE(cameraWatch->property("status").toInt(), 0); // Loader.Null
        // The home screen's icons are on screen, read without any image-format plugin (Qt Quick
        // loads them all on the first image read from a file; see app/ui/Icons.h).
        int icons = 0;
        const QList<QQuickItem *> all = root()->findChildren<QQuickItem *>();
        for (QQuickItem *item : all) {
            if (item->inherits("QQuickImage") && item->isVisible() &&
                item->property("source").toUrl().scheme() == QLatin1String("image")) {
                QCOMPARE(item->property("status").toInt(), 1); // Image.Ready
                QVERIFY(item->property("implicitWidth").toReal() > 0);
                ++icons;
            }
        }
        QVERIFY2(icons >= 5, qPrintable(QString::number(icons)));
        QFile maps(QStringLiteral("/proc/self/maps"));
        QVERIFY(maps.open(QIODevice::ReadOnly));
        const QByteArray mapped = maps.readAll();
        QVERIFY2(!mapped.contains("/imageformats/"), "an image-format plugin was loaded for the home screen");
        QVERIFY(!mapped.contains("libQt6Svg"));
        QVERIFY(tap(QStringLiteral("tile:apply")));
        QCOMPARE(m_session->screen(), KioskSession::Choose);
        QVERIFY(onScreen(QStringLiteral("screen:choose")));

        // Search by a Chinese name; the list narrows to the item.
        QQuickItem *search = findVisible(root(), QStringLiteral("searchField"));
        QVERIFY(search);
        QVERIFY(tap(QStringLiteral("searchField")));
        QVERIFY(commitText(QStringLiteral("高龄")));
        QCOMPARE(m_session->chooser()->query(), QStringLiteral("高龄"));
        QCOMPARE(m_session->chooser()->rowCount(), 1);
        QVERIFY(tap(QStringLiteral("item:elderly-allowance")));
        QCOMPARE(m_session->screen(), KioskSession::Guide);
        QVERIFY(texts().contains(QStringLiteral("高龄津贴申领")));
        QVERIFY(onScreen(QStringLiteral("startButton")));

        // Start asks who is applying; no demo card on a real kiosk.
        QVERIFY(tap(QStringLiteral("startButton")));
        QCOMPARE(m_session->screen(), KioskSession::Identify);
        QVERIFY(onScreen(QStringLiteral("idKeypad")));
        QVERIFY(!onScreen(QStringLiteral("cardArea")));
        QVERIFY(!onScreen(QStringLiteral("demoCardButton")));

        QVERIFY(tap(QStringLiteral("backButton")));
        QCOMPARE(m_session->screen(), KioskSession::Guide);
        QVERIFY(tap(QStringLiteral("backButton")));
        QCOMPARE(m_session->screen(), KioskSession::Choose);
        QCOMPARE(findVisible(root(), QStringLiteral("searchField"))->property("text").toString(),
                 QStringLiteral("高龄"));
        QVERIFY(tap(QStringLiteral("backButton")));
        QCOMPARE(m_session->screen(), KioskSession::Home);
        QVERIFY(onScreen(QStringLiteral("tile:apply")));
        QVERIFY(!onScreen(QStringLiteral("backButton")));
    }

    void categoriesNarrowTheList()
    {
        QVERIFY(tap(QStringLiteral("tile:apply")));
        QVERIFY(tap(QStringLiteral("grouping:kind")));
        QVERIFY(tap(QStringLiteral("category:licence")));
        QCOMPARE(m_session->chooser()->rowCount(), 1);
        QVERIFY(onScreen(QStringLiteral("item:individual-business-registration")));
        QVERIFY(tap(QStringLiteral("homeButton")));
        QCOMPARE(m_session->screen(), KioskSession::Home);
        QCOMPARE(m_session->chooser()->category(), QString());
    }

    void idleCountdownThenWipe()
    {
        QVERIFY(tap(QStringLiteral("tile:apply")));
        QVERIFY(tap(QStringLiteral("searchField")));
        QVERIFY(commitText(QStringLiteral("高龄")));
        QVERIFY(tap(QStringLiteral("item:elderly-allowance")));
        QCOMPARE(m_session->screen(), KioskSession::Guide);
        QVERIFY(!onScreen(QStringLiteral("idleCountdown")));

        // 80 s without a touch: the countdown shows the seconds left and the question.
        m_clock.advanceSecs(80);
        m_session->idle()->check();
        QCoreApplication::processEvents();
        QVERIFY(onScreen(QStringLiteral("idleCountdown")));
        QCOMPARE(findVisible(root(), QStringLiteral("idleSecondsLeft"))->property("text").toString(),
                 QStringLiteral("10"));
        QVERIFY(texts().contains(QStringLiteral("需要更多时间吗？")));
        save(QStringLiteral("idle-countdown-portrait"));

        // "More time" hides it and keeps everything.
        QVERIFY(tap(QStringLiteral("moreTimeButton")));
        QVERIFY(!onScreen(QStringLiteral("idleCountdown")));
        QCOMPARE(m_session->screen(), KioskSession::Guide);

        // Walking away for good: home, search and chosen item gone.
        m_clock.advanceSecs(80);
        m_session->idle()->check();
        QCoreApplication::processEvents();
        QVERIFY(onScreen(QStringLiteral("idleCountdown")));
        m_clock.advanceSecs(10);
        m_session->idle()->check();
        QCoreApplication::processEvents();
        QVERIFY(!onScreen(QStringLiteral("idleCountdown")));
        QCOMPARE(m_session->screen(), KioskSession::Home);
        QVERIFY(onScreen(QStringLiteral("tile:apply")));
        QVERIFY(m_session->chooser()->query().isEmpty());
        QVERIFY(m_session->guide()->itemId().isEmpty());
        QVERIFY(tap(QStringLiteral("tile:apply")));
        QCOMPARE(findVisible(root(), QStringLiteral("searchField"))->property("text").toString(), QString());
    }

    void languageSwitchChangesText()
    {
        QVERIFY(texts().contains(QStringLiteral("我要办事")));
        QVERIFY(tap(QStringLiteral("language:en")));
        QCOMPARE(m_session->language(), QStringLiteral("en"));
        QStringList shown = texts();
        QVERIFY2(shown.contains(QStringLiteral("I want to apply")), qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY(!shown.contains(QStringLiteral("我要办事")));
        // Catalog names follow too.
        QVERIFY(tap(QStringLiteral("tile:apply")));
        QVERIFY(texts().contains(QStringLiteral("Choose a service")));
        QVERIFY(tap(QStringLiteral("language:zh_CN")));
        shown = texts();
        QVERIFY(shown.contains(QStringLiteral("选择要办理的事项")));
        QVERIFY(shown.contains(QStringLiteral("高龄津贴申领")));
    }

    void demoIsMarked()
    {
        QVERIFY(!onScreen(QStringLiteral("demoBadge")));
        KioskSession demo(&m_catalog, true);
        KioskSession::setInstance(&demo);
        {
            QQuickView view;
            view.setResizeMode(QQuickView::SizeRootObjectToView);
            view.engine()->addImportPath(QStringLiteral("qrc:/"));
            view.setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
            QCOMPARE(view.status(), QQuickView::Ready);
            view.resize(1080, 1920);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
            QVERIFY(findVisible(view.rootObject(), QStringLiteral("demoBadge")));
            QVERIFY(view.grabWindow().save(screenshotDir() + QStringLiteral("/home-portrait-demo.png")));
        }
        KioskSession::setInstance(m_session.get());
    }

    // 高龄津贴申领 from the home screen to the receipt, by tapping, the ID number typed on the
    // keypad; then the case is in the encrypted store under the applicant's number.
    void wholeVisitTyped()
    {
        const qint64 before = m_store.store->cases().count().value();
        const QString number = typedIdNumber();
        m_taps = 0;
        QVERIFY(tap(QStringLiteral("tile:apply")));
        if (!onScreen(QStringLiteral("item:elderly-allowance"))) {
            QVERIFY(tap(QStringLiteral("searchField")));
            QVERIFY(commitText(QStringLiteral("高龄")));
        }
        QVERIFY(tap(QStringLiteral("item:elderly-allowance")));
        QVERIFY(tap(QStringLiteral("startButton")));
        QCOMPARE(m_session->screen(), KioskSession::Identify);
        // The camera is watched (Qt Multimedia loaded) from the first identification on.
        QObject *cameraWatch = root()->findChild<QObject *>(QStringLiteral("cameraWatch"));
        QVERIFY(cameraWatch);
        QTRY_COMPARE(cameraWatch->property("status").toInt(), 1); // Loader.Ready
        QVERIFY(!findVisible(root(), QStringLiteral("identifyContinueButton"))->isEnabled());
        for (const QChar c : number) {
            QVERIFY(tap(QStringLiteral("key:") + c));
            QVERIFY(!showsFullNumber(number.left(7))); // never the birth date, even in part
        }
        QCOMPARE(m_session->identity()->length(), 18);
        QCOMPARE(findVisible(root(), QStringLiteral("idNumberShown"))->property("text").toString(),
                 idNumber::masked(number));
        QVERIFY(!onScreen(QStringLiteral("idProblem")));
        QVERIFY(tap(QStringLiteral("identifyContinueButton")));
        QCOMPARE(m_session->screen(), KioskSession::Form);
        QCOMPARE(m_session->form()->form()->value(QStringLiteral("applicantIdNumber")).toString(), number);
        QVERIFY(!showsFullNumber(number));

        const int answers = fillFormByTapping();
        QVERIFY(answers > 0);
        // The materials: Continue with one missing names it and stays; pictures let it through.
        QCOMPARE(m_session->screen(), KioskSession::Materials);
        QVERIFY(onScreen(QStringLiteral("material:householdRegister")));
        QVERIFY(tap(QStringLiteral("materialsContinueButton")));
        QCOMPARE(m_session->screen(), KioskSession::Materials);
        QVERIFY(onScreen(QStringLiteral("materialsProblem")));
        QVERIFY(m_session->materials()->problem().contains(QStringLiteral("申请人居民身份证")));
        QVERIFY(giveMaterialsByTapping());
        QCOMPARE(m_session->materials()->capturedCount(), 3);
        QCOMPARE(m_session->screen(), KioskSession::Review);
        // The review list lays out its rows after the screen is up (delegates are created lazily).
        QTRY_VERIFY2(texts().contains(idNumber::masked(number)), qPrintable(texts().join(QLatin1Char('|'))));
        QStringList shown = texts();
        QVERIFY(!showsFullNumber(number));
        QVERIFY(!shown.join(QLatin1Char('|')).contains(QStringLiteral("6230510012345678903")));
        QVERIFY(!shown.contains(QStringLiteral("341125"))); // the region by its name, not its code
        QVERIFY(!shown.join(QLatin1Char('|')).contains(QStringLiteral("6230 5100 1234 5678 903")));
        QVERIFY(tap(QStringLiteral("reviewConfirmButton")));
        QCOMPARE(m_session->screen(), KioskSession::Consent);
        QVERIFY(texts().contains(QStringLiteral("同意并提交")));
        QVERIFY(tap(QStringLiteral("agreeSubmitButton")));
        QCOMPARE(m_session->screen(), KioskSession::Receipt);
        QVERIFY(!onScreen(QStringLiteral("backButton")));

        // The receipt: the masked applicant only, the item, the number, the promised time.
        QCOMPARE(findVisible(root(), QStringLiteral("receiptValue0"))->property("text").toString(),
                 idNumber::masked(number));
        QVERIFY(!showsFullNumber(number));
        QVERIFY(!showsFullNumber(number.mid(6, 8))); // no birth date
        shown = texts();
        QVERIFY(shown.contains(QStringLiteral("高龄津贴申领")));
        const QString caseNumber = m_session->receipt().value(QStringLiteral("number")).toString();
        QVERIFY(!caseNumber.isEmpty());
        QVERIFY(shown.contains(caseNumber));
        QVERIFY(shown.contains(QStringLiteral("2026-03-02")));
        QVERIFY(m_session->identity()->idNumber().isEmpty()); // nothing of it stays on the kiosk
        // The three pictures are in the encrypted store with the case, and no longer held here.
        const auto attached = m_store.store->attachments().forCase(caseNumber);
        QVERIFY(attached.ok());
        QCOMPARE(attached->size(), 3);
        QCOMPARE(m_session->materials()->capturedCount(), 0);
        const int taps = m_taps;
        QVERIFY(tap(QStringLiteral("language:en")));
        QVERIFY(texts().contains(QStringLiteral("Your application is saved")));
        QVERIFY(!texts().contains(QStringLiteral("高龄津贴申领")));
        QVERIFY(tap(QStringLiteral("language:zh_CN")));
        QVERIFY(texts().contains(QStringLiteral("高龄津贴申领")));
        // Printing without a printer set up: the reason is shown and the receipt stays on screen.
        QVERIFY(!onScreen(QStringLiteral("printProblem")));
        QVERIFY(tap(QStringLiteral("printReceiptButton")));
        QVERIFY(onScreen(QStringLiteral("printProblem")));
        QVERIFY(test::warnings().removeAll(QStringLiteral("print: case-receipt: no printer configured")) == 1);
        QCOMPARE(m_session->screen(), KioskSession::Receipt);
        shown = texts();
        QVERIFY2(std::any_of(shown.cbegin(), shown.cend(),
                             [](const QString &t) { return t.startsWith(QStringLiteral("这里没有设置打印机。")); }),
                 qPrintable(shown.join(QLatin1Char('|'))));
        QVERIFY(shown.contains(caseNumber));
        QVERIFY(shown.contains(QStringLiteral("重新打印")));
        save(QStringLiteral("receipt-print-failed"));
        qInfo("taps from home to the receipt for 高龄津贴申领, typing the ID number: %d (plus %d answers on the form)",
              taps, answers);

        // In the store: reopened with its key, the case is there, submitted, under this number.
        QCOMPARE(m_store.store->cases().count().value(), before + 1);
        KeyFileProvider keys(KioskStore::keyPath(m_dataDir.path()));
        Store::Options options;
        options.path = KioskStore::databasePath(m_dataDir.path());
        options.keys = &keys;
        options.clock = &m_clock;
        auto reopened = Store::open(options);
        QVERIFY2(reopened.ok(), qPrintable(reopened.ok() ? QString() : reopened.error().logDetail));
        auto found = (*reopened)->cases().findByNumber(caseNumber);
        QVERIFY(found.ok() && found->has_value());
        const Case &c = **found;
        QCOMPARE(c.itemCode, QStringLiteral("elderly-allowance"));
        QCOMPARE(c.state, CaseState::Received);
        QCOMPARE(c.applicantMasked, idNumber::masked(number));
        const auto mine = (*reopened)->cases().byApplicant(number);
        QVERIFY(mine.ok());
        QVERIFY(std::any_of(mine->cbegin(), mine->cend(), [&](const Case &x) { return x.number == caseNumber; }));
        const QJsonObject form = QJsonDocument::fromJson(c.formJson).object();
        QCOMPARE(form.value(QStringLiteral("applicantIdNumber")).toString(), number);
        QCOMPARE(form.value(QStringLiteral("applicantName")).toString(), QStringLiteral("王秀兰"));
        // Encrypted on disk: the number is nowhere in the files in clear.
        for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
            QFile file(options.path + suffix);
            if (file.open(QIODevice::ReadOnly))
                QVERIFY(!file.readAll().contains(number.toLatin1()));
        }

        QVERIFY(tap(QStringLiteral("finishButton")));
        QCOMPARE(m_session->screen(), KioskSession::Home);
        QVERIFY(m_session->receipt().isEmpty());
    }

    // The same visit on a demonstration kiosk, the demo card instead of typing.
    void wholeVisitDemoCard()
    {
        KioskSession demo(&m_catalog, true);
        demo.setClock(&m_clock);
        demo.setStore(m_store.store.get());
        QVERIFY(demo.cardReader()->openSimulator()); // as main() does in demo mode without a reader
        demo.materials()->setCameraDir(QStringLiteral(":/demo-materials")); // main()'s default in demo mode
        demo.cardReader()->reader()->setPollIntervalMs(20);
        KioskSession::setInstance(&demo);
        auto view = std::make_unique<QQuickView>();
        view->setResizeMode(QQuickView::SizeRootObjectToView);
        view->engine()->addImportPath(QStringLiteral("qrc:/"));
        view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
        QCOMPARE(view->status(), QQuickView::Ready);
        std::swap(view, m_view);
        KioskSession *mine = m_session.release();
        m_session.reset(&demo);
        auto restore = qScopeGuard([&] {
            std::swap(view, m_view);
            view.reset();
            (void)m_session.release();
            m_session.reset(mine);
            KioskSession::setInstance(mine);
        });
        show(QSize(1080, 1920));

        m_taps = 0;
        QVERIFY(tap(QStringLiteral("tile:apply")));
        if (!onScreen(QStringLiteral("item:elderly-allowance"))) {
            QVERIFY(tap(QStringLiteral("searchField")));
            QVERIFY(commitText(QStringLiteral("高龄")));
        }
        QVERIFY(tap(QStringLiteral("item:elderly-allowance")));
        QVERIFY(tap(QStringLiteral("startButton")));
        QVERIFY(onScreen(QStringLiteral("cardArea")));
        save(QStringLiteral("identify-portrait-demo"));
        show(QSize(1920, 1080));
        save(QStringLiteral("identify-landscape-demo"));
        show(QSize(1080, 1920));
        QVERIFY(tap(QStringLiteral("demoCardButton")));
        // Read through the simulated reader's pseudo-terminal by the real GA 467 reader.
        QTRY_VERIFY(demo.identity()->valid());
        QVERIFY(demo.identity()->fromCard());
        QTRY_VERIFY(texts().contains(QStringLiteral("已读取身份证：演***")));
        QVERIFY(!texts().join(QLatin1Char('|')).contains(QStringLiteral("演示用户")));
        save(QStringLiteral("identify-read-portrait-demo"));
        show(QSize(1920, 1080));
        save(QStringLiteral("identify-read-landscape-demo"));
        show(QSize(1080, 1920));
        QCOMPARE(findVisible(root(), QStringLiteral("idNumberShown"))->property("text").toString(),
                 idNumber::masked(IdentityEntry::demoIdNumber()));
        QVERIFY(tap(QStringLiteral("identifyContinueButton")));
        QCOMPARE(demo.screen(), KioskSession::Form);
        QVERIFY(!demo.form()->form()->value(QStringLiteral("applicantName")).toString().isEmpty()); // from the card
        const int answers = fillFormByTapping();
        QVERIFY(answers > 0);
        // The card was read at this kiosk: the applicant's ID card needs no picture.
        QCOMPARE(demo.screen(), KioskSession::Materials);
        save(QStringLiteral("materials-portrait-demo"));
        show(QSize(1920, 1080));
        save(QStringLiteral("materials-landscape-demo"));
        show(QSize(1080, 1920));
        QVERIFY(tap(QStringLiteral("capture:householdRegister")));
        QVERIFY(tap(QStringLiteral("capture:paymentCard")));
        QCOMPARE(demo.materials()->capturedCount(), 2);
        save(QStringLiteral("materials-done-portrait-demo"));
        show(QSize(1920, 1080));
        save(QStringLiteral("materials-done-landscape-demo"));
        show(QSize(1080, 1920));
        QVERIFY(tap(QStringLiteral("materialsContinueButton")));
        QCOMPARE(demo.screen(), KioskSession::Review);
        QVERIFY(tap(QStringLiteral("reviewConfirmButton")));
        QVERIFY(tap(QStringLiteral("agreeSubmitButton")));
        QCOMPARE(demo.screen(), KioskSession::Receipt);
        QVERIFY(!showsFullNumber(IdentityEntry::demoIdNumber()));
        save(QStringLiteral("receipt-portrait-demo"));
        qInfo(
            "taps from home to the receipt for 高龄津贴申领 with the (demo) ID card: %d (plus %d answers on the form)",
            m_taps, answers);
        QVERIFY(tap(QStringLiteral("finishButton")));
    }

    // A wrong check digit or an impossible birth date is said kindly before anything else.
    void identifyRejectsWrongNumbers_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("message");
        QString wrong = typedIdNumber();
        wrong[17] = wrong[17] == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        QTest::newRow("check digit") << wrong << QStringLiteral("身份证号码校验不对，请再核对一下。");
        QTest::newRow("birth date") << test::idWithCheckDigit(QStringLiteral("34112519481302004"))
                                    << QStringLiteral("身份证号码中的出生日期不对，请再核对一下。");
    }

    void identifyRejectsWrongNumbers()
    {
        QFETCH(QString, number);
        QFETCH(QString, message);
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        QVERIFY(tap(QStringLiteral("startButton")));
        for (const QChar c : number)
            QVERIFY(tap(QStringLiteral("key:") + c));
        QVERIFY(onScreen(QStringLiteral("idProblem")));
        QVERIFY2(texts().contains(message), qPrintable(texts().join(QLatin1Char('|'))));
        QVERIFY(!findVisible(root(), QStringLiteral("identifyContinueButton"))->isEnabled());
        m_session->confirmIdentity();
        QCOMPARE(m_session->screen(), KioskSession::Identify);
        QVERIFY(tap(QStringLiteral("key:back")));
        QVERIFY(!onScreen(QStringLiteral("idProblem")));
    }

    // Walking away mid-form: the identity, the answers and the review are gone.
    void wipeDuringFormClearsEverything()
    {
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        m_session->startApplication();
        for (const QChar c : typedIdNumber())
            QVERIFY(m_session->identity()->press(c));
        m_session->confirmIdentity();
        QCOMPARE(m_session->screen(), KioskSession::Form);
        QVERIFY(answerPage() > 0);
        QVERIFY(!m_session->reviewRows().isEmpty());
        m_clock.advanceSecs(m_session->idle()->timeoutSeconds());
        m_session->idle()->check();
        QCoreApplication::processEvents();
        QCOMPARE(m_session->screen(), KioskSession::Home);
        QCOMPARE(m_session->identity()->length(), 0);
        QVERIFY(m_session->identity()->shown().isEmpty());
        QVERIFY(m_session->form()->form()->values().isEmpty());
        QCOMPARE(m_session->form()->currentPage(), 0);
        QVERIFY(m_session->reviewRows().isEmpty());
        QVERIFY(m_session->receipt().isEmpty());
        // The next citizen starts with an empty keypad.
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        QVERIFY(tap(QStringLiteral("startButton")));
        QCOMPARE(findVisible(root(), QStringLiteral("idNumberShown"))->property("text").toString(),
                 QStringLiteral("请点击下方数字键"));
    }

    // A store that cannot save: a kind message, and the answers stay on screen.
    void submitWithoutStoreKeepsAnswers()
    {
        m_session->setStore(nullptr, QString());
        auto restore = qScopeGuard([this] { m_session->setStore(m_store.store.get()); });
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        m_session->startApplication();
        for (const QChar c : typedIdNumber())
            QVERIFY(m_session->identity()->press(c));
        m_session->confirmIdentity();
        QVERIFY(answerForm());
        m_session->reviewForm();
        giveMaterials();
        m_session->openConsent();
        QCOMPARE(m_session->screen(), KioskSession::Consent);
        QVERIFY(tap(QStringLiteral("agreeSubmitButton")));
        QCOMPARE(m_session->screen(), KioskSession::Consent);
        QVERIFY(onScreen(QStringLiteral("submitError")));
        QVERIFY(test::warnings().removeAll(QStringLiteral("submit refused: the case store is not open")) == 1);
        QVERIFY(!m_session->submitError().isEmpty());
        save(QStringLiteral("consent-error-portrait"));
        QVERIFY(!m_session->form()->form()->values().isEmpty());
        QVERIFY(m_session->identity()->valid());
        QVERIFY(tap(QStringLiteral("backButton")));
        QCOMPARE(m_session->screen(), KioskSession::Review);
        QVERIFY(!m_session->reviewRows().isEmpty());
        // Back to the materials, the pictures kept; then the form's previous page, answers kept.
        QVERIFY(tap(QStringLiteral("backButton")));
        QCOMPARE(m_session->screen(), KioskSession::Materials);
        QCOMPARE(m_session->materials()->capturedCount(), 3);
        const int pages = m_session->form()->pageCount();
        QVERIFY(tap(QStringLiteral("backButton")));
        QCOMPARE(m_session->screen(), KioskSession::Form);
        QCOMPARE(m_session->form()->currentPage(), pages - 1);
        QVERIFY(tap(QStringLiteral("backButton")));
        QCOMPARE(m_session->screen(), KioskSession::Form);
        QCOMPARE(m_session->form()->currentPage(), pages - 2);
        QVERIFY(!m_session->form()->form()->values().isEmpty());
    }

    // The applicant's photo on the senior citizen's card form, in portrait: asked for, refused
    // when missing, taken with the (demonstration) camera by a tap, removed and taken again; a
    // camera that is gone is said under the form. Then the materials screen shows the photo as
    // given by the form. Screenshots: form-photo-*.png, materials-form-photo-portrait.png.
    void formPhotoTakenAtTheKiosk()
    {
        show(QSize(1080, 1920));
        FormController *form = m_session->form();
        const auto answer = [&] {
            test::answerPage(*form);
            QCoreApplication::processEvents();
        };
        m_session->openChooser();
        m_session->chooseItem(QStringLiteral("senior-citizen-card"));
        QVERIFY(tap(QStringLiteral("startButton")));
        for (const QChar c : typedIdNumber())
            QVERIFY(m_session->identity()->press(c));
        m_session->confirmIdentity();
        QCOMPARE(m_session->screen(), KioskSession::Form);
        answer();
        QVERIFY(tap(QStringLiteral("nextButton")));
        QVERIFY(onScreen(QStringLiteral("field:photo")));
        answer();
        QVERIFY(onScreen(QStringLiteral("attach:photo")));
        QVERIFY(!onScreen(QStringLiteral("removeAttachment:photo")));
        QVERIFY2(texts().contains(QStringLiteral("拍照")), qPrintable(texts().join(QLatin1Char('|'))));
        QVERIFY(texts().contains(QStringLiteral("还没有照片")));
        save(QStringLiteral("form-photo-portrait"));

        // Next without the photo: the page stays and says so.
        QVERIFY(tap(QStringLiteral("nextButton")));
        QCOMPARE(form->currentPage(), 1);
        QVERIFY(texts().contains(QStringLiteral("请在此添加文件。")));
        save(QStringLiteral("form-photo-missing-portrait"));

        // The camera is gone (its folder empty): said under the form, nothing answered.
        QTemporaryDir emptyCamera;
        QVERIFY(emptyCamera.isValid());
        m_session->materials()->setCameraDir(emptyCamera.path());
        QVERIFY(tap(QStringLiteral("attach:photo")));
        QVERIFY(onScreen(QStringLiteral("formPictureProblem")));
        QVERIFY(texts().contains(QStringLiteral("还没有照片")));
        QCOMPARE(
            test::warnings().removeIf([](const QString &w) { return w.startsWith(QStringLiteral("camera lost:")); }),
            1);
        save(QStringLiteral("form-photo-camera-lost-portrait"));
        m_session->materials()->setCameraDir(test::sourceDir() + QStringLiteral("/resources/demo-materials"));

        // A tap takes the picture; the field says so, with "take again" and "remove".
        QVERIFY(tap(QStringLiteral("attach:photo")));
        QVERIFY(!onScreen(QStringLiteral("formPictureProblem")));
        QVERIFY(texts().contains(QStringLiteral("已拍照")));
        QVERIFY(texts().contains(QStringLiteral("重拍")));
        QVERIFY(!texts().contains(QStringLiteral("请在此添加文件。")));
        QVERIFY(onScreen(QStringLiteral("removeAttachment:photo")));
        QCOMPARE(m_session->materials()->fieldPictureCount(), 1);
        save(QStringLiteral("form-photo-taken-portrait"));
        QVERIFY(tap(QStringLiteral("removeAttachment:photo")));
        QCOMPARE(m_session->materials()->fieldPictureCount(), 0);
        QVERIFY(texts().contains(QStringLiteral("还没有照片")));
        QVERIFY(tap(QStringLiteral("attach:photo")));
        QVERIFY(texts().contains(QStringLiteral("已拍照")));

        // The rest of the form by tapping; the materials screen counts the photo as given.
        for (int page = 0; page < 6 && m_session->screen() == KioskSession::Form; ++page) {
            answer();
            QVERIFY(tap(QStringLiteral("nextButton")));
        }
        QCOMPARE(m_session->screen(), KioskSession::Materials);
        // The materials list creates its rows after the screen is up.
        QTRY_VERIFY(onScreen(QStringLiteral("material:photo")));
        QVERIFY(!onScreen(QStringLiteral("capture:photo")));
        QCOMPARE(findVisible(root(), QStringLiteral("materialState:photo"))->property("text").toString(),
                 QStringLiteral("已在本终端填表时拍照，免于提交"));
        save(QStringLiteral("materials-form-photo-portrait"));
    }

    // The real camera's capture view is not opened here (no camera offscreen), but it must
    // compile against Qt Multimedia's QML types.
    // "Finish at the window" in a real window: the quiet offer on the form says to ask staff while
    // the kiosk is not enrolled; enrolled, it asks first, then saves and shows the pickup screen
    // (the QR, the short code big, valid until, what to bring). A printer that is not there leaves
    // the code on screen with the receipt screen's message; Finish wipes the visit. Screenshots in
    // both orientations.
    void pickupScreen_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("language");
        QTest::newRow("portrait") << QSize(1080, 1920) << QStringLiteral("zh_CN");
        QTest::newRow("landscape") << QSize(1920, 1080) << QStringLiteral("zh_CN");
        QTest::newRow("portrait-en") << QSize(1080, 1920) << QStringLiteral("en");
    }

    void pickupScreen()
    {
        QFETCH(QSize, size);
        QFETCH(QString, language);
        const QString suffix = QLatin1Char('-') + QString::fromLatin1(QTest::currentDataTag());
        show(size);
        m_session->setLanguage(language);
        m_session->setDevice(nullptr);
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        m_session->startApplication();
        for (const QChar c : typedIdNumber())
            QVERIFY(m_session->identity()->press(c));
        m_session->confirmIdentity();
        QCOMPARE(m_session->screen(), KioskSession::Form);
        QVERIFY(answerPage() > 0);
        // Not enrolled: a line saying to ask staff, and no button that does nothing.
        QVERIFY(onScreen(QStringLiteral("continueAtWindowHint")));
        QVERIFY(!onScreen(QStringLiteral("continueAtWindowButton")));
        save(QStringLiteral("form-pickup-unenrolled") + suffix);

        auto device = test::enrollLocally(*m_store.store, QStringLiteral("K-SCREENS"));
        QVERIFY(device);
        m_session->setDevice(device.get());
        auto unenroll = qScopeGuard([this] { m_session->setDevice(nullptr); });
        QVERIFY(findVisible(root(), QStringLiteral("continueAtWindowButton"))->isEnabled());
        QVERIFY(!onScreen(QStringLiteral("continueAtWindowHint")));
        save(QStringLiteral("form-pickup") + suffix);
        QVERIFY(tap(QStringLiteral("continueAtWindowButton")));
        QVERIFY(onScreen(QStringLiteral("pickupConfirm")));
        save(QStringLiteral("pickup-confirm") + suffix);
        QVERIFY(tap(QStringLiteral("pickupCancelButton"))); // changed their mind: the form stays
        QVERIFY(!onScreen(QStringLiteral("pickupConfirm")));
        QCOMPARE(m_session->screen(), KioskSession::Form);
        QVERIFY(!m_session->form()->form()->values().isEmpty());
        QVERIFY(tap(QStringLiteral("continueAtWindowButton")));
        QVERIFY(tap(QStringLiteral("pickupConfirmButton")));
        QCOMPARE(m_session->screen(), KioskSession::Pickup);
        QVERIFY(!onScreen(QStringLiteral("pickupConfirm")));
        QVERIFY(!onScreen(QStringLiteral("navigationBar")));
        QVERIFY(onScreen(QStringLiteral("pickupCode")));
        const QString shortCode = m_session->pickup().value(QStringLiteral("shortCode")).toString();
        QCOMPARE(shortCode.size(), 9);
        QCOMPARE(findVisible(root(), QStringLiteral("pickupShortCode"))->property("text").toString(), shortCode);
        QVERIFY(!showsFullNumber(typedIdNumber()));
        QVERIFY(!texts().join(QLatin1Char('|')).contains(QStringLiteral("王秀兰")));
        save(QStringLiteral("pickup") + suffix);
        // No printer here: the message, and the code stays to photograph.
        QVERIFY(tap(QStringLiteral("printSlipButton")));
        QVERIFY(onScreen(QStringLiteral("printProblem")));
        QVERIFY(test::warnings().removeAll(QStringLiteral("print: pickup-slip: no printer configured")) == 1);
        QCOMPARE(m_session->screen(), KioskSession::Pickup);
        QVERIFY(onScreen(QStringLiteral("pickupCode")));
        save(QStringLiteral("pickup-print-failed") + suffix);
        QVERIFY(tap(QStringLiteral("finishButton")));
        QCOMPARE(m_session->screen(), KioskSession::Home);
        QVERIFY(m_session->pickup().isEmpty());
        QCOMPARE(m_session->language(), QStringLiteral("zh_CN"));
    }

    void cameraCaptureCompiles()
    {
        QQmlComponent component(m_view->engine(), QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/CameraCapture.qml")));
        QVERIFY2(component.isReady(), qPrintable(component.errorString()));
    }

    // Just after start the catalog is still being loaded: the chooser says so (not "nothing
    // matches"), and the list comes when it is here.
    void chooserWhileTheCatalogLoads()
    {
        m_session->chooser()->setLoading(true);
        auto restore = qScopeGuard([this] { m_session->chooser()->setLoading(false); });
        const Catalog catalog = m_catalog.catalog();
        m_catalog.setCatalog(Catalog());
        QVERIFY(tap(QStringLiteral("tile:apply")));
        QCOMPARE(m_session->screen(), KioskSession::Choose);
        QVERIFY(onScreen(QStringLiteral("catalogLoading")));
        QVERIFY(!onScreen(QStringLiteral("noMatch")));
        QVERIFY(!onScreen(QStringLiteral("item:elderly-allowance")));
        save(QStringLiteral("choose-loading-portrait"));
        m_catalog.setCatalog(catalog);
        m_session->chooser()->setLoading(false);
        QCoreApplication::processEvents();
        QVERIFY(!onScreen(QStringLiteral("catalogLoading")));
        QVERIFY(onScreen(QStringLiteral("item:elderly-allowance")));
        QVERIFY(tap(QStringLiteral("item:elderly-allowance")));
        QCOMPARE(m_session->screen(), KioskSession::Guide);
    }

    // Just after start the store is still being opened: a submit is asked to wait, answers kept;
    // once the store is open the message goes and the same tap submits.
    void submitBeforeTheStoreIsOpen()
    {
        const qint64 before = m_store.store->cases().count().value();
        m_session->setStoreOpening();
        auto restore = qScopeGuard([this] { m_session->setStore(m_store.store.get()); });
        QVERIFY(m_session->storeOpening());
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        m_session->startApplication();
        for (const QChar c : typedIdNumber())
            QVERIFY(m_session->identity()->press(c));
        m_session->confirmIdentity();
        QVERIFY(answerForm());
        m_session->reviewForm();
        if (m_session->screen() == KioskSession::Materials)
            giveMaterials();
        m_session->openConsent();
        QCOMPARE(m_session->screen(), KioskSession::Consent);
        QVERIFY(tap(QStringLiteral("agreeSubmitButton")));
        QCOMPARE(m_session->screen(), KioskSession::Consent);
        QVERIFY(onScreen(QStringLiteral("submitError")));
        QVERIFY(m_session->submitError().contains(QStringLiteral("请稍候")));
        save(QStringLiteral("consent-store-opening-portrait"));
        QVERIFY(!m_session->form()->form()->values().isEmpty());
        QVERIFY(m_session->identity()->valid());
        QCOMPARE(m_store.store->cases().count().value(), before);

        m_session->setStore(m_store.store.get());
        QVERIFY(!m_session->storeOpening());
        QVERIFY(m_session->submitError().isEmpty());
        QCoreApplication::processEvents();
        QVERIFY(!onScreen(QStringLiteral("submitError")));
        QVERIFY(tap(QStringLiteral("agreeSubmitButton")));
        QCOMPARE(m_session->screen(), KioskSession::Receipt);
        QCOMPARE(m_store.store->cases().count().value(), before + 1);
    }

    // The store could not be opened after all: the waiting message becomes the reason.
    void storeOpeningFailsWhileWaiting()
    {
        m_session->setStoreOpening();
        auto restore = qScopeGuard([this] { m_session->setStore(m_store.store.get()); });
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        m_session->startApplication();
        for (const QChar c : typedIdNumber())
            QVERIFY(m_session->identity()->press(c));
        m_session->confirmIdentity();
        QVERIFY(answerForm());
        m_session->reviewForm();
        if (m_session->screen() == KioskSession::Materials)
            giveMaterials();
        m_session->openConsent();
        m_session->agreeAndSubmit();
        QVERIFY(m_session->submitError().contains(QStringLiteral("请稍候")));
        m_session->setStore(nullptr, QStringLiteral("存储无法打开"));
        QCOMPARE(m_session->submitError(), QStringLiteral("存储无法打开"));
        QCOMPARE(m_session->screen(), KioskSession::Consent);
        QVERIFY(m_session->identity()->valid());
    }

    void screenshots_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("language");
        QTest::newRow("portrait") << QSize(1080, 1920) << QStringLiteral("zh_CN");
        QTest::newRow("landscape") << QSize(1920, 1080) << QStringLiteral("zh_CN");
        QTest::newRow("portrait-en") << QSize(1080, 1920) << QStringLiteral("en");
        QTest::newRow("landscape-en") << QSize(1920, 1080) << QStringLiteral("en");
    }

    void screenshots()
    {
        QFETCH(QSize, size);
        QFETCH(QString, language);
        const QString suffix = QLatin1Char('-') + QString::fromLatin1(QTest::currentDataTag());
        show(size);
        m_session->setLanguage(language);
        save(QStringLiteral("home") + suffix);
        QVERIFY(tap(QStringLiteral("tile:apply")));
        save(QStringLiteral("choose") + suffix);
        m_session->chooser()->setQuery(QStringLiteral("找不到"));
        save(QStringLiteral("choose-nomatch") + suffix);
        m_session->chooser()->setQuery(QString());
        m_session->chooseItem(QStringLiteral("minimum-living-allowance"));
        save(QStringLiteral("guide") + suffix);
        // The whole visit with the item the test answers.
        m_session->back();
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        QVERIFY(tap(QStringLiteral("startButton")));
        save(QStringLiteral("identify") + suffix);
        for (const QChar c : typedIdNumber().left(15))
            QVERIFY(m_session->identity()->press(c));
        save(QStringLiteral("identify-typing") + suffix);
        for (const QChar c : typedIdNumber().mid(15))
            QVERIFY(m_session->identity()->press(c));
        save(QStringLiteral("identify-done") + suffix);
        m_session->identity()->backspace();
        QVERIFY(m_session->identity()->press(typedIdNumber().at(17) == QLatin1Char('1') ? QStringLiteral("2")
                                                                                        : QStringLiteral("1")));
        save(QStringLiteral("identify-wrong") + suffix);
        m_session->identity()->backspace();
        QVERIFY(m_session->identity()->press(typedIdNumber().right(1)));
        m_session->confirmIdentity();
        QCOMPARE(m_session->screen(), KioskSession::Form);
        // The county that issued the number is offered as the household region.
        QCOMPARE(m_session->form()->form()->value(QStringLiteral("applicantRegion")).toString(),
                 QStringLiteral("341125"));
        save(QStringLiteral("form") + suffix);
        QVERIFY(answerForm());
        save(QStringLiteral("form-last") + suffix);
        m_session->reviewForm();
        QCOMPARE(m_session->screen(), KioskSession::Materials);
        save(QStringLiteral("materials") + suffix);
        m_session->confirmMaterials();
        save(QStringLiteral("materials-missing") + suffix);
        giveMaterials();
        QCOMPARE(m_session->screen(), KioskSession::Review);
        save(QStringLiteral("review") + suffix);
        m_session->openConsent();
        save(QStringLiteral("consent") + suffix);
        m_session->agreeAndSubmit();
        QCOMPARE(m_session->screen(), KioskSession::Receipt);
        QVERIFY(!showsFullNumber(typedIdNumber()));
        save(QStringLiteral("receipt") + suffix);
        // 评价本次服务: five large buttons, each at least a large touch target tall, on screen.
        QVERIFY(tap(QStringLiteral("rateButton")));
        QCOMPARE(m_session->screen(), KioskSession::Rating);
        for (const QVariant &level : m_session->rating()->levels()) {
            const QString name = QStringLiteral("rate:") + level.toMap().value(QStringLiteral("key")).toString();
            QQuickItem *button = findVisible(root(), name);
            QVERIFY2(button, qPrintable(name));
            QVERIFY2(button->height() >= 96, qPrintable(name));
            const QRectF box = button->mapRectToScene(QRectF(0, 0, button->width(), button->height()));
            QVERIFY2(QRectF(QPointF(0, 0), m_view->size()).contains(box), qPrintable(name));
        }
        save(QStringLiteral("rating") + suffix);
        QVERIFY(tap(QStringLiteral("rate:satisfied")));
        QCOMPARE(m_session->rating()->phase(), RatingStep::Phase::Thanks);
        save(QStringLiteral("rating-thanks") + suffix);
        // The same case again, from the home tile: already rated.
        const QString number = m_session->rating()->caseNumber();
        QVERIFY(tap(QStringLiteral("ratingDoneButton")));
        QCOMPARE(m_session->screen(), KioskSession::Home);
        m_session->setLanguage(language);
        QVERIFY(tap(QStringLiteral("tile:rating")));
        QCOMPARE(m_session->screen(), KioskSession::Rating);
        save(QStringLiteral("rating-scan") + suffix);
        m_session->rating()->startForCase(number);
        save(QStringLiteral("rating-already") + suffix);
        m_session->finish();
        m_session->setLanguage(language);
        m_session->openFeature(QStringLiteral("progress"));
        save(QStringLiteral("coming-soon") + suffix);
        m_session->goHome();
        QVERIFY(tap(QStringLiteral("tile:helper")));
        save(QStringLiteral("helper") + suffix);
        m_clock.advanceSecs(85);
        m_session->idle()->check();
        save(QStringLiteral("idle") + suffix);
    }
};

QTEST_MAIN(TestKioskScreens)
#include "tst_kioskscreens.moc"
