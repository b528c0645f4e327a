#pragma once

// Camera frames made from images, as a camera's video sink delivers them.

#include <QImage>
#include <QVideoFrame>

namespace ow::test {

// Planar: the luminance plane first, chroma neutral.
QVideoFrame nv12Frame(const QImage &image);
// Packed: B, G, R, X in memory, as some webcams deliver.
QVideoFrame bgrxFrame(const QImage &image);

} // namespace ow::test
