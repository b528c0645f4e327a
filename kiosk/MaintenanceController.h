#pragma once

#include "AdminPin.h"
#include "IdleWatch.h"

#include "common/Result.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QQmlEngine>
#include <QStringList>
#include <QTimer>
#include <QVariantList>

#include <functional>
#include <memory>

namespace ow {

class Clock;
class KioskSession;
class Store;

namespace sync {
class SyncService;
}

// The kiosk's unattended operation: the start-up self-test and the out-of-service state, the
// maintenance gesture and admin PIN, and the maintenance screen's checks and actions. Created
// in main() (or a test) before QML loads; QML reaches it as a singleton and only asks.
//
// The gesture: press and hold the top-left corner for 3 s, then tap the top-right corner within
// 2 s. The visit in progress is ended first, so nothing of the citizen shows; then the PIN
// keypad opens. The maintenance screen leaves by itself after two minutes without a touch.
class MaintenanceController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool outOfService READ outOfService NOTIFY healthChanged FINAL)
    Q_PROPERTY(QString serviceContact READ serviceContact NOTIFY configChanged FINAL)
    Q_PROPERTY(QString kioskId READ kioskId NOTIFY configChanged FINAL)
    Q_PROPERTY(QString version READ version CONSTANT FINAL)
    Q_PROPERTY(int holdMs READ holdMs NOTIFY configChanged FINAL)
    Q_PROPERTY(bool gestureArmed READ gestureArmed NOTIFY gestureChanged FINAL)
    Q_PROPERTY(bool pinOpen READ pinOpen NOTIFY stateChanged FINAL)
    Q_PROPERTY(bool open READ isOpen NOTIFY stateChanged FINAL)
    Q_PROPERTY(bool quitAllowed READ quitAllowed NOTIFY stateChanged FINAL)
    Q_PROPERTY(QString pinMessage READ pinMessage NOTIFY pinMessageChanged FINAL)
    Q_PROPERTY(bool pinLocked READ pinLocked NOTIFY pinMessageChanged FINAL)
    Q_PROPERTY(QVariantList status READ status NOTIFY statusChanged FINAL)
    Q_PROPERTY(QVariantList exportTargets READ exportTargets NOTIFY statusChanged FINAL)
    Q_PROPERTY(bool canSync READ canSync NOTIFY statusChanged FINAL)
    Q_PROPERTY(QString actionMessage READ actionMessage NOTIFY actionMessageChanged FINAL)

public:
    static constexpr int HoldMs = 3000;
    static constexpr int TapWithinMs = 2000;
    static constexpr int IdleLeaveSeconds = 120;
    static constexpr int DefaultMinFreeMb = 200;

    struct Config
    {
        QString dataDir;    // the store's folder: its free space is watched
        QString cardReader; // the ID card reader's serial device; empty: none configured
        int minFreeMb = DefaultMinFreeMb;
        QString serviceContact;  // shown when out of service: where to go, whom to call
        QStringList exportRoots; // extra export targets besides mounted removable volumes
    };
    // Devices the kiosk library does not link: the program fills these in.
    struct Probes
    {
        std::function<QString()> printer;     // the default printer's name; empty when none
        std::function<QStringList()> cameras; // the cameras' descriptions
    };

    MaintenanceController(KioskSession *session, QObject *parent = nullptr);
    ~MaintenanceController() override;

    static MaintenanceController *instance();
    static void setInstance(MaintenanceController *controller);
    static MaintenanceController *create(QQmlEngine *engine, QJSEngine *);

    void setClock(const Clock *clock);
    void setConfig(const Config &config);
    void setProbes(const Probes &probes) { m_probes = probes; }
    // The kiosk's store (for the PIN, the audit, the outbox); null when it could not be opened.
    void setStore(Store *store, int pinIterations = AdminPin::DefaultIterations);
    // The hub sync, once the kiosk is enrolled; null: "not enrolled".
    void setSyncService(sync::SyncService *sync);

    // Runs the crypto self-test (crypto::selfTest in the program). A failure puts the kiosk out of
    // service: the shell shows only the out-of-service screen.
    void runSelfTest(const std::function<Status()> &test);
    bool selfTestPassed() const { return m_selfTestPassed; }
    bool outOfService() const { return !m_selfTestPassed; }

    QString serviceContact() const { return m_config.serviceContact; }
    QString kioskId() const;
    static QString version();
    int holdMs() const { return m_holdMs; }
    // How long the top-left corner is held (HoldMs; shorter in tests).
    void setHoldMs(int ms)
    {
        m_holdMs = ms;
        Q_EMIT configChanged();
    }
    bool gestureArmed() const { return m_armed; }
    bool pinOpen() const { return m_pinOpen; }
    bool isOpen() const { return m_open; }
    bool quitAllowed() const { return m_quitAllowed; }
    QString pinMessage() const { return m_pinMessage; }
    bool pinLocked() const { return m_pinLocked; }
    QVariantList status() const { return m_status; }
    QVariantList exportTargets() const;
    bool canSync() const { return !m_sync.isNull(); }
    QString actionMessage() const { return m_actionMessage; }
    IdleWatch *idle() { return &m_idle; }
    AdminPin *adminPin() { return m_pin.get(); }

    // Before a citizen's application is saved: a kind message when the data folder is nearly
    // full (the submit then stops and the answers stay), else empty.
    QString diskProblem() const;

    // The kiosk window's flags: on the device no frame and above everything (with --windowed, a
    // plain window for development). Here rather than as Qt.FramelessWindowHint… in Main.qml:
    // reading the Qt namespace's enumerations in QML costs the first frame about 6 M
    // instructions.
    Q_INVOKABLE static Qt::WindowFlags windowFlags(bool windowed)
    {
        return windowed ? Qt::WindowFlags(Qt::Window) : Qt::Window | Qt::FramelessWindowHint | Qt::WindowStaysOnTopHint;
    }

    // The gesture's two halves; QML measures the 3 s hold, the 2 s window is decided here.
    Q_INVOKABLE void cornerHeld();
    Q_INVOKABLE void cornerTapped();
    Q_INVOKABLE void submitPin(const QString &pin);
    Q_INVOKABLE void cancelPin();
    Q_INVOKABLE void refresh();
    Q_INVOKABLE void syncNow();
    // Writes the outbox's sealed packets to `root`/onewindow-packets.
    Q_INVOKABLE void exportTo(const QString &root);
    // Back to the citizens' home screen.
    Q_INVOKABLE void leave();
    // Only from the maintenance screen: lets the window close and asks the program to quit.
    Q_INVOKABLE void quitToDesktop();

Q_SIGNALS:
    void healthChanged();
    void configChanged();
    void gestureChanged();
    void stateChanged();
    void pinMessageChanged();
    void statusChanged();
    void actionMessageChanged();
    void quitRequested();

private:
    QDateTime now() const;
    void setArmed(bool armed);
    void setPinMessage(const QString &message, bool locked);
    void setActionMessage(const QString &message);
    void setState(bool pinOpen, bool open);
    void refreshIfOpen();

    KioskSession *m_session;
    const Clock *m_clock = nullptr;
    Config m_config;
    Probes m_probes;
    Store *m_store = nullptr;
    std::unique_ptr<AdminPin> m_pin;
    QPointer<sync::SyncService> m_sync;
    IdleWatch m_idle;
    QTimer m_disarm;
    QDateTime m_armedAt;
    int m_holdMs = HoldMs;
    bool m_armed = false;
    bool m_pinOpen = false;
    bool m_open = false;
    bool m_quitAllowed = false;
    bool m_selfTestPassed = true;
    QString m_selfTestDetail;
    QDateTime m_selfTestAt;
    QString m_pinMessage;
    bool m_pinLocked = false;
    QVariantList m_status;
    QString m_actionMessage;
};

} // namespace ow
