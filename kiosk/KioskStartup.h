#pragma once

#include "KioskStore.h"

#include "catalog/Catalog.h"

#include <QObject>
#include <QString>

class QThread;

namespace ow {

class Clock;

// What the kiosk prepares once its home screen is on screen, on worker threads so the screen
// keeps answering taps meanwhile: the catalog (forms/ loaded and checked), then, when it has
// items, the encrypted case store (created or opened, key and quick_check). The home screen needs
// neither; until they are here the chooser says it is loading and a submit is asked to wait.
// Each result is handed over on the thread that owns this object, by its signal.
class KioskStartup : public QObject
{
    Q_OBJECT

public:
    KioskStartup(QString formsDir, QString dataDir, const Clock &clock, QObject *parent = nullptr);
    // Waits for a worker still running: nothing is left half-open.
    ~KioskStartup() override;

    // Starts loading the catalog, then (when it has items) opening the store; later calls do
    // nothing.
    void start();
    bool started() const { return m_started; }

    QString formsDir() const { return m_formsDir; }
    // Filled when catalogLoaded() is emitted; the catalog may be moved out of it then.
    CatalogLoad &catalog() { return m_catalog; }
    // Filled when storeOpened() is emitted: the store, or no store and the problem (translated).
    KioskStore &store() { return m_store; }

Q_SIGNALS:
    void catalogLoaded();
    void storeOpened();

private:
    void openStore();

    QString m_formsDir;
    QString m_dataDir;
    const Clock &m_clock;
    bool m_started = false;
    CatalogLoad m_catalog;
    KioskStore m_store;
    QThread *m_catalogThread = nullptr;
    QThread *m_storeThread = nullptr;
};

} // namespace ow
