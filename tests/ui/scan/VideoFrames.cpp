#include "VideoFrames.h"

#include <QVideoFrameFormat>

#include <cstring>

namespace ow::test {

QVideoFrame nv12Frame(const QImage &image)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    QVideoFrame frame(QVideoFrameFormat(gray.size(), QVideoFrameFormat::Format_NV12));
    if (!frame.map(QVideoFrame::WriteOnly))
        qFatal("cannot map a video frame");
    for (int y = 0; y < gray.height(); ++y)
        std::memcpy(frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0), gray.constScanLine(y), size_t(gray.width()));
    std::memset(frame.bits(1), 128, size_t(frame.mappedBytes(1)));
    frame.unmap();
    return frame;
}

QVideoFrame bgrxFrame(const QImage &image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32); // B, G, R, X in memory
    QVideoFrame frame(QVideoFrameFormat(rgb.size(), QVideoFrameFormat::Format_BGRX8888));
    if (!frame.map(QVideoFrame::WriteOnly))
        qFatal("cannot map a video frame");
    for (int y = 0; y < rgb.height(); ++y)
        std::memcpy(frame.bits(0) + qsizetype(y) * frame.bytesPerLine(0), rgb.constScanLine(y),
                    size_t(rgb.width() * 4));
    frame.unmap();
    return frame;
}

} // namespace ow::test
