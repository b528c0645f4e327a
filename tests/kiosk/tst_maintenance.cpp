// The kiosk's unattended operation: the admin PIN (salted slow hash, lockout that survives a
// restart, every attempt audited without the PIN), the maintenance gesture, the out-of-service
// state after a failed self-test, the disk-nearly-full refusal of a submit, the export of
// packets, and the window that refuses to close outside maintenance.
// In a real offscreen window: the out-of-service screen alone (no tile reachable), the gesture
// and keypad by touch, the maintenance screen. Screenshots in portrait (1080×1920) and
// landscape (1920×1080) under the build directory: tests/kiosk/screenshots/maintenance-*.png.
// Any QML warning fails the GUI tests.
#include "KioskTestSupport.h"
#include "TestSupport.h"

#include "../sync/SyncDoubles.h"
#include "AdminPin.h"
#include "KioskOptions.h"
#include "KioskSession.h"
#include "KioskStore.h"
#include "MaintenanceController.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "crypto/SelfTest.h"
#include "store/AuditLog.h"
#include "store/Repositories.h"
#include "sync/SyncService.h"
#include "ui/CatalogService.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QProcess>
#include <QQmlApplicationEngine>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QQuickWindow>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_KioskPlugin)

using namespace ow;
using ow::test::collectTexts;
using ow::test::findVisible;

namespace {

constexpr int FastIterations = 1000; // the stored hash carries its count; tests need no slow KDF
const QString Pin = QStringLiteral("246810");

Status failingSelfTest()
{
    return makeError(ErrorCode::Crypto, QStringLiteral("self-test failed"), QStringLiteral("SM4 vector 1 mismatch"));
}

QList<AuditEntry> auditEntries(Store &store, const QString &action)
{
    QList<AuditEntry> out;
    const auto all = store.audit().entries(1, 100000);
    if (!all.ok())
        return out;
    for (const AuditEntry &e : *all) {
        if (e.action == action)
            out.append(e);
    }
    return out;
}

} // namespace

class TestMaintenance : public QObject
{
    Q_OBJECT

    CatalogService m_catalog{nullptr};
    QString m_screenshots;

    // A window showing the kiosk shell, for the GUI tests.
    struct Shell
    {
        ManualClock clock{QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC)};
        QTemporaryDir dataDir;
        QTemporaryDir usb;
        KioskStore store;
        std::unique_ptr<KioskSession> session;
        std::unique_ptr<MaintenanceController> maintenance;
        std::unique_ptr<QQuickView> view;

        ~Shell()
        {
            view.reset();
            MaintenanceController::setInstance(nullptr);
            KioskSession::setInstance(nullptr);
        }
    };

    std::unique_ptr<Shell> openShell(const std::function<Status()> &selfTest)
    {
        auto s = std::make_unique<Shell>();
        if (!s->dataDir.isValid() || !s->usb.isValid())
            return nullptr;
        s->store = KioskStore::open(s->dataDir.path(), s->clock);
        if (!s->store.store)
            return nullptr;
        s->session = std::make_unique<KioskSession>(&m_catalog, false);
        s->session->setClock(&s->clock);
        s->session->setStore(s->store.store.get());
        KioskSession::setInstance(s->session.get());
        s->maintenance = std::make_unique<MaintenanceController>(s->session.get());
        s->maintenance->setClock(&s->clock);
        MaintenanceController::Config config;
        config.dataDir = s->dataDir.path();
        config.serviceContact = QStringLiteral("请到炉桥镇便民服务中心 · 电话 0550-4021234");
        config.cardReader = s->dataDir.filePath(QStringLiteral("no-reader"));
        config.exportRoots = {s->usb.path()};
        s->maintenance->setConfig(config);
        s->maintenance->setProbes(
            {[] { return QStringLiteral("Receipt printer (test)"); }, [] { return QStringList(); }});
        s->maintenance->setStore(s->store.store.get(), FastIterations);
        s->maintenance->setHoldMs(100);
        s->maintenance->runSelfTest(selfTest);
        if (!s->maintenance->adminPin()->set(Pin).ok())
            return nullptr;
        MaintenanceController::setInstance(s->maintenance.get());

        s->view = std::make_unique<QQuickView>();
        s->view->setResizeMode(QQuickView::SizeRootObjectToView);
        s->view->engine()->addImportPath(QStringLiteral("qrc:/"));
        s->view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/KioskShell.qml")));
        if (s->view->status() != QQuickView::Ready)
            return nullptr;
        return s;
    }

    static void show(QQuickView &view, QSize size)
    {
        view.resize(size);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(view.rootObject()->size(), QSizeF(size));
    }

    static bool tap(QQuickView &view, const QString &name)
    {
        QQuickItem *item = findVisible(view.rootObject(), name);
        if (!item) {
            qWarning("nothing visible is called %s", qPrintable(name));
            return false;
        }
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
        QCoreApplication::processEvents();
        return true;
    }

    // The gesture by touch: hold the top-left corner, then tap the top-right one.
    static void gesture(Shell &s)
    {
        QQuickView &view = *s.view;
        QTest::mousePress(&view, Qt::LeftButton, Qt::NoModifier, QPoint(30, 30));
        QTRY_VERIFY(s.maintenance->gestureArmed());
        QTest::mouseRelease(&view, Qt::LeftButton, Qt::NoModifier, QPoint(30, 30));
        QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, QPoint(view.width() - 30, 30));
        QCoreApplication::processEvents();
    }

    static bool typePin(QQuickView &view, const QString &pin)
    {
        for (const QChar c : pin) {
            if (!tap(view, QStringLiteral("pinKey:") + c))
                return false;
        }
        return tap(view, QStringLiteral("pinOk"));
    }

    static QStringList texts(QQuickView &view)
    {
        QStringList out;
        collectTexts(view.rootObject(), out);
        return out;
    }

    void save(QQuickView &view, const QString &name)
    {
        QCoreApplication::processEvents();
        const QImage image = view.grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(m_screenshots + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

    // Answers the elderly allowance's form page by page; true when its last page is done.
    static bool answerForm(KioskSession &session) { return test::answerForm(*session.form()); }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_catalog.setCatalog(load.catalog);
        CatalogService::setInstance(&m_catalog);
        m_screenshots = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/kiosk/screenshots");
        QVERIFY(QDir().mkpath(m_screenshots));
    }

    void cleanupTestCase() { CatalogService::setInstance(nullptr); }

    void options()
    {
        const auto parsed = KioskOptions::parse({"onewindow-kiosk", "--set-admin-pin", "--min-free-mb", "500",
                                                 "--card-reader", "/dev/ttyUSB0", "--service-contact", "电话 12345"});
        QVERIFY(parsed.options);
        QVERIFY(parsed.options->setAdminPin);
        QCOMPARE(parsed.options->minFreeMb, 500);
        QCOMPARE(parsed.options->cardReader, QStringLiteral("/dev/ttyUSB0"));
        QCOMPARE(parsed.options->serviceContact, QStringLiteral("电话 12345"));
        QCOMPARE(KioskOptions::parse({"onewindow-kiosk"}).options->minFreeMb, 200);
        const auto bad = KioskOptions::parse({"onewindow-kiosk", "--min-free-mb", "lots"});
        QVERIFY(!bad.options);
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.message.contains(QStringLiteral("lots")), qPrintable(bad.message));
    }

    void pinFormat_data()
    {
        QTest::addColumn<QString>("pin");
        QTest::addColumn<bool>("fine");
        QTest::newRow("six digits") << "123456" << true;
        QTest::newRow("twelve digits") << "123456789012" << true;
        QTest::newRow("five digits") << "12345" << false;
        QTest::newRow("thirteen digits") << "1234567890123" << false;
        QTest::newRow("a letter") << "12a456" << false;
        QTest::newRow("full-width digits") << "１２３４５６" << false;
        QTest::newRow("empty") << "" << false;
    }

    void pinFormat()
    {
        QFETCH(QString, pin);
        QFETCH(bool, fine);
        QCOMPARE(AdminPin::formatProblem(pin).isEmpty(), fine);
    }

    // `onewindow-kiosk --set-admin-pin` reads the PIN from standard input, so scripts can set a
    // generated one; a PIN of the wrong shape is refused with a message and nothing is saved.
    void setAdminPinFromTheCommandLine()
    {
        QTemporaryDir dataDir;
        QVERIFY(dataDir.isValid());
        const auto run = [&](const QByteArray &input) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("OW_LANG"), QStringLiteral("en"));
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(OW_KIOSK),
                    {QStringLiteral("--set-admin-pin"), QStringLiteral("--data"), dataDir.path()});
            p.write(input);
            p.closeWriteChannel();
            p.waitForFinished(30000);
            return std::make_pair(p.exitCode(),
                                  QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError()));
        };
        const auto refused = run("12345\n");
        QCOMPARE(refused.first, 1);
        QVERIFY2(refused.second.contains(QStringLiteral("6 to 12 digits")), qPrintable(refused.second));
        QVERIFY(!refused.second.contains(QStringLiteral("12345")));
        const auto saved = run("20261130\n");
        QCOMPARE(saved.first, 0);
        QVERIFY2(saved.second.contains(QStringLiteral("saved")), qPrintable(saved.second));
        QVERIFY(!saved.second.contains(QStringLiteral("20261130")));

        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        KioskStore store = KioskStore::open(dataDir.path(), clock);
        QVERIFY2(store.store, qPrintable(store.problem));
        AdminPin pin(*store.store, clock);
        QCOMPARE(pin.check(QStringLiteral("20261130")).outcome, AdminPin::Outcome::Accepted);
        QCOMPARE(pin.check(QStringLiteral("12345")).outcome, AdminPin::Outcome::Wrong);
    }

    // Five wrong PINs lock; the lock doubles; a restart keeps count and lock; the right PIN
    // clears them. The PIN is only a salted hash; every attempt is audited, never with the PIN.
    void pinLockoutSurvivesRestart()
    {
        test::StoreFixture f;
        QVERIFY(f.reset());
        {
            AdminPin pin(*f.store, *f.clock, FastIterations);
            QCOMPARE(pin.check(Pin).outcome, AdminPin::Outcome::NotSet);
            QCOMPARE(*pin.isSet(), false);
            QVERIFY(!pin.set(QStringLiteral("1234")).ok());
            OW_VERIFY_OK(pin.set(Pin));
            QCOMPARE(*pin.isSet(), true);
            for (int left = 4; left >= 1; --left) {
                const AdminPin::Attempt a = pin.check(QStringLiteral("000000"));
                QCOMPARE(a.outcome, AdminPin::Outcome::Wrong);
                QCOMPARE(a.triesLeft, left);
                QVERIFY2(a.message.contains(QString::number(left)), qPrintable(a.message));
            }
            const AdminPin::Attempt fifth = pin.check(QStringLiteral("000000"));
            QCOMPARE(fifth.outcome, AdminPin::Outcome::Locked);
            QCOMPARE(fifth.lockedUntil, f.clock->now().addSecs(AdminPin::FirstLockSeconds));
            QVERIFY(!fifth.message.isEmpty());
            // Locked: even the right PIN is refused.
            QCOMPARE(pin.check(Pin).outcome, AdminPin::Outcome::Locked);
        }
        // A restart changes nothing.
        QVERIFY(f.reopen());
        {
            AdminPin pin(*f.store, *f.clock, FastIterations);
            QVERIFY(pin.lockedUntil().isValid());
            QCOMPARE(pin.check(Pin).outcome, AdminPin::Outcome::Locked);
            // The lock ends; one more wrong PIN locks twice as long.
            f.clock->advanceSecs(AdminPin::FirstLockSeconds + 1);
            QVERIFY(!pin.lockedUntil().isValid());
            const AdminPin::Attempt sixth = pin.check(QStringLiteral("999999"));
            QCOMPARE(sixth.outcome, AdminPin::Outcome::Locked);
            QCOMPARE(sixth.lockedUntil, f.clock->now().addSecs(2 * AdminPin::FirstLockSeconds));
            f.clock->advanceSecs(2 * AdminPin::FirstLockSeconds + 1);
            QCOMPARE(pin.check(Pin).outcome, AdminPin::Outcome::Accepted);
            // The right PIN starts the count afresh.
            QCOMPARE(pin.check(QStringLiteral("000000")).triesLeft, 4);
        }
        // Only a salted hash is stored.
        const auto stored = f.store->settings().value(QStringLiteral("kiosk.adminPin.hash"));
        OW_VERIFY_OK(stored);
        QVERIFY(stored->has_value());
        QVERIFY((*stored)->startsWith("pbkdf2-sm3$"));
        QVERIFY(!(*stored)->contains(Pin.toLatin1()));
        // Every attempt audited: 4 wrong + 1 locking + 1 refused while locked, 1 after the restart,
        // 1 locking again, 1 accepted, 1 wrong; plus the NotSet one at the start.
        const QList<AuditEntry> attempts = auditEntries(*f.store, QStringLiteral("kiosk.maintenance.unlock"));
        QCOMPARE(attempts.size(), 11);
        int ok = 0;
        for (const AuditEntry &e : attempts) {
            ok += e.outcome == QLatin1String("ok");
            QVERIFY(!e.reason.contains(Pin) && !e.reason.contains(QStringLiteral("000000")));
            QVERIFY(!e.fields.join(QLatin1Char(' ')).contains(Pin));
        }
        QCOMPARE(ok, 1);
        QCOMPARE(auditEntries(*f.store, QStringLiteral("kiosk.maintenance.setPin")).size(), 1);
        const auto verified = f.store->audit().verify();
        OW_VERIFY_OK(verified);
        QVERIFY(verified->intact());
    }

    // Hold, then tap within 2 s: the visit in progress ends and the keypad opens. Too late, or a
    // tap without the hold, does nothing.
    void gestureOpensKeypadAfterWipe()
    {
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        KioskSession session(&m_catalog, false);
        session.setClock(&clock);
        MaintenanceController m(&session);
        m.setClock(&clock);

        m.cornerTapped();
        QVERIFY(!m.pinOpen());
        m.cornerHeld();
        QVERIFY(m.gestureArmed());
        clock.advanceSecs(3);
        m.cornerTapped();
        QVERIFY(!m.gestureArmed());
        QVERIFY(!m.pinOpen());

        session.openChooser();
        session.chooseItem(QStringLiteral("elderly-allowance"));
        QCOMPARE(session.screen(), KioskSession::Guide);
        QSignalSpy wiped(&session, &KioskSession::wiped);
        m.cornerHeld();
        clock.advanceSecs(1);
        m.cornerTapped();
        QVERIFY(m.pinOpen());
        QVERIFY(!m.isOpen());
        QCOMPARE(wiped.count(), 1);
        QCOMPARE(session.screen(), KioskSession::Home);
        // Without a store there is no PIN to check: said so, nothing opens.
        m.submitPin(Pin);
        QVERIFY(!m.isOpen());
        QVERIFY(!m.pinMessage().isEmpty());
        m.cancelPin();
        QVERIFY(!m.pinOpen());
    }

    // Locked from earlier attempts: the keypad says so as soon as it opens, keys off, until the
    // lock ends.
    void keypadSaysLockAtOnce()
    {
        test::StoreFixture f;
        QVERIFY(f.reset());
        KioskSession session(&m_catalog, false);
        session.setClock(f.clock.get());
        MaintenanceController m(&session);
        m.setClock(f.clock.get());
        m.setStore(f.store.get(), FastIterations);
        OW_VERIFY_OK(m.adminPin()->set(Pin));
        m.cornerHeld();
        m.cornerTapped();
        QVERIFY(m.pinOpen());
        for (int i = 0; i < AdminPin::FreeTries; ++i)
            m.submitPin(QStringLiteral("000000"));
        QVERIFY(m.pinLocked());
        QVERIFY(!m.isOpen());
        m.cancelPin();
        QVERIFY(!m.pinLocked());
        m.cornerHeld();
        m.cornerTapped();
        QVERIFY(m.pinOpen());
        QVERIFY(m.pinLocked());
        QVERIFY(!m.pinMessage().isEmpty());
        m.cancelPin();
        f.clock->advanceSecs(AdminPin::FirstLockSeconds + 1);
        m.cornerHeld();
        m.cornerTapped();
        QVERIFY(!m.pinLocked());
        QVERIFY(m.pinMessage().isEmpty());
        m.submitPin(Pin);
        QVERIFY(m.isOpen());
    }

    // A drive pulled out (or read-only) before the export: a clear message, the outbox kept.
    void exportToMissingDriveSaysSo()
    {
        test::StoreFixture f;
        QVERIFY(f.reset());
        QTemporaryDir dataDir;
        KioskSession session(&m_catalog, false);
        MaintenanceController m(&session);
        m.setClock(f.clock.get());
        m.setConfig({dataDir.path(), {}, 1, {}, {}});
        m.setStore(f.store.get(), FastIterations);
        OW_VERIFY_OK(m.adminPin()->set(Pin));
        const auto created = f.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"},
                                                     {QStringLiteral("k"), QStringLiteral("citizen")});
        OW_VERIFY_OK(created);
        OW_VERIFY_OK(f.store->outbox().enqueue(created->id, QStringLiteral("pkt-1"), QStringLiteral("packet"), "x"));
        // Not open: nothing happens.
        m.exportTo(dataDir.path());
        QVERIFY(!QFileInfo::exists(dataDir.filePath(QStringLiteral("onewindow-packets"))));
        m.cornerHeld();
        m.cornerTapped();
        m.submitPin(Pin);
        QVERIFY(m.isOpen());
        const QString gone = dataDir.filePath(QStringLiteral("usb-gone"));
        m.exportTo(gone);
        QVERIFY2(m.actionMessage().contains(gone), qPrintable(m.actionMessage()));
        QCOMPARE(*f.store->outbox().pendingCount(), 1);
        QCOMPARE(auditEntries(*f.store, QStringLiteral("sync.export")).size(), 0);
        // The same export twice: the second finds the file already there.
        m.exportTo(dataDir.path());
        m.exportTo(dataDir.path());
        QVERIFY(QFileInfo::exists(dataDir.filePath(QStringLiteral("onewindow-packets/pkt-1.owpkt"))));
        QVERIFY2(m.actionMessage().contains(QStringLiteral("1 个已在其中")), qPrintable(m.actionMessage()));
        QCOMPARE(*f.store->outbox().pendingCount(), 1); // exported is not sent: it waits for the hub
    }

    void selfTestDecidesService()
    {
        KioskSession session(&m_catalog, false);
        MaintenanceController m(&session);
        QSignalSpy health(&m, &MaintenanceController::healthChanged);
        m.runSelfTest(&crypto::selfTest);
        QVERIFY(m.selfTestPassed());
        QVERIFY(!m.outOfService());
        m.runSelfTest(&failingSelfTest);
        QVERIFY(m.outOfService());
        QCOMPARE(health.count(), 2);
    }

    // Below the threshold a submit stops with a kind message; the answers stay; nothing saved.
    void diskNearlyFullKeepsAnswers()
    {
        test::StoreFixture f;
        QVERIFY(f.reset());
        QTemporaryDir dataDir;
        KioskSession session(&m_catalog, false);
        session.setClock(f.clock.get());
        session.setStore(f.store.get());
        MaintenanceController m(&session);
        MaintenanceController::Config config;
        config.dataDir = dataDir.path();
        config.minFreeMb = 1;
        m.setConfig(config);
        QVERIFY(m.diskProblem().isEmpty());
        // More than any disk here has free: the real free space is below it.
        config.minFreeMb = 1 << 30;
        m.setConfig(config);
        QVERIFY(!m.diskProblem().isEmpty());
        session.setSubmitCheck([&m] { return m.diskProblem(); });

        session.openChooser();
        session.chooseItem(QStringLiteral("elderly-allowance"));
        session.startApplication();
        for (const QChar c : test::idWithCheckDigit(QStringLiteral("34112519480302004")))
            QVERIFY(session.identity()->press(c));
        session.confirmIdentity();
        QVERIFY(answerForm(session));
        session.reviewForm();
        if (session.screen() == KioskSession::Materials) {
            // Pictures of every material from the demonstration camera.
            session.materials()->setCameraDir(QStringLiteral(":/demo-materials"));
            for (const QVariant &row : session.materials()->rows())
                session.materials()->capture(row.toMap().value(QStringLiteral("id")).toString());
            session.confirmMaterials();
        }
        session.openConsent();
        QCOMPARE(session.screen(), KioskSession::Consent);
        session.agreeAndSubmit();
        QCOMPARE(session.screen(), KioskSession::Consent);
        QCOMPARE(session.submitError(), m.diskProblem());
        QVERIFY(session.submitError().contains(QStringLiteral("answers")) ||
                session.submitError().contains(QStringLiteral("信息")));
        QVERIFY(!session.form()->form()->values().isEmpty());
        QVERIFY(session.identity()->valid());
        QCOMPARE(*f.store->cases().count(), 0);

        // Space again: the same answers go through.
        config.minFreeMb = 1;
        m.setConfig(config);
        session.agreeAndSubmit();
        QCOMPARE(session.screen(), KioskSession::Receipt);
        QCOMPARE(*f.store->cases().count(), 1);
    }

    // The out-of-service screen alone: no tile, no button, nothing behind it reachable; the
    // gesture still leads to maintenance.
    void outOfServiceScreen()
    {
        test::startRecordingWarnings();
        auto recording = qScopeGuard([] { test::stopRecordingWarnings(); });
        auto s = openShell(&failingSelfTest);
        QVERIFY(s);
        for (const QSize size : {QSize(1080, 1920), QSize(1920, 1080)}) {
            show(*s->view, size);
            QQuickItem *root = s->view->rootObject();
            QVERIFY(findVisible(root, QStringLiteral("outOfServiceScreen")));
            QVERIFY(!findVisible(root, QStringLiteral("tile:apply")));
            QVERIFY(!findVisible(root, QStringLiteral("languageSwitch")));
            QVERIFY(!findVisible(root, QStringLiteral("homeButton")));
            const QStringList shown = texts(*s->view);
            QVERIFY(shown.contains(QStringLiteral("暂停服务\nOut of service")));
            QVERIFY(shown.contains(QStringLiteral("请到炉桥镇便民服务中心 · 电话 0550-4021234")));
            QVERIFY(shown.join(QLatin1Char('|')).contains(s->store.store->deviceId()));
            // Taps anywhere (where the tiles were) do nothing.
            for (int y = 200; y < size.height(); y += 200)
                QTest::mouseClick(s->view.get(), Qt::LeftButton, Qt::NoModifier, QPoint(size.width() / 2, y));
            QCOMPARE(s->session->screen(), KioskSession::Home);
            save(*s->view, size.width() < size.height() ? QStringLiteral("maintenance-out-of-service-portrait")
                                                        : QStringLiteral("maintenance-out-of-service-landscape"));
        }
        // Staff can still get in, and out again to the same screen.
        gesture(*s);
        QVERIFY(s->maintenance->pinOpen());
        QVERIFY(typePin(*s->view, Pin));
        QVERIFY(s->maintenance->isOpen());
        QVERIFY(findVisible(s->view->rootObject(), QStringLiteral("maintenanceScreen")));
        QCOMPARE(findVisible(s->view->rootObject(), QStringLiteral("statusValue:selfTest"))
                     ->property("text")
                     .toString()
                     .startsWith(QStringLiteral("未通过")),
                 true);
        QVERIFY(tap(*s->view, QStringLiteral("leaveMaintenanceButton")));
        QVERIFY(findVisible(s->view->rootObject(), QStringLiteral("outOfServiceScreen")));
        QVERIFY(!findVisible(s->view->rootObject(), QStringLiteral("tile:apply")));
        const QStringList problems = test::warnings();
        recording.dismiss();
        test::stopRecordingWarnings();
        // The self-test's failure is logged on purpose; nothing else may be.
        QStringList unexpected;
        for (const QString &w : problems) {
            if (!w.contains(QStringLiteral("self-test failed")))
                unexpected.append(w);
        }
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(QLatin1Char('\n'))));
    }

    // The keypad by touch: wrong PINs say how many tries are left; the right one opens the
    // maintenance screen with its checks; export writes the outbox to the "USB drive"; leave.
    void maintenanceScreen()
    {
        test::startRecordingWarnings();
        auto recording = qScopeGuard([] { test::stopRecordingWarnings(); });
        auto s = openShell(&crypto::selfTest);
        QVERIFY(s);
        // A sealed packet waiting in the outbox.
        Store &store = *s->store.store;
        const Actor citizen{store.deviceId(), QStringLiteral("citizen")};
        const auto created = store.cases().create(
            {QStringLiteral("elderly-allowance"), 1, test::idWithCheckDigit(QStringLiteral("34112519480302004")), "{}"},
            citizen);
        OW_VERIFY_OK(created);
        const QByteArray payload("sealed bytes, not clear text");
        OW_VERIFY_OK(
            store.outbox().enqueue(created->id, QStringLiteral("pkt-0001"), QStringLiteral("packet"), payload));

        show(*s->view, QSize(1080, 1920));
        QVERIFY(findVisible(s->view->rootObject(), QStringLiteral("tile:apply")));
        QVERIFY(!findVisible(s->view->rootObject(), QStringLiteral("outOfServiceScreen")));
        // A visit under way ends with the gesture.
        QVERIFY(tap(*s->view, QStringLiteral("tile:apply")));
        QCOMPARE(s->session->screen(), KioskSession::Choose);
        gesture(*s);
        QVERIFY(s->maintenance->pinOpen());
        QCOMPARE(s->session->screen(), KioskSession::Home);
        QVERIFY(typePin(*s->view, QStringLiteral("111111")));
        QVERIFY(!s->maintenance->isOpen());
        const QString message =
            findVisible(s->view->rootObject(), QStringLiteral("pinMessage"))->property("text").toString();
        QVERIFY2(message.contains(QLatin1Char('4')), qPrintable(message));
        QVERIFY(findVisible(s->view->rootObject(), QStringLiteral("pinDots"))->property("text").toString().isEmpty());
        save(*s->view, QStringLiteral("maintenance-pin-wrong-portrait"));
        QVERIFY(typePin(*s->view, Pin));
        QVERIFY(s->maintenance->isOpen());
        QVERIFY(!s->maintenance->pinOpen());
        QVERIFY(!findVisible(s->view->rootObject(), QStringLiteral("tile:apply")));

        QQuickItem *root = s->view->rootObject();
        const auto value = [&](const QString &name) {
            QQuickItem *item = findVisible(root, QStringLiteral("statusValue:") + name);
            return item ? item->property("text").toString() : QStringLiteral("(missing)");
        };
        QCOMPARE(value(QStringLiteral("sync")), QStringLiteral("未登记到县级中心"));
        QVERIFY2(value(QStringLiteral("outbox")).startsWith(QLatin1Char('1')),
                 qPrintable(value(QStringLiteral("outbox"))));
        QCOMPARE(value(QStringLiteral("printer")), QStringLiteral("Receipt printer (test)"));
        QCOMPARE(value(QStringLiteral("camera")), QStringLiteral("未发现摄像头"));
        QVERIFY(value(QStringLiteral("cardReader")).contains(QStringLiteral("no-reader")));
        QVERIFY(value(QStringLiteral("selfTest")).startsWith(QStringLiteral("通过")));
        QCOMPARE(value(QStringLiteral("version")), MaintenanceController::version());
        QVERIFY(!value(QStringLiteral("disk")).isEmpty());
        QVERIFY(!findVisible(root, QStringLiteral("syncNowButton"))->isEnabled());
        save(*s->view, QStringLiteral("maintenance-screen-portrait"));

        QVERIFY(tap(*s->view, QStringLiteral("exportTarget:0")));
        QFile exported(QDir(s->usb.path()).filePath(QStringLiteral("onewindow-packets/pkt-0001.owpkt")));
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QCOMPARE(exported.readAll(), payload);
        QVERIFY(!s->maintenance->actionMessage().isEmpty());
        QCOMPARE(auditEntries(store, QStringLiteral("sync.export")).size(), 1);

        show(*s->view, QSize(1920, 1080));
        QVERIFY(findVisible(s->view->rootObject(), QStringLiteral("maintenanceScreen")));
        save(*s->view, QStringLiteral("maintenance-screen-landscape"));

        QVERIFY(tap(*s->view, QStringLiteral("leaveMaintenanceButton")));
        QVERIFY(!s->maintenance->isOpen());
        QVERIFY(findVisible(s->view->rootObject(), QStringLiteral("tile:apply")));
        const QStringList problems = test::warnings();
        recording.dismiss();
        test::stopRecordingWarnings();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // Given the hub sync, the screen shows its state and "sync now" starts a cycle; the result
    // (here: the hub out of reach) shows without leaving the screen.
    void maintenanceShowsSync()
    {
        test::startRecordingWarnings();
        auto recording = qScopeGuard([] { test::stopRecordingWarnings(); });
        auto s = openShell(&crypto::selfTest);
        QVERIFY(s);
        test::StoreFixture syncStore; // the service's own connection, as the kiosk opens it
        QVERIFY(syncStore.reset());
        const auto waiting = syncStore.store->cases().create({QStringLiteral("item-a"), 1, {}, "{}"},
                                                             {QStringLiteral("k"), QStringLiteral("citizen")});
        OW_VERIFY_OK(waiting);
        const QString packetId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        OW_VERIFY_OK(syncStore.store->outbox().enqueue(waiting->id, packetId, QLatin1String(sync::kKindPacket),
                                                       test::fakeEnvelope(packetId, waiting->number)));
        test::QueuedTransport net;
        test::FakeDevice device;
        sync::SyncService::Options options;
        options.pullEvents = false;
        options.pullCatalog = false;
        sync::SyncService service(*syncStore.store, net, device, options);
        s->maintenance->setSyncService(&service);

        show(*s->view, QSize(1080, 1920));
        s->maintenance->cornerHeld();
        s->maintenance->cornerTapped();
        s->maintenance->submitPin(Pin);
        QVERIFY(s->maintenance->isOpen());
        QCoreApplication::processEvents();
        QQuickItem *root = s->view->rootObject();
        const auto value = [&](const QString &name) {
            QQuickItem *item = findVisible(root, QStringLiteral("statusValue:") + name);
            return item ? item->property("text").toString() : QStringLiteral("(missing)");
        };
        QCOMPARE(value(QStringLiteral("sync")), QStringLiteral("离线"));
        QCOMPARE(value(QStringLiteral("lastContact")), QStringLiteral("从未"));
        QCOMPARE(value(QStringLiteral("lastError")), QStringLiteral("无"));
        QVERIFY(findVisible(root, QStringLiteral("syncNowButton"))->isEnabled());

        net.enqueueNoAnswer();
        QSignalSpy cycles(&service, &sync::SyncService::cycleFinished);
        QVERIFY(tap(*s->view, QStringLiteral("syncNowButton")));
        QTRY_COMPARE_WITH_TIMEOUT(cycles.count(), 1, 20000);
        QCoreApplication::processEvents();
        QCOMPARE(net.sent.size(), 1);
        QCOMPARE(value(QStringLiteral("sync")), QStringLiteral("离线"));
        QVERIFY(value(QStringLiteral("lastError")) != QStringLiteral("无"));
        QCOMPARE(value(QStringLiteral("lastError")), service.lastError());
        QVERIFY(s->maintenance->isOpen());
        save(*s->view, QStringLiteral("maintenance-sync-offline-portrait"));
        s->maintenance->setSyncService(nullptr);
        const QStringList problems = test::warnings();
        recording.dismiss();
        test::stopRecordingWarnings();
        QStringList unexpected;
        for (const QString &w : problems) {
            if (!w.startsWith(QStringLiteral("ow.sync"))) // the failed cycle is logged on purpose
                unexpected.append(w);
        }
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.join(QLatin1Char('\n'))));
    }

    // Maintenance leaves by itself when nobody touches it.
    void maintenanceLeavesWhenIdle()
    {
        auto s = openShell(&crypto::selfTest);
        QVERIFY(s);
        s->maintenance->cornerHeld();
        s->maintenance->cornerTapped();
        s->maintenance->submitPin(Pin);
        QVERIFY(s->maintenance->isOpen());
        s->clock.advanceSecs(MaintenanceController::IdleLeaveSeconds + 1);
        s->maintenance->idle()->check();
        QVERIFY(!s->maintenance->isOpen());
    }

    // Full screen on the device: no frame, on top, and the window refuses to close (Alt+F4, the
    // window manager) until "quit to the desktop" on the maintenance screen.
    void windowRefusesToCloseOutsideMaintenance()
    {
        auto s = openShell(&crypto::selfTest);
        QVERIFY(s);
        s->view.reset();
        QQmlApplicationEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/"));
        engine.setInitialProperties({{QStringLiteral("windowed"), false}, {QStringLiteral("orientation"), "portrait"}});
        engine.load(QUrl(QStringLiteral("qrc:/OneWindow/Kiosk/Main.qml")));
        QCOMPARE(engine.rootObjects().size(), 1);
        auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().first());
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QVERIFY(window->flags().testFlag(Qt::FramelessWindowHint));
        QVERIFY(window->flags().testFlag(Qt::WindowStaysOnTopHint));

        QVERIFY(!window->close());
        QVERIFY(window->isVisible());
        QTest::keyClick(window, Qt::Key_Escape);
        QTest::keyClick(window, Qt::Key_F4, Qt::AltModifier);
        QVERIFY(window->isVisible());
        // Quitting is refused outside maintenance, too.
        QSignalSpy quit(s->maintenance.get(), &MaintenanceController::quitRequested);
        s->maintenance->quitToDesktop();
        QCOMPARE(quit.count(), 0);
        QVERIFY(!window->close());

        s->maintenance->cornerHeld();
        s->maintenance->cornerTapped();
        s->maintenance->submitPin(Pin);
        QVERIFY(s->maintenance->isOpen());
        QVERIFY(!window->close()); // maintenance alone does not open the way out
        s->maintenance->quitToDesktop();
        QCOMPARE(quit.count(), 1);
        QVERIFY(window->close());
        QCOMPARE(auditEntries(*s->store.store, QStringLiteral("kiosk.maintenance.quit")).size(), 1);
    }
};

QTEST_MAIN(TestMaintenance)
#include "tst_maintenance.moc"
