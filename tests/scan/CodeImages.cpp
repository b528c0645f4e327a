#include "CodeImages.h"

#include <QPainter>
#include <QTransform>

#include <cmath>

namespace ow::test {

QImage codeImage(scan::CodeFormat format, const QByteArray &payload, int moduleSize)
{
    auto img = scan::imageCodes::encode(format, payload, moduleSize);
    if (!img)
        qFatal("encode %s: %s", qPrintable(scan::formatName(format)), qPrintable(img.error().logDetail));
    return img.value();
}

QImage onPage(const QImage &code, QSize page, QPoint at, int paper)
{
    QImage out(page, QImage::Format_Grayscale8);
    out.fill(QColor(paper, paper, paper));
    QPainter p(&out);
    p.drawImage(at, code);
    return out;
}

namespace {

QImage transformedOnPaper(const QImage &gray, const QTransform &t, int paper)
{
    const QImage argb = gray.convertToFormat(QImage::Format_ARGB32).transformed(t, Qt::SmoothTransformation);
    QImage out(argb.size() + QSize(40, 40), QImage::Format_Grayscale8);
    out.fill(QColor(paper, paper, paper));
    QPainter p(&out);
    p.drawImage(QPoint(20, 20), argb);
    return out;
}

} // namespace

QImage rotated(const QImage &gray, qreal degrees, int paper)
{
    QTransform t;
    t.rotate(degrees);
    return transformedOnPaper(gray, t, paper);
}

QImage boxBlurred(const QImage &src, int radius)
{
    const QImage gray = src.convertToFormat(QImage::Format_Grayscale8);
    const int w = gray.width();
    const int h = gray.height();
    QImage tmp(gray.size(), QImage::Format_Grayscale8);
    QImage out(gray.size(), QImage::Format_Grayscale8);
    for (int y = 0; y < h; ++y) {
        const uchar *s = gray.constScanLine(y);
        uchar *d = tmp.scanLine(y);
        for (int x = 0; x < w; ++x) {
            int sum = 0;
            int n = 0;
            for (int k = qMax(0, x - radius); k <= qMin(w - 1, x + radius); ++k, ++n)
                sum += s[k];
            d[x] = uchar(sum / n);
        }
    }
    for (int y = 0; y < h; ++y) {
        uchar *d = out.scanLine(y);
        for (int x = 0; x < w; ++x) {
            int sum = 0;
            int n = 0;
            for (int k = qMax(0, y - radius); k <= qMin(h - 1, y + radius); ++k, ++n)
                sum += tmp.constScanLine(k)[x];
            d[x] = uchar(sum / n);
        }
    }
    return out;
}

QImage withNoise(const QImage &src, double sigma, QRandomGenerator &rng)
{
    QImage out = src.convertToFormat(QImage::Format_Grayscale8);
    for (int y = 0; y < out.height(); ++y) {
        uchar *d = out.scanLine(y);
        for (int x = 0; x < out.width(); ++x) {
            // Box-Muller: Gaussian sensor noise.
            const double u1 = qMax(1e-12, rng.generateDouble());
            const double u2 = rng.generateDouble();
            const double n = std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * M_PI * u2) * sigma;
            d[x] = uchar(qBound(0, int(d[x] + n), 255));
        }
    }
    return out;
}

QImage withContrast(const QImage &src, int black, int white)
{
    QImage out = src.convertToFormat(QImage::Format_Grayscale8);
    for (int y = 0; y < out.height(); ++y) {
        uchar *d = out.scanLine(y);
        for (int x = 0; x < out.width(); ++x)
            d[x] = uchar(black + (white - black) * d[x] / 255);
    }
    return out;
}

QImage inverted(const QImage &src)
{
    QImage out = src.convertToFormat(QImage::Format_Grayscale8);
    out.invertPixels();
    return out;
}

QImage perspective(const QImage &gray, double skew, int paper)
{
    const qreal w = gray.width();
    const qreal h = gray.height();
    QPolygonF from({QPointF(0, 0), QPointF(w, 0), QPointF(w, h), QPointF(0, h)});
    QPolygonF to({QPointF(w * skew, h * skew * 0.3), QPointF(w * (1 - skew), 0), QPointF(w, h), QPointF(0, h)});
    QTransform t;
    if (!QTransform::quadToQuad(from, to, t))
        qFatal("perspective: no transform");
    return transformedOnPaper(gray, t, paper);
}

namespace {

using scan::CodeFormat;

const QByteArray kReceiptText =
    "OWR1|K3301220001|K3301220001-20260314-0042|20260314T100509Z|"
    "MEUCIQDx3vJ0kF9w2cF5m6i3yW0v4u8kQZr1YbqgVqk8l7nq8wIgXw1y2Jc0P3Q9b3t5S2v8r5o4m9n0p1q2r3s4t5u6v7w";
const QByteArray kPickup = "OWP1|K3301220001|DRAFT-7F3A9C|20260315T103000Z|Xw1y2Jc0P3Q9b3t5S2v8r5o4m9n0p1q2r3s4t5u6v7w";

QByteArray payloadFor(CodeFormat f)
{
    switch (f) {
    case CodeFormat::QrCode:
        return kReceiptText;
    case CodeFormat::DataMatrix:
        return "91350100M000100Y43";
    case CodeFormat::Pdf417:
        return "https://zwfw.example.gov.cn/item?id=42";
    case CodeFormat::Aztec:
        return kPickup;
    case CodeFormat::Code128:
        break;
    }
    return "11010519491231002X";
}

int moduleFor(CodeFormat f)
{
    return f == CodeFormat::Code128 ? 3 : f == CodeFormat::Pdf417 ? 3 : 4;
}

const QList<CodeFormat> kFormats = {CodeFormat::QrCode, CodeFormat::DataMatrix, CodeFormat::Pdf417, CodeFormat::Aztec,
                                    CodeFormat::Code128};

QImage page(const QImage &code, QRandomGenerator &rng)
{
    const QSize size(qMax(800, code.width() + 80), qMax(600, code.height() + 80));
    const QPoint at(rng.bounded(qMax(1, size.width() - code.width())),
                    rng.bounded(qMax(1, size.height() - code.height())));
    return onPage(code, size, at);
}

// Every condition: several formats and strengths, deterministic (seeded) placement and noise.
} // namespace

QList<Sample> generatedSamples(const QString &condition)
{
    QRandomGenerator rng(20260315);
    QList<Sample> out;
    const auto add = [&](CodeFormat f, const QByteArray &payload, const QImage &img) { out.append({f, payload, img}); };
    for (CodeFormat f : kFormats) {
        const QByteArray payload = payloadFor(f);
        const QImage code = codeImage(f, payload, moduleFor(f));
        if (condition == QLatin1String("clean")) {
            add(f, payload, page(code, rng));
            add(f, payload, page(codeImage(f, payload, 2), rng));
        } else if (condition == QLatin1String("rotation")) {
            for (qreal deg : {8.0, 30.0, 45.0, 90.0, 160.0, 270.0})
                add(f, payload, page(rotated(code, deg), rng));
        } else if (condition == QLatin1String("blur")) {
            for (int r : {1, 2, 3})
                add(f, payload, boxBlurred(page(code, rng), r));
        } else if (condition == QLatin1String("noise")) {
            for (double sigma : {15.0, 30.0, 45.0})
                add(f, payload, withNoise(page(code, rng), sigma, rng));
        } else if (condition == QLatin1String("low contrast")) {
            for (auto [b, w] : {std::pair{90, 160}, std::pair{110, 150}, std::pair{120, 140}})
                add(f, payload, withContrast(page(code, rng), b, w));
        } else if (condition == QLatin1String("inversion")) {
            add(f, payload, inverted(page(code, rng)));
            add(f, payload, inverted(withNoise(page(code, rng), 15, rng)));
        } else if (condition == QLatin1String("perspective")) {
            for (double skew : {0.08, 0.16, 0.25})
                add(f, payload, page(perspective(code, skew), rng));
        } else if (condition == QLatin1String("chinese utf-8")) {
            if (f == CodeFormat::Code128)
                continue; // Code 128 has no Chinese characters
            for (const QString &text : {QStringLiteral("浙江省杭州市示范县民政局 婚姻登记证明 编号0012"),
                                        QStringLiteral("张三丰，身份证号码已核验；地址：示范县城关镇人民路1号")}) {
                const QByteArray utf8 = text.toUtf8();
                add(f, utf8, page(codeImage(f, utf8, moduleFor(f)), rng));
            }
        } else if (condition == QLatin1String("combined")) {
            // A phone screen under the kiosk light: tilted, soft, noisy and dim.
            add(f, payload, withContrast(withNoise(boxBlurred(page(rotated(code, 12), rng), 1), 12, rng), 60, 200));
        }
    }
    return out;
}

const QByteArray kSampleReceipt = kReceiptText;

QStringList conditionNames()
{
    return {QStringLiteral("clean"),       QStringLiteral("rotation"),      QStringLiteral("blur"),
            QStringLiteral("noise"),       QStringLiteral("low contrast"),  QStringLiteral("inversion"),
            QStringLiteral("perspective"), QStringLiteral("chinese utf-8"), QStringLiteral("combined")};
}

} // namespace ow::test
