#include "KioskStartup.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QThread>

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

namespace ow {

KioskStartup::KioskStartup(QString formsDir, QString dataDir, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_formsDir(std::move(formsDir))
    , m_dataDir(std::move(dataDir))
    , m_clock(clock)
{}

KioskStartup::~KioskStartup()
{
    for (QThread *thread : {m_catalogThread, m_storeThread}) {
        if (thread) {
            thread->wait();
            delete thread;
        }
    }
}

void KioskStartup::start()
{
    if (m_started)
        return;
    m_started = true;
    // Each worker writes only its own member; the finished signal reaches this object's thread
    // after the worker has returned, and only then is the result read. The store is opened once
    // the catalog has items: a kiosk without a catalog ends (main()) without creating a store.
    m_catalogThread = QThread::create([this] {
        QElapsedTimer timer;
        timer.start();
        m_catalog = CatalogLoader::loadDirectory(m_formsDir);
        qCInfo(lcKiosk) << "catalog loaded in" << timer.elapsed() << "ms:" << m_catalog.catalog.size() << "items";
    });
    m_catalogThread->setObjectName(QStringLiteral("kiosk catalog"));
    connect(
        m_catalogThread, &QThread::finished, this,
        [this] {
            const bool hasItems = m_catalog.catalog.size() > 0;
            if (hasItems)
                openStore();
            Q_EMIT catalogLoaded();
        },
        Qt::QueuedConnection);
    m_catalogThread->start();
}

void KioskStartup::openStore()
{
    m_storeThread = QThread::create([this] {
        QElapsedTimer timer;
        timer.start();
        m_store = KioskStore::open(m_dataDir, m_clock);
        qCInfo(lcKiosk) << "case store" << (m_store.store ? "opened" : "not opened") << "in" << timer.elapsed() << "ms";
    });
    m_storeThread->setObjectName(QStringLiteral("kiosk store"));
    connect(m_storeThread, &QThread::finished, this, &KioskStartup::storeOpened, Qt::QueuedConnection);
    m_storeThread->start();
}

} // namespace ow
