#pragma once

#include "scan/FrameDecoder.h"
#include "scan/Payload.h"

#include "common/Clock.h"

#include <QCamera>
#include <QMediaCaptureSession>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QTimer>
#include <QUrl>
#include <QVideoFrame>
#include <QVideoSink>

namespace ow::scan {

// The camera side of 扫码办 for QML: a QCamera chosen by name (a document camera 高拍仪 is just
// another camera), frames from the viewfinder's video sink into the FrameDecoder, and what was
// read, classified, as feedback the viewfinder can show. Still images go the thorough path on a
// pool thread. The UI thread never decodes and never waits.
//
//   CameraScanner { id: scanner; videoOutput: viewfinder; cameraName: settings.camera; active: true }
class CameraScanner : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QObject *videoOutput READ videoOutput WRITE setVideoOutput NOTIFY videoOutputChanged FINAL)
    Q_PROPERTY(QString cameraName READ cameraName WRITE setCameraName NOTIFY cameraNameChanged FINAL)
    Q_PROPERTY(QStringList availableCameras READ availableCameras NOTIFY availableCamerasChanged FINAL)
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged FINAL)
    Q_PROPERTY(Status status READ status NOTIFY statusChanged FINAL)
    Q_PROPERTY(QString statusText READ statusText NOTIFY statusChanged FINAL)

public:
    enum class Status {
        Idle,          // not scanning
        Searching,     // looking at frames, nothing yet
        MoveCloser,    // searching for a while: the code is too small, too far or outside the frame
        Found,         // a code the service hall uses, genuine
        Rejected,      // one of our kinds, but not acceptable (forged, expired, mistyped)
        NotRecognised, // a code, but not one the service hall uses
        NoCamera,      // the chosen camera is missing or failed
    };
    Q_ENUM(Status)

    explicit CameraScanner(QObject *parent = nullptr);
    ~CameraScanner() override;

    // What classification knows about the world; owned by the caller, set before scanning.
    void setClassifyContext(const RegionTable *regions, const TrustStore *trust, const Clock *clock);

    QObject *videoOutput() const { return m_videoOutput; }
    void setVideoOutput(QObject *output);
    QString cameraName() const { return m_cameraName; }
    void setCameraName(const QString &name);
    QStringList availableCameras() const;
    bool isActive() const { return m_active; }
    void setActive(bool active);
    Status status() const { return m_status; }
    QString statusText() const;

    // The sink frames arrive on (the viewfinder's, or an internal one without a viewfinder).
    QVideoSink *videoSink() const;

    // Reads the code in a still image (file dialog, document camera snapshot).
    Q_INVOKABLE void importImage(const QUrl &file);

    // How long the same code is ignored after it was reported (the citizen keeps holding it up).
    void setRepeatSuppressionMs(int ms) { m_repeatMs = ms; }
    void setMoveCloserAfterMs(int ms) { m_moveCloserMs = ms; }

Q_SIGNALS:
    void videoOutputChanged();
    void cameraNameChanged();
    void availableCamerasChanged();
    void activeChanged();
    void statusChanged();
    // kind: kindName(); display: safe to show (ID numbers masked); message: why it was rejected.
    void codeScanned(const QString &kind, const QString &display, bool accepted, const QString &message);
    // For C++ consumers (the case flow): the whole classification and the raw payload.
    void classified(const ow::scan::Classification &classification, const QByteArray &payload);

private:
    void onFrame(const QVideoFrame &frame);
    void onCode(const DecodedCode &code);
    void setStatus(Status status, const QString &message = {});
    void rebuildCamera();
    void connectSink();

    QMediaCaptureSession m_session;
    QCamera *m_camera = nullptr;
    QVideoSink m_ownSink;
    QPointer<QObject> m_videoOutput;
    QPointer<QVideoSink> m_connectedSink;
    FrameDecoder m_decoder;
    QTimer m_searchTimer;
    QString m_cameraName;
    QString m_message;
    Status m_status = Status::Idle;
    bool m_active = false;
    const RegionTable *m_regions = nullptr;
    const TrustStore *m_trust = nullptr;
    const Clock *m_clock = &SystemClock::instance();
    QByteArray m_lastPayload;
    QDateTime m_lastAt;
    int m_repeatMs = 3000;
    int m_moveCloserMs = 4000;
};

} // namespace ow::scan

Q_DECLARE_METATYPE(ow::scan::Classification)
