#include "scan/GrayImage.h"

#include <QtMath>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ow::scan {

GrayImage::GrayImage(int width, int height, uchar fill)
{
    if (width <= 0 || height <= 0)
        return;
    m_width = width;
    m_height = height;
    m_pixels.assign(size_t(width) * size_t(height), fill);
}

GrayImage GrayImage::copyOf(const LumaView &view)
{
    if (!view.isValid())
        return {};
    GrayImage out(view.width, view.height);
    for (int y = 0; y < view.height; ++y)
        std::memcpy(out.row(y), view.row(y), size_t(view.width));
    return out;
}

LumaView GrayImage::view() const
{
    if (isNull())
        return {};
    return {m_pixels.data(), m_width, m_height, m_width};
}

QPoint PointMap::map(QPoint p) const
{
    const double x = p.x();
    const double y = p.y();
    return {qRound(m11 * x + m21 * y + dx), qRound(m12 * x + m22 * y + dy)};
}

PointMap operator*(const PointMap &a, const PointMap &b)
{
    return {a.m11 * b.m11 + a.m12 * b.m21, a.m11 * b.m12 + a.m12 * b.m22,      a.m21 * b.m11 + a.m22 * b.m21,
            a.m21 * b.m12 + a.m22 * b.m22, a.dx * b.m11 + a.dy * b.m21 + b.dx, a.dx * b.m12 + a.dy * b.m22 + b.dy};
}

namespace grayOps {

GrayImage inverted(const LumaView &image)
{
    if (!image.isValid())
        return {};
    GrayImage out(image.width, image.height);
    for (int y = 0; y < image.height; ++y) {
        const uchar *src = image.row(y);
        uchar *dst = out.row(y);
        for (int x = 0; x < image.width; ++x)
            dst[x] = uchar(255 - src[x]);
    }
    return out;
}

GrayImage halved(const LumaView &image)
{
    if (!image.isValid() || image.width < 2 || image.height < 2)
        return {};
    GrayImage out(image.width / 2, image.height / 2);
    for (int y = 0; y < out.height(); ++y) {
        const uchar *a = image.row(2 * y);
        const uchar *b = image.row(2 * y + 1);
        uchar *dst = out.row(y);
        for (int x = 0; x < out.width(); ++x)
            dst[x] = uchar((a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) / 4);
    }
    return out;
}

GrayImage doubled(const LumaView &image)
{
    if (!image.isValid())
        return {};
    // Output pixel i samples the input at i/2 - 1/4 (pixel centres): weights 1:3 and 3:1 of the
    // two nearest input pixels, clamped at the edges.
    const int w = image.width * 2;
    const int h = image.height * 2;
    const auto neighbours = [](int i, int size, int *lo, int *hi, int *wLo) {
        const int half = i / 2;
        if (i % 2 == 0) {
            *lo = qMax(0, half - 1);
            *hi = half;
            *wLo = 1;
        } else {
            *lo = half;
            *hi = qMin(size - 1, half + 1);
            *wLo = 3;
        }
    };
    const auto columns = static_cast<size_t>(w);
    std::vector<int> x0(columns), x1(columns), wx(columns);
    for (int x = 0; x < w; ++x)
        neighbours(x, image.width, &x0[size_t(x)], &x1[size_t(x)], &wx[size_t(x)]);
    GrayImage out(w, h);
    for (int y = 0; y < h; ++y) {
        int y0 = 0;
        int y1 = 0;
        int wy = 0;
        neighbours(y, image.height, &y0, &y1, &wy);
        const uchar *top = image.row(y0);
        const uchar *bottom = image.row(y1);
        uchar *dst = out.row(y);
        for (int x = 0; x < w; ++x) {
            const size_t i = size_t(x);
            const int t = top[x0[i]] * wx[i] + top[x1[i]] * (4 - wx[i]);
            const int b = bottom[x0[i]] * wx[i] + bottom[x1[i]] * (4 - wx[i]);
            dst[x] = uchar((t * wy + b * (4 - wy) + 8) / 16);
        }
    }
    return out;
}

namespace {

// How much of each source cell [i, i+1) falls into target cell [t·step, (t+1)·step).
struct Span
{
    int first = 0;
    std::vector<double> weights; // sum to 1
};

std::vector<Span> areaSpans(int source, int target)
{
    const double step = double(source) / target;
    std::vector<Span> spans(static_cast<size_t>(target));
    for (int t = 0; t < target; ++t) {
        const double from = t * step;
        const double to = qMin(double(source), (t + 1) * step);
        Span &s = spans[size_t(t)];
        s.first = int(std::floor(from));
        for (int i = s.first; i < source && i < to; ++i)
            s.weights.push_back((qMin(to, double(i + 1)) - qMax(from, double(i))) / step);
    }
    return spans;
}

} // namespace

GrayImage shrunk(const LumaView &image, int width, int height)
{
    if (!image.isValid() || width <= 0 || height <= 0)
        return {};
    width = qMin(width, image.width);
    height = qMin(height, image.height);
    const std::vector<Span> columns = areaSpans(image.width, width);
    const std::vector<Span> rows = areaSpans(image.height, height);
    GrayImage out(width, height);
    std::vector<double> sum(static_cast<size_t>(width));
    for (int y = 0; y < height; ++y) {
        std::fill(sum.begin(), sum.end(), 0.0);
        const Span &r = rows[size_t(y)];
        for (size_t k = 0; k < r.weights.size(); ++k) {
            const uchar *src = image.row(r.first + int(k));
            for (int x = 0; x < width; ++x) {
                const Span &c = columns[size_t(x)];
                double v = 0;
                for (size_t j = 0; j < c.weights.size(); ++j)
                    v += src[c.first + int(j)] * c.weights[j];
                sum[size_t(x)] += v * r.weights[k];
            }
        }
        uchar *dst = out.row(y);
        for (int x = 0; x < width; ++x)
            dst[x] = uchar(qBound(0, qRound(sum[size_t(x)]), 255));
    }
    return out;
}

GrayImage stretchedContrast(const LumaView &image)
{
    if (!image.isValid())
        return {};
    int lo = 255;
    int hi = 0;
    for (int y = 0; y < image.height; y += 4) {
        const uchar *row = image.row(y);
        for (int x = 0; x < image.width; x += 4) {
            lo = qMin(lo, int(row[x]));
            hi = qMax(hi, int(row[x]));
        }
    }
    if (hi - lo < 8 || (lo == 0 && hi == 255))
        return {};
    GrayImage out(image.width, image.height);
    for (int y = 0; y < image.height; ++y) {
        const uchar *src = image.row(y);
        uchar *dst = out.row(y);
        for (int x = 0; x < image.width; ++x)
            dst[x] = uchar(qBound(0, (int(src[x]) - lo) * 255 / (hi - lo), 255));
    }
    return out;
}

GrayImage rotatedOnWhite(const LumaView &image, double degrees, PointMap *back)
{
    if (!image.isValid())
        return {};
    const double rad = qDegreesToRadians(degrees);
    const double c = std::cos(rad);
    const double s = std::sin(rad);
    // Forward (y down, clockwise): x' = c·x − s·y, y' = s·x + c·y. The result is the rotated
    // image's bounding box, aligned to whole pixels.
    const double w = image.width;
    const double h = image.height;
    const double xs[4] = {0, c * w, -s * h, c * w - s * h};
    const double ys[4] = {0, s * w, c * h, s * w + c * h};
    const int left = int(std::floor(*std::min_element(xs, xs + 4)));
    const int top = int(std::floor(*std::min_element(ys, ys + 4)));
    const int right = int(std::ceil(*std::max_element(xs, xs + 4)));
    const int bottom = int(std::ceil(*std::max_element(ys, ys + 4)));
    GrayImage out(right - left, bottom - top);
    if (out.isNull())
        return {};
    // Inverse: x = c·x' + s·y', y = −s·x' + c·y', with x' = X + left.
    *back = PointMap{c, -s, s, c, c * left + s * top, -s * left + c * top};
    // Outside the image is transparent, so on white paper it counts as white.
    const auto at = [&](int x, int y) -> int {
        if (x < 0 || y < 0 || x >= image.width || y >= image.height)
            return 255;
        return image.row(y)[x];
    };
    for (int y = 0; y < out.height(); ++y) {
        uchar *dst = out.row(y);
        const double py = y + 0.5;
        for (int x = 0; x < out.width(); ++x) {
            const double px = x + 0.5;
            // The source point, in pixel-centre coordinates.
            const double u = back->m11 * px + back->m21 * py + back->dx - 0.5;
            const double v = back->m12 * px + back->m22 * py + back->dy - 0.5;
            const double fu = std::floor(u);
            const double fv = std::floor(v);
            const int x0 = int(fu);
            const int y0 = int(fv);
            if (x0 < -1 || y0 < -1 || x0 >= image.width || y0 >= image.height) {
                dst[x] = 255;
                continue;
            }
            const double ax = u - fu;
            const double ay = v - fv;
            const double topRow = at(x0, y0) * (1 - ax) + at(x0 + 1, y0) * ax;
            const double bottomRow = at(x0, y0 + 1) * (1 - ax) + at(x0 + 1, y0 + 1) * ax;
            dst[x] = uchar(qBound(0, qRound(topRow * (1 - ay) + bottomRow * ay), 255));
        }
    }
    return out;
}

} // namespace grayOps

} // namespace ow::scan
