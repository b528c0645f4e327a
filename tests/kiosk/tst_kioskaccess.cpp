// The kiosk for people who use a screen reader or a hardware keypad, in a real window
// (offscreen) with accessibility switched on: every screen of a visit (home, choose, guide,
// identify, form, materials, review, consent, receipt, rating, progress, pickup, the idle
// countdown, the maintenance PIN pad and screen) is walked in portrait and landscape, and every
// visible item a finger can use (a button, a tile, a key, a list row, a text field, a rating level,
// anything with a MouseArea or TapHandler) must give assistive technology a name and a role, as
// QAccessible reports them (what AT-SPI reads on Linux). Only the scrims that swallow taps and
// the hidden maintenance corners are left out, and they must say so (Accessible.ignored).
// Tab then moves through the home and identify screens in reading order, and Return or Space on
// the focused item does what a tap does, so a hardware keypad can drive a visit.
#include "KioskTestSupport.h"
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "AdminPin.h"
#include "KioskSession.h"
#include "KioskStore.h"
#include "MaintenanceController.h"
#include "RatingStep.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "ui/CatalogService.h"

#include <QAccessible>
#include <QDir>
#include <QGuiApplication>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <functional>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;
using ow::test::findVisible;

namespace {

constexpr int FastIterations = 1000;
const QString Pin = QStringLiteral("246810");

// Items that take taps on purpose without being anything to a screen reader: the scrims behind
// dialogs (taps on them only count as activity) and the maintenance gesture's hidden corners.
const QStringList Unnamed{QStringLiteral("scrim"), QStringLiteral("maintenanceHoldCorner"),
                          QStringLiteral("maintenanceTapCorner")};

// The Accessible attached object of `item`, if QML created one (it is the item's child).
QObject *accessibleAttached(QQuickItem *item)
{
    for (QObject *child : item->children()) {
        if (child->inherits("QQuickAccessibleAttached"))
            return child;
    }
    return nullptr;
}

bool ignoredForAccessibility(QQuickItem *item)
{
    const QObject *attached = accessibleAttached(item);
    return attached && attached->property("ignored").toBool();
}

// Something a finger or a keypad can use.
bool interactive(QQuickItem *item)
{
    if (item->inherits("QQuickFlickable") || item->inherits("QQuickScrollView") || item->inherits("QQuickScrollBar"))
        return false; // containers: what they scroll is checked item by item
    if (item->inherits("QQuickText"))
        return false; // text takes presses only for links, and the kiosk shows none
    if (item->inherits("QQuickAbstractButton") || item->inherits("QQuickTextInput") ||
        item->inherits("QQuickTextEdit") || item->inherits("QQuickComboBox"))
        return true;
    if (item->acceptedMouseButtons() != Qt::NoButton || item->acceptTouchEvents())
        return true;
    const QObjectList children = item->children();
    return std::any_of(children.cbegin(), children.cend(), [](const QObject *c) {
        return c->inherits("QQuickTapHandler") && c->property("enabled").toBool();
    });
}

// Inside a control (a ComboBox's indicator, a TextField's own parts): the control speaks for it.
bool insideControl(QQuickItem *item)
{
    for (QQuickItem *p = item->parentItem(); p; p = p->parentItem()) {
        if (p->inherits("QQuickComboBox") || p->inherits("QQuickTextField"))
            return true;
    }
    return false;
}

void collectInteractive(QQuickItem *item, QList<QQuickItem *> &out)
{
    if (!item || !item->isVisible() || item->opacity() <= 0.0)
        return;
    if (interactive(item) && !insideControl(item))
        out.append(item);
    if (item->inherits("QQuickAbstractButton") || item->inherits("QQuickComboBox"))
        return; // a button's content is the button
    for (QQuickItem *child : item->childItems())
        collectInteractive(child, out);
}

QString describe(QQuickItem *item)
{
    return QStringLiteral("%1 \"%2\" at %3,%4")
        .arg(QString::fromLatin1(item->metaObject()->className()), item->objectName())
        .arg(item->mapToScene(QPointF()).x())
        .arg(item->mapToScene(QPointF()).y());
}

QRectF sceneBox(QQuickItem *item)
{
    return item->mapRectToScene(QRectF(0, 0, item->width(), item->height()));
}

} // namespace

class TestKioskAccess : public QObject
{
    Q_OBJECT

    CatalogService m_catalog{nullptr};
    ManualClock m_clock{QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC)};
    QTemporaryDir m_dataDir;
    KioskStore m_store;
    std::unique_ptr<KioskSession> m_session;
    std::unique_ptr<MaintenanceController> m_maintenance;
    std::unique_ptr<QQuickView> m_view;
    QStringList m_checked; // the screens whose items were checked

    QQuickItem *root() const { return m_view->rootObject(); }

    void show(QSize size)
    {
        m_view->resize(size);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QTRY_COMPARE(root()->size(), QSizeF(size));
    }

    static QString idNumber() { return test::idWithCheckDigit(QStringLiteral("34112519480302004")); }

    // Every interactive item on screen has a role and a name, as assistive technology sees them.
    void checkNames(const QString &screen)
    {
        QCoreApplication::processEvents();
        QList<QQuickItem *> items;
        collectInteractive(root(), items);
        QVERIFY2(!items.isEmpty(), qPrintable(screen));
        QStringList problems;
        for (QQuickItem *item : std::as_const(items)) {
            if (ignoredForAccessibility(item)) {
                if (!Unnamed.contains(item->objectName()))
                    problems.append(QStringLiteral("ignored but takes taps: ") + describe(item));
                continue;
            }
            QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(item);
            if (!iface) {
                problems.append(QStringLiteral("no accessible interface: ") + describe(item));
                continue;
            }
            const QAccessible::Role role = iface->role();
            if (role == QAccessible::NoRole || role == QAccessible::Client)
                problems.append(QStringLiteral("no role: ") + describe(item));
            if (iface->text(QAccessible::Name).trimmed().isEmpty())
                problems.append(QStringLiteral("no name: ") + describe(item));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(screen + QStringLiteral(":\n") + problems.join(QLatin1Char('\n'))));
        qInfo("%s: %lld interactive items, each named", qPrintable(screen), qlonglong(items.size()));
        m_checked.append(screen);
    }

    // Every screen of the kiosk, calling `at` on each.
    void walk(const std::function<void(const QString &)> &at)
    {
        QCOMPARE(m_session->screen(), KioskSession::Home);
        at(QStringLiteral("home"));
        m_session->openChooser();
        at(QStringLiteral("choose"));
        m_session->chooser()->setQuery(QStringLiteral("高龄"));
        at(QStringLiteral("choose-search"));
        m_session->chooser()->setQuery(QString());
        m_session->chooseItem(QStringLiteral("minimum-living-allowance"));
        at(QStringLiteral("guide"));
        m_session->back();
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        m_session->startApplication();
        QCOMPARE(m_session->screen(), KioskSession::Identify);
        at(QStringLiteral("identify"));
        for (const QChar c : idNumber())
            QVERIFY(m_session->identity()->press(c));
        at(QStringLiteral("identify-done"));
        m_session->confirmIdentity();
        QCOMPARE(m_session->screen(), KioskSession::Form);
        at(QStringLiteral("form"));
        for (int page = 0; page < 12; ++page) {
            test::answerPage(*m_session->form());
            QCoreApplication::processEvents();
            at(QStringLiteral("form-page%1").arg(page + 1));
            if (m_session->form()->next())
                break;
        }
        m_session->reviewForm();
        QCOMPARE(m_session->screen(), KioskSession::Materials);
        at(QStringLiteral("materials"));
        for (const QVariant &v : m_session->materials()->rows()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("required")).toBool())
                m_session->materials()->capture(row.value(QStringLiteral("id")).toString());
        }
        at(QStringLiteral("materials-given"));
        m_session->confirmMaterials();
        QCOMPARE(m_session->screen(), KioskSession::Review);
        at(QStringLiteral("review"));
        m_session->openConsent();
        at(QStringLiteral("consent"));
        m_session->agreeAndSubmit();
        QCOMPARE(m_session->screen(), KioskSession::Receipt);
        at(QStringLiteral("receipt"));
        m_session->rateThisCase();
        QCOMPARE(m_session->screen(), KioskSession::Rating);
        at(QStringLiteral("rating"));
        m_session->rating()->rate(QStringLiteral("satisfied"));
        at(QStringLiteral("rating-thanks"));
        m_session->finish();
        m_session->openFeature(QStringLiteral("rating"));
        at(QStringLiteral("rating-scan"));
        m_session->goHome();
        m_session->openFeature(QStringLiteral("progress"));
        QCOMPARE(m_session->screen(), KioskSession::Progress);
        at(QStringLiteral("progress"));
        m_session->goHome();
        m_session->openFeature(QStringLiteral("helper"));
        at(QStringLiteral("coming-soon"));
        // Finishing at the window: the confirmation, then the pickup code (an enrolled kiosk).
        m_session->goHome();
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        m_session->startApplication();
        for (const QChar c : idNumber())
            QVERIFY(m_session->identity()->press(c));
        m_session->confirmIdentity();
        QVERIFY(test::answerPage(*m_session->form()) > 0);
        {
            auto device = test::enrollLocally(*m_store.store, QStringLiteral("K-ACCESS"));
            QVERIFY(device);
            m_session->setDevice(device.get());
            auto unenroll = qScopeGuard([this] { m_session->setDevice(nullptr); });
            m_session->offerContinueAtWindow();
            QVERIFY(findVisible(root(), QStringLiteral("pickupConfirm")));
            at(QStringLiteral("pickup-confirm"));
            m_session->continueAtWindow();
            QCOMPARE(m_session->screen(), KioskSession::Pickup);
            at(QStringLiteral("pickup"));
            m_session->finish();
        }
        m_session->openChooser(); // the countdown runs on any screen but an untouched home
        m_clock.advanceSecs(85);
        m_session->idle()->check();
        QVERIFY(m_session->idle()->warning());
        at(QStringLiteral("idle"));
        m_session->wipe();
        // Staff only: the PIN pad, then the maintenance screen.
        m_maintenance->cornerHeld();
        m_maintenance->cornerTapped();
        QVERIFY(m_maintenance->pinOpen());
        at(QStringLiteral("maintenance-pin"));
        m_maintenance->submitPin(Pin);
        QVERIFY(m_maintenance->isOpen());
        at(QStringLiteral("maintenance"));
        m_maintenance->leave();
        QVERIFY(!m_maintenance->isOpen());
        QCOMPARE(m_session->screen(), KioskSession::Home);
    }

    // The items Tab reaches from the screen's start, in order, until it comes round again.
    QList<QQuickItem *> tabChain()
    {
        QList<QQuickItem *> chain;
        root()->forceActiveFocus();
        for (int i = 0; i < 100; ++i) {
            QTest::keyClick(m_view.get(), Qt::Key_Tab);
            QQuickItem *focused = m_view->activeFocusItem();
            if (!focused || chain.contains(focused))
                break;
            chain.append(focused);
        }
        return chain;
    }

    // Visible, enabled items that a keypad should reach.
    QList<QQuickItem *> reachable()
    {
        QList<QQuickItem *> items;
        collectInteractive(root(), items);
        items.removeIf([](QQuickItem *i) { return !i->isEnabled() || ignoredForAccessibility(i); });
        return items;
    }

    // Reading order: rows top to bottom, left to right within a row (items overlapping
    // vertically share a row).
    static bool readsBefore(QQuickItem *a, QQuickItem *b)
    {
        const QRectF ra = sceneBox(a);
        const QRectF rb = sceneBox(b);
        const bool sameRow = ra.top() < rb.bottom() && rb.top() < ra.bottom();
        return sameRow ? ra.left() < rb.left() : ra.top() < rb.top();
    }

    void checkTabOrder(const QString &screen, bool strictRows)
    {
        QCoreApplication::processEvents();
        const QList<QQuickItem *> chain = tabChain();
        QList<QQuickItem *> expected = reachable();
        QStringList got;
        for (QQuickItem *i : chain)
            got.append(describe(i));
        QVERIFY2(chain.size() >= 6, qPrintable(screen)); // the two languages and at least four more
        QVERIFY2(chain.size() == expected.size(),
                 qPrintable(screen + QStringLiteral(": Tab reaches\n") + got.join(QLatin1Char('\n'))));
        for (QQuickItem *i : std::as_const(expected))
            QVERIFY2(chain.contains(i), qPrintable(screen + QStringLiteral(": never reached ") + describe(i)));
        if (strictRows) {
            std::stable_sort(expected.begin(), expected.end(), readsBefore);
            for (int i = 0; i < chain.size(); ++i)
                QVERIFY2(chain.at(i) == expected.at(i),
                         qPrintable(screen +
                                    QStringLiteral(": at %1 expected %2\n").arg(i).arg(describe(expected.at(i))) +
                                    got.join(QLatin1Char('\n'))));
        } else {
            // Columns side by side: within each column top to bottom, left column first.
            for (int i = 1; i < chain.size(); ++i) {
                const QRectF p = sceneBox(chain.at(i - 1));
                const QRectF n = sceneBox(chain.at(i));
                const bool below = n.top() >= p.top() && n.left() < p.right();
                const bool right = n.left() >= p.left();
                QVERIFY2(below || right, qPrintable(screen + QStringLiteral(": ") + describe(chain.at(i - 1)) +
                                                    QStringLiteral(" then ") + describe(chain.at(i))));
            }
        }
    }

    // Where `item` starts and ends across the window, as drawn.
    QRectF box(const QString &name)
    {
        QQuickItem *item = findVisible(root(), name);
        return item ? sceneBox(item) : QRectF();
    }

    // The layout reads right to left (or, with `rtl` false, left to right) where the screen has
    // the items to tell.
    void checkDirection(const QString &screen, bool rtl)
    {
        QCoreApplication::processEvents();
        const qreal middle = m_view->width() / 2.0;
        auto before = [rtl](const QRectF &first, const QRectF &second) {
            return rtl ? first.center().x() > second.center().x() : first.center().x() < second.center().x();
        };
        const QRectF languages = box(QStringLiteral("languageSwitch"));
        if (!languages.isNull())
            QVERIFY2(rtl ? languages.center().x() < middle : languages.center().x() > middle, qPrintable(screen));
        const QRectF back = box(QStringLiteral("backButton"));
        const QRectF home = box(QStringLiteral("homeButton"));
        if (!back.isNull() && !home.isNull())
            QVERIFY2(before(back, home), qPrintable(screen));
        if (screen == QLatin1String("home"))
            QVERIFY2(before(box(QStringLiteral("tile:apply")), box(QStringLiteral("tile:progress"))),
                     qPrintable(screen));
        if (screen.startsWith(QLatin1String("identify"))) {
            // The keypad's digits run left to right in every language, as on a phone.
            QVERIFY2(box(QStringLiteral("key:1")).left() < box(QStringLiteral("key:3")).left(), qPrintable(screen));
            if (m_view->width() > m_view->height()) // the number beside the keypad, read first
                QVERIFY2(before(box(QStringLiteral("identifyTitle")), box(QStringLiteral("idKeypad"))),
                         qPrintable(screen));
        }
        if (screen == QLatin1String("rating") && m_view->width() > m_view->height())
            QVERIFY2(before(box(QStringLiteral("rate:verySatisfied")), box(QStringLiteral("rate:veryDissatisfied"))),
                     qPrintable(screen));
        // The staff's gesture keeps its corners whatever the language.
        QQuickItem *corner = m_view->rootObject()->findChild<QQuickItem *>(QStringLiteral("maintenanceTapCorner"));
        QVERIFY(corner);
        QVERIFY2(sceneBox(corner).left() > middle, qPrintable(screen));
    }

    static QString rtlScreenshotDir()
    {
        const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/kiosk/screenshots/rtl");
        QDir().mkpath(dir);
        return dir;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QAccessible::setActive(true); // as when a screen reader is running: controls publish their names
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_catalog.setCatalog(load.catalog);
        CatalogService::setInstance(&m_catalog);
        QVERIFY(m_dataDir.isValid());
        m_store = KioskStore::open(m_dataDir.path(), m_clock);
        QVERIFY2(m_store.store, qPrintable(m_store.problem));
        m_session = std::make_unique<KioskSession>(&m_catalog, false);
        m_session->setClock(&m_clock);
        m_session->setStore(m_store.store.get());
        m_session->materials()->setCameraDir(test::sourceDir() + QStringLiteral("/resources/demo-materials"));
        KioskSession::setInstance(m_session.get());
        m_maintenance = std::make_unique<MaintenanceController>(m_session.get());
        m_maintenance->setClock(&m_clock);
        MaintenanceController::Config config;
        config.dataDir = m_dataDir.path();
        config.serviceContact = QStringLiteral("请到炉桥镇便民服务中心 · 电话 0550-4021234");
        config.cardReader = m_dataDir.filePath(QStringLiteral("no-reader"));
        m_maintenance->setConfig(config);
        m_maintenance->setProbes(
            {[] { return QStringLiteral("Receipt printer (test)"); }, [] { return QStringList(); }});
        m_maintenance->setStore(m_store.store.get(), FastIterations);
        m_maintenance->runSelfTest([] { return Status(); });
        QVERIFY(m_maintenance->adminPin()->set(Pin).ok());
        MaintenanceController::setInstance(m_maintenance.get());
        test::startRecordingWarnings();

        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/"));
        m_view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        show(QSize(1080, 1920));
    }

    void init()
    {
        test::warnings().clear();
        m_session->wipe();
    }

    void cleanup()
    {
        // Qt Multimedia (where the camera watch loads it) reports a machine without a sound server
        // once; that is the machine, not the kiosk.
        test::warnings().removeIf([](const QString &w) { return w.startsWith(QStringLiteral("PulseAudioService:")); });
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(QLatin1Char('\n'))));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        MaintenanceController::setInstance(nullptr);
        m_maintenance.reset();
        KioskSession::setInstance(nullptr);
        m_session.reset();
        m_store.store.reset();
        CatalogService::setInstance(nullptr);
        test::stopRecordingWarnings();
    }

    void everyItemHasANameAndRole_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("language");
        QTest::newRow("portrait") << QSize(1080, 1920) << QStringLiteral("zh_CN");
        QTest::newRow("landscape") << QSize(1920, 1080) << QStringLiteral("zh_CN");
        QTest::newRow("portrait-en") << QSize(1080, 1920) << QStringLiteral("en");
        QTest::newRow("landscape-en") << QSize(1920, 1080) << QStringLiteral("en");
    }

    void everyItemHasANameAndRole()
    {
        QFETCH(QSize, size);
        QFETCH(QString, language);
        show(size);
        m_session->setLanguage(language);
        m_checked.clear();
        walk([this](const QString &screen) { checkNames(screen); });
        QVERIFY(m_checked.contains(QStringLiteral("maintenance")));
        QVERIFY2(m_checked.size() >= 24, qPrintable(m_checked.join(QLatin1Char(' '))));
    }

    // The names follow the language: the home screen's first tile in each.
    void namesAreTranslated()
    {
        show(QSize(1080, 1920));
        QQuickItem *tile = findVisible(root(), QStringLiteral("tile:apply"));
        QVERIFY(tile);
        QCOMPARE(QAccessible::queryAccessibleInterface(tile)->text(QAccessible::Name), QStringLiteral("我要办事"));
        m_session->setLanguage(QStringLiteral("en"));
        QCOMPARE(QAccessible::queryAccessibleInterface(tile)->text(QAccessible::Name),
                 QStringLiteral("I want to apply"));
        QCOMPARE(QAccessible::queryAccessibleInterface(tile)->role(), QAccessible::Button);
        m_session->openChooser();
        QQuickItem *search = findVisible(root(), QStringLiteral("searchField"));
        QVERIFY(search);
        QCOMPARE(QAccessible::queryAccessibleInterface(search)->role(), QAccessible::EditableText);
    }

    void tabFollowsReadingOrder_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("portrait") << QSize(1080, 1920);
        QTest::newRow("landscape") << QSize(1920, 1080);
    }

    void tabFollowsReadingOrder()
    {
        QFETCH(QSize, size);
        show(size);
        const bool portrait = size.height() > size.width();
        checkTabOrder(QStringLiteral("home"), true);
        m_session->chooseItem(QStringLiteral("elderly-allowance"));
        m_session->startApplication();
        QCOMPARE(m_session->screen(), KioskSession::Identify);
        checkTabOrder(QStringLiteral("identify"), portrait);
        QVERIFY(m_session->identity()->press(QStringLiteral("3")));
        checkTabOrder(QStringLiteral("identify-typing"), portrait);
    }

    // From the home screen to a typed ID number with the keypad alone: Tab to a tile, Return;
    // Tab to the keys, Space or Return on each.
    void keypadDrivesAVisit()
    {
        show(QSize(1080, 1920));
        root()->forceActiveFocus();
        auto tabTo = [this](const QString &name) {
            for (int i = 0; i < 60; ++i) {
                QTest::keyClick(m_view.get(), Qt::Key_Tab);
                if (m_view->activeFocusItem() && m_view->activeFocusItem()->objectName() == name)
                    return true;
            }
            return false;
        };
        QVERIFY(tabTo(QStringLiteral("tile:apply")));
        QVERIFY(findVisible(root(), QStringLiteral("tile:apply"))->property("visualFocus").toBool()); // the ring shows
        const QString shots = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/kiosk/screenshots");
        QDir().mkpath(shots);
        QVERIFY(m_view->grabWindow().save(shots + QStringLiteral("/home-keypad-focus.png")));
        QTest::keyClick(m_view.get(), Qt::Key_Return);
        QCOMPARE(m_session->screen(), KioskSession::Choose);
        QVERIFY(tabTo(QStringLiteral("item:elderly-allowance")));
        QTest::keyClick(m_view.get(), Qt::Key_Enter);
        QCOMPARE(m_session->screen(), KioskSession::Guide);
        QVERIFY(tabTo(QStringLiteral("startButton")));
        QTest::keyClick(m_view.get(), Qt::Key_Space);
        QCOMPARE(m_session->screen(), KioskSession::Identify);
        const QString number = idNumber();
        for (const QChar c : number) {
            QVERIFY2(tabTo(QStringLiteral("key:") + c), qPrintable(QString(c)));
            QTest::keyClick(m_view.get(), Qt::Key_Return);
        }
        QCOMPARE(m_session->identity()->length(), 18);
        QVERIFY(m_session->identity()->valid());
        QVERIFY(tabTo(QStringLiteral("identifyContinueButton")));
        QTest::keyClick(m_view.get(), Qt::Key_Return);
        QCOMPARE(m_session->screen(), KioskSession::Form);
    }

    // A right-to-left language (a pseudo-RTL run: the application's layout direction, as an RTL
    // translation sets it) mirrors every screen. Screenshots of each under
    // tests/kiosk/screenshots/rtl/; the same checks read left to right without it.
    void rightToLeft_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("portrait") << QSize(1080, 1920);
        QTest::newRow("landscape") << QSize(1920, 1080);
    }

    void rightToLeft()
    {
        QFETCH(QSize, size);
        show(size);
        const QString suffix = QLatin1Char('-') + QString::fromLatin1(QTest::currentDataTag());
        m_checked.clear();
        walk([&](const QString &screen) { checkDirection(screen, false); });
        QVERIFY(!QTest::currentTestFailed());

        QGuiApplication::setLayoutDirection(Qt::RightToLeft);
        auto restore = qScopeGuard([] { QGuiApplication::setLayoutDirection(Qt::LeftToRight); });
        m_session->setLanguage(QStringLiteral("en"));
        QStringList saved;
        walk([&](const QString &screen) {
            checkDirection(screen, true);
            m_view->grabWindow(); // a Canvas (the rating faces) paints in the frame after it is asked
            QCoreApplication::processEvents();
            const QImage image = m_view->grabWindow();
            QVERIFY(!image.isNull());
            QVERIFY(image.save(rtlScreenshotDir() + QLatin1Char('/') + screen + suffix + QStringLiteral(".png")));
            saved.append(screen);
        });
        QVERIFY2(saved.size() >= 24, qPrintable(saved.join(QLatin1Char(' '))));
    }
};

QTEST_MAIN(TestKioskAccess)
#include "tst_kioskaccess.moc"
