#pragma once

#include "scan/BarcodeDecoder.h"

#include "common/Result.h"

#include <QByteArray>
#include <QImage>
#include <QString>

#include <optional>

namespace ow::scan {

// The decoder for QImages: image files and document-camera stills, converted to 8-bit gray for
// the UI-free decoder in app/core/scan.
namespace imageCodes {

// The luminance of an image in Format_Grayscale8 (an invalid view for any other format). The
// image must outlive the view.
LumaView lumaOf(const QImage &grayscale8);
// The image in Format_Grayscale8, converted only when it is not already.
QImage toGray(const QImage &image);
QImage toImage(const GrayImage &gray);

std::optional<DecodedCode> decodeFast(const QImage &image);
std::optional<DecodedCode> decodeThorough(const QImage &image);

// Reads an image file with bounded memory: refuses what is not an image, downscales huge ones
// to at most kMaxImageSide a side and kMaxDecodePixels in all.
Result<QImage> loadImage(const QString &path);
Result<QImage> loadImage(const QByteArray &bytes);

// A symbol as an image (receipts, tests); see barcodeDecoder::encode().
Result<QImage> encode(CodeFormat format, const QByteArray &payload, int moduleSize = 4);

} // namespace imageCodes

} // namespace ow::scan
