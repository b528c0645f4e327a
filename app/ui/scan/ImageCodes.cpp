#include "ui/scan/ImageCodes.h"

#include "scan/ScanLogging.h"
#include "scan/ScanText.h"

#include <QBuffer>
#include <QImageReader>

#include <cmath>
#include <cstring>

namespace ow::scan::imageCodes {

namespace {

// What an image decoder may allocate, even when it ignores the scaled size we ask for.
constexpr int kAllocationLimitMb = 256;

Error notAnImage(const QImageReader &reader)
{
    return makeError(ErrorCode::Invalid, ScanText::tr("The file is not an image that can be read, or it is damaged."),
                     QStringLiteral("image load failed: %1").arg(reader.errorString()));
}

// Asks the reader for a smaller image when the declared size is over the bounds. False when the
// declared size is not that of an image.
bool boundSize(QImageReader &reader)
{
    const QSize size = reader.size();
    if (size.isValid()) {
        if (size.width() <= 0 || size.height() <= 0)
            return false;
        const qint64 pixels = qint64(size.width()) * size.height();
        if (pixels > kMaxDecodePixels || size.width() > kMaxImageSide || size.height() > kMaxImageSide) {
            double f = std::sqrt(double(kMaxDecodePixels) / double(pixels));
            f = qMin(f, double(kMaxImageSide) / qMax(size.width(), size.height()));
            reader.setScaledSize(QSize(qMax(1, int(size.width() * f)), qMax(1, int(size.height() * f))));
            qCInfo(lcScan) << "large image downscaled on load from" << size;
        }
    }
    reader.setAllocationLimit(kAllocationLimitMb);
    return true;
}

Result<QImage> read(QImageReader &reader)
{
    if (!reader.canRead() || !boundSize(reader))
        return notAnImage(reader);
    QImage image;
    if (!reader.read(&image) || image.isNull())
        return notAnImage(reader);
    return image;
}

} // namespace

LumaView lumaOf(const QImage &grayscale8)
{
    if (grayscale8.isNull() || grayscale8.format() != QImage::Format_Grayscale8)
        return {};
    return {grayscale8.constBits(), grayscale8.width(), grayscale8.height(), int(grayscale8.bytesPerLine())};
}

QImage toGray(const QImage &image)
{
    if (image.isNull() || image.format() == QImage::Format_Grayscale8)
        return image;
    return image.convertToFormat(QImage::Format_Grayscale8);
}

QImage toImage(const GrayImage &gray)
{
    if (gray.isNull())
        return {};
    QImage out(gray.width(), gray.height(), QImage::Format_Grayscale8);
    for (int y = 0; y < gray.height(); ++y)
        std::memcpy(out.scanLine(y), gray.row(y), size_t(gray.width()));
    return out;
}

std::optional<DecodedCode> decodeFast(const QImage &image)
{
    if (image.isNull())
        return std::nullopt;
    // The decoder reads 32-bit and 24-bit pixels itself, and only those of its subsampled view:
    // cheaper than converting the whole frame to gray first.
    const auto packed = [&](barcodeDecoder::PackedLayout layout) {
        return barcodeDecoder::decodeFast(barcodeDecoder::PackedView{image.constBits(), image.width(), image.height(),
                                                                     int(image.bytesPerLine()), layout});
    };
    switch (image.format()) {
    case QImage::Format_RGB32:
    case QImage::Format_ARGB32:
    case QImage::Format_ARGB32_Premultiplied:
        if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN)
            return packed(barcodeDecoder::PackedLayout::Bgrx32);
        break;
    case QImage::Format_RGB888:
        return packed(barcodeDecoder::PackedLayout::Rgb24);
    default:
        break;
    }
    const QImage gray = toGray(image);
    return barcodeDecoder::decodeFast(lumaOf(gray));
}

std::optional<DecodedCode> decodeThorough(const QImage &image)
{
    const QImage gray = toGray(image);
    return barcodeDecoder::decodeThorough(lumaOf(gray));
}

Result<QImage> loadImage(const QString &path)
{
    QImageReader reader(path);
    reader.setAutoTransform(true);
    reader.setDecideFormatFromContent(true);
    return read(reader);
}

Result<QImage> loadImage(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    if (!buffer.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Invalid,
                         ScanText::tr("The file is not an image that can be read, or it is damaged."),
                         QStringLiteral("image load failed: buffer"));
    // Same rules as for files.
    QImageReader reader(&buffer);
    return read(reader);
}

Result<QImage> encode(CodeFormat format, const QByteArray &payload, int moduleSize)
{
    auto gray = barcodeDecoder::encode(format, payload, moduleSize);
    if (!gray)
        return gray.error();
    return toImage(gray.value());
}

} // namespace ow::scan::imageCodes
