#pragma once

#include <QPoint>
#include <QtGlobal>

#include <vector>

namespace ow::scan {

// A view of 8-bit luminance (the Y plane of a camera frame, a grayscale image). Not owned.
struct LumaView
{
    const uchar *data = nullptr;
    int width = 0;
    int height = 0;
    int rowStride = 0;

    bool isValid() const { return data && width > 0 && height > 0 && rowStride >= width; }
    const uchar *row(int y) const { return data + qsizetype(y) * rowStride; }
};

// An owned 8-bit gray image, rows packed without padding: what the decoder derives from a still
// (rotated, scaled, inverted copies) and what the encoder draws.
class GrayImage
{
public:
    GrayImage() = default;
    // Null unless both sides are positive.
    GrayImage(int width, int height, uchar fill = 255);
    static GrayImage copyOf(const LumaView &view);

    bool isNull() const { return m_pixels.empty(); }
    int width() const { return m_width; }
    int height() const { return m_height; }
    uchar *row(int y) { return m_pixels.data() + qsizetype(y) * m_width; }
    const uchar *row(int y) const { return m_pixels.data() + qsizetype(y) * m_width; }
    uchar pixel(int x, int y) const { return row(y)[x]; }
    LumaView view() const;

private:
    int m_width = 0;
    int m_height = 0;
    std::vector<uchar> m_pixels;
};

// Where a point found in a derived image lies in the image it was derived from (the affine
// part of QTransform's row-vector convention: x' = m11·x + m21·y + dx, y' = m12·x + m22·y + dy).
struct PointMap
{
    double m11 = 1;
    double m12 = 0;
    double m21 = 0;
    double m22 = 1;
    double dx = 0;
    double dy = 0;

    static PointMap translation(double x, double y) { return {1, 0, 0, 1, x, y}; }
    static PointMap scaling(double sx, double sy) { return {sx, 0, 0, sy, 0, 0}; }
    QPoint map(QPoint p) const;
};
// First `first`, then `then`.
PointMap operator*(const PointMap &first, const PointMap &then);

// The operations the thorough decoding path applies to a still. Each returns a new image.
namespace grayOps {

GrayImage inverted(const LumaView &image);
// Half the size, each pixel the mean of a 2 × 2 block: averages away noise and blur steps.
GrayImage halved(const LumaView &image);
// Twice the size, bilinear between pixel centres.
GrayImage doubled(const LumaView &image);
// Downscaled to width × height (no larger than the image), each pixel the mean of its area.
GrayImage shrunk(const LumaView &image, int width, int height);
// Black and white pulled apart to 0 and 255; null when the image already spans the range or is flat.
GrayImage stretchedContrast(const LumaView &image);
// Rotated clockwise by `degrees` with bilinear sampling into an image that holds it all, the
// corners laid on white paper. `back` maps points of the result into `image`.
GrayImage rotatedOnWhite(const LumaView &image, double degrees, PointMap *back);

} // namespace grayOps

} // namespace ow::scan
