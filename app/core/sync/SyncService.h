#pragma once

#include "sync/Backoff.h"
#include "sync/DeviceIdentity.h"
#include "sync/Http.h"
#include "sync/OutboxPump.h"

#include <QDateTime>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QTimer>

#include <memory>

namespace ow {
class Store;
}

namespace ow::sync {

class SyncWorker;

// What the kiosk and the desk show about sync: online or not, what is waiting, what is moving,
// the last problem. Each cycle (drain the outbox, pull events, pull the catalog, purge expired
// personal data) runs on the service's own thread; properties change on the owner's thread.
//
// The store given here is used from the sync thread while a cycle runs: open a separate Store on
// the same file for the service (SQLite in WAL mode lets both connections work side by side).
class SyncService : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool online READ online NOTIFY onlineChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(int pending READ pending NOTIFY pendingChanged)
    Q_PROPERTY(qint64 bytesSent READ bytesSent NOTIFY progressChanged)
    Q_PROPERTY(qint64 bytesTotal READ bytesTotal NOTIFY progressChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QDateTime lastSuccess READ lastSuccess NOTIFY lastSuccessChanged)

public:
    struct Options
    {
        int intervalMs = 30000; // between cycles when nothing is waiting
        int retentionDays = 30; // personal data of acknowledged cases kept this long
        // Only cases that have ended (issued, not accepted, withdrawn, returned) lose their
        // personal data, retentionDays after they ended: a service hall desk keeps what it still
        // has to hand over, however long the department takes.
        bool purgeOnlyEnded = false;
        bool pullEvents = true;
        bool pullCatalog = true;
        bool pullDeviceKeys = true; // the county's device keys (PROTOCOL.md §5.4), each cycle
        Backoff::Policy backoff;
        OutboxPump::Options pump;
    };

    SyncService(Store &store, Transport &transport, const DeviceIdentity &device, Options options,
                QObject *parent = nullptr);
    ~SyncService() override;

    bool online() const { return m_online; }
    bool busy() const { return m_busy; }
    int pending() const { return m_pending; }
    qint64 bytesSent() const { return m_bytesSent; }
    qint64 bytesTotal() const { return m_bytesTotal; }
    QString lastError() const { return m_lastError; }
    QDateTime lastSuccess() const { return m_lastSuccess; }

public Q_SLOTS:
    // Starts a cycle now unless one is running.
    void syncNow();
    // Cycles every intervalMs, sooner when the outbox asks for a retry.
    void start();
    void stop();

Q_SIGNALS:
    void onlineChanged(bool online);
    void busyChanged(bool busy);
    void pendingChanged(int pending);
    void progressChanged(qint64 sent, qint64 total);
    void lastErrorChanged(const QString &message);
    void lastSuccessChanged(const QDateTime &at);
    // Cases whose state changed because of the hub's events.
    void casesChanged(const QStringList &caseNumbers);
    // A packet the hub refused for good; the message is for the person at the screen.
    void packetRejected(const QString &packetId, const QString &message);
    void catalogUpdated(const QString &version);
    // The device keys in the store were replaced by the hub's (`count` keys).
    void deviceKeysUpdated(int count);
    void cycleFinished();

private:
    friend class SyncWorker;
    struct CycleResult;
    void finishCycle(const CycleResult &result);
    void setProgress(qint64 sent, qint64 total);

    Options m_options;
    QThread m_thread;
    SyncWorker *m_worker = nullptr;
    QTimer m_timer;
    bool m_online = false;
    bool m_busy = false;
    bool m_running = false;
    int m_pending = 0;
    qint64 m_bytesSent = 0;
    qint64 m_bytesTotal = 0;
    QString m_lastError;
    QDateTime m_lastSuccess;
};

} // namespace ow::sync
