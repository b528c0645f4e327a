#include "scan/BarcodeDecoder.h"

#include "scan/ScanLogging.h"
#include "scan/ScanText.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/ReadBarcode.h>

#include <QRect>
#include <QStringDecoder>

#include <algorithm>
#include <cmath>
#include <exception>

namespace ow::scan {

namespace {

constexpr ZXing::BarcodeFormats kOtherFormats = ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::PDF417 |
                                                ZXing::BarcodeFormat::Aztec | ZXing::BarcodeFormat::Code128;
constexpr ZXing::BarcodeFormats kAllFormats = kOtherFormats | ZXing::BarcodeFormat::QRCode;
// Live frames are decoded at about this width: enough for a code held at arm's length.
constexpr int kFastTargetWidth = 960;

std::optional<CodeFormat> fromZxing(ZXing::BarcodeFormat f)
{
    switch (f) {
    case ZXing::BarcodeFormat::QRCode:
        return CodeFormat::QrCode;
    case ZXing::BarcodeFormat::DataMatrix:
        return CodeFormat::DataMatrix;
    case ZXing::BarcodeFormat::PDF417:
        return CodeFormat::Pdf417;
    case ZXing::BarcodeFormat::Aztec:
        return CodeFormat::Aztec;
    case ZXing::BarcodeFormat::Code128:
        return CodeFormat::Code128;
    default:
        return std::nullopt;
    }
}

ZXing::BarcodeFormat toZxing(CodeFormat f)
{
    switch (f) {
    case CodeFormat::QrCode:
        return ZXing::BarcodeFormat::QRCode;
    case CodeFormat::DataMatrix:
        return ZXing::BarcodeFormat::DataMatrix;
    case CodeFormat::Pdf417:
        return ZXing::BarcodeFormat::PDF417;
    case CodeFormat::Aztec:
        return ZXing::BarcodeFormat::Aztec;
    case CodeFormat::Code128:
        break;
    }
    return ZXing::BarcodeFormat::Code128;
}

// ZXing's result, our way: UTF-8 text when the code declared its character set, raw bytes
// otherwise, so that a code with broken UTF-8 is seen as broken rather than guessed at.
std::optional<DecodedCode> convert(const ZXing::Result &r, int scale, const PointMap &back = {})
{
    if (!r.isValid())
        return std::nullopt;
    const auto format = fromZxing(r.format());
    if (!format)
        return std::nullopt;
    DecodedCode code;
    code.format = *format;
    if (r.hasECI()) {
        const std::string text = r.text();
        code.payload = QByteArray(text.data(), static_cast<qsizetype>(text.size()));
    } else {
        const auto &bytes = r.bytes();
        code.payload = QByteArray(reinterpret_cast<const char *>(bytes.data()), static_cast<qsizetype>(bytes.size()));
    }
    const auto &pos = r.position();
    for (int i = 0; i < 4; ++i)
        code.corners.append(back.map(QPoint(pos[i].x * scale, pos[i].y * scale)));
    return code;
}

std::optional<DecodedCode> read(const ZXing::ImageView &view, const ZXing::DecodeHints &hints, int scale,
                                const PointMap &back = {})
{
    try {
        return convert(ZXing::ReadBarcode(view, hints), scale, back);
    } catch (const std::exception &e) {
        // ZXing reports some internal inconsistencies by throwing; an image is not worth a crash.
        qCWarning(lcScan) << "decoder raised an exception:" << e.what();
    } catch (...) {
        qCWarning(lcScan) << "decoder raised an unknown exception";
    }
    return std::nullopt;
}

ZXing::DecodeHints fastHints(ZXing::BarcodeFormats formats)
{
    ZXing::DecodeHints h;
    h.setFormats(formats);
    h.setTryHarder(false);
    h.setTryRotate(false);
    h.setTryDownscale(false);
    h.setMaxNumberOfSymbols(1);
    return h;
}

ZXing::DecodeHints thoroughHints(ZXing::Binarizer binarizer)
{
    ZXing::DecodeHints h;
    h.setFormats(kAllFormats);
    h.setTryHarder(true);
    h.setTryRotate(true);
    h.setTryDownscale(true);
    h.setBinarizer(binarizer);
    h.setMaxNumberOfSymbols(1);
    return h;
}

ZXing::ImageView viewOf(const LumaView &gray)
{
    return {gray.data, gray.width, gray.height, ZXing::ImageFormat::Lum, gray.rowStride};
}

// ZXing 1.4 looks for DataMatrix and Aztec symbols from the centre of the image outwards, so a
// symbol away from the centre (or small in a large image) is missed. Sweeping windows across the
// image puts every symbol near the centre of one of them; windows are views, not copies.
std::optional<DecodedCode> sweepCentred(const ZXing::ImageView &full, const PointMap &back)
{
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Aztec);
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    hints.setTryDownscale(true);
    hints.setMaxNumberOfSymbols(1);
    for (const int parts : {2, 3, 4}) {
        const int w = full.width() / parts;
        const int h = full.height() / parts;
        if (w < 48 || h < 48)
            break;
        // Windows step by a quarter, so every symbol lies near the middle of one of them.
        for (int y = 0; y + h <= full.height(); y += h / 4) {
            for (int x = 0; x + w <= full.width(); x += w / 4) {
                if (auto c = read(full.cropped(x, y, w, h), hints, 1, PointMap::translation(x, y) * back))
                    return c;
            }
        }
    }
    return std::nullopt;
}

// Where the ink is: cells of the image with many sharp light/dark transitions, grouped into
// regions. A symbol is such a region; centring a window on it is what ZXing 1.4 needs to find a
// small DataMatrix or Aztec symbol anywhere in a still.
QList<QRect> inkRegions(const LumaView &gray)
{
    constexpr int kCell = 8;
    const int cw = gray.width / kCell;
    const int ch = gray.height / kCell;
    QList<QRect> regions;
    if (cw < 4 || ch < 4)
        return regions;
    // A sharp edge is a third of the image's contrast: dim, washed-out pictures have edges too.
    int lo = 255;
    int hi = 0;
    for (int y = 0; y < gray.height; y += 3) {
        const uchar *row = gray.row(y);
        for (int x = 0; x < gray.width; x += 3) {
            lo = qMin(lo, int(row[x]));
            hi = qMax(hi, int(row[x]));
        }
    }
    const int kEdge = qMax(12, (hi - lo) / 3);
    std::vector<uchar> busy(size_t(cw) * ch, 0);
    for (int cy = 0; cy < ch; ++cy) {
        for (int cx = 0; cx < cw; ++cx) {
            int edges = 0;
            for (int y = cy * kCell; y < (cy + 1) * kCell; y += 2) {
                const uchar *row = gray.row(y);
                const uchar *next = gray.row(qMin(y + 1, gray.height - 1));
                for (int x = cx * kCell; x < (cx + 1) * kCell - 1; ++x)
                    edges += (qAbs(row[x] - row[x + 1]) > kEdge) + (qAbs(row[x] - next[x]) > kEdge);
            }
            busy[size_t(cy) * cw + cx] = edges >= kCell;
        }
    }
    // Connected busy cells (8-neighbourhood, bridging one-cell gaps) form a region.
    std::vector<int> label(busy.size(), 0);
    int next = 0;
    for (int start = 0; start < int(busy.size()); ++start) {
        if (!busy[size_t(start)] || label[size_t(start)])
            continue;
        ++next;
        QRect box;
        int cells = 0;
        std::vector<int> stack{start};
        label[size_t(start)] = next;
        while (!stack.empty()) {
            const int i = stack.back();
            stack.pop_back();
            const int x = i % cw;
            const int y = i / cw;
            box |= QRect(x, y, 1, 1);
            ++cells;
            for (int dy = -2; dy <= 2; ++dy) {
                for (int dx = -2; dx <= 2; ++dx) {
                    const int nx = x + dx;
                    const int ny = y + dy;
                    if (nx < 0 || ny < 0 || nx >= cw || ny >= ch)
                        continue;
                    const size_t n = size_t(ny) * cw + nx;
                    if (busy[n] && !label[n]) {
                        label[n] = next;
                        stack.push_back(int(n));
                    }
                }
            }
        }
        if (cells >= 4 && box.width() * box.height() * 2 < cw * ch)
            regions.append(QRect(box.x() * kCell, box.y() * kCell, box.width() * kCell, box.height() * kCell));
    }
    std::sort(regions.begin(), regions.end(),
              [](const QRect &a, const QRect &b) { return a.width() * a.height() > b.width() * b.height(); });
    if (regions.size() > 16)
        regions.resize(16);
    return regions;
}

std::optional<DecodedCode> readInkRegions(const LumaView &gray, const PointMap &back)
{
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Aztec);
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    hints.setTryDownscale(false);
    hints.setMaxNumberOfSymbols(1);
    const ZXing::ImageView full = viewOf(gray);
    for (const QRect &r : inkRegions(gray)) {
        // The region with a margin of half its size, so it sits in the middle of the window.
        const int side = qMax(qMax(r.width(), r.height()) * 2, 64);
        const QRect window = QRect(r.center().x() - side / 2, r.center().y() - side / 2, side, side)
                                 .intersected(QRect(0, 0, gray.width, gray.height));
        if (auto c = read(full.cropped(window.x(), window.y(), window.width(), window.height()), hints, 1,
                          PointMap::translation(window.x(), window.y()) * back))
            return c;
    }
    return std::nullopt;
}

} // namespace

QString formatName(CodeFormat format)
{
    switch (format) {
    case CodeFormat::QrCode:
        return QStringLiteral("QRCode");
    case CodeFormat::DataMatrix:
        return QStringLiteral("DataMatrix");
    case CodeFormat::Pdf417:
        return QStringLiteral("PDF417");
    case CodeFormat::Aztec:
        return QStringLiteral("Aztec");
    case CodeFormat::Code128:
        break;
    }
    return QStringLiteral("Code128");
}

namespace barcodeDecoder {

namespace {

std::optional<DecodedCode> decodeFastView(const ZXing::ImageView &full)
{
    // Subsampling is a view (every n-th pixel), so it costs nothing.
    const int scale = qMax(1, (full.width() + kFastTargetWidth - 1) / kFastTargetWidth);
    const ZXing::ImageView view = scale > 1 ? full.subsampled(scale) : full;
    static const ZXing::DecodeHints qrHints = fastHints(ZXing::BarcodeFormat::QRCode);
    static const ZXing::DecodeHints otherHints = fastHints(kOtherFormats);
    if (auto code = read(view, qrHints, scale))
        return code;
    if (auto code = read(view, otherHints, scale))
        return code;
    // DataMatrix and Aztec are found from the centre outwards: try the middle of the frame,
    // where the viewfinder's guide frame asks people to hold the code.
    static const ZXing::DecodeHints centreHints =
        fastHints(ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Aztec);
    const int cw = view.width() / 2;
    const int ch = view.height() / 2;
    if (cw < 48 || ch < 48)
        return std::nullopt;
    return read(view.cropped(cw / 2, ch / 2, cw, ch), centreHints, scale,
                PointMap::translation(cw / 2 * scale, ch / 2 * scale));
}

} // namespace

std::optional<DecodedCode> decodeFast(const LumaView &frame)
{
    if (!frame.isValid())
        return std::nullopt;
    return decodeFastView(viewOf(frame));
}

std::optional<DecodedCode> decodeFast(const PackedView &frame)
{
    const int bytesPerPixel = frame.layout == PackedLayout::Bgrx32 ? 4 : 3;
    if (!frame.data || frame.width <= 0 || frame.height <= 0 || frame.rowStride < frame.width * bytesPerPixel)
        return std::nullopt;
    const ZXing::ImageFormat format =
        frame.layout == PackedLayout::Bgrx32 ? ZXing::ImageFormat::BGRX : ZXing::ImageFormat::RGB;
    return decodeFastView(ZXing::ImageView(frame.data, frame.width, frame.height, format, frame.rowStride));
}

std::optional<DecodedCode> decodeThorough(const LumaView &image)
{
    if (!image.isValid())
        return std::nullopt;
    // Bounded work: a still larger than the pixel budget is decoded at a smaller size.
    GrayImage bounded;
    LumaView gray = image;
    const qint64 pixels = qint64(image.width) * image.height;
    if (pixels > kMaxDecodePixels) {
        const double f = std::sqrt(double(kMaxDecodePixels) / double(pixels));
        bounded = grayOps::shrunk(image, qMax(1, int(image.width * f)), qMax(1, int(image.height * f)));
        gray = bounded.view();
    }
    const int scaleBack = 1;
    const double shrink = double(image.width) / gray.width;
    const PointMap toOriginal = PointMap::scaling(shrink, shrink);
    const auto attempt = [&](const LumaView &img, ZXing::Binarizer b, const PointMap &back) {
        return read(viewOf(img), thoroughHints(b), scaleBack, back * toOriginal);
    };
    if (auto c = attempt(gray, ZXing::Binarizer::LocalAverage, {}))
        return c;
    if (auto c = attempt(gray, ZXing::Binarizer::GlobalHistogram, {}))
        return c;
    const GrayImage inverted = grayOps::inverted(gray);
    if (auto c = attempt(inverted.view(), ZXing::Binarizer::LocalAverage, {}))
        return c;
    const GrayImage stretched = grayOps::stretchedContrast(gray);
    if (!stretched.isNull()) {
        if (auto c = attempt(stretched.view(), ZXing::Binarizer::GlobalHistogram, {}))
            return c;
        if (auto c = readInkRegions(stretched.view(), toOriginal))
            return c;
    }
    const int side = qMin(gray.width, gray.height);
    if (side >= 200) {
        // Smoothing away noise and blur steps: an averaged half-size image binarizes cleaner.
        const GrayImage half = grayOps::halved(gray);
        if (auto c = attempt(half.view(), ZXing::Binarizer::LocalAverage, PointMap::scaling(2, 2)))
            return c;
        if (auto c = readInkRegions(half.view(), PointMap::scaling(2, 2) * toOriginal))
            return c;
    }
    if (side <= 1200) {
        const GrayImage twice = grayOps::doubled(gray);
        if (auto c = attempt(twice.view(), ZXing::Binarizer::LocalAverage, PointMap::scaling(0.5, 0.5)))
            return c;
    }
    if (auto c = readInkRegions(gray, toOriginal))
        return c;
    if (auto c = sweepCentred(viewOf(gray), toOriginal))
        return c;
    if (auto c = sweepCentred(viewOf(inverted.view()), toOriginal))
        return c;
    // Linear codes at an angle: the scan lines must cross every bar.
    for (const double degrees : {45.0, -45.0, 22.5, -22.5}) {
        PointMap back;
        const GrayImage r = grayOps::rotatedOnWhite(gray, degrees, &back);
        if (auto c = attempt(r.view(), ZXing::Binarizer::LocalAverage, back))
            return c;
    }
    return std::nullopt;
}

Result<GrayImage> encode(CodeFormat format, const QByteArray &payload, int moduleSize)
{
    moduleSize = qBound(1, moduleSize, 64);
    const auto cannot = [](const QString &detail) {
        return makeError(ErrorCode::Invalid, ScanText::tr("This text cannot be put into a code of that kind."), detail);
    };
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString asText = utf8(payload);
    const bool validUtf8 = !utf8.hasError();
    const bool ascii = std::all_of(payload.begin(), payload.end(), [](char c) { return uchar(c) < 0x80; });
    try {
        ZXing::MultiFormatWriter writer(toZxing(format));
        writer.setMargin(format == CodeFormat::Code128 ? 10 : 4);
        ZXing::BitMatrix bits;
        if (ascii) {
            bits = writer.encode(payload.toStdString(), 0, 0);
        } else if (validUtf8 && format != CodeFormat::DataMatrix) {
            writer.setEncoding(ZXing::CharacterSet::UTF8);
            bits = writer.encode(asText.toStdWString(), 0, 0);
        } else {
            // Raw bytes: each byte becomes one ISO 8859-1 character, written without an ECI. ZXing 1.4 cannot write
            // UTF-8 into DataMatrix with an ECI, so Chinese text goes in as its UTF-8 bytes, as most DataMatrix
            // printers do; the reader checks the bytes as UTF-8.
            std::wstring w;
            for (char c : payload)
                w.push_back(wchar_t(uchar(c)));
            bits = writer.encode(w, 0, 0);
        }
        const bool linear = format == CodeFormat::Code128;
        const int rows = linear ? 40 : bits.height();
        // Linear codes get a quiet zone above and below as printed labels have.
        const int margin = linear ? 10 * moduleSize : 0;
        GrayImage img(bits.width() * moduleSize, rows * moduleSize + 2 * margin, 255);
        if (img.isNull())
            return cannot(QStringLiteral("encoder: empty symbol"));
        for (int y = 0; y < rows * moduleSize; ++y) {
            uchar *line = img.row(y + margin);
            const int by = linear ? 0 : y / moduleSize;
            for (int x = 0; x < img.width(); ++x)
                line[x] = bits.get(x / moduleSize, by) ? 0 : 255;
        }
        return img;
    } catch (const std::exception &e) {
        return cannot(QStringLiteral("encoder: %1").arg(QString::fromUtf8(e.what())));
    }
}

} // namespace barcodeDecoder

} // namespace ow::scan
