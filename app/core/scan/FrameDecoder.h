#pragma once

#include "scan/BarcodeDecoder.h"

#include <QObject>
#include <QThread>

#include <atomic>

namespace ow::scan {

// Decodes live frames on a worker thread. submit() never blocks: while the worker is busy, new
// frames are dropped (counted), so the caller – the camera, the UI thread – never waits and the
// decoder always works on a recent frame. After a number of fast misses in a row, one frame gets
// the thorough path, for codes that are small, tilted or badly lit.
class FrameDecoder : public QObject
{
    Q_OBJECT

public:
    explicit FrameDecoder(QObject *parent = nullptr);
    ~FrameDecoder() override;

    // Copies the luminance; returns false when the frame was dropped because the worker is busy
    // (without copying). Safe to call from any thread; results arrive in the thread that owns
    // this object.
    bool submit(const LumaView &frame);

    // Every n-th consecutive miss goes through the thorough path (0: never).
    void setThoroughEvery(int misses) { m_thoroughEvery.store(misses); }

    bool busy() const { return m_busy.load(); }
    quint64 framesDecoded() const { return m_decoded.load(); }
    quint64 framesDropped() const { return m_dropped.load(); }

Q_SIGNALS:
    void codeFound(const ow::scan::DecodedCode &code);
    void nothingFound();

private:
    class Worker;
    bool claim();
    void finished(const std::optional<DecodedCode> &code);

    QThread m_thread;
    Worker *m_worker = nullptr;
    std::atomic<bool> m_busy{false};
    std::atomic<quint64> m_decoded{0};
    std::atomic<quint64> m_dropped{0};
    std::atomic<int> m_thoroughEvery{8};
};

} // namespace ow::scan

Q_DECLARE_METATYPE(ow::scan::DecodedCode)
