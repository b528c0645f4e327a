// Scanning benchmarks for a 1920×1080 frame with one QR code:
//  1. our fast path against a bare ZXing ReadBarcode call with the same hints (ratio; goal ≥ 0.9),
//  2. sustained frames per second through the frame worker (one and two cameras),
//  3. the thorough path's detection rate and time on the generated test set.
// Prints figures; asserts nothing about time.
#include "CodeImages.h"
#include "scan/BarcodeDecoder.h"
#include "scan/FrameDecoder.h"
#include "ui/scan/ImageCodes.h"

#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QRandomGenerator>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace ow;
using namespace ow::scan;

namespace {

QImage hdFrame()
{
    // A receipt held up to the kiosk camera: a QR of about 300 px on a noisy, uneven scene.
    QRandomGenerator rng(42);
    const QImage code = test::codeImage(CodeFormat::QrCode, test::kSampleReceipt, 5);
    QImage frame = test::onPage(code, QSize(1920, 1080), QPoint(1100, 380), 200);
    return test::withNoise(frame, 6, rng);
}

// Medians of per-call times in microseconds, the two calls interleaved so that whatever else
// the machine does weighs on both alike.
template<typename A, typename B>
std::pair<double, double> medianMicros(int iterations, A &&a, B &&b)
{
    std::vector<double> ta;
    std::vector<double> tb;
    QElapsedTimer timer;
    for (int i = 0; i < iterations; ++i) {
        timer.start();
        a();
        ta.push_back(double(timer.nsecsElapsed()) / 1000.0);
        timer.start();
        b();
        tb.push_back(double(timer.nsecsElapsed()) / 1000.0);
    }
    std::sort(ta.begin(), ta.end());
    std::sort(tb.begin(), tb.end());
    return {ta[ta.size() / 2], tb[tb.size() / 2]};
}

void fastVersusBare(int iterations)
{
    const QImage frame = hdFrame();
    // The hints our fast path uses for its first (QR) attempt, on the same subsampled view.
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(false);
    hints.setTryRotate(false);
    hints.setTryDownscale(false);
    hints.setMaxNumberOfSymbols(1);
    const int scale = 2;

    const QImage gray = frame.convertToFormat(QImage::Format_Grayscale8);
    const LumaView luma{gray.constBits(), gray.width(), gray.height(), int(gray.bytesPerLine())};
    bool oursFound = true;
    bool bareFound = true;
    const auto ours = [&] { oursFound &= barcodeDecoder::decodeFast(luma).has_value(); };
    const auto bare = [&] {
        const ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                                    int(gray.bytesPerLine()));
        bareFound &= ZXing::ReadBarcode(view.subsampled(scale), hints).isValid();
    };
    ours();
    bare(); // warm-up
    const auto [tOurs, tBare] = medianMicros(iterations, ours, bare);
    std::printf("fast path, 1920x1080 luminance frame: ours %.2f ms, bare ZXing %.2f ms, speed ours/bare = %.3f "
                "(goal >= 0.9)%s\n",
                tOurs / 1000, tBare / 1000, tBare / tOurs, oursFound && bareFound ? "" : " [NOT FOUND]");

    // An RGB32 QImage (a still, a screenshot): our conversion against ZXing reading BGRX directly.
    const QImage rgb = frame.convertToFormat(QImage::Format_RGB32);
    const auto oursRgb = [&] { oursFound &= imageCodes::decodeFast(rgb).has_value(); };
    const auto bareRgb = [&] {
        const ZXing::ImageView view(rgb.constBits(), rgb.width(), rgb.height(), ZXing::ImageFormat::BGRX,
                                    int(rgb.bytesPerLine()));
        bareFound &= ZXing::ReadBarcode(view.subsampled(scale), hints).isValid();
    };
    const auto [tOursRgb, tBareRgb] = medianMicros(iterations, oursRgb, bareRgb);
    std::printf("fast path, 1920x1080 RGB32 QImage:    ours %.2f ms, bare ZXing %.2f ms, speed ours/bare = %.3f%s\n",
                tOursRgb / 1000, tBareRgb / 1000, tBareRgb / tOursRgb, oursFound && bareFound ? "" : " [NOT FOUND]");

    // Without a code the fast path makes its three attempts (QR, other formats, centre window).
    QImage empty(1920, 1080, QImage::Format_Grayscale8);
    empty.fill(200);
    const LumaView none{empty.constBits(), 1920, 1080, int(empty.bytesPerLine())};
    const double tMiss = medianMicros(
                             iterations, [&] { (void)barcodeDecoder::decodeFast(none); }, [] {})
                             .first;
    std::printf("fast path, 1920x1080 frame without a code: %.2f ms\n", tMiss / 1000);
}

void sustained(double seconds, int cameras, int fps)
{
    const QImage frame = hdFrame().convertToFormat(QImage::Format_Grayscale8);
    std::vector<std::unique_ptr<FrameDecoder>> decoders;
    for (int i = 0; i < cameras; ++i) {
        decoders.push_back(std::make_unique<FrameDecoder>());
        decoders.back()->setThoroughEvery(0);
    }
    QElapsedTimer t;
    t.start();
    qint64 offered = 0;
    const qint64 periodNs = fps > 0 ? 1000000000LL / fps : 0;
    qint64 next = 0;
    while (t.elapsed() < qint64(seconds * 1000)) {
        if (fps == 0 || t.nsecsElapsed() >= next) {
            for (auto &d : decoders)
                d->submit(LumaView{frame.constBits(), frame.width(), frame.height(), int(frame.bytesPerLine())});
            ++offered;
            next += periodNs;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
        if (fps > 0)
            QThread::usleep(500);
    }
    const double elapsed = double(t.nsecsElapsed()) / 1e9;
    quint64 decoded = 0;
    quint64 dropped = 0;
    for (auto &d : decoders) {
        decoded += d->framesDecoded();
        dropped += d->framesDropped();
    }
    std::printf("sustained, %d camera(s) %s on %d cores: %.1f frames/s decoded (%.1f per camera), %llu of %lld offered "
                "frames dropped\n",
                cameras, fps > 0 ? qPrintable(QStringLiteral("at %1 fps").arg(fps)) : "as fast as possible",
                QThread::idealThreadCount(), double(decoded) / elapsed, double(decoded) / elapsed / cameras,
                static_cast<unsigned long long>(dropped), static_cast<long long>(offered * cameras));
}

void thoroughDetection()
{
    int total = 0;
    int found = 0;
    double totalMs = 0;
    for (const QString &condition : test::conditionNames()) {
        const auto samples = test::generatedSamples(condition);
        int ok = 0;
        QElapsedTimer t;
        t.start();
        for (const auto &s : samples) {
            const auto c = imageCodes::decodeThorough(s.image);
            ok += c && c->payload == s.payload && c->format == s.format;
        }
        const double ms = double(t.nsecsElapsed()) / 1e6;
        totalMs += ms;
        total += int(samples.size());
        found += ok;
        std::printf("thorough path, %-14s %2d/%2d = %5.1f%%, %.0f ms per image\n",
                    qPrintable(condition + QLatin1Char(':')), ok, int(samples.size()), 100.0 * ok / samples.size(),
                    ms / samples.size());
    }
    std::printf("thorough path, generated set: %d/%d = %.1f%% detected, %.0f ms per image\n", found, total,
                100.0 * found / total, totalMs / total);
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption iterations(QStringLiteral("iterations"), QStringLiteral("calls per timing"), QStringLiteral("n"),
                                  QStringLiteral("200"));
    QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("length of each sustained run"),
                               QStringLiteral("s"), QStringLiteral("5"));
    parser.addOption(iterations);
    parser.addOption(seconds);
    parser.process(app);
    const int n = qMax(1, parser.value(iterations).toInt());
    const double s = qMax(0.2, parser.value(seconds).toDouble());

    fastVersusBare(n);
    sustained(s, 1, 30);
    sustained(s, 1, 0);
    sustained(s, 2, 0);
    thoroughDetection();
    return 0;
}
