#include "ui/scan/CameraScanner.h"
#include "ui/scan/ImageCodes.h"

#include "scan/ScanLogging.h"
#include "scan/ScanText.h"

#include <QCameraDevice>
#include <QMediaDevices>
#include <QThreadPool>

namespace ow::scan {

namespace {

// Pixel formats whose first plane is the luminance the decoder wants: no conversion at all.
bool lumaFirst(QVideoFrameFormat::PixelFormat f)
{
    switch (f) {
    case QVideoFrameFormat::Format_NV12:
    case QVideoFrameFormat::Format_NV21:
    case QVideoFrameFormat::Format_YUV420P:
    case QVideoFrameFormat::Format_YUV422P:
    case QVideoFrameFormat::Format_YV12:
    case QVideoFrameFormat::Format_Y8:
    case QVideoFrameFormat::Format_IMC1:
    case QVideoFrameFormat::Format_IMC2:
    case QVideoFrameFormat::Format_IMC3:
    case QVideoFrameFormat::Format_IMC4:
    case QVideoFrameFormat::Format_P010:
    case QVideoFrameFormat::Format_P016:
        return f != QVideoFrameFormat::Format_P010 && f != QVideoFrameFormat::Format_P016;
    default:
        return false;
    }
}

} // namespace

CameraScanner::CameraScanner(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ow::scan::Classification>();
    m_decoder.setThoroughEvery(8);
    connect(&m_decoder, &FrameDecoder::codeFound, this, &CameraScanner::onCode);
    m_searchTimer.setSingleShot(true);
    connect(&m_searchTimer, &QTimer::timeout, this, [this] {
        if (m_status == Status::Searching)
            setStatus(Status::MoveCloser);
    });
    auto *devices = new QMediaDevices(this);
    connect(devices, &QMediaDevices::videoInputsChanged, this, [this] {
        Q_EMIT availableCamerasChanged();
        if (m_active && (!m_camera || !m_camera->isActive()))
            rebuildCamera();
    });
    m_session.setVideoSink(&m_ownSink);
    connectSink();
}

CameraScanner::~CameraScanner()
{
    if (m_connectedSink)
        m_connectedSink->disconnect(this);
}

void CameraScanner::setClassifyContext(const RegionTable *regions, const TrustStore *trust, const Clock *clock)
{
    m_regions = regions;
    m_trust = trust;
    m_clock = clock ? clock : &SystemClock::instance();
}

QVideoSink *CameraScanner::videoSink() const
{
    return m_session.videoSink() ? m_session.videoSink() : const_cast<QVideoSink *>(&m_ownSink);
}

void CameraScanner::connectSink()
{
    if (m_connectedSink)
        m_connectedSink->disconnect(this);
    m_connectedSink = videoSink();
    // Direct: frames are looked at on the thread that delivers them; submit() never blocks and
    // drops the frame without copying when the decoder is busy.
    connect(m_connectedSink, &QVideoSink::videoFrameChanged, this, &CameraScanner::onFrame, Qt::DirectConnection);
}

void CameraScanner::setVideoOutput(QObject *output)
{
    if (m_videoOutput == output)
        return;
    m_videoOutput = output;
    if (output)
        m_session.setVideoOutput(output);
    else
        m_session.setVideoSink(&m_ownSink);
    connectSink();
    Q_EMIT videoOutputChanged();
}

QStringList CameraScanner::availableCameras() const
{
    QStringList names;
    const auto inputs = QMediaDevices::videoInputs();
    for (const QCameraDevice &d : inputs)
        names.append(d.description());
    return names;
}

void CameraScanner::setCameraName(const QString &name)
{
    if (m_cameraName == name)
        return;
    m_cameraName = name;
    Q_EMIT cameraNameChanged();
    if (m_active)
        rebuildCamera();
}

void CameraScanner::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    if (active) {
        rebuildCamera();
    } else {
        if (m_camera)
            m_camera->stop();
        m_searchTimer.stop();
        setStatus(Status::Idle);
    }
    Q_EMIT activeChanged();
}

void CameraScanner::rebuildCamera()
{
    delete m_camera;
    m_camera = nullptr;
    QCameraDevice chosen;
    const auto inputs = QMediaDevices::videoInputs();
    for (const QCameraDevice &d : inputs) {
        if (d.description() == m_cameraName || QString::fromUtf8(d.id()) == m_cameraName)
            chosen = d;
    }
    if (chosen.isNull() && m_cameraName.isEmpty())
        chosen = QMediaDevices::defaultVideoInput();
    if (chosen.isNull()) {
        qCWarning(lcScan) << "camera not available:" << (m_cameraName.isEmpty() ? "default" : "by name");
        setStatus(Status::NoCamera);
        return;
    }
    m_camera = new QCamera(chosen, this);
    connect(m_camera, &QCamera::errorOccurred, this, [this](QCamera::Error, const QString &why) {
        qCWarning(lcScan).noquote() << "camera error:" << why;
        setStatus(Status::NoCamera);
    });
    m_session.setCamera(m_camera);
    m_camera->start();
    setStatus(Status::Searching);
    m_searchTimer.start(m_moveCloserMs);
}

void CameraScanner::onFrame(const QVideoFrame &frame)
{
    if (m_decoder.busy() || !frame.isValid())
        return;
    QVideoFrame f(frame);
    if (lumaFirst(f.pixelFormat()) && f.map(QVideoFrame::ReadOnly)) {
        m_decoder.submit(LumaView{f.bits(0), f.width(), f.height(), f.bytesPerLine(0)});
        f.unmap();
        return;
    }
    // Packed RGB or YUYV from some webcams: a converted copy (the decoder thread is still free).
    const QImage gray = imageCodes::toGray(f.toImage());
    m_decoder.submit(imageCodes::lumaOf(gray));
}

void CameraScanner::onCode(const DecodedCode &code)
{
    const QDateTime now = m_clock->now();
    if (code.payload == m_lastPayload && m_lastAt.isValid() && m_lastAt.msecsTo(now) < m_repeatMs)
        return;
    m_lastPayload = code.payload;
    m_lastAt = now;
    const Classification c = classify(code.payload, ClassifyContext{now, m_regions, m_trust});
    if (c.accepted())
        setStatus(Status::Found);
    else if (c.kind == PayloadKind::Unknown)
        setStatus(Status::NotRecognised, c.problem->userMessage);
    else
        setStatus(Status::Rejected, c.problem->userMessage);
    Q_EMIT codeScanned(kindName(c.kind), c.display(), c.accepted(), c.problem ? c.problem->userMessage : QString());
    Q_EMIT classified(c, code.payload);
    if (m_active)
        m_searchTimer.start(m_moveCloserMs);
}

void CameraScanner::importImage(const QUrl &file)
{
    const QString path = file.isLocalFile() ? file.toLocalFile() : file.toString();
    QPointer<CameraScanner> self(this);
    QThreadPool::globalInstance()->start([self, path] {
        auto image = imageCodes::loadImage(path);
        std::optional<DecodedCode> code;
        std::optional<Error> error;
        if (image)
            code = imageCodes::decodeThorough(image.value());
        else
            error = image.error();
        QMetaObject::invokeMethod(
            self,
            [self, code, error] {
                if (!self)
                    return;
                if (error) {
                    qCWarning(lcScan).noquote() << error->logDetail;
                    self->setStatus(Status::NotRecognised, error->userMessage);
                    Q_EMIT self->codeScanned(kindName(PayloadKind::Unknown), {}, false, error->userMessage);
                } else if (!code) {
                    const QString m = ScanText::tr("No code was found in the image.");
                    self->setStatus(Status::NotRecognised, m);
                    Q_EMIT self->codeScanned(kindName(PayloadKind::Unknown), {}, false, m);
                } else {
                    self->m_lastPayload.clear(); // a still is always reported
                    self->onCode(*code);
                }
            },
            Qt::QueuedConnection);
    });
}

void CameraScanner::setStatus(Status status, const QString &message)
{
    if (m_status == status && m_message == message)
        return;
    m_status = status;
    m_message = message;
    Q_EMIT statusChanged();
}

QString CameraScanner::statusText() const
{
    switch (m_status) {
    case Status::Idle:
        return {};
    case Status::Searching:
        return ScanText::tr("Hold the code inside the frame.");
    case Status::MoveCloser:
        return ScanText::tr("No code found yet: hold it closer and keep it still, about 20 cm from the camera.");
    case Status::Found:
        return ScanText::tr("Code read.");
    case Status::Rejected:
    case Status::NotRecognised:
        return m_message;
    case Status::NoCamera:
        return ScanText::tr("The camera is not available; check that it is connected, or choose another one.");
    }
    return {};
}

} // namespace ow::scan
