// The camera controller without a camera: frames pushed into its video sink as a camera would
// deliver them (NV12 and RGB), still images, a camera that does not exist, and the feedback.
#include "CodeImages.h"
#include "ScanTestSupport.h"
#include "VideoFrames.h"
#include "ui/scan/CameraScanner.h"

#include "common/Clock.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace ow;
using namespace ow::scan;

namespace {

QImage frameImage(CodeFormat f, const QByteArray &payload)
{
    return test::onPage(test::codeImage(f, payload, 6), QSize(1280, 720), QPoint(480, 200));
}

} // namespace

class TestCamera : public QObject
{
    Q_OBJECT

    RegionTable m_regions;
    ManualClock m_clock{QDateTime(QDate(2026, 3, 15), QTime(9, 0), QTimeZone::utc())};

private Q_SLOTS:
    void initTestCase() { m_regions = test::loadRegions(); }

    void framesFromTheSink()
    {
        CameraScanner scanner;
        scanner.setClassifyContext(&m_regions, nullptr, &m_clock);
        QSignalSpy scanned(&scanner, &CameraScanner::codeScanned);
        QVERIFY(scanned.isValid());
        const QVideoFrame frame = test::nv12Frame(frameImage(CodeFormat::QrCode, "11010519491231002X"));
        scanner.videoSink()->setVideoFrame(frame);
        QTRY_COMPARE_WITH_TIMEOUT(scanned.count(), 1, 10000);
        QCOMPARE(scanned.at(0).at(0).toString(), QStringLiteral("resident-id"));
        QCOMPARE(scanned.at(0).at(1).toString(), QStringLiteral("110***********002X"));
        QVERIFY(scanned.at(0).at(2).toBool());
        QCOMPARE(scanner.status(), CameraScanner::Status::Found);

        // The citizen keeps holding the code up: reported once, until the suppression passes.
        scanner.videoSink()->setVideoFrame(test::nv12Frame(frameImage(CodeFormat::QrCode, "11010519491231002X")));
        QTest::qWait(500); // time for the worker; nothing may arrive
        QCOMPARE(scanned.count(), 1);
        m_clock.advanceSecs(5);
        scanner.videoSink()->setVideoFrame(test::nv12Frame(frameImage(CodeFormat::QrCode, "11010519491231002X")));
        QTRY_COMPARE_WITH_TIMEOUT(scanned.count(), 2, 10000);

        // A packed RGB frame goes through conversion; a wrong check digit is rejected, with why.
        scanner.videoSink()->setVideoFrame(test::bgrxFrame(frameImage(CodeFormat::QrCode, "110105194912310021")));
        QTRY_COMPARE_WITH_TIMEOUT(scanned.count(), 3, 10000);
        QCOMPARE(scanned.at(2).at(0).toString(), QStringLiteral("resident-id"));
        QVERIFY(!scanned.at(2).at(2).toBool());
        QCOMPARE(scanner.status(), CameraScanner::Status::Rejected);
        QVERIFY(!scanner.statusText().isEmpty());
    }

    void stillImages()
    {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("uscc.png"));
        QVERIFY(frameImage(CodeFormat::Aztec, "91350100M000100Y43").save(good));
        const QString bad = dir.filePath(QStringLiteral("bad.png"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not an image");
        f.close();
        const QString other = dir.filePath(QStringLiteral("other.png"));
        QVERIFY(frameImage(CodeFormat::QrCode, "weixin://dl/business/?t=abc").save(other));

        CameraScanner scanner;
        scanner.setClassifyContext(&m_regions, nullptr, &m_clock);
        QSignalSpy scanned(&scanner, &CameraScanner::codeScanned);
        QVERIFY(scanned.isValid());
        scanner.importImage(QUrl::fromLocalFile(good));
        QTRY_COMPARE_WITH_TIMEOUT(scanned.count(), 1, 20000);
        QCOMPARE(scanned.at(0).at(0).toString(), QStringLiteral("credit-code"));
        QVERIFY(scanned.at(0).at(2).toBool());
        scanner.importImage(QUrl::fromLocalFile(bad));
        QTRY_COMPARE_WITH_TIMEOUT(scanned.count(), 2, 20000);
        QVERIFY(!scanned.at(1).at(2).toBool());
        QVERIFY(!scanned.at(1).at(3).toString().isEmpty());
        scanner.importImage(QUrl::fromLocalFile(other));
        QTRY_COMPARE_WITH_TIMEOUT(scanned.count(), 3, 20000);
        QCOMPARE(scanned.at(2).at(0).toString(), QStringLiteral("unknown"));
        QCOMPARE(scanner.status(), CameraScanner::Status::NotRecognised);
    }

    void missingCamera()
    {
        CameraScanner scanner;
        QSignalSpy status(&scanner, &CameraScanner::statusChanged);
        QVERIFY(status.isValid());
        scanner.setCameraName(QStringLiteral("高拍仪 that is not plugged in"));
        scanner.setActive(true);
        QCOMPARE(scanner.status(), CameraScanner::Status::NoCamera);
        QVERIFY(!scanner.statusText().isEmpty());
        QVERIFY(!scanner.availableCameras().contains(scanner.cameraName()));
        scanner.setActive(false);
        QCOMPARE(scanner.status(), CameraScanner::Status::Idle);
    }
};

QTEST_MAIN(TestCamera)
#include "tst_camera.moc"
