// The hall's 评价器 (RaterScreen, RaterWindow.qml) in a real window offscreen, on a real desk
// store enrolled locally: the clerk starts a rating for a sealed case; the citizen taps a level and
// the four aspects; the rating is stored with channel "window" and queued for the county hub with
// its dimensions and nothing personal; the screen thanks the citizen and clears itself; a rated
// case is not rated again; a rating left unfinished is dropped. Screenshots under
// tests/desk/screenshots/rater-*.png.
#include "DeskTestSupport.h"
#include "LocalEnrollment.h"
#include "TestSupport.h"

#include "DeskOptions.h"
#include "DeskProgram.h"
#include "DeskSession.h"
#include "RaterScreen.h"

#include "common/Clock.h"
#include "protocol/JsonFields.h"
#include "protocol/RatingMessages.h"
#include "store/Ratings.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/CaseSealer.h"
#include "sync/OutboxPump.h"

#include <QGuiApplication>
#include <QJsonDocument>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QStyleHints>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace ow;

namespace {

const Actor kClerk{QStringLiteral("clerk.wang"), QStringLiteral("windowClerk")};

} // namespace

class TestDeskRater : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<DeskProgram> m_desk;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QQuickWindow *m_window = nullptr;
    QTranslator m_translator;

    RaterScreen *rater() { return m_desk->session().rater(); }
    QQuickItem *item(const QString &name) { return test::findItem(m_window->contentItem(), name); }

    void tap(const QString &name)
    {
        QQuickItem *target = item(name);
        QVERIFY2(target, qPrintable(name));
        QVERIFY2(test::shown(target), qPrintable(name));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(m_window, Qt::LeftButton, {}, centre.toPoint());
        // Taps of a person, not a double click: the next one comes after the double-click time.
        QTest::qWait(QGuiApplication::styleHints()->mouseDoubleClickInterval() + 50);
    }

    void screenshot(const QString &name)
    {
        QTest::qWait(50);
        const QImage image = m_window->grabWindow();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(test::deskScreenshotDir() + QStringLiteral("/rater-%1.png").arg(name)));
    }

    // A case accepted at this window and sealed into the outbox, as acceptance leaves it.
    QString sealedCase(int i)
    {
        const QString id = test::idWithCheckDigit(QStringLiteral("34112519800101%1").arg(200 + i));
        const QJsonObject form{{QStringLiteral("applicantName"), QStringLiteral("测试申请人")},
                               {QStringLiteral("applicantId"), id}};
        auto c = m_desk->store().cases().create(
            {QStringLiteral("senior-citizen-card"), 1, id, QJsonDocument(form).toJson(QJsonDocument::Compact)}, kClerk);
        if (!c.ok())
            return {};
        if (!sync::CaseSealer(m_desk->store(), *m_desk->device()).seal(c->number, kClerk).ok())
            return {};
        return c->number;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 9, 28), QTime(2, 0), Qt::UTC));
        DeskOptions options;
        options.dataDir = m_dir.path();
        options.formsDir = test::sourceDir() + QStringLiteral("/forms");
        QString problem;
        m_desk = DeskProgram::open(options, *m_clock, &problem);
        QVERIFY2(m_desk, qPrintable(problem));
        auto device = test::enrollLocally(m_desk->store(), QStringLiteral("D-DESK-R"));
        QVERIFY(device);
        m_desk->setDevice(std::move(device));
        QVERIFY(m_translator.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")));
        QCoreApplication::installTranslator(&m_translator);
        test::startRecordingWarnings();

        m_engine = std::make_unique<QQmlApplicationEngine>();
        m_engine->addImportPath(QStringLiteral("qrc:/"));
        QVERIFY(!rater()->shown());
        m_window = rater()->openWindow(*m_engine);
        QVERIFY(m_window);
        QVERIFY(rater()->shown());
        QCOMPARE(QGuiApplication::screens().size(), 1); // offscreen: a window, not full screen
        QVERIFY(m_window->visibility() != QWindow::FullScreen);
        m_window->resize(1280, 800);
        QVERIFY(QTest::qWaitForWindowExposed(m_window));
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        m_desk.reset();
        QCoreApplication::removeTranslator(&m_translator);
        test::stopRecordingWarnings();
    }

    void citizenRatesAtTheWindow()
    {
        QTRY_VERIFY(test::shown(item(QStringLiteral("raterIdle"))));
        screenshot(QStringLiteral("idle"));
        const QString number = sealedCase(1);
        QVERIFY(!number.isEmpty());
        QVERIFY(rater()->start(number));
        QCOMPARE(rater()->phase(), QStringLiteral("rate"));
        QTRY_VERIFY(test::shown(item(QStringLiteral("raterCase"))));
        QVERIFY(item(QStringLiteral("raterCase"))->property("text").toString().contains(number));
        // Not complete yet: the submit button says so and stores nothing.
        tap(QStringLiteral("raterSubmit"));
        QCOMPARE(rater()->phase(), QStringLiteral("rate"));
        QVERIFY(!rater()->message().isEmpty());
        tap(QStringLiteral("raterLevel_dissatisfied"));
        QCOMPARE(rater()->level(), QStringLiteral("dissatisfied"));
        tap(QStringLiteral("raterScore_overall_2"));
        tap(QStringLiteral("raterScore_efficiency_1"));
        tap(QStringLiteral("raterScore_professionalism_3"));
        QVERIFY(!rater()->complete());
        tap(QStringLiteral("raterScore_attitude_2"));
        QVERIFY(rater()->complete());
        screenshot(QStringLiteral("rate"));
        tap(QStringLiteral("raterSubmit"));
        QCOMPARE(rater()->phase(), QStringLiteral("thanks"));
        QTRY_VERIFY(test::shown(item(QStringLiteral("raterThanks"))));
        screenshot(QStringLiteral("thanks"));

        auto stored = m_desk->store().ratings().forCase(number);
        OW_VERIFY_OK(stored);
        QVERIFY(stored->has_value());
        QCOMPARE((*stored)->level, Rating::Dissatisfied);
        QCOMPARE((*stored)->channel, RatingChannel::Window);
        // Queued for the hub: the exact body, with the dimensions and nothing personal.
        Statement row(m_desk->store().db(), "SELECT payload FROM outbox WHERE kind = ? AND state = 'pending'");
        row.bind(1, QString::fromLatin1(sync::kKindRating));
        QVERIFY(row.next());
        const QByteArray payload = row.blob(0);
        auto body = protocol::RatingSubmit::fromJson(*protocol::parseObject(payload, QStringLiteral("rating")));
        OW_VERIFY_OK(body);
        QCOMPARE(body->caseId, number);
        QCOMPARE(body->channel, RatingChannel::Window);
        QVERIFY(body->dimensions.has_value());
        QCOMPARE(*body->dimensions, (protocol::RatingDimensions{2, 1, 3, 2}));
        QVERIFY(!payload.contains("341125"));
        QVERIFY(!payload.contains("测试申请人"));

        // The thanks go away by themselves: nothing of the visit stays.
        rater()->setTimeouts(200, 60000);
        rater()->clear();
        QVERIFY(rater()->start(sealedCase(2)));
        rater()->chooseLevel(QStringLiteral("verySatisfied"));
        for (const char *aspect : {"overall", "efficiency", "professionalism", "attitude"})
            rater()->setScore(QLatin1String(aspect), 5);
        QVERIFY(rater()->submit());
        QTRY_COMPARE(rater()->phase(), QStringLiteral("idle"));
        QVERIFY(rater()->caseNumber().isEmpty());
        QVERIFY(rater()->level().isEmpty());
        QTRY_VERIFY(test::shown(item(QStringLiteral("raterIdle"))));

        // Rated once: the clerk is told.
        QVERIFY(!rater()->start(number));
        QVERIFY(rater()->clerkMessage().contains(number));
        QCOMPARE(rater()->phase(), QStringLiteral("idle"));
    }

    void unfinishedRatingIsDropped()
    {
        rater()->setTimeouts(200, 300);
        const QString number = sealedCase(3);
        QVERIFY(rater()->start(number));
        rater()->chooseLevel(QStringLiteral("satisfied"));
        QTRY_COMPARE(rater()->phase(), QStringLiteral("idle"));
        QVERIFY(rater()->caseNumber().isEmpty());
        auto stored = m_desk->store().ratings().forCase(number);
        OW_VERIFY_OK(stored);
        QVERIFY(!stored->has_value());
        QCOMPARE(test::warnings(), QStringList());
    }
};

QTEST_MAIN(TestDeskRater)
#include "tst_deskrater.moc"
