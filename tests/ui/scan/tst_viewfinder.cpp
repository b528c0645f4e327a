// The camera view as a person sees it: rendered offscreen, fed a camera frame with a code, the
// feedback in words and colour follows the scanner; no QML warnings. Saves screenshots under
// build/<preset>/tests/ui/scan/screenshots/.
#include "CodeImages.h"
#include "ScanTestSupport.h"
#include "Translations.h"
#include "VideoFrames.h"
#include "ui/scan/CameraScanner.h"

#include "common/Clock.h"

#include <QDir>
#include <QQuickItem>
#include <QQuickView>
#include <QTest>
#include <QTimeZone>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(OneWindow_ScanPlugin)

using namespace ow;
using namespace ow::scan;

namespace {

QStringList g_warnings;
QtMessageHandler g_previous = nullptr;

void recordWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // The multimedia backend's own complaints about this headless machine (no sound server, no
    // GPU) are not ours; everything else, QML warnings first of all, fails the test.
    const bool environment = QByteArray(context.category ? context.category : "").startsWith("qt.multimedia") ||
                             message.contains(QLatin1String("PulseAudio")) ||
                             message.contains(QLatin1String("No RHI backend"));
    if (type != QtDebugMsg && type != QtInfoMsg && !environment)
        g_warnings.append(message);
    if (g_previous)
        g_previous(type, context, message);
}

QString screenshotDir()
{
    const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/ui/scan/screenshots");
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestViewfinder : public QObject
{
    Q_OBJECT

    RegionTable m_regions;
    ManualClock m_clock{QDateTime(QDate(2026, 3, 15), QTime(9, 0), QTimeZone::utc())};

private Q_SLOTS:
    void initTestCase()
    {
        m_regions = test::loadRegions();
        installTranslations(*QCoreApplication::instance(), QStringLiteral("zh_CN"));
        g_previous = qInstallMessageHandler(recordWarnings);
    }

    void cleanupTestCase() { qInstallMessageHandler(g_previous); }

    void feedbackFollowsTheScanner()
    {
        g_warnings.clear();
        CameraScanner scanner;
        scanner.setClassifyContext(&m_regions, nullptr, &m_clock);
        QQuickView view;
        view.setInitialProperties({{QStringLiteral("scanner"), QVariant::fromValue(&scanner)}});
        view.setResizeMode(QQuickView::SizeRootObjectToView);
        view.resize(1080, 1920);
        view.setSource(QUrl(QStringLiteral("qrc:/OneWindow/Scan/Viewfinder.qml")));
        QCOMPARE(view.status(), QQuickView::Ready);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(scanner.videoOutput()); // the view handed its VideoOutput to the scanner
        auto *feedback = view.rootObject()->findChild<QQuickItem *>(QStringLiteral("feedback"));
        QVERIFY(feedback);
        QVERIFY(!feedback->isVisible()); // idle: nothing to say yet

        // A camera frame with a citizen's ID number QR code arrives through the viewfinder's sink.
        const QImage page = test::onPage(test::codeImage(CodeFormat::QrCode, "11010519491231002X", 6), QSize(1280, 720),
                                         QPoint(480, 200));
        scanner.videoSink()->setVideoFrame(test::bgrxFrame(page));
        QTRY_COMPARE_WITH_TIMEOUT(scanner.status(), CameraScanner::Status::Found, 10000);
        QTRY_VERIFY(feedback->isVisible());
        QCOMPARE(feedback->property("color").value<QColor>(), QColor(QStringLiteral("#1b7f3b")));
        QVERIFY(view.grabWindow().save(screenshotDir() + QStringLiteral("/viewfinder-found.png")));

        // A code with a wrong check digit: rejected, in red, with the reason in words.
        m_clock.advanceSecs(10);
        const QImage bad = test::onPage(test::codeImage(CodeFormat::QrCode, "110105194912310021", 6), QSize(1280, 720),
                                        QPoint(480, 200));
        scanner.videoSink()->setVideoFrame(test::bgrxFrame(bad));
        QTRY_COMPARE_WITH_TIMEOUT(scanner.status(), CameraScanner::Status::Rejected, 10000);
        QTRY_COMPARE(feedback->property("color").value<QColor>(), QColor(QStringLiteral("#b00020")));
        QVERIFY(!scanner.statusText().isEmpty());
        QVERIFY(view.grabWindow().save(screenshotDir() + QStringLiteral("/viewfinder-rejected.png")));
        QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestViewfinder)
#include "tst_viewfinder.moc"
