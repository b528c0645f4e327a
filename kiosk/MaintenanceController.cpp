#include "MaintenanceController.h"

#include "KioskSession.h"

#include "common/Clock.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/PacketExport.h"
#include "sync/SyncService.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QLoggingCategory>
#include <QStorageInfo>

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

#ifndef OW_VERSION
#define OW_VERSION "unknown"
#endif

namespace ow {

namespace {
MaintenanceController *g_instance = nullptr;
const QString PacketFolder = QStringLiteral("onewindow-packets");

QVariantMap row(const QString &name, const QString &label, const QString &value, const QString &state)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("label"), label},
            {QStringLiteral("value"), value},
            {QStringLiteral("state"), state}}; // "ok", "warning", "problem" or "info"
}

QString megabytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString when(const QDateTime &at)
{
    return QLocale().toString(at.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}
} // namespace

MaintenanceController::MaintenanceController(KioskSession *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_idle.setTimeout(IdleLeaveSeconds);
    connect(&m_idle, &IdleWatch::timedOut, this, [this] {
        qCInfo(lcKiosk) << "maintenance left after" << IdleLeaveSeconds << "s without a touch";
        leave();
    });
    m_disarm.setSingleShot(true);
    m_disarm.setInterval(TapWithinMs);
    connect(&m_disarm, &QTimer::timeout, this, [this] { setArmed(false); });
}

MaintenanceController::~MaintenanceController()
{
    if (g_instance == this)
        g_instance = nullptr;
}

MaintenanceController *MaintenanceController::instance()
{
    return g_instance;
}

void MaintenanceController::setInstance(MaintenanceController *controller)
{
    g_instance = controller;
}

MaintenanceController *MaintenanceController::create(QQmlEngine *engine, QJSEngine *)
{
    // A shell loaded without one (screen tests of the citizens' visit): a controller with
    // nothing configured, owned by the engine.
    if (!g_instance)
        return new MaintenanceController(KioskSession::instance(), engine);
    QQmlEngine::setObjectOwnership(g_instance, QQmlEngine::CppOwnership);
    return g_instance;
}

void MaintenanceController::setClock(const Clock *clock)
{
    m_clock = clock;
    m_idle.setClock(clock);
}

QDateTime MaintenanceController::now() const
{
    return m_clock ? m_clock->now() : QDateTime::currentDateTimeUtc();
}

void MaintenanceController::setConfig(const Config &config)
{
    m_config = config;
    Q_EMIT configChanged();
    refreshIfOpen();
}

void MaintenanceController::setStore(Store *store, int pinIterations)
{
    m_store = store;
    m_pin = store ? std::make_unique<AdminPin>(*store, m_clock ? *m_clock : SystemClock::instance(), pinIterations)
                  : nullptr;
    Q_EMIT configChanged();
    refreshIfOpen();
}

void MaintenanceController::setSyncService(sync::SyncService *sync)
{
    if (m_sync)
        disconnect(m_sync, nullptr, this, nullptr);
    m_sync = sync;
    if (sync) {
        connect(sync, &sync::SyncService::onlineChanged, this, &MaintenanceController::refreshIfOpen);
        connect(sync, &sync::SyncService::busyChanged, this, &MaintenanceController::refreshIfOpen);
        connect(sync, &sync::SyncService::pendingChanged, this, &MaintenanceController::refreshIfOpen);
        connect(sync, &sync::SyncService::lastErrorChanged, this, &MaintenanceController::refreshIfOpen);
        connect(sync, &sync::SyncService::lastSuccessChanged, this, &MaintenanceController::refreshIfOpen);
    }
    Q_EMIT statusChanged();
    refreshIfOpen();
}

void MaintenanceController::runSelfTest(const std::function<Status()> &test)
{
    const Status result = test();
    m_selfTestAt = now();
    m_selfTestPassed = result.ok();
    m_selfTestDetail = result.ok() ? QString() : result.error().logDetail;
    if (result.ok())
        qCInfo(lcKiosk) << "crypto self-test passed";
    else
        qCCritical(lcKiosk) << "crypto self-test failed, kiosk out of service:" << m_selfTestDetail;
    Q_EMIT healthChanged();
    refreshIfOpen();
}

QString MaintenanceController::kioskId() const
{
    return m_store ? m_store->deviceId() : QString();
}

QString MaintenanceController::version()
{
    return QStringLiteral(OW_VERSION);
}

QString MaintenanceController::diskProblem() const
{
    if (m_config.dataDir.isEmpty() || m_config.minFreeMb <= 0)
        return {};
    const QStorageInfo storage(m_config.dataDir);
    if (!storage.isValid() || !storage.isReady()) {
        qCWarning(lcKiosk) << "free space of the data folder unknown";
        return {};
    }
    const qint64 free = storage.bytesAvailable();
    if (free >= qint64(m_config.minFreeMb) * 1024 * 1024)
        return {};
    qCWarning(lcKiosk) << "submit refused: data folder has" << free / (1024 * 1024) << "MB free, below"
                       << m_config.minFreeMb << "MB";
    return tr("Sorry, this kiosk's storage is almost full, so your application cannot be saved right now. "
              "Your answers are still here. Please ask staff for help, or apply at the service hall.");
}

void MaintenanceController::setArmed(bool armed)
{
    if (m_armed == armed)
        return;
    m_armed = armed;
    Q_EMIT gestureChanged();
}

void MaintenanceController::cornerHeld()
{
    if (m_open || m_pinOpen)
        return;
    m_armedAt = now();
    setArmed(true);
    m_disarm.start();
}

void MaintenanceController::cornerTapped()
{
    const bool inTime = m_armed && m_armedAt.isValid() && m_armedAt.msecsTo(now()) <= TapWithinMs;
    m_disarm.stop();
    setArmed(false);
    m_armedAt = {};
    if (!inTime || m_open || m_pinOpen)
        return;
    qCInfo(lcKiosk) << "maintenance gesture: PIN asked";
    // Nothing of the visit in progress may show behind the keypad or the maintenance screen.
    if (m_session)
        m_session->wipe();
    // Still locked from earlier attempts: said at once, and the keys stay off.
    const QDateTime lockedUntil = m_pin ? m_pin->lockedUntil() : QDateTime();
    setPinMessage(lockedUntil.isValid() ? AdminPin::lockedMessage(lockedUntil) : QString(), lockedUntil.isValid());
    setState(true, false);
}

void MaintenanceController::submitPin(const QString &pin)
{
    if (!m_pinOpen)
        return;
    if (!m_pin) {
        qCWarning(lcKiosk) << "maintenance unlock refused: the store is not open";
        setPinMessage(tr("Maintenance cannot be opened: this kiosk's store is not available."), false);
        return;
    }
    const AdminPin::Attempt attempt = m_pin->check(pin);
    if (attempt.outcome != AdminPin::Outcome::Accepted) {
        setPinMessage(attempt.message, attempt.outcome == AdminPin::Outcome::Locked);
        return;
    }
    setPinMessage({}, false);
    setActionMessage({});
    setState(false, true);
    refresh();
}

void MaintenanceController::cancelPin()
{
    if (!m_pinOpen)
        return;
    setPinMessage({}, false);
    setState(false, false);
}

void MaintenanceController::setPinMessage(const QString &message, bool locked)
{
    if (m_pinMessage == message && m_pinLocked == locked)
        return;
    m_pinMessage = message;
    m_pinLocked = locked;
    Q_EMIT pinMessageChanged();
}

void MaintenanceController::setActionMessage(const QString &message)
{
    if (m_actionMessage == message)
        return;
    m_actionMessage = message;
    Q_EMIT actionMessageChanged();
}

void MaintenanceController::setState(bool pinOpen, bool open)
{
    if (m_pinOpen == pinOpen && m_open == open)
        return;
    m_pinOpen = pinOpen;
    m_open = open;
    m_idle.setActive(pinOpen || open);
    if (pinOpen || open)
        m_idle.activity();
    Q_EMIT stateChanged();
}

void MaintenanceController::refreshIfOpen()
{
    if (m_open)
        refresh();
}

void MaintenanceController::refresh()
{
    QVariantList rows;
    // Sync.
    if (m_sync) {
        rows.append(row(QStringLiteral("sync"), tr("Hub connection"),
                        m_sync->busy()     ? tr("Online, sending")
                        : m_sync->online() ? tr("Online")
                                           : tr("Offline"),
                        m_sync->online() ? QStringLiteral("ok") : QStringLiteral("warning")));
        rows.append(row(QStringLiteral("lastContact"), tr("Last contact with the hub"),
                        m_sync->lastSuccess().isValid() ? when(m_sync->lastSuccess()) : tr("Never"),
                        m_sync->lastSuccess().isValid() ? QStringLiteral("info") : QStringLiteral("warning")));
        rows.append(row(QStringLiteral("lastError"), tr("Last sync problem"),
                        m_sync->lastError().isEmpty() ? tr("None") : m_sync->lastError(),
                        m_sync->lastError().isEmpty() ? QStringLiteral("ok") : QStringLiteral("warning")));
    } else {
        rows.append(row(QStringLiteral("sync"), tr("Hub connection"), tr("Not enrolled with a hub"),
                        QStringLiteral("warning")));
    }
    // The outbox, from the store (the sync service's count when the store is not open).
    qint64 pending = -1;
    if (m_store) {
        const auto count = m_store->outbox().pendingCount();
        if (count.ok())
            pending = *count;
        else
            qCWarning(lcKiosk) << "outbox not counted:" << count.error().logDetail;
    } else if (m_sync) {
        pending = m_sync->pending();
    }
    rows.append(row(QStringLiteral("outbox"), tr("Waiting to be sent"),
                    pending < 0 ? tr("Unknown") : tr("%n packet(s) and attachment(s)", nullptr, int(pending)),
                    pending < 0 ? QStringLiteral("problem") : QStringLiteral("info")));
    // Devices.
    const QString printer = m_probes.printer ? m_probes.printer() : QString();
    rows.append(row(QStringLiteral("printer"), tr("Printer"), printer.isEmpty() ? tr("No printer found") : printer,
                    printer.isEmpty() ? QStringLiteral("problem") : QStringLiteral("ok")));
    const QStringList cameras = m_probes.cameras ? m_probes.cameras() : QStringList();
    rows.append(row(QStringLiteral("camera"), tr("Camera"),
                    cameras.isEmpty() ? tr("No camera found") : cameras.join(QStringLiteral(", ")),
                    cameras.isEmpty() ? QStringLiteral("problem") : QStringLiteral("ok")));
    if (m_config.cardReader.isEmpty()) {
        rows.append(
            row(QStringLiteral("cardReader"), tr("ID card reader"), tr("Not configured"), QStringLiteral("info")));
    } else {
        const QFileInfo device(m_config.cardReader);
        const bool ready = device.exists() && device.isReadable();
        rows.append(row(QStringLiteral("cardReader"), tr("ID card reader"),
                        ready ? tr("Ready (%1)").arg(m_config.cardReader)
                              : tr("Not found or not readable: %1").arg(m_config.cardReader),
                        ready ? QStringLiteral("ok") : QStringLiteral("problem")));
    }
    // Disk.
    const QStorageInfo storage(m_config.dataDir);
    if (m_config.dataDir.isEmpty() || !storage.isValid()) {
        rows.append(row(QStringLiteral("disk"), tr("Free disk space"), tr("Unknown"), QStringLiteral("problem")));
    } else {
        const bool low = storage.bytesAvailable() < qint64(m_config.minFreeMb) * 1024 * 1024;
        QString text = tr("%1 free of %2").arg(megabytes(storage.bytesAvailable()), megabytes(storage.bytesTotal()));
        if (low)
            text += QLatin1Char(' ') + tr("(below %1 MB: applications are refused)").arg(m_config.minFreeMb);
        rows.append(row(QStringLiteral("disk"), tr("Free disk space"), text,
                        low ? QStringLiteral("problem") : QStringLiteral("ok")));
    }
    // Self-test and version.
    rows.append(row(QStringLiteral("selfTest"), tr("Crypto self-test at start"),
                    !m_selfTestAt.isValid() ? tr("Not run")
                    : m_selfTestPassed      ? tr("Passed (%1)").arg(when(m_selfTestAt))
                                            : tr("Failed (%1)").arg(when(m_selfTestAt)),
                    m_selfTestPassed && m_selfTestAt.isValid() ? QStringLiteral("ok") : QStringLiteral("problem")));
    rows.append(row(QStringLiteral("kioskId"), tr("Kiosk"), kioskId().isEmpty() ? tr("Unknown") : kioskId(),
                    QStringLiteral("info")));
    rows.append(row(QStringLiteral("version"), tr("Version"), version(), QStringLiteral("info")));
    m_status = rows;
    Q_EMIT statusChanged();
}

QVariantList MaintenanceController::exportTargets() const
{
    QVariantList out;
    QStringList roots = m_config.exportRoots;
    // Qt does not say which volumes are removable; USB sticks are mounted under these folders.
    for (const QStorageInfo &volume : QStorageInfo::mountedVolumes()) {
        const QString root = volume.rootPath();
        const bool removable = root.startsWith(QLatin1String("/media/")) ||
                               root.startsWith(QLatin1String("/run/media/")) || root.startsWith(QLatin1String("/mnt/"));
        if (removable && volume.isValid() && volume.isReady() && !volume.isReadOnly())
            roots.append(root);
    }
    for (const QString &root : std::as_const(roots)) {
        const QStorageInfo volume(root);
        const QString name = volume.name().isEmpty() ? QFileInfo(root).fileName() : volume.name();
        out.append(
            QVariantMap{{QStringLiteral("path"), root},
                        {QStringLiteral("label"),
                         tr("%1 (%2 free)").arg(name.isEmpty() ? root : name, megabytes(volume.bytesAvailable()))}});
    }
    return out;
}

void MaintenanceController::syncNow()
{
    if (!m_open)
        return;
    if (!m_sync) {
        setActionMessage(tr("This kiosk is not enrolled with a hub: there is nothing to sync with."));
        return;
    }
    qCInfo(lcKiosk) << "sync started from maintenance";
    m_sync->syncNow();
    setActionMessage(tr("Sync started."));
    refresh();
}

void MaintenanceController::exportTo(const QString &root)
{
    if (!m_open)
        return;
    if (!m_store) {
        setActionMessage(tr("Nothing can be exported: this kiosk's store is not available."));
        return;
    }
    const QString dir = QDir(root).filePath(PacketFolder);
    if (!QFileInfo(root).isDir() || !QDir().mkpath(dir)) {
        qCWarning(lcKiosk) << "export: cannot create" << dir;
        setActionMessage(tr("Cannot write to %1. Is the USB drive still there and not write-protected?").arg(root));
        return;
    }
    const Actor actor{m_store->deviceId(), QStringLiteral("admin")};
    const auto exported = sync::exportPackets(*m_store, dir, actor);
    if (!exported.ok()) {
        qCWarning(lcKiosk) << "export failed:" << exported.error().logDetail;
        setActionMessage(exported.error().userMessage);
        return;
    }
    setActionMessage(tr("Wrote %1 packet(s) and %2 attachment(s) to %3 (%4 already there).")
                         .arg(exported->packets)
                         .arg(exported->parts)
                         .arg(QDir::toNativeSeparators(dir))
                         .arg(exported->unchanged));
    refresh();
}

void MaintenanceController::leave()
{
    if (!m_open && !m_pinOpen)
        return;
    qCInfo(lcKiosk) << "maintenance left";
    setActionMessage({});
    setPinMessage({}, false);
    setState(false, false);
    if (m_session)
        m_session->goHome();
}

void MaintenanceController::quitToDesktop()
{
    if (!m_open)
        return;
    qCInfo(lcKiosk) << "quit to the desktop from maintenance";
    const Actor actor{kioskId(), QStringLiteral("admin")};
    if (m_store) {
        const auto audited =
            m_store->audit().append(actor, QStringLiteral("kiosk.maintenance.quit"), {}, {}, QStringLiteral("ok"), {});
        if (!audited.ok())
            qCWarning(lcKiosk) << "quit not audited:" << audited.error().logDetail;
    }
    m_quitAllowed = true;
    Q_EMIT stateChanged();
    Q_EMIT quitRequested();
}

} // namespace ow
