// The hall supervisor's statistics at the desk, in a real window offscreen, against a real hub
// process (SQLite): a device submits four cases through three channels, a reviewer approves one,
// one is made overdue and two ratings and a follow-up are written into the hub's database; the
// supervisor signs in with the hub account, opens 大厅运行统计 and reads the hub's figures in the
// tiles, bars and overdue list; switches to this month; exports the CSV (UTF-8 with a BOM, case
// numbers only) into the desk's exports folder. Screenshots under
// tests/desk/screenshots/statistics-*.png. Any QML warning fails it.
#include "DeskTestSupport.h"
#include "HubFixture.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "HallStatistics.h"

#include "common/Clock.h"
#include "crypto/Packet.h"

#include <QDir>
#include <QProcess>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)
Q_IMPORT_QML_PLUGIN(OneWindow_DeskPlugin)

using namespace ow;

namespace {

const QString kSupervisor = QStringLiteral("hall.supervisor");
const QString kReviewer = QStringLiteral("health.reviewer");
const QString kHealth = QStringLiteral("11341125MB17731876"); // senior-citizen-card
const QString kPassword = QStringLiteral("Supervisor#2026pass");

QString countOf(const QVariantList &bars, const QString &key)
{
    for (const QVariant &bar : bars)
        if (bar.toMap().value(QStringLiteral("key")).toString() == key)
            return bar.toMap().value(QStringLiteral("count")).toString();
    return QStringLiteral("none");
}

QString tileValue(const QVariantList &tiles, const QString &key)
{
    for (const QVariant &tile : tiles)
        if (tile.toMap().value(QStringLiteral("key")).toString() == key)
            return tile.toMap().value(QStringLiteral("value")).toString();
    return QStringLiteral("none");
}

} // namespace

class TestDeskStatistics : public QObject
{
    Q_OBJECT

private:
    test::HubFixture m_hub;
    std::unique_ptr<test::HubTestDevice> m_device;
    QTemporaryDir m_deskDir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<QQuickView> m_view;
    QTranslator m_translator;
    QStringList m_cases;

    QQuickItem *item(const QString &name) { return test::findItem(m_view->rootObject(), name); }
    HallStatistics *stats() { return m_desk->session().statistics(); }

    void click(QQuickItem *target)
    {
        QVERIFY2(target, "no such item");
        QVERIFY(test::shown(target));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_view.get(), Qt::LeftButton, {}, centre.toPoint());
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50); // a frame for what changed
        const QImage image = m_view->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/statistics-%1.png").arg(name)));
    }

    // The hub's own database, written with the sqlite3 program: this process holds SQLCipher,
    // which must not meet QtSql's SQLite.
    bool hubSql(const QString &sql)
    {
        QProcess sqlite;
        sqlite.start(QStringLiteral("sqlite3"), {QStringLiteral("-cmd"), QStringLiteral(".timeout 10000"),
                                                 QDir(m_hub.dataDir()).filePath(QStringLiteral("hub.sqlite")), sql});
        if (!sqlite.waitForFinished(20000) || sqlite.exitCode() != 0) {
            qWarning("sqlite3: %s", sqlite.readAllStandardError().constData());
            return false;
        }
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // The sqlite3 program writes the ratings fixture into the hub's database (this process holds
        // SQLCipher, which must not meet QtSql's SQLite). scripts/setup installs it; without it the
        // test fails, never skips.
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty(),
                 "the sqlite3 program (Debian package sqlite3) is not installed");
        QVERIFY(m_deskDir.isValid());
        QVERIFY2(m_hub.start(), m_hub.log().constData());
        QVERIFY(m_hub.addOperator(kSupervisor, QStringLiteral("supervisor"), QString(), kPassword));
        QVERIFY(m_hub.addOperator(kReviewer, QStringLiteral("reviewer"), kHealth, kPassword));
        m_device = std::make_unique<test::HubTestDevice>(m_hub);
        m_device->setCasePrefix(QStringLiteral("DSK"));
        QCOMPARE(m_device->enroll(m_hub.enrollCode()).status, 201);

        // Four cases today: two of the health commission (a kiosk's, a village helper's), two of
        // civil affairs (one naming no channel: the window's; one from a kiosk).
        const QList<QPair<QString, QString>> cases{{QStringLiteral("senior-citizen-card"), QStringLiteral("kiosk")},
                                                   {QStringLiteral("senior-citizen-card"), QStringLiteral("helper")},
                                                   {QStringLiteral("elderly-allowance"), QString()},
                                                   {QStringLiteral("elderly-allowance"), QStringLiteral("kiosk")}};
        for (int i = 0; i < cases.size(); ++i) {
            const QString caseId = QStringLiteral("DSK-%1").arg(i + 1, 6, 10, QLatin1Char('0'));
            crypto::PacketContent content = m_device->sampleContent(caseId, cases[i].first);
            if (!cases[i].second.isEmpty())
                content.extra.insert(QStringLiteral("channel"), cases[i].second);
            QCOMPARE(m_device->postPacket(m_device->seal(content, i + 1).envelope).status, 201);
            m_cases.append(caseId);
        }
        // The reviewer approves the first; the second is made overdue since 5 January.
        const QByteArray reviewer = m_hub.login(kReviewer, kPassword);
        QCOMPARE(m_hub.decide(reviewer, m_cases[0], m_hub.packetIdOf(reviewer, m_cases[0]), QStringLiteral("approved"))
                     .status,
                 200);
        const QString now = crypto::wireTime(QDateTime::currentDateTimeUtc());
        QVERIFY(
            hubSql(QStringLiteral("UPDATE cases SET due_date = '2026-01-05' WHERE case_id = '%1';").arg(m_cases[1])));
        QVERIFY(hubSql(
            QStringLiteral("INSERT INTO ratings (case_id, device_id, channel, level, rated_at, received_at) VALUES "
                           "('%1', 'd', 'kiosk', 'verySatisfied', '%3', '%3'), "
                           "('%2', 'd', 'window', 'veryDissatisfied', '%3', '%3');"
                           "INSERT INTO rating_followups (case_id, opened_at, due_date, state) "
                           "VALUES ('%2', '%3', '2026-01-10', 'open');")
                .arg(m_cases[0], m_cases[2], now)));

        m_clock = std::make_unique<ManualClock>(QDateTime::currentDateTimeUtc());
        DeskOptions options;
        options.dataDir = m_deskDir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        options.hubUrl = m_hub.baseUrl();
        QString problem;
        m_desk = DeskProgram::open(options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));

        QVERIFY(m_translator.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")));
        QCoreApplication::installTranslator(&m_translator);

        test::startRecordingWarnings();
        m_view = std::make_unique<QQuickView>();
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->resize(1920, 1080);
        m_view->engine()->addImportPath(QStringLiteral("qrc:/"));
        m_view->setSource(QUrl(QStringLiteral("qrc:/OneWindow/Desk/DeskShell.qml")));
        QCOMPARE(m_view->status(), QQuickView::Ready);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_desk.reset();
        test::stopRecordingWarnings();
        QVERIFY2(test::warnings().isEmpty(), qPrintable(test::warnings().join(u'\n')));
    }

    void supervisorReadsTodaysFigures()
    {
        m_desk->session().signIn(kSupervisor, kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(m_desk->session().signedIn(), 20000);
        QVERIFY(!m_desk->session().offline());
        bool listed = false;
        for (const QVariant &page : m_desk->session().pages())
            listed = listed || page.toMap().value(QStringLiteral("key")).toString() == QLatin1String("statistics");
        QVERIFY(listed);
        m_desk->session().setPage(QStringLiteral("statistics"));
        QTRY_VERIFY_WITH_TIMEOUT(stats()->loaded() && !stats()->loading(), 20000);
        QVERIFY2(!stats()->messageIsError(), qPrintable(stats()->message()));

        const QVariantList tiles = stats()->tiles();
        QCOMPARE(tileValue(tiles, QStringLiteral("received")), QStringLiteral("4"));
        QCOMPARE(tileValue(tiles, QStringLiteral("onTime")), QLocale().toString(100.0, 'f', 1) + QLatin1Char('%'));
        QCOMPARE(tileValue(tiles, QStringLiteral("averageDays")), QLocale().toString(0.0, 'f', 1));
        QCOMPARE(tileValue(tiles, QStringLiteral("overdue")), QStringLiteral("1"));
        QCOMPARE(tileValue(tiles, QStringLiteral("badRatings")), QStringLiteral("1"));
        QCOMPARE(countOf(stats()->byChannel(), QStringLiteral("kiosk")), QStringLiteral("2"));
        QCOMPARE(countOf(stats()->byChannel(), QStringLiteral("helper")), QStringLiteral("1"));
        QCOMPARE(countOf(stats()->byChannel(), QStringLiteral("window")), QStringLiteral("1"));
        QCOMPARE(countOf(stats()->byItem(), QStringLiteral("senior-citizen-card")), QStringLiteral("2"));
        QCOMPARE(countOf(stats()->byDepartment(), kHealth), QStringLiteral("2"));
        QCOMPARE(countOf(stats()->ratings(), QStringLiteral("veryDissatisfied")), QStringLiteral("1"));
        QCOMPARE(stats()->overdueCases().size(), 1);
        QCOMPARE(stats()->overdueCases().at(0).toMap().value(QStringLiteral("caseId")).toString(), m_cases[1]);
        // Names from the catalog, not keys, on the bars.
        for (const QVariant &bar : stats()->byItem())
            QVERIFY(bar.toMap().value(QStringLiteral("label")).toString() !=
                    bar.toMap().value(QStringLiteral("key")).toString());

        QTRY_VERIFY(test::shown(item(QStringLiteral("statisticsPage"))));
        QTRY_VERIFY(test::shown(item(QStringLiteral("tile-overdue"))));
        QCOMPARE(item(QStringLiteral("tileValue-received"))->property("text").toString(), QStringLiteral("4"));
        QCOMPARE(item(QStringLiteral("overdueList"))->property("count").toInt(), 1);
        screenshot(QStringLiteral("today"));
    }

    void thisMonth()
    {
        click(item(QStringLiteral("periodMonth")));
        QTRY_COMPARE(stats()->period(), QStringLiteral("month"));
        QTRY_VERIFY_WITH_TIMEOUT(stats()->loaded() && !stats()->loading(), 20000);
        QVERIFY(stats()->rangeLabel().contains(QLatin1String("-01")));
        QCOMPARE(tileValue(stats()->tiles(), QStringLiteral("received")), QStringLiteral("4"));
        screenshot(QStringLiteral("month"));
    }

    void exportCsv()
    {
        click(item(QStringLiteral("exportStatistics")));
        QTRY_VERIFY(!stats()->exportedPath().isEmpty());
        QVERIFY2(!stats()->messageIsError(), qPrintable(stats()->message()));
        QVERIFY(stats()->exportedPath().startsWith(
            QDir::toNativeSeparators(m_deskDir.filePath(QStringLiteral("exports")))));
        QVERIFY(stats()->message().contains(stats()->exportedPath()));
        QFile file(stats()->exportedPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
        const QString text = QString::fromUtf8(bytes.mid(3));
        QVERIFY(text.contains(m_cases[1]));
        QVERIFY(text.contains(stats()->byItem().at(0).toMap().value(QStringLiteral("label")).toString()));
        // Case numbers only: the applicant's name from the sample content is nowhere.
        const QString name = m_device->sampleContent(m_cases[0]).form.value(QStringLiteral("applicantName")).toString();
        if (!name.isEmpty())
            QVERIFY(!text.contains(name));
        QVERIFY(text.count(QStringLiteral("\r\n")) > 10);
        QTRY_VERIFY(test::shown(item(QStringLiteral("statisticsBanner"))));
        screenshot(QStringLiteral("exported"));
    }
};

QTEST_MAIN(TestDeskStatistics)
#include "tst_deskstatistics.moc"
