#include "scan/FrameDecoder.h"

#include <QMetaObject>

namespace ow::scan {

class FrameDecoder::Worker : public QObject
{
public:
    explicit Worker(FrameDecoder *owner)
        : m_owner(owner)
    {}

    // Runs on the worker thread.
    void decode(const GrayImage &image)
    {
        std::optional<DecodedCode> code = barcodeDecoder::decodeFast(image.view());
        if (code) {
            m_misses = 0;
        } else if (const int every = m_owner->m_thoroughEvery.load(); every > 0 && ++m_misses >= every) {
            m_misses = 0;
            code = barcodeDecoder::decodeThorough(image);
        }
        // The owner clears "busy" in its own thread, so that a caller on that thread sees a
        // consistent state until it returns to its event loop.
        QMetaObject::invokeMethod(
            m_owner, [owner = m_owner, code] { owner->finished(code); }, Qt::QueuedConnection);
    }

private:
    FrameDecoder *m_owner;
    int m_misses = 0;
};

FrameDecoder::FrameDecoder(QObject *parent)
    : QObject(parent)
    , m_worker(new Worker(this))
{
    qRegisterMetaType<ow::scan::DecodedCode>();
    m_thread.setObjectName(QStringLiteral("ow-frame-decoder"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start(QThread::LowPriority);
}

FrameDecoder::~FrameDecoder()
{
    m_thread.quit();
    m_thread.wait();
}

bool FrameDecoder::claim()
{
    bool expected = false;
    if (!m_busy.compare_exchange_strong(expected, true)) {
        m_dropped.fetch_add(1);
        return false;
    }
    return true;
}

bool FrameDecoder::submit(const LumaView &frame)
{
    if (!frame.isValid() || !claim())
        return false;
    // A copy: the caller's buffer (a mapped video frame) is released as soon as this returns.
    QMetaObject::invokeMethod(
        m_worker, [w = m_worker, gray = GrayImage::copyOf(frame)] { w->decode(gray); }, Qt::QueuedConnection);
    return true;
}

void FrameDecoder::finished(const std::optional<DecodedCode> &code)
{
    m_decoded.fetch_add(1);
    m_busy.store(false);
    if (code)
        Q_EMIT codeFound(*code);
    else
        Q_EMIT nothingFound();
}

} // namespace ow::scan
