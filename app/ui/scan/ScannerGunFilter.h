#pragma once

#include "scan/WedgeBurst.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QKeyEvent;

namespace ow::scan {

// Installed on the QGuiApplication (kiosk and desk): takes what a scanner gun types away from
// the focused text field and emits it as one scan. People typing are not affected beyond a
// hold-back of a few tens of milliseconds on each key. Only key events addressed to windows are
// looked at, so each key is seen once even though Qt Quick re-sends it to the focused item.
class ScannerGunFilter : public QObject
{
    Q_OBJECT

public:
    using MonotonicMs = std::function<qint64()>;

    explicit ScannerGunFilter(QObject *parent = nullptr);
    // For tests: a clock under the test's control. Call checkTimeout() after moving it.
    ScannerGunFilter(WedgeBurstClassifier::Config config, MonotonicMs clock, QObject *parent = nullptr);
    ~ScannerGunFilter() override;

    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }

    bool eventFilter(QObject *watched, QEvent *event) override;

    // Decides what is pending once its time has come; the internal timer calls it.
    void checkTimeout();

Q_SIGNALS:
    void scanned(const QByteArray &payload);

private:
    struct Held;
    void apply(const WedgeBurstClassifier::Output &out);
    void releaseHeld();
    void hold(QObject *target, const QKeyEvent *event);
    void armTimer();

    WedgeBurstClassifier m_classifier;
    MonotonicMs m_clock;
    QTimer m_timer;
    QList<std::shared_ptr<Held>> m_held;
    QList<int> m_swallowReleases; // keys whose press went into a scan
    bool m_enabled = true;
    bool m_replaying = false;
};

} // namespace ow::scan
