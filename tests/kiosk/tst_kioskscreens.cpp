// The kiosk in a real window (offscreen): a citizen taps through home → choose → guide → back
// → home; walks away and the countdown appears, then the visit is wiped; switches language.
// Saves a screenshot of every screen in portrait (1080×1920) and landscape (1920×1080) under
// the build directory: tests/kiosk/screenshots/. Any QML warning fails the test.
#include "TestSupport.h"

#include "KioskSession.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "ui/CatalogService.h"

#include <QDir>
#include <QFont>
#include <QGuiApplication>
#include <QInputMethodEvent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;

namespace {

QStringList g_warnings;
QtMessageHandler g_previous = nullptr;

void recordWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg)
        g_warnings.append(message);
    if (g_previous)
        g_previous(type, context, message);
}

// The visible item called `name`, searched depth-first.
QQuickItem *findVisible(QQuickItem *item, const QString &name)
{
    if (!item || !item->isVisible())
        return nullptr;
    if (item->objectName() == name)
        return item;
    for (QQuickItem *child : item->childItems()) {
        if (QQuickItem *found = findVisible(child, name))
            return found;
    }
    return nullptr;
}

// Every visible text on screen, to check what a citizen reads.
void collectTexts(QQuickItem *item, QStringList &out)
{
    if (!item || !item->isVisible())
        return;
    if (item->inherits("QQuickText"))
        out.append(item->property("text").toString());
    for (QQuickItem *child : item->childItems())
        collectTexts(child, out);
}

} // namespace

class TestKioskScreens : public QObject
{
    Q_OBJECT

    CatalogService m_catalog;
    ManualClock m_clock{QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC)};
    std::unique_ptr<KioskSession> m_session;
    std::unique_ptr<QQuickView> m_view;

    QQuickItem *root() const { return m_view->rootObject(); }

    void show(QSize size)
    {
        m_view->resize(size);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QTRY_COMPARE(root()->size(), QSizeF(size));
    }

    // Taps the visible item `name` in its middle, as a finger would.
    bool tap(const QString &name)
    {
        QQuickItem *item = findVisible(root(), name);
        if (!item) {
            qWarning("nothing visible is called %s", qPrintable(name));
            return false;
        }
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        if (!QRectF(QPointF(0, 0), m_view->size()).contains(centre)) {
            qWarning("%s is off screen", qPrintable(name));
            return false;
        }
        QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        QCoreApplication::processEvents();
        return true;
    }

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
        QCoreApplication::processEvents();
        const QImage image = m_view->grabWindow();
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
        m_session->idle()->setClock(&m_clock);
        KioskSession::setInstance(m_session.get());
        qApp->installEventFilter(m_session->idle());
        g_previous = qInstallMessageHandler(recordWarnings);

        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/")); // the modules are embedded at :/OneWindow/
        m_view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        show(QSize(1080, 1920));
    }

    void init()
    {
        g_warnings.clear();
        m_session->wipe();
        show(QSize(1080, 1920));
    }

    void cleanup() { QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(QLatin1Char('\n')))); }

    void cleanupTestCase()
    {
        m_view.reset();
        qApp->removeEventFilter(m_session->idle());
        KioskSession::setInstance(nullptr);
        m_session.reset();
        CatalogService::setInstance(nullptr);
        qInstallMessageHandler(g_previous);
    }

    void homeToGuideAndBack()
    {
        QVERIFY(onScreen(QStringLiteral("screen:home")));
        QVERIFY(!onScreen(QStringLiteral("backButton")));
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

        // Start leads to a page that says plainly this part is not there yet.
        QVERIFY(tap(QStringLiteral("startButton")));
        QCOMPARE(m_session->screen(), KioskSession::ComingSoon);
        QVERIFY(onScreen(QStringLiteral("comingSoonLabel")));
        QVERIFY(texts().contains(QStringLiteral("即将开通")));

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
        QVERIFY(tap(QStringLiteral("startButton")));
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
