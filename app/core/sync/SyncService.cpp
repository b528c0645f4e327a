#include "sync/SyncService.h"

#include "sync/HubFeeds.h"
#include "sync/SyncText.h"

#include "store/Repositories.h"
#include "store/Store.h"

#include <algorithm>

namespace ow::sync {

struct SyncService::CycleResult
{
    bool reachable = true;
    int pending = 0;
    QStringList changedCases;
    QList<QPair<QString, QString>> rejected;
    QString catalogVersion;
    int deviceKeys = -1; // keys stored this cycle; -1 when they were not updated
    QString error;       // user message of the first problem, empty when all went well
    std::optional<QDateTime> nextAttemptAt;
};

// Lives on the service's thread; owns everything that touches the store and the network there.
class SyncWorker : public QObject
{
public:
    SyncWorker(SyncService &service, Store &store, Transport &transport, const DeviceIdentity &device,
               const SyncService::Options &options)
        : m_service(service)
        , m_store(store)
        , m_transport(transport)
        , m_device(device)
        , m_options(options)
        , m_pump(store, transport, device, Backoff(options.backoff), options.pump)
    {
        m_pump.onProgress = [this](const QString &, qint64 sent, qint64 total) {
            QMetaObject::invokeMethod(&m_service, [s = &m_service, sent, total] { s->setProgress(sent, total); });
        };
    }

    void requestStop() { m_pump.requestStop(); }

    void runCycle()
    {
        SyncService::CycleResult r;
        auto remember = [&r](const Error &e) {
            if (r.error.isEmpty())
                r.error = e.userMessage;
            qCInfo(lcSync).noquote() << "sync cycle:" << e.logDetail;
        };
        auto drained = m_pump.drain();
        if (drained.ok()) {
            r.reachable = drained->reachable;
            r.nextAttemptAt = drained->nextAttemptAt;
            for (int i = 0; i < drained->rejectedPackets.size(); ++i)
                r.rejected.append({drained->rejectedPackets[i], drained->rejections.value(i).userMessage});
            if (!drained->problems.isEmpty())
                remember(drained->problems.first());
        } else {
            remember(drained.error());
        }
        if (r.reachable && m_options.pullEvents) {
            auto events = EventFeed(m_store, m_transport, m_device).pull();
            if (events.ok()) {
                r.changedCases = events->changedCases;
            } else {
                r.reachable = !isNoAnswer(events.error());
                remember(events.error());
            }
        }
        if (r.reachable && m_options.pullCatalog) {
            auto catalog = CatalogFeed(m_store, m_transport, m_device).pull();
            if (catalog.ok() && catalog->changed)
                r.catalogVersion = catalog->version;
            else if (!catalog.ok()) {
                r.reachable = !isNoAnswer(catalog.error());
                remember(catalog.error());
            }
        }
        if (r.reachable && m_options.pullDeviceKeys) {
            auto keys = refreshDeviceKeys(m_store, m_transport, m_device);
            if (keys.ok()) {
                r.deviceKeys = *keys;
            } else {
                r.reachable = !isNoAnswer(keys.error());
                remember(keys.error());
            }
        }
        if (m_options.retentionDays > 0) {
            const QDateTime cutoff = m_store.clock().now().addDays(-m_options.retentionDays);
            auto purged = m_store.cases().purgeAcknowledged(
                cutoff, Actor{QStringLiteral("sync"), QStringLiteral("device")}, m_options.purgeOnlyEnded);
            if (!purged.ok())
                remember(purged.error());
        }
        auto pending = m_store.outbox().pendingCount();
        r.pending = pending.ok() ? static_cast<int>(*pending) : 0;
        QMetaObject::invokeMethod(&m_service, [s = &m_service, r] { s->finishCycle(r); });
    }

private:
    SyncService &m_service;
    Store &m_store;
    Transport &m_transport;
    const DeviceIdentity &m_device;
    SyncService::Options m_options;
    OutboxPump m_pump;
};

SyncService::SyncService(Store &store, Transport &transport, const DeviceIdentity &device, Options options,
                         QObject *parent)
    : QObject(parent)
    , m_options(options)
{
    m_thread.setObjectName(QStringLiteral("OneWindowSync"));
    m_worker = new SyncWorker(*this, store, transport, device, m_options);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &SyncService::syncNow);
}

SyncService::~SyncService()
{
    m_timer.stop();
    m_worker->requestStop();
    m_thread.quit();
    m_thread.wait();
}

void SyncService::syncNow()
{
    if (m_busy)
        return;
    m_busy = true;
    Q_EMIT busyChanged(true);
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->runCycle(); });
}

void SyncService::start()
{
    m_running = true;
    m_timer.setInterval(0);
    m_timer.start();
}

void SyncService::stop()
{
    m_running = false;
    m_timer.stop();
    m_worker->requestStop();
}

void SyncService::setProgress(qint64 sent, qint64 total)
{
    m_bytesSent = sent;
    m_bytesTotal = total;
    Q_EMIT progressChanged(sent, total);
}

void SyncService::finishCycle(const CycleResult &r)
{
    m_busy = false;
    Q_EMIT busyChanged(false);
    if (m_online != r.reachable) {
        m_online = r.reachable;
        Q_EMIT onlineChanged(m_online);
    }
    if (m_pending != r.pending) {
        m_pending = r.pending;
        Q_EMIT pendingChanged(m_pending);
    }
    if (m_lastError != r.error) {
        m_lastError = r.error;
        Q_EMIT lastErrorChanged(m_lastError);
    }
    if (r.reachable && r.error.isEmpty()) {
        m_lastSuccess = QDateTime::currentDateTimeUtc();
        Q_EMIT lastSuccessChanged(m_lastSuccess);
    }
    for (const auto &[packetId, message] : r.rejected)
        Q_EMIT packetRejected(packetId, message);
    if (!r.changedCases.isEmpty())
        Q_EMIT casesChanged(r.changedCases);
    if (!r.catalogVersion.isEmpty())
        Q_EMIT catalogUpdated(r.catalogVersion);
    if (r.deviceKeys >= 0)
        Q_EMIT deviceKeysUpdated(r.deviceKeys);
    setProgress(0, 0);
    Q_EMIT cycleFinished();
    if (m_running) {
        // Next cycle: the regular interval, or sooner when a retry falls due before it.
        qint64 wait = m_options.intervalMs;
        if (r.nextAttemptAt) {
            const qint64 untilRetry = QDateTime::currentDateTimeUtc().msecsTo(*r.nextAttemptAt);
            wait = std::clamp<qint64>(untilRetry, 0, wait);
        }
        m_timer.setInterval(static_cast<int>(wait));
        m_timer.start();
    }
}

} // namespace ow::sync
