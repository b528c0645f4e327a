#pragma once

#include "scan/GrayImage.h"

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QPoint>
#include <QString>

#include <optional>

namespace ow::scan {

// The symbologies the service hall reads.
enum class CodeFormat { QrCode, DataMatrix, Pdf417, Aztec, Code128 };
QString formatName(CodeFormat format); // QRCode, DataMatrix, PDF417, Aztec, Code128

struct DecodedCode
{
    CodeFormat format = CodeFormat::QrCode;
    // The code's bytes as UTF-8 when the code said which character set it uses (ECI); otherwise
    // its raw bytes, which classify() then checks for valid UTF-8.
    QByteArray payload;
    QList<QPoint> corners; // in the coordinates of the image given to the decoder
};

// Bounds for images from files and the outside world: larger images are downscaled on load
// (kMaxImageSide), and a still over the pixel budget is decoded at a smaller size.
constexpr int kMaxImageSide = 8192;
constexpr qint64 kMaxDecodePixels = 24LL * 1000 * 1000;

// ZXing-C++ behind a small interface over luminance: nothing of ZXing leaves BarcodeDecoder.cpp.
// Images in other forms (files, QImage, video frames) are the UI layer's to convert.
namespace barcodeDecoder {

// Live frames: QR first (the codes citizens show), then the other formats, no tryHarder, on a
// view subsampled to about 960 pixels wide. Cheap enough for every frame.
std::optional<DecodedCode> decodeFast(const LumaView &frame);

// Packed colour pixels as stills and some cameras deliver them, read by the fast path without
// converting the whole frame first (only the pixels of the subsampled view are ever touched).
enum class PackedLayout {
    Bgrx32, // 4 bytes per pixel in memory order B, G, R, unused (QImage RGB32/ARGB32 on little-endian)
    Rgb24,  // 3 bytes per pixel, R, G, B
};
struct PackedView
{
    const uchar *data = nullptr;
    int width = 0;
    int height = 0;
    int rowStride = 0;
    PackedLayout layout = PackedLayout::Bgrx32;
};
std::optional<DecodedCode> decodeFast(const PackedView &frame);

// Stills and frames the fast path missed: tryHarder, rotations (including 45°), inverted
// images, several scales and binarizers. Stops at the first code found.
std::optional<DecodedCode> decodeThorough(const LumaView &image);
inline std::optional<DecodedCode> decodeThorough(const GrayImage &image)
{
    return decodeThorough(image.view());
}

// Makes a symbol (for receipts, and for tests). moduleSize pixels per module, quiet zone incl.
Result<GrayImage> encode(CodeFormat format, const QByteArray &payload, int moduleSize = 4);

} // namespace barcodeDecoder

} // namespace ow::scan
