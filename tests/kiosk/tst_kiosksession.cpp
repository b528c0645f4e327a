// The kiosk shell's controllers, headless: the command line, the idle watch on a manual clock,
// the item chooser as a model, the guide's phrases, and a visit's navigation and wipe.
#include "KioskTestSupport.h"
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "IdentityEntry.h"
#include "IdleWatch.h"
#include "ItemChooser.h"
#include "ItemGuide.h"
#include "KioskOptions.h"
#include "KioskSession.h"
#include "MaterialsStep.h"
#include "ui/CardReaderControl.h"

#include "KioskStartup.h"
#include "input/HanziReading.h"

#include "catalog/Catalog.h"
#include "common/Clock.h"
#include "crypto/Keys.h"
#include "domain/IdNumber.h"
#include "domain/Rating.h"
#include "pickup/DraftPickup.h"
#include "scan/CodeSigning.h"
#include "scan/Ga467.h"
#include "scan/IdCardReader.h"
#include "scan/ReaderSimulator.h"
#include "scan/SignedCodes.h"
#include "scan/TrustStore.h"
#include "store/Ratings.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/EnrolledDevice.h"
#include "ui/CatalogService.h"
#include "ui/FormController.h"
#include "ui/print/PrintService.h"
#include "ui/scan/ImageCodes.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMouseEvent>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace ow;

namespace {

// Runs a poppler tool; a missing tool fails the test, since scripts/setup installs poppler-utils.
QByteArray runTool(const QString &tool, const QStringList &args)
{
    const QString exe = QStandardPaths::findExecutable(tool);
    if (exe.isEmpty()) {
        QTest::qFail(qPrintable(QStringLiteral("%1 not found: install poppler-utils (scripts/setup does)").arg(tool)),
                     __FILE__, __LINE__);
        return {};
    }
    QProcess p;
    p.start(exe, args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        QTest::qFail(
            qPrintable(QStringLiteral("%1 failed: %2").arg(tool, QString::fromLocal8Bit(p.readAllStandardError()))),
            __FILE__, __LINE__);
        return {};
    }
    return p.readAllStandardOutput();
}

} // namespace

class TestKioskSession : public QObject
{
    Q_OBJECT

    CatalogService m_catalog{nullptr};

    static QStringList idsOf(const ItemChooser &chooser)
    {
        QStringList out;
        for (int i = 0; i < chooser.rowCount(); ++i)
            out.append(chooser.data(chooser.index(i), ItemChooser::ItemIdRole).toString());
        return out;
    }

    // Answers the elderly allowance's form page by page; true when its last page is done.
    static bool answerForm(KioskSession &session) { return test::answerForm(*session.form()); }

    // A whole visit up to the receipt: the elderly allowance, typed ID number, demonstration
    // pictures of every material. True when the receipt is up.
    static bool submitApplication(KioskSession &session)
    {
        session.openChooser();
        session.chooseItem(QStringLiteral("elderly-allowance"));
        session.startApplication();
        for (const QChar c : test::idWithCheckDigit(QStringLiteral("34112519480302004")))
            session.identity()->press(c);
        session.confirmIdentity();
        if (!answerForm(session))
            return false;
        session.reviewForm();
        if (session.screen() == KioskSession::Materials) {
            session.materials()->setCameraDir(QStringLiteral(":/demo-materials"));
            for (const QVariant &row : session.materials()->rows())
                session.materials()->capture(row.toMap().value(QStringLiteral("id")).toString());
            session.confirmMaterials();
        }
        session.openConsent();
        session.agreeAndSubmit();
        return session.screen() == KioskSession::Receipt;
    }

    // Enrollment as EnrolledDevice::load() finds it in the store's settings, with fresh keys:
    // the kiosk signs its receipts with it.
    static std::unique_ptr<sync::EnrolledDevice> enroll(Store &store, const QString &deviceId)
    {
        return test::enrollLocally(store, deviceId);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const CatalogLoad load = CatalogLoader::loadDirectory(test::sourceDir() + QStringLiteral("/forms"));
        QVERIFY(load.problems.isEmpty());
        m_catalog.setCatalog(load.catalog);
        CatalogService::setInstance(&m_catalog); // the form renderer finds the catalog here
    }

    void cleanupTestCase() { CatalogService::setInstance(nullptr); }

    void init() { m_catalog.setLanguage(QStringLiteral("zh")); }

    void options_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<bool>("runs");
        QTest::addColumn<int>("idleSeconds");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("defaults") << QStringList{} << true << 90 << QString();
        QTest::newRow("idle 120") << QStringList{"--idle-seconds", "120"} << true << 120 << QString();
        QTest::newRow("idle lowest") << QStringList{"--idle-seconds=20"} << true << 20 << QString();
        QTest::newRow("idle too short") << QStringList{"--idle-seconds", "19"} << false << 0 << "--idle-seconds";
        QTest::newRow("idle too long") << QStringList{"--idle-seconds", "3601"} << false << 0 << "3601";
        QTest::newRow("idle not a number") << QStringList{"--idle-seconds", "soon"} << false << 0 << "soon";
        QTest::newRow("both orientations") << QStringList{"--portrait", "--landscape"} << false << 0 << "--portrait";
        QTest::newRow("unknown option") << QStringList{"--fullscreen"} << false << 0 << "fullscreen";
        QTest::newRow("stray argument") << QStringList{"forms"} << false << 0 << "forms";
        QTest::newRow("card reader") << QStringList{"--card-reader", "/dev/ttyUSB0"} << true << 90 << QString();
        QTest::newRow("card reader empty") << QStringList{"--card-reader="} << false << 0 << "--card-reader";
        QTest::newRow("camera dir without demo") << QStringList{"--camera-dir", "/tmp"} << false << 0 << "--demo";
        QTest::newRow("camera dir in demo") << QStringList{"--demo", "--camera-dir", "/tmp"} << true << 90 << QString();
        QTest::newRow("pickup days") << QStringList{"--pickup-days", "14"} << true << 90 << QString();
        QTest::newRow("pickup days zero") << QStringList{"--pickup-days", "0"} << false << 0 << "--pickup-days";
        QTest::newRow("pickup days too many") << QStringList{"--pickup-days", "31"} << false << 0 << "31";
    }

    void options()
    {
        QFETCH(QStringList, args);
        QFETCH(bool, runs);
        QFETCH(int, idleSeconds);
        QFETCH(QString, messagePart);
        const ParsedKioskOptions parsed = KioskOptions::parse(QStringList{"onewindow-kiosk"} + args);
        QCOMPARE(parsed.options.has_value(), runs);
        if (runs) {
            QCOMPARE(parsed.options->idleSeconds, idleSeconds);
        } else {
            QCOMPARE(parsed.exitCode, 1);
            QVERIFY2(parsed.message.contains(messagePart), qPrintable(parsed.message));
        }
    }

    void optionsAll()
    {
        const auto parsed =
            KioskOptions::parse({"onewindow-kiosk", "--windowed", "--landscape", "--forms", "/srv/forms", "--demo"});
        QVERIFY(parsed.options);
        QVERIFY(parsed.options->windowed);
        QVERIFY(parsed.options->demo);
        QCOMPARE(parsed.options->orientation, KioskOptions::Orientation::Landscape);
        QCOMPARE(parsed.options->formsDir, QStringLiteral("/srv/forms"));
        QCOMPARE(parsed.options->pickupDays, 7);
        QCOMPARE(KioskOptions::parse({"onewindow-kiosk", "--pickup-days=14"}).options->pickupDays, 14);
        const auto help = KioskOptions::parse({"onewindow-kiosk", "--help"});
        QVERIFY(!help.options);
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.message.contains(QStringLiteral("--idle-seconds")));
    }

    void idleWatchCountsDownThenTimesOut()
    {
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        IdleWatch idle;
        idle.setClock(&clock);
        idle.setTimeout(90, 15);
        QSignalSpy timedOut(&idle, &IdleWatch::timedOut);
        QVERIFY(timedOut.isValid());

        // Inactive (an untouched home screen): time passes, nothing happens.
        clock.advanceSecs(200);
        idle.check();
        QVERIFY(!idle.warning());
        QCOMPARE(timedOut.count(), 0);

        idle.setActive(true);
        clock.advanceSecs(74);
        idle.check();
        QVERIFY(!idle.warning());
        QCOMPARE(idle.secondsLeft(), 16);
        clock.advanceSecs(1);
        idle.check();
        QVERIFY(idle.warning());
        QCOMPARE(idle.secondsLeft(), 15);

        // A touch gives the whole time back.
        idle.activity();
        QVERIFY(!idle.warning());
        QCOMPARE(idle.secondsLeft(), 90);

        clock.advanceSecs(89);
        idle.check();
        QVERIFY(idle.warning());
        QCOMPARE(idle.secondsLeft(), 1);
        clock.advanceSecs(1);
        idle.check();
        QCOMPARE(timedOut.count(), 1);
    }

    void idleWatchSeesPresses()
    {
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        IdleWatch idle;
        idle.setClock(&clock);
        idle.setActive(true);
        clock.advanceSecs(80);
        idle.check();
        QVERIFY(idle.warning());
        QObject target;
        QMouseEvent press(QEvent::MouseButtonPress, QPointF(1, 1), QPointF(1, 1), Qt::LeftButton, Qt::LeftButton,
                          Qt::NoModifier);
        QVERIFY(!idle.eventFilter(&target, &press));
        QVERIFY(!idle.warning());
        QEvent move(QEvent::MouseMove);
        clock.advanceSecs(80);
        idle.eventFilter(&target, &move);
        idle.check();
        QVERIFY(idle.warning()); // moving is not using
    }

    void chooserIsAModel()
    {
        ItemChooser chooser(&m_catalog);
        QAbstractItemModelTester tester(&chooser, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QStringList all = idsOf(chooser);
        // Only items offered at kiosks, and every one of them.
        int kioskItems = 0;
        for (const auto &item : m_catalog.catalog().items())
            kioskItems += item->channels.contains(QStringLiteral("kiosk")) ? 1 : 0;
        QCOMPARE(all.size(), kioskItems);
        QVERIFY(!all.contains(QStringLiteral("farmland-subsidy-change"))); // window only
        QVERIFY(all.contains(QStringLiteral("elderly-allowance")));

        QSignalSpy count(&chooser, &ItemChooser::countChanged);
        QVERIFY(count.isValid());
        chooser.setQuery(QStringLiteral("高龄"));
        QCOMPARE(idsOf(chooser), QStringList{QStringLiteral("elderly-allowance")});
        QCOMPARE(count.count(), 1);
        chooser.setQuery(QStringLiteral("民政"));
        QVERIFY(idsOf(chooser).contains(QStringLiteral("minimum-living-allowance")));
        chooser.setQuery(QStringLiteral("ALLOWANCE old"));
        QCOMPARE(idsOf(chooser), QStringList{QStringLiteral("elderly-allowance")});
        chooser.setQuery(QStringLiteral("不存在的事项"));
        QCOMPARE(chooser.rowCount(), 0);
        chooser.setQuery(QString());
        QCOMPARE(idsOf(chooser), all);
    }

    void chooserCategories()
    {
        ItemChooser chooser(&m_catalog);
        QAbstractItemModelTester tester(&chooser, QAbstractItemModelTester::FailureReportingMode::QtTest);
        int total = 0;
        QString civilAffairs;
        for (const QVariant &v : chooser.categories()) {
            const QVariantMap c = v.toMap();
            total += c.value(QStringLiteral("count")).toInt();
            if (c.value(QStringLiteral("name")).toString() == QStringLiteral("定远县民政局"))
                civilAffairs = c.value(QStringLiteral("key")).toString();
        }
        QCOMPARE(total, chooser.rowCount());
        QVERIFY(!civilAffairs.isEmpty());
        chooser.setCategory(civilAffairs);
        for (int i = 0; i < chooser.rowCount(); ++i)
            QCOMPARE(chooser.data(chooser.index(i), ItemChooser::DepartmentRole).toString(),
                     QStringLiteral("定远县民政局"));

        chooser.setGrouping(QStringLiteral("kind"));
        QVERIFY(chooser.category().isEmpty()); // a department key means nothing among kinds
        chooser.setCategory(QStringLiteral("licence"));
        QCOMPARE(idsOf(chooser), QStringList{QStringLiteral("individual-business-registration")});

        chooser.setQuery(QStringLiteral("x"));
        chooser.clear();
        QVERIFY(chooser.query().isEmpty());
        QVERIFY(chooser.category().isEmpty());
        QCOMPARE(chooser.grouping(), QStringLiteral("department"));
    }

    // Search by sound: the pinyin of the Chinese name, in full or by initials, in any mix.
    void chooserPinyin_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        const QStringList elderly{QStringLiteral("elderly-allowance")};
        QTest::newRow("initials") << "zh"
                                  << "gljt" << elderly;
        QTest::newRow("initials, upper case") << "zh"
                                              << "GLJT" << elderly;
        // g-l-j also begins 管理局 (guan li ju), the department of the business registration.
        QTest::newRow("partial initials")
            << "zh"
            << "glj"
            << QStringList{QStringLiteral("elderly-allowance"), QStringLiteral("individual-business-registration")};
        QTest::newRow("full pinyin") << "zh"
                                     << "gaoling" << elderly;
        QTest::newRow("full then initials") << "zh"
                                            << "gaolingjt" << elderly;
        QTest::newRow("a syllable begun") << "zh"
                                          << "gaol" << elderly;
        QTest::newRow("two words") << "zh"
                                   << "gao ling" << elderly;
        QTest::newRow("Chinese substring") << "zh"
                                           << "津贴" << elderly;
        QTest::newRow("later syllables") << "zh"
                                         << "jtsl" << elderly;
        QTest::newRow("English name in English") << "en"
                                                 << "aged 80" << elderly;
        QTest::newRow("pinyin in English") << "en"
                                           << "gljt" << elderly;
        QTest::newRow("minimum living") << "zh"
                                        << "zdshbz" << QStringList{QStringLiteral("minimum-living-allowance")};
        QTest::newRow("no match") << "zh"
                                  << "qqqzzz" << QStringList();
        QTest::newRow("initials out of order") << "zh"
                                               << "jtgl" << QStringList();
        QTest::newRow("digits are not pinyin") << "zh"
                                               << "g1" << QStringList();
    }

    void chooserPinyin()
    {
        QFETCH(QString, language);
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        m_catalog.setLanguage(language);
        ItemChooser chooser(&m_catalog);
        QAbstractItemModelTester tester(&chooser, QAbstractItemModelTester::FailureReportingMode::QtTest);
        chooser.setQuery(query);
        QCOMPARE(idsOf(chooser), expected);
    }

    // Every item offered at the kiosk is found by the initials of its Chinese name, so a wrong
    // reading of a heteronym shows up here.
    void chooserPinyinEveryItem()
    {
        ItemChooser chooser(&m_catalog);
        HanziReading reading;
        QVERIFY(reading.available());
        const QStringList all = idsOf(chooser);
        for (const QString &id : all) {
            const QString name = m_catalog.catalog().item(id)->name.zh;
            QString initials;
            for (const QString &s : reading.syllables(name))
                initials.append(s.at(0));
            chooser.setQuery(initials);
            QVERIFY2(idsOf(chooser).contains(id), qPrintable(id + QLatin1Char(' ') + initials));
        }
        QCOMPARE(reading.syllables(QStringLiteral("高龄津贴申领")),
                 (QStringList{"gao", "ling", "jin", "tie", "shen", "ling"}));
        QCOMPARE(reading.syllables(QStringLiteral("居民（城乡）A1证")),
                 (QStringList{"ju", "min", "cheng", "xiang", "a1", "zheng"}));
    }

    void chooserFollowsLanguage()
    {
        ItemChooser chooser(&m_catalog);
        chooser.setQuery(QStringLiteral("高龄"));
        QCOMPARE(chooser.data(chooser.index(0), ItemChooser::NameRole).toString(), QStringLiteral("高龄津贴申领"));
        m_catalog.setLanguage(QStringLiteral("en"));
        QVERIFY(
            chooser.data(chooser.index(0), ItemChooser::NameRole).toString().startsWith(QStringLiteral("Application")));
    }

    // Before the catalog is here (just after start): the chooser says it is loading, offers
    // nothing and nothing can be chosen; the rows come with the catalog.
    void chooserBeforeTheCatalog()
    {
        CatalogService later{nullptr};
        later.setLanguage(QStringLiteral("zh"));
        KioskSession session(&later, false);
        ItemChooser *chooser = session.chooser();
        QAbstractItemModelTester tester(chooser, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loading(chooser, &ItemChooser::loadingChanged);
        QVERIFY(loading.isValid());
        chooser->setLoading(true);
        QVERIFY(chooser->loading());
        QCOMPARE(loading.count(), 1);
        session.openChooser();
        QCOMPARE(session.screen(), KioskSession::Choose);
        QCOMPARE(chooser->rowCount(), 0);
        QVERIFY(chooser->categories().isEmpty());
        test::startRecordingWarnings();
        session.chooseItem(QStringLiteral("elderly-allowance"));
        test::stopRecordingWarnings();
        QCOMPARE(session.screen(), KioskSession::Choose); // refused: the catalog is not checked yet
        QCOMPARE(test::warnings(), QStringList{QStringLiteral("no item \"elderly-allowance\"")});
        QVERIFY(!session.guide()->valid());

        chooser->setQuery(QStringLiteral("高龄")); // typed while loading: applies once it is here
        later.setCatalog(m_catalog.catalog());
        chooser->setLoading(false);
        QVERIFY(!chooser->loading());
        QCOMPARE(loading.count(), 2);
        QCOMPARE(idsOf(*chooser), QStringList{QStringLiteral("elderly-allowance")});
        session.chooseItem(QStringLiteral("elderly-allowance"));
        QCOMPARE(session.screen(), KioskSession::Guide);
    }

    // What the kiosk prepares after its first frame: the real catalog and a real encrypted store,
    // each handed over by its signal on this thread.
    void startupLoadsCatalogAndOpensStore()
    {
        QTemporaryDir data;
        QVERIFY(data.isValid());
        KioskStartup startup(test::sourceDir() + QStringLiteral("/forms"), data.path(), SystemClock::instance());
        QSignalSpy catalog(&startup, &KioskStartup::catalogLoaded);
        QSignalSpy store(&startup, &KioskStartup::storeOpened);
        QVERIFY(!startup.started());
        startup.start();
        startup.start(); // once only
        QVERIFY(startup.started());
        QTRY_COMPARE_WITH_TIMEOUT(catalog.count(), 1, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(store.count(), 1, 30000);
        QCOMPARE(startup.catalog().catalog.size(), m_catalog.catalog().size());
        QVERIFY(startup.catalog().problems.isEmpty());
        QVERIFY2(startup.store().store, qPrintable(startup.store().problem));
        QVERIFY(QFile::exists(KioskStore::databasePath(data.path())));
        QVERIFY(startup.store().store->cases().count().ok());
    }

    // A catalog folder without items: no items (main() then says so and exits 1, as before) and
    // no store created for a kiosk that cannot serve.
    void startupWithoutCatalog()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString dataDir = dir.filePath(QStringLiteral("data"));
        {
            KioskStartup startup(dir.filePath(QStringLiteral("no-forms")), dataDir, SystemClock::instance());
            QSignalSpy catalog(&startup, &KioskStartup::catalogLoaded);
            startup.start();
            QTRY_COMPARE_WITH_TIMEOUT(catalog.count(), 1, 30000);
            QCOMPARE(startup.catalog().catalog.size(), 0);
            QVERIFY(!startup.catalog().problems.isEmpty());
        } // waits for any worker
        QVERIFY(!QFileInfo::exists(dataDir));
    }

    // A data folder that cannot be created: no store, and the reason to show at submit.
    void startupStoreNotOpened()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile blocker(dir.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        KioskStartup startup(test::sourceDir() + QStringLiteral("/forms"), dir.filePath(QStringLiteral("file/data")),
                             SystemClock::instance());
        QSignalSpy store(&startup, &KioskStartup::storeOpened);
        test::startRecordingWarnings();
        startup.start();
        QTRY_COMPARE_WITH_TIMEOUT(store.count(), 1, 30000);
        test::stopRecordingWarnings();
        QVERIFY2(test::warnings().filter(QStringLiteral("cannot create the data folder")).size() == 1,
                 qPrintable(test::warnings().join(QLatin1Char('\n'))));
        QVERIFY(!startup.store().store);
        QVERIFY(!startup.store().problem.isEmpty());
    }

    void guide()
    {
        ItemGuide guide(&m_catalog);
        QVERIFY(!guide.valid());
        QVERIFY(!guide.canStart());
        guide.setItemId(QStringLiteral("elderly-allowance"));
        QVERIFY(guide.valid());
        QVERIFY(guide.canStart());
        QCOMPARE(guide.name(), QStringLiteral("高龄津贴申领"));
        QCOMPARE(guide.department(), QStringLiteral("定远县民政局"));
        QCOMPARE(guide.conditions().size(), 3);
        QCOMPARE(guide.steps().size(), 4);
        QVERIFY(!guide.materials().isEmpty());
        QCOMPARE(guide.materials().first().toMap().value(QStringLiteral("necessity")).toString(),
                 QStringLiteral("required"));
        // Untranslated here (no translator loaded): the English source phrases.
        QCOMPARE(guide.fee(), QStringLiteral("Free of charge"));
        QCOMPARE(guide.timeLimit(), QStringLiteral("Within 15 working day(s)"));
        QCOMPARE(guide.visits(), QStringLiteral("No visit to the hall needed"));

        guide.setItemId(QStringLiteral("residence-permit"));
        QVERIFY(guide.fee() != QStringLiteral("Free of charge"));
        guide.setItemId(QStringLiteral("birth-registration"));
        QCOMPARE(guide.timeLimit(), QStringLiteral("Done on the spot"));
        guide.clear();
        QVERIFY(!guide.valid());
        QVERIFY(guide.name().isEmpty());
    }

    void visitNavigatesAndWipes()
    {
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        KioskSession session(&m_catalog, false);
        session.setClock(&clock);
        QSignalSpy wiped(&session, &KioskSession::wiped);
        QVERIFY(wiped.isValid());
        QCOMPARE(session.screen(), KioskSession::Home);
        QVERIFY(!session.canGoBack());
        QVERIFY(!session.idle()->active());

        session.openChooser();
        QCOMPARE(session.screen(), KioskSession::Choose);
        QVERIFY(session.idle()->active());
        session.chooser()->setQuery(QStringLiteral("高龄"));
        session.chooseItem(QStringLiteral("no-such-item"));
        QCOMPARE(session.screen(), KioskSession::Choose);
        QVERIFY(session.guide()->itemId().isEmpty());
        session.chooseItem(QStringLiteral("elderly-allowance"));
        QCOMPARE(session.screen(), KioskSession::Guide);
        QCOMPARE(session.guide()->itemId(), QStringLiteral("elderly-allowance"));
        session.startApplication();
        QCOMPARE(session.screen(), KioskSession::Identify);
        session.confirmIdentity(); // nothing typed: stays
        QCOMPARE(session.screen(), KioskSession::Identify);

        session.back();
        QCOMPARE(session.screen(), KioskSession::Guide);
        session.back();
        QCOMPARE(session.screen(), KioskSession::Choose);
        QVERIFY(session.guide()->itemId().isEmpty());
        QCOMPARE(session.chooser()->query(), QStringLiteral("高龄")); // still searching
        session.back();
        QCOMPARE(session.screen(), KioskSession::Home);
        QVERIFY(session.chooser()->query().isEmpty());
        QVERIFY(!session.idle()->active());

        // Walking away in English, mid-guide: everything goes.
        session.setLanguage(QStringLiteral("en"));
        QVERIFY(session.idle()->active()); // a foreign language is someone's choice
        session.openChooser();
        session.chooser()->setQuery(QStringLiteral("allowance"));
        session.chooseItem(QStringLiteral("elderly-allowance"));
        session.startApplication();
        for (const QChar c : test::idWithCheckDigit(QStringLiteral("34112519480302004")))
            QVERIFY(session.identity()->press(c));
        session.confirmIdentity();
        QCOMPARE(session.screen(), KioskSession::Form);
        QVERIFY(!session.form()->form()->values().isEmpty()); // prefilled
        // A typed number fills the county that issued it (341125) as the household region.
        QCOMPARE(session.form()->form()->value(QStringLiteral("applicantRegion")).toString(), QStringLiteral("341125"));
        QVERIFY(!session.reviewRows().isEmpty());
        clock.advanceSecs(IdleWatch::DefaultTimeoutSeconds);
        session.idle()->check();
        QCOMPARE(wiped.count(), 1);
        QCOMPARE(session.screen(), KioskSession::Home);
        QCOMPARE(session.language(), QStringLiteral("zh_CN"));
        QCOMPARE(m_catalog.language(), QStringLiteral("zh"));
        QVERIFY(session.chooser()->query().isEmpty());
        QVERIFY(session.guide()->itemId().isEmpty());
        QVERIFY(!session.canGoBack());
        QVERIFY(!session.idle()->active());
        QCOMPARE(session.identity()->length(), 0);
        QVERIFY(session.identity()->idNumber().isEmpty());
        QVERIFY(session.form()->form()->values().isEmpty());
        QVERIFY(session.reviewRows().isEmpty());
        QVERIFY(session.receipt().isEmpty());
    }

    // The keypad's rules and the check the moment the 18th character is in.
    void identityKeypadAndCheck_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("problem");
        const QString good = test::idWithCheckDigit(QStringLiteral("34112519480302004"));
        QString wrongCheck = good;
        wrongCheck[17] = good[17] == QLatin1Char('1') ? QLatin1Char('2') : QLatin1Char('1');
        QTest::newRow("valid") << good << true << QString();
        QTest::newRow("check digit") << wrongCheck << false << QStringLiteral("check digit");
        QTest::newRow("birth date") << test::idWithCheckDigit(QStringLiteral("34112519481302004")) << false
                                    << QStringLiteral("birth date");
        QTest::newRow("born tomorrow") << test::idWithCheckDigit(QStringLiteral("34112520260303004")) << false
                                       << QStringLiteral("birth date");
    }

    void identityKeypadAndCheck()
    {
        QFETCH(QString, number);
        QFETCH(bool, valid);
        QFETCH(QString, problem);
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        IdentityEntry entry;
        entry.setClock(&clock);
        QSignalSpy changed(&entry, &IdentityEntry::changed);
        QVERIFY(changed.isValid());
        QVERIFY(!entry.press(QStringLiteral("X"))); // X only as the 18th character
        QVERIFY(!entry.press(QStringLiteral("a")));
        for (int i = 0; i < 17; ++i) {
            QVERIFY(entry.press(number.at(i)));
            QVERIFY(entry.problem().isEmpty());
            // Masked as it grows: never a birth-date digit on screen.
            const QString shown = entry.shown();
            QCOMPARE(shown.size(), i + 1);
            QCOMPARE(shown.left(3), number.left(std::min(i + 1, 3)));
            QVERIFY(!shown.mid(3, 11).contains(QRegularExpression(QStringLiteral("[0-9]"))));
        }
        QVERIFY(!entry.valid());
        QVERIFY(entry.idNumber().isEmpty());
        QVERIFY(entry.press(number.at(17)));
        QCOMPARE(changed.count(), 18);
        QVERIFY(entry.complete());
        QCOMPARE(entry.valid(), valid);
        QCOMPARE(entry.shown(), idNumber::masked(number));
        QVERIFY(!entry.press(QStringLiteral("1"))); // full
        if (valid) {
            QCOMPARE(entry.idNumber(), number);
            QCOMPARE(entry.identity().value(QStringLiteral("idNumber")).toString(), number);
        } else {
            QVERIFY(entry.idNumber().isEmpty());
            QVERIFY(entry.identity().isEmpty());
            const QString expected =
                problem == QLatin1String("check digit")
                    ? IdentityEntry::tr("The ID number's check digit does not match. Please check the number again.")
                    : IdentityEntry::tr(
                          "The birth date in this ID number is not possible. Please check the number again.");
            QCOMPARE(entry.problem(), expected);
            entry.backspace();
            QVERIFY(entry.problem().isEmpty());
        }
        entry.clear();
        QCOMPARE(entry.length(), 0);
        QVERIFY(entry.shown().isEmpty());
    }

    static QString stateOf(const MaterialsStep &step, const QString &id)
    {
        for (const QVariant &v : step.rows()) {
            if (v.toMap().value(QStringLiteral("id")).toString() == id)
                return v.toMap().value(QStringLiteral("state")).toString();
        }
        return QStringLiteral("absent");
    }

    static QString demoPictures() { return test::sourceDir() + QStringLiteral("/resources/demo-materials"); }

    // What 最低生活保障 needs, given by pictures from the demonstration camera folder; a missing
    // required one blocks and is named; bad pictures and a camera gone keep what was taken; the
    // visit's end overwrites every picture held.
    void materialsCaptureAndBlock()
    {
        FormController form;
        form.setKiosk(true);
        form.setItemId(QStringLiteral("minimum-living-allowance"));
        QVERIFY(form.form());
        MaterialsStep step(&m_catalog);
        step.setCameraDir(demoPictures());
        QVERIFY(step.canCapture());
        step.setForm(form.form(), true, IdentityEntry::demoIdNumber());
        QCOMPARE(stateOf(step, QStringLiteral("applicantIdCard")), QStringLiteral("cardRead"));
        QCOMPARE(stateOf(step, QStringLiteral("householdRegister")), QStringLiteral("missing"));
        QCOMPARE(stateOf(step, QStringLiteral("incomeProof")), QStringLiteral("missing"));
        QCOMPARE(stateOf(step, QStringLiteral("marriageCertificate")), QStringLiteral("absent")); // condition not met

        QVERIFY(!step.checkComplete());
        QVERIFY2(step.problem().contains(QStringLiteral("居民户口簿")), qPrintable(step.problem()));
        step.capture(QStringLiteral("householdRegister"));
        QCOMPARE(stateOf(step, QStringLiteral("householdRegister")), QStringLiteral("captured"));
        QVERIFY(step.heldBytes(QStringLiteral("householdRegister")).startsWith("\x89PNG"));
        QVERIFY(!step.checkComplete());
        QVERIFY2(step.problem().contains(QStringLiteral("授权书")), qPrintable(step.problem()));
        step.capture(QStringLiteral("economicCheckAuthorisation"));
        step.skip(QStringLiteral("householdRegister")); // required: cannot be left out
        QCOMPARE(stateOf(step, QStringLiteral("householdRegister")), QStringLiteral("captured"));
        QVERIFY(step.checkComplete()); // the optional one may stay missing
        step.skip(QStringLiteral("incomeProof"));
        QCOMPARE(stateOf(step, QStringLiteral("incomeProof")), QStringLiteral("skipped"));
        QCOMPARE(step.capturedCount(), 2);

        // Not a picture, too large: said, and nothing taken is lost.
        QVERIFY(!step.acceptImageData(QStringLiteral("incomeProof"), QByteArray("%PDF-1.4 not a picture")));
        QVERIFY(!step.problem().isEmpty());
        QVERIFY(
            !step.acceptImageData(QStringLiteral("incomeProof"), QByteArray(MaterialsStep::MaxImageBytes + 1, 'x')));
        QVERIFY(step.problem().contains(QStringLiteral("太大")) ||
                step.problem().contains(QStringLiteral("too large")));
        QCOMPARE(step.capturedCount(), 2);

        // The camera unplugged in the middle: the folder goes away between two pictures.
        QTemporaryDir camera;
        QVERIFY(
            QFile::copy(demoPictures() + QStringLiteral("/demo-card.png"), camera.filePath(QStringLiteral("1.png"))));
        step.setCameraDir(camera.path());
        step.capture(QStringLiteral("incomeProof"));
        QCOMPARE(stateOf(step, QStringLiteral("incomeProof")), QStringLiteral("captured"));
        QVERIFY(camera.remove());
        step.capture(QStringLiteral("economicCheckAuthorisation"));
        QVERIFY(!step.problem().isEmpty());
        QCOMPARE(step.capturedCount(), 3);
        QCOMPARE(stateOf(step, QStringLiteral("economicCheckAuthorisation")), QStringLiteral("captured"));

        // Wipe: the held bytes are overwritten where they are, not only let go.
        const QByteArray held = step.heldBytes(QStringLiteral("householdRegister"));
        QVERIFY(held.size() > 100);
        QVERIFY(held.count('\0') < held.size());
        step.wipe();
        QCOMPARE(held.count('\0'), held.size());
        QCOMPARE(step.capturedCount(), 0);
        QVERIFY(step.rows().isEmpty());
        QVERIFY(step.heldBytes(QStringLiteral("householdRegister")).isEmpty());
    }

    // An e-licence code (OWL1) from a trusted issuer replaces the material of its type and shows
    // its issuer; forged, someone else's or not a licence at all is refused with a message.
    void materialsELicenceReplaces()
    {
        auto issuerKey = scan::codeSigning::generate(scan::SignatureAlgorithm::Sm2);
        auto rogueKey = scan::codeSigning::generate(scan::SignatureAlgorithm::Sm2);
        QVERIFY(issuerKey.ok() && rogueKey.ok());
        scan::TrustStore trust;
        scan::TrustStore::Issuer issuer;
        issuer.id = QStringLiteral("TEST-341125-GAJ");
        issuer.name = QStringLiteral("定远县公安局（测试）");
        issuer.publicKeys = {issuerKey->publicDer};
        issuer.licenceTypes = {QStringLiteral("household-register")};
        OW_VERIFY_OK(trust.addIssuer(issuer));
        const QString holder = IdentityEntry::demoIdNumber();
        const auto licenceFor = [&](const QString &who) {
            scan::ELicenceInfo l;
            l.issuerId = issuer.id;
            l.licenceType = QStringLiteral("household-register");
            l.number = QStringLiteral("定户字第0001号");
            l.holderIdHash = scan::eLicenceHolderHash(l.number, who);
            l.validFrom = QDate(2024, 1, 1);
            return l;
        };
        const auto code = scan::signedCodes::makeELicence(*issuerKey, licenceFor(holder));
        const auto forged = scan::signedCodes::makeELicence(*rogueKey, licenceFor(holder));
        const auto others = scan::signedCodes::makeELicence(
            *issuerKey, licenceFor(test::idWithCheckDigit(QStringLiteral("34112519500101002"))));
        QVERIFY(code.ok() && forged.ok() && others.ok());

        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        FormController form;
        form.setItemId(QStringLiteral("minimum-living-allowance"));
        MaterialsStep step(&m_catalog);
        step.setClock(&clock);
        step.setTrust(&trust);
        step.setForm(form.form(), false, holder);
        QVERIFY(!step.acceptCode(*forged));
        QVERIFY(!step.problem().isEmpty());
        QVERIFY(!step.acceptCode(*others));
        QVERIFY(!step.problem().isEmpty());
        QVERIFY(!step.acceptCode(QByteArray("https://example.org/")));
        QVERIFY(!step.problem().isEmpty());
        QCOMPARE(stateOf(step, QStringLiteral("householdRegister")), QStringLiteral("missing"));
        QVERIFY(step.acceptCode(*code));
        QVERIFY(step.problem().isEmpty());
        QCOMPARE(stateOf(step, QStringLiteral("householdRegister")), QStringLiteral("eLicence"));
        for (const QVariant &v : step.rows()) {
            if (v.toMap().value(QStringLiteral("id")) == QStringLiteral("householdRegister"))
                QCOMPARE(v.toMap().value(QStringLiteral("issuer")).toString(), issuer.name);
        }
        // The typed number: the ID card is not given by the card reader here.
        QVERIFY(!step.checkComplete());
        QVERIFY(step.problem().contains(QStringLiteral("申请人居民身份证")));
    }

    // At submit the pictures go into a real SQLCipher store as the case's attachments: readable
    // through the store, and not in clear in the database file.
    void materialsAttachedEncrypted()
    {
        test::StoreFixture fixture;
        QVERIFY(fixture.reset());
        FormController form;
        form.setItemId(QStringLiteral("minimum-living-allowance"));
        MaterialsStep step(&m_catalog);
        step.setCameraDir(demoPictures());
        step.setForm(form.form(), true, IdentityEntry::demoIdNumber());
        step.capture(QStringLiteral("householdRegister"));
        step.capture(QStringLiteral("economicCheckAuthorisation"));
        QCOMPARE(step.capturedCount(), 2);
        QFile picture(demoPictures() + QStringLiteral("/demo-card.png"));
        QVERIFY(picture.open(QIODevice::ReadOnly));
        const QByteArray card = picture.readAll();
        QCOMPARE(step.heldBytes(QStringLiteral("householdRegister")), card); // demo-card.png sorts first

        NewCase data;
        data.itemCode = QStringLiteral("minimum-living-allowance");
        data.itemVersion = 1;
        data.applicantIdNumber = IdentityEntry::demoIdNumber();
        data.formJson = "{}";
        const Actor actor{fixture.store->deviceId(), QStringLiteral("citizen")};
        const auto created = fixture.store->cases().create(data, actor);
        OW_VERIFY_OK(created);
        const QByteArray held = step.heldBytes(QStringLiteral("householdRegister"));
        OW_VERIFY_OK(step.attachTo(*fixture.store, created->number, actor));
        step.wipe();                             // the session wipes the pictures once the case is saved
        QCOMPARE(held.count('\0'), held.size()); // let go, overwritten
        QCOMPARE(step.capturedCount(), 0);

        const auto rows = fixture.store->attachments().forCase(created->number);
        OW_VERIFY_OK(rows);
        QCOMPARE(rows->size(), 2);
        QStringList materials;
        for (const Attachment &a : *rows) {
            materials.append(a.material);
            QCOMPARE(a.mime, QStringLiteral("image/png"));
        }
        materials.sort();
        QCOMPARE(materials,
                 (QStringList{QStringLiteral("economicCheckAuthorisation"), QStringLiteral("householdRegister")}));
        for (const Attachment &a : *rows) {
            if (a.material == QLatin1String("householdRegister")) {
                const auto content = fixture.store->attachments().content(a.id, actor, QStringLiteral("test"));
                OW_VERIFY_OK(content);
                QCOMPARE(*content, card);
            }
        }
        fixture.close();
        QFile db(fixture.dir.filePath(QStringLiteral("store.db")));
        QVERIFY(db.open(QIODevice::ReadOnly));
        const QByteArray raw = db.readAll();
        QVERIFY(raw.size() > card.size());
        QVERIFY(!raw.contains(card.mid(16, 64))); // the picture's bytes are not in clear on disk
        QVERIFY(!raw.contains("IHDR"));
    }

    // The model index of the form's field `fieldId` on the current page; -1 when it is not there.
    static int entryOf(const FormController &form, const QString &fieldId)
    {
        for (int i = 0; i < form.rowCount(); ++i) {
            if (form.index(i).data(FormController::FieldIdRole).toString() == fieldId)
                return i;
        }
        return -1;
    }

    // Answers every empty, shown field of the current page that a 78-year-old applying alone at
    // the kiosk answers (attachments are left to the test).
    static void answerSeniorCardPage(FormController &form) { test::answerPage(form); }

    // A kiosk session on the senior citizen's card form, the number typed.
    static void startSeniorCard(KioskSession &session)
    {
        session.openChooser();
        session.chooseItem(QStringLiteral("senior-citizen-card"));
        session.startApplication();
        for (const QChar c : test::idWithCheckDigit(QStringLiteral("34112519480302004")))
            QVERIFY(session.identity()->press(c));
        session.confirmIdentity();
        QCOMPARE(session.screen(), KioskSession::Form);
    }

    // Pages through the form to the page holding `fieldId`, answering the pages before it (their
    // pictures taken with the camera the session has).
    static bool goToField(KioskSession &session, const QString &fieldId)
    {
        FormController *form = session.form();
        for (int page = 0; page < 12; ++page) {
            if (entryOf(*form, fieldId) >= 0)
                return true;
            answerSeniorCardPage(*form);
            for (int i = 0; i < form->rowCount(); ++i) {
                const QModelIndex index = form->index(i);
                if (index.data(FormController::TypeRole).toString() == QLatin1String("attachment") &&
                    index.data(FormController::VisibleRole).toBool() &&
                    index.data(FormController::DisplayValueRole).toString().isEmpty())
                    form->requestAttachment(i);
            }
            if (form->next())
                return false;
        }
        return false;
    }

    // The applicant's photo on the senior citizen's card form is a picture taken at the kiosk
    // with the materials' camera: without it the page does not go on (the bug: nothing answered
    // the form's request, so "请在此添加文件。" stayed for ever); with it the whole visit reaches the
    // receipt, the photo an encrypted attachment of the case in a real SQLCipher store, and the
    // form's answer a reference, never the image.
    void formPictureWholeVisit()
    {
        test::StoreFixture fixture;
        QVERIFY(fixture.reset());
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        KioskSession session(&m_catalog, false);
        session.setClock(&clock);
        session.setStore(fixture.store.get());
        session.materials()->setCameraDir(demoPictures());
        startSeniorCard(session);
        FormController *form = session.form();
        QVERIFY(goToField(session, QStringLiteral("photo")));
        answerSeniorCardPage(*form);
        const QString ref = QStringLiteral("kiosk-capture:photo");

        // No photo: the page stays and says why.
        QVERIFY(!form->next());
        int photo = entryOf(*form, QStringLiteral("photo"));
        QCOMPARE(form->index(photo).data(FormController::ErrorRole).toString(), QStringLiteral("请在此添加文件。"));
        QCOMPARE(form->index(photo).data(FormController::DisplayValueRole).toString(), QString());

        // The picture: the demonstration camera's first image, held under the field's reference.
        form->requestAttachment(photo);
        QVERIFY2(session.materials()->problem().isEmpty(), qPrintable(session.materials()->problem()));
        photo = entryOf(*form, QStringLiteral("photo"));
        QCOMPARE(form->index(photo).data(FormController::ValueRole).toStringList(), QStringList{ref});
        QCOMPARE(form->index(photo).data(FormController::ErrorRole).toString(), QString());
        QCOMPARE(form->index(photo).data(FormController::DisplayValueRole).toString(), QStringLiteral("已拍照"));
        QFile first(demoPictures() + QStringLiteral("/demo-card.png"));
        QVERIFY(first.open(QIODevice::ReadOnly));
        QCOMPARE(session.materials()->heldBytes(ref), first.readAll());

        // Taken again: the next picture replaces it, the first one overwritten.
        const QByteArray firstHeld = session.materials()->heldBytes(ref);
        form->requestAttachment(photo);
        QCOMPARE(firstHeld.count('\0'), firstHeld.size());
        QFile second(demoPictures() + QStringLiteral("/demo-form.png"));
        QVERIFY(second.open(QIODevice::ReadOnly));
        const QByteArray picture = second.readAll();
        QCOMPARE(session.materials()->heldBytes(ref), picture);
        QCOMPARE(session.materials()->fieldPictureCount(), 1);

        // Removed: the answer is empty again and the bytes overwritten; taken once more.
        const QByteArray removedHeld = session.materials()->heldBytes(ref);
        form->removeAttachment(photo);
        QCOMPARE(removedHeld.count('\0'), removedHeld.size());
        QCOMPARE(session.materials()->fieldPictureCount(), 0);
        QVERIFY(!form->next());
        photo = entryOf(*form, QStringLiteral("photo"));
        QCOMPARE(form->index(photo).data(FormController::ErrorRole).toString(), QStringLiteral("请在此添加文件。"));
        form->requestAttachment(photo);                                   // demo-card.png again
        form->requestAttachment(entryOf(*form, QStringLiteral("photo"))); // and demo-form.png
        QCOMPARE(session.materials()->heldBytes(ref), picture);

        // The rest of the form.
        bool done = false;
        for (int page = 0; page < 12 && !done; ++page) {
            answerSeniorCardPage(*form);
            done = form->next();
        }
        QVERIFY2(done, qPrintable(form->pageTitle()));
        session.reviewForm();
        // The photo material is given by the form's picture; only the ID card is left to give.
        QCOMPARE(session.screen(), KioskSession::Materials);
        QCOMPARE(stateOf(*session.materials(), QStringLiteral("photo")), QStringLiteral("formPicture"));
        QVERIFY(!session.materials()->checkComplete());
        session.materials()->capture(QStringLiteral("applicantIdCard"));
        session.confirmMaterials();
        QCOMPARE(session.screen(), KioskSession::Review);
        bool reviewed = false;
        for (const QVariant &v : session.reviewRows()) {
            const QVariantMap row = v.toMap();
            if (row.value(QStringLiteral("label")).toString() == QStringLiteral("近期一寸免冠彩色照片")) {
                QCOMPARE(row.value(QStringLiteral("value")).toString(), QStringLiteral("已拍照"));
                reviewed = true;
            }
        }
        QVERIFY(reviewed);
        session.openConsent();
        const QByteArray held = session.materials()->heldBytes(ref);
        session.agreeAndSubmit();
        QVERIFY2(session.submitError().isEmpty(), qPrintable(session.submitError()));
        QCOMPARE(session.screen(), KioskSession::Receipt);
        QCOMPARE(held.count('\0'), held.size()); // saved, then overwritten here
        QCOMPARE(session.materials()->fieldPictureCount(), 0);

        // In the store: the photo, encrypted, under the field's id, and the ID card's picture;
        // the form's answer is the reference.
        const QString number = session.receipt().value(QStringLiteral("number")).toString();
        const Actor actor{fixture.store->deviceId(), QStringLiteral("citizen")};
        const auto attached = fixture.store->attachments().forCase(number);
        OW_VERIFY_OK(attached);
        QStringList names;
        for (const Attachment &a : *attached) {
            names.append(a.material);
            if (a.material == QLatin1String("photo")) {
                QCOMPARE(a.mime, QStringLiteral("image/png"));
                const auto content = fixture.store->attachments().content(a.id, actor, QStringLiteral("test"));
                OW_VERIFY_OK(content);
                QCOMPARE(*content, picture);
            }
        }
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("applicantIdCard"), QStringLiteral("photo")}));
        const auto found = fixture.store->cases().findByNumber(number);
        QVERIFY(found.ok() && found->has_value());
        const QJsonObject answers = QJsonDocument::fromJson((*found)->formJson).object();
        QCOMPARE(answers.value(QStringLiteral("photo")).toArray(), QJsonArray{ref});
        QVERIFY(!(*found)->formJson.contains("PNG"));
        fixture.close();
        QFile db(fixture.dir.filePath(QStringLiteral("store.db")));
        QVERIFY(db.open(QIODevice::ReadOnly));
        QVERIFY(!db.readAll().contains(picture.mid(16, 64))); // not in clear on disk
    }

    // A kiosk with a real camera: the form's request opens the camera view (the session asks the
    // screen), and the still the camera gives is the field's picture. A field that takes no
    // pictures is refused with a message; the visit's end overwrites the picture held; a field
    // hidden since lets its picture go.
    void formPictureFromCameraAndWiped()
    {
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        KioskSession session(&m_catalog, false);
        session.setClock(&clock);
        session.materials()->setCameraAvailable(true);
        QSignalSpy asked(&session, &KioskSession::pictureRequested);
        QVERIFY(asked.isValid());
        startSeniorCard(session);
        FormController *form = session.form();
        QVERIFY(goToField(session, QStringLiteral("photo")));
        const QString ref = QStringLiteral("kiosk-capture:photo");
        form->requestAttachment(entryOf(*form, QStringLiteral("photo")));
        QCOMPARE(asked.count(), 1);
        QCOMPARE(asked.at(0).at(0).toString(), ref);
        QCOMPARE(asked.at(0).at(1).toString(), QStringLiteral("近期一寸免冠彩色照片"));
        QCOMPARE(session.materials()->fieldPictureCount(), 0); // cancelled: nothing held, nothing answered
        QVERIFY(form->form()->value(QStringLiteral("photo")).isNull() ||
                form->form()->value(QStringLiteral("photo")).isUndefined());

        QImage still(640, 480, QImage::Format_RGB32);
        still.fill(QColor(200, 180, 160));
        session.materials()->acceptImage(ref, still);
        QCOMPARE(form->form()->value(QStringLiteral("photo")).toArray(), QJsonArray{ref});
        const QByteArray held = session.materials()->heldBytes(ref);
        QVERIFY(held.startsWith("\xFF\xD8")); // a JPEG
        QVERIFY(held.count('\0') < held.size());

        // The field's accept list is respected: a field taking only PDF files is not a picture.
        QVERIFY(!session.materials()->expectFieldPicture(QStringLiteral("scan"), -1, QStringLiteral("扫描件"),
                                                         {QStringLiteral("pdf")}));
        QVERIFY2(session.materials()->problem().contains(QStringLiteral("扫描件")),
                 qPrintable(session.materials()->problem()));

        // The citizen walks away: the picture is overwritten where it is.
        session.wipe();
        QCOMPARE(held.count('\0'), held.size());
        QCOMPARE(session.materials()->fieldPictureCount(), 0);
        QVERIFY(session.materials()->heldBytes(ref).isEmpty());

        // An agent's letter taken, then "no agent" after all: the picture goes at the review.
        session.materials()->setCameraDir(demoPictures());
        startSeniorCard(session);
        answerSeniorCardPage(*form);
        form->setValue(entryOf(*form, QStringLiteral("applyByAgent")), true);
        QVERIFY(goToField(session, QStringLiteral("powerOfAttorney")));
        form->requestAttachment(entryOf(*form, QStringLiteral("powerOfAttorney")));
        const QByteArray letter = session.materials()->heldBytes(QStringLiteral("kiosk-capture:powerOfAttorney"));
        QVERIFY(!letter.isEmpty());
        QCOMPARE(session.materials()->fieldPictureCount(), 2); // the photo, taken on the way, and the letter
        while (form->currentPage() > 0)
            form->back();
        form->setValue(entryOf(*form, QStringLiteral("applyByAgent")), false);
        QVERIFY(goToField(session, QStringLiteral("photo")));
        form->requestAttachment(entryOf(*form, QStringLiteral("photo")));
        bool done = false;
        for (int page = 0; page < 12 && !done; ++page) {
            answerSeniorCardPage(*form);
            done = form->next();
        }
        QVERIFY(done);
        session.reviewForm();
        QCOMPARE(letter.count('\0'), letter.size());
        QCOMPARE(session.materials()->fieldPictureCount(), 1); // the photo only
    }

    // "Finish at the window": on the form, with two pictures taken, the visit is saved as a draft
    // with a signed pickup code. An unenrolled kiosk refuses (no unsigned code) and keeps the
    // answers; an enrolled one saves the draft with its materials, shows the code, and lets go of
    // the answers; finishing wipes the code too. The slip's PDF carries a QR that decodes to a
    // code the window's lookup accepts, and nothing personal.
    void pickupFlowAndSlip()
    {
        test::StoreFixture fixture;
        QVERIFY(fixture.reset());
        KioskSession session(&m_catalog, false);
        session.setClock(fixture.clock.get());
        session.setStore(fixture.store.get());
        session.materials()->setCameraDir(demoPictures());
        QSignalSpy saved(&session, &KioskSession::draftSaved);
        QVERIFY(saved.isValid());
        const QString idNumber = test::idWithCheckDigit(QStringLiteral("34112519480302004"));

        session.openChooser();
        session.chooseItem(QStringLiteral("minimum-living-allowance"));
        session.startApplication();
        QCOMPARE(session.screen(), KioskSession::Identify);
        session.offerContinueAtWindow(); // not before the form
        QVERIFY(!session.pickupConfirming());
        for (const QChar c : idNumber)
            QVERIFY(session.identity()->press(c));
        session.confirmIdentity();
        QCOMPARE(session.screen(), KioskSession::Form);
        session.materials()->setForm(session.form()->form(), false, idNumber);
        session.materials()->capture(QStringLiteral("householdRegister"));
        session.materials()->capture(QStringLiteral("economicCheckAuthorisation"));
        QCOMPARE(session.materials()->capturedCount(), 2);
        const QByteArray formBefore =
            QJsonDocument(session.form()->form()->submission()).toJson(QJsonDocument::Compact);

        // Not enrolled: the offer says to ask staff, and nothing is saved or signed.
        QVERIFY(!session.pickupAvailable());
        session.offerContinueAtWindow();
        QVERIFY(session.pickupConfirming());
        session.continueAtWindow();
        QVERIFY(!session.pickupError().isEmpty());
        QCOMPARE(session.screen(), KioskSession::Form);
        QVERIFY(session.pickup().isEmpty());
        QCOMPARE(saved.count(), 0);
        QCOMPARE(*fixture.store->cases().count(), 0);
        QCOMPARE(QJsonDocument(session.form()->form()->submission()).toJson(QJsonDocument::Compact), formBefore);
        QCOMPARE(session.materials()->capturedCount(), 2);
        session.cancelContinueAtWindow();
        QVERIFY(!session.pickupConfirming());
        QVERIFY(session.pickupError().isEmpty());

        // Enrolled: saved, signed, shown.
        auto device = test::enrollLocally(*fixture.store, QStringLiteral("K-PICKUP"));
        QVERIFY(device);
        session.setDevice(device.get());
        session.setPickupValidDays(5);
        QVERIFY(session.pickupAvailable());
        session.offerContinueAtWindow();
        session.continueAtWindow();
        QCOMPARE(session.screen(), KioskSession::Pickup);
        QVERIFY(session.pickupError().isEmpty());
        QVERIFY(!session.pickupConfirming());
        QCOMPARE(saved.count(), 1);
        const QString draftNumber = saved.at(0).at(0).toString();
        const QVariantMap shown = session.pickup();
        const QByteArray code = shown.value(QStringLiteral("pickupCode")).toString().toUtf8();
        QVERIFY(code.startsWith("OWP1|K-PICKUP|" + draftNumber.toUtf8() + "|"));
        QVERIFY(QRegularExpression(QStringLiteral("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$"))
                    .match(shown.value(QStringLiteral("shortCode")).toString())
                    .hasMatch());
        QCOMPARE(shown.value(QStringLiteral("validUntil")).toDateTime(),
                 QDateTime::fromSecsSinceEpoch(fixture.clock->now().toSecsSinceEpoch(), Qt::UTC).addDays(5));
        QCOMPARE(shown.value(QStringLiteral("item")).toString(), QStringLiteral("最低生活保障申请"));
        // Nothing personal in what is shown or printed: the item, the codes, the date.
        QCOMPARE(QStringList(shown.keys()),
                 (QStringList{QStringLiteral("item"), QStringLiteral("itemId"), QStringLiteral("pickupCode"),
                              QStringLiteral("shortCode"), QStringLiteral("validUntil")}));
        QVERIFY(!code.contains(idNumber.right(6).toUtf8()));

        // The draft in the store: state Draft, the answers so far, the two pictures.
        auto draft = fixture.store->cases().findByNumber(draftNumber);
        OW_VERIFY_OK(draft);
        QVERIFY(draft->has_value());
        QCOMPARE((*draft)->state, CaseState::Draft);
        const Actor clerk{QStringLiteral("desk"), QStringLiteral("clerk")};
        QCOMPARE(fixture.store->cases().read(draftNumber, clerk, QStringLiteral("test"))->formJson, formBefore);
        QCOMPARE(fixture.store->attachments().forCase(draftNumber)->size(), 2);
        // The visit's answers are let go.
        QVERIFY(session.identity()->idNumber().isEmpty());
        QVERIFY(session.form()->form()->values().isEmpty());
        QCOMPARE(session.materials()->capturedCount(), 0);

        // The window's lookup accepts the code on screen.
        auto key = scan::codeSigning::fromPrivateDer(device->signingKey().toDer());
        OW_VERIFY_OK(key);
        scan::TrustStore trust;
        OW_VERIFY_OK(trust.addDevice(device->deviceId(), key->publicDer));
        auto found = pickup::findDraftByPickup(*fixture.store, code, trust, fixture.clock->now());
        OW_VERIFY_OK(found);
        QCOMPARE(found->number, draftNumber);

        // The slip on paper: its QR, read back from the rendered page by our decoder, is a code the
        // window accepts; the short code is on it; nothing of the ID number is.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        print::PrintService printer;
        printer.setPageFormat(QStringLiteral("thermal-80"));
        const QString pdf = dir.filePath(QStringLiteral("pickup-slip.pdf"));
        QVERIFY2(printer.savePickupSlipPdf(shown, pdf), qPrintable(printer.message()));
        const QString text = QString::fromUtf8(
            runTool(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdf, QStringLiteral("-")}));
        QVERIFY2(text.contains(shown.value(QStringLiteral("shortCode")).toString()), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("最低生活保障")), qPrintable(text));
        QVERIFY(!text.contains(idNumber.right(6)));
        QVERIFY(!text.contains(draftNumber)); // the draft is named by the code, not printed
        const QString prefix = dir.filePath(QStringLiteral("slip"));
        runTool(QStringLiteral("pdftoppm"), {QStringLiteral("-r"), QStringLiteral("200"), QStringLiteral("-gray"),
                                             QStringLiteral("-png"), QStringLiteral("-singlefile"), pdf, prefix});
        const QImage page(prefix + QStringLiteral(".png"));
        QVERIFY2(!page.isNull(), "pdftoppm wrote no page");
        const auto decoded = scan::imageCodes::decodeThorough(page);
        QVERIFY2(decoded, "no code found on the rendered slip");
        QCOMPARE(decoded->payload, code);
        auto fromPaper = pickup::findDraftByPickup(*fixture.store, decoded->payload, trust, fixture.clock->now());
        OW_VERIFY_OK(fromPaper);
        QCOMPARE(fromPaper->number, draftNumber);

        // Finish: the code goes from the screen, home in Chinese.
        QSignalSpy wiped(&session, &KioskSession::wiped);
        session.finish();
        QCOMPARE(wiped.count(), 1);
        QCOMPARE(session.screen(), KioskSession::Home);
        QVERIFY(session.pickup().isEmpty());
        // The draft stays in the store for the window.
        QCOMPARE((*fixture.store->cases().findByNumber(draftNumber))->state, CaseState::Draft);
    }

    // The demo cards are valid cards of made-up people, and read as the real reader reads them.
    void demoCardsAreValid()
    {
        const auto cards = CardReaderControl::demoCards();
        QVERIFY(cards.size() >= 2);
        QCOMPARE(cards.first().number, IdentityEntry::demoIdNumber());
        for (const auto &card : cards) {
            QCOMPARE(idNumber::check(card.number, QDate(2026, 3, 2)), idNumber::Problem::None);
            QVERIFY(card.name.startsWith(QStringLiteral("演示")));
            const auto parsed = scan::ga467::parseReadData(scan::ga467::encodeReadData(card), QDate(2026, 3, 2));
            QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().logDetail));
        }
    }

    // A demo card tapped on the identify screen goes through the pty simulator and the real GA 467
    // reader, fills the identity (name masked on screen), and the visit's end overwrites it all.
    void cardReadThroughSimulatorAndWiped()
    {
        ManualClock clock(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
        KioskSession session(&m_catalog, true);
        session.setClock(&clock);
        CardReaderControl *card = session.cardReader();
        QVERIFY(card->openSimulator());
        QVERIFY(card->simulated());
        QCOMPARE(card->state(), QStringLiteral("ready"));
        card->reader()->setPollIntervalMs(20);

        // Not on the identify screen: a card is dropped, nothing filled.
        card->tapDemoCard();
        QTRY_VERIFY(!card->waitingForDemoCard());
        QVERIFY(!card->holdsCard());
        QCOMPARE(session.identity()->length(), 0);

        session.chooseItem(QStringLiteral("elderly-allowance"));
        session.startApplication();
        QCOMPARE(session.screen(), KioskSession::Identify);
        QSignalSpy accepted(card, &CardReaderControl::cardAccepted);
        card->tapDemoCard();
        QVERIFY(card->waitingForDemoCard());
        QTRY_COMPARE(accepted.count(), 1);
        const auto demo = CardReaderControl::demoCards();
        // The second card: the first was dropped above.
        QVERIFY(session.identity()->valid());
        QVERIFY(session.identity()->fromCard());
        QCOMPARE(session.identity()->idNumber(), demo.at(1).number);
        QCOMPARE(session.identity()->name(), demo.at(1).name);
        QCOMPARE(session.identity()->nameShown(), QStringLiteral("演****"));
        QCOMPARE(session.identity()->shown(), idNumber::masked(demo.at(1).number));
        QVERIFY(card->holdsCard());
        QCOMPARE(card->cardPhoto().size(), scan::ga467::kPhotoSize);

        // A valid card needs no further tap: the form follows by itself, with the card's name and
        // address and the issuing county (341125, one the region table offers) already filled.
        QCOMPARE(session.screen(), KioskSession::Identify);
        QTRY_COMPARE_WITH_TIMEOUT(session.screen(), KioskSession::Form, KioskSession::CardContinueMs + 5000);
        const QVariantMap filled = session.form()->submission();
        QCOMPARE(filled.value(QStringLiteral("applicantName")).toString(), demo.at(1).name);
        QCOMPARE(filled.value(QStringLiteral("applicantAddress")).toString(), demo.at(1).address);
        QCOMPARE(filled.value(QStringLiteral("applicantRegion")).toString(), QStringLiteral("341125"));

        // Copies that share the held bytes (as a binding or a signal's argument would) are
        // overwritten too, not only let go.
        const QByteArray photo = card->cardPhoto();
        const QString name = card->cardName();
        QVERIFY(photo.count('\0') < photo.size());
        session.wipe();
        QVERIFY(!card->holdsCard());
        QVERIFY(card->cardPhoto().isEmpty());
        QCOMPARE(photo.count('\0'), photo.size());
        QCOMPARE(name, QString(name.size(), QChar(0)));
        QCOMPARE(card->reader()->bufferedBytes(), 0);
        QCOMPARE(session.identity()->length(), 0);
        QVERIFY(session.identity()->name().isEmpty());
        QCOMPARE(card->state(), QStringLiteral("ready")); // the reader stays for the next citizen
    }

    // A scanned ID number code fills the number as typed; other codes change nothing.
    void identityFromScannedCode()
    {
        IdentityEntry entry;
        QVERIFY(entry.press(QStringLiteral("3")));
        QVERIFY(!entry.acceptCode(QByteArray("https://example.org/")));
        QCOMPARE(entry.length(), 1);
        QVERIFY(!entry.acceptCode(QByteArray("341125194203081230"))); // wrong check digit
        QCOMPARE(entry.length(), 1);
        QVERIFY(entry.acceptCode(IdentityEntry::demoIdNumber().toLatin1()));
        QVERIFY(entry.valid());
        QVERIFY(!entry.fromCard());
        QCOMPARE(entry.idNumber(), IdentityEntry::demoIdNumber());
    }

    // The reader pulled out: a kind message, the keypad still works; a missing device likewise.
    void cardReaderUnpluggedKeepsKeypad()
    {
        KioskSession session(&m_catalog, true);
        CardReaderControl *card = session.cardReader();
        QVERIFY(card->openSimulator());
        session.chooseItem(QStringLiteral("elderly-allowance"));
        session.startApplication();
        QVERIFY(card->message().isEmpty());
        card->simulator()->unplug();
        QTRY_COMPARE(card->state(), QStringLiteral("unplugged"));
        QVERIFY(card->message().contains(QStringLiteral("keypad")) || card->message().contains(QStringLiteral("键盘")));
        for (const QChar c : IdentityEntry::demoIdNumber())
            QVERIFY(session.identity()->press(c));
        QVERIFY(session.identity()->valid());
        QVERIFY(!session.identity()->fromCard());

        KioskSession other(&m_catalog, false);
        QVERIFY(!other.cardReader()->open(QStringLiteral("/dev/ow-no-such-reader")));
        QCOMPARE(other.cardReader()->state(), QStringLiteral("unplugged"));
        QVERIFY(!other.cardReader()->message().isEmpty());
        other.cardReader()->close();
        QCOMPARE(other.cardReader()->state(), QStringLiteral("none"));
    }

    // 评价本次服务 right after the receipt: five levels in the language on screen, the rating saved
    // for the case just submitted with its audit entry, thanks, and the visit ends. The case
    // cannot be rated twice.
    void rateAfterSubmit()
    {
        test::StoreFixture fixture;
        QVERIFY(fixture.reset());
        KioskSession session(&m_catalog, false);
        session.setClock(fixture.clock.get());
        session.setStore(fixture.store.get());
        QVERIFY(submitApplication(session));
        const QString number = session.receipt().value(QStringLiteral("number")).toString();
        QVERIFY(!number.isEmpty());

        session.rateThisCase();
        QCOMPARE(session.screen(), KioskSession::Rating);
        RatingStep *step = session.rating();
        QCOMPARE(step->phase(), RatingStep::Phase::Choose);
        QCOMPARE(step->caseNumber(), number);
        QVERIFY(step->message().isEmpty());
        const QVariantList levels = step->levels();
        QCOMPARE(levels.size(), 5);
        QCOMPARE(levels.first().toMap().value(QStringLiteral("label")).toString(), QStringLiteral("非常满意"));
        QCOMPARE(levels.last().toMap().value(QStringLiteral("label")).toString(), QStringLiteral("非常不满意"));
        session.setLanguage(QStringLiteral("en"));
        QCOMPARE(step->levels().at(2).toMap().value(QStringLiteral("label")).toString(),
                 QStringLiteral("Fairly satisfied"));
        session.setLanguage(QStringLiteral("zh_CN"));

        // Back returns to the receipt; the rating screen can be opened again.
        session.back();
        QCOMPARE(session.screen(), KioskSession::Receipt);
        QCOMPARE(step->phase(), RatingStep::Phase::Scan);
        session.rateThisCase();
        QVERIFY(!step->rate(QStringLiteral("excellent"))); // not a level: nothing saved
        QVERIFY(!fixture.store->ratings().forCase(number)->has_value());

        QSignalSpy wiped(&session, &KioskSession::wiped);
        QVERIFY(step->rate(QStringLiteral("dissatisfied")));
        QCOMPARE(step->phase(), RatingStep::Phase::Thanks);
        QCOMPARE(step->ratedLevel(), QStringLiteral("dissatisfied"));
        auto stored = fixture.store->ratings().forCase(number);
        OW_VERIFY_OK(stored);
        QVERIFY(stored->has_value());
        QCOMPARE((*stored)->level, Rating::Dissatisfied);
        QCOMPARE((*stored)->channel, RatingChannel::Kiosk);
        auto use = fixture.store->audit().dataUseForCase(number);
        OW_VERIFY_OK(use);
        QCOMPARE(use->last().action, QStringLiteral("case.rate"));
        QCOMPARE(use->last().actor, fixture.store->deviceId());
        QCOMPARE(use->last().role, QStringLiteral("citizen"));

        session.finish(); // 完成, or the thanks screen's own timeout
        QCOMPARE(wiped.count(), 1);
        QCOMPARE(session.screen(), KioskSession::Home);
        QCOMPARE(step->phase(), RatingStep::Phase::Scan);
        QVERIFY(step->caseNumber().isEmpty());
        QVERIFY(session.receipt().isEmpty());
    }

    // From the home tile: a receipt code of this kiosk is rated; a second rating of the same case
    // is refused with a kind message; a receipt of another device, a code that is no receipt and a
    // receipt for a case not in this store each get their own message and save nothing. The idle
    // wipe clears the screen.
    void rateScannedReceipt()
    {
        test::StoreFixture fixture;
        QVERIFY(fixture.reset());
        auto device = enroll(*fixture.store, QStringLiteral("K-TEST-01"));
        QVERIFY(device);
        KioskSession session(&m_catalog, false);
        session.setClock(fixture.clock.get());
        session.setStore(fixture.store.get());
        session.setDevice(device.get());
        QVERIFY(submitApplication(session));
        const QString number = session.receipt().value(QStringLiteral("number")).toString();
        const QByteArray code = session.receipt().value(QStringLiteral("receiptCode")).toString().toUtf8();
        QVERIFY(code.startsWith("OWR1|"));
        session.finish();

        session.openFeature(QStringLiteral("rating"));
        QCOMPARE(session.screen(), KioskSession::Rating);
        RatingStep *step = session.rating();
        QCOMPARE(step->phase(), RatingStep::Phase::Scan);

        // Not a receipt.
        session.handleScan(test::idWithCheckDigit(QStringLiteral("34112519480302004")).toUtf8());
        QCOMPARE(step->phase(), RatingStep::Phase::Scan);
        QVERIFY(step->message().contains(QStringLiteral("回执")));

        // A receipt signed by another kiosk: the hub would be needed.
        auto otherKey = scan::codeSigning::generate(scan::SignatureAlgorithm::Sm2);
        OW_VERIFY_OK(otherKey);
        auto foreign = scan::signedCodes::makeCaseReceipt(
            *otherKey, {QStringLiteral("K-OTHER-02"), number, fixture.clock->now().toUTC()});
        OW_VERIFY_OK(foreign);
        session.handleScan(*foreign);
        QCOMPARE(step->phase(), RatingStep::Phase::Scan);
        QVERIFY(step->message().contains(QStringLiteral("县级平台")) ||
                step->message().contains(QStringLiteral("hub")));
        const QString otherPlaceMessage = step->message();

        // Signed by this kiosk, but for a case this store does not hold.
        auto ownKey = scan::codeSigning::fromPrivateDer(device->signingKey().toDer());
        OW_VERIFY_OK(ownKey);
        auto unknown = scan::signedCodes::makeCaseReceipt(
            *ownKey, {device->deviceId(), QStringLiteral("K-TEST-01-20260302-999999"), fixture.clock->now().toUTC()});
        OW_VERIFY_OK(unknown);
        session.handleScan(*unknown);
        QCOMPARE(step->phase(), RatingStep::Phase::Scan);
        QCOMPARE(step->message(), otherPlaceMessage);
        QCOMPARE(fixture.store->db().scalar("SELECT count(*) FROM ratings")->toLongLong(), 0);

        // The real receipt.
        session.handleScan(code);
        QCOMPARE(step->phase(), RatingStep::Phase::Choose);
        QCOMPARE(step->caseNumber(), number);
        QVERIFY(step->message().isEmpty());
        QVERIFY(step->rate(QStringLiteral("verySatisfied")));
        session.finish();

        // Again: already rated, the first rating stays.
        session.openFeature(QStringLiteral("rating"));
        session.handleScan(code);
        QCOMPARE(step->phase(), RatingStep::Phase::Choose);
        QVERIFY(step->message().contains(QStringLiteral("已经评价")));
        QVERIFY(!step->rate(QStringLiteral("veryDissatisfied")));
        QCOMPARE((*fixture.store->ratings().forCase(number))->level, Rating::VerySatisfied);
        QCOMPARE(fixture.store->db().scalar("SELECT count(*) FROM ratings")->toLongLong(), 1);

        // Walking away clears the rating screen.
        QVERIFY(session.idle()->active());
        fixture.clock->advanceSecs(IdleWatch::DefaultTimeoutSeconds);
        session.idle()->check();
        QCOMPARE(session.screen(), KioskSession::Home);
        QCOMPARE(step->phase(), RatingStep::Phase::Scan);
        QVERIFY(step->caseNumber().isEmpty());
        QVERIFY(step->message().isEmpty());

        // A scan on the home screen is not taken as a rating.
        session.handleScan(code);
        QVERIFY(step->caseNumber().isEmpty());
    }
};

QTEST_MAIN(TestKioskSession)
#include "tst_kiosksession.moc"
