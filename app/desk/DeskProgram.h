#pragma once

#include "DeskOptions.h"

#include "common/Result.h"
#include "domain/WorkingDayClock.h"
#include "store/FolderStore.h"
#include "sync/SyncService.h"

#include <QString>

#include <memory>

namespace ow {

class CatalogService;
class Clock;
class DeskSession;

namespace print {
class PrintService;
} // namespace print

namespace sync {
class CurlTransport;
class EnrolledDevice;
} // namespace sync

// What main() puts together for the desk, in one place so that tests start the same desk: the
// encrypted store in the data folder (DIR/desk.db, operators cached for offline sign-in), the
// catalog and the official calendar, the hub link (when --hub is given) and the session that QML
// binds to. The services are installed as the QML singletons' instances.
class DeskProgram
{
public:
    ~DeskProgram();

    // Nothing (and a translated `problem`) when the store cannot be opened or no item loads.
    static std::unique_ptr<DeskProgram> open(const DeskOptions &options, const Clock &clock, QString *problem);
    // `onewindow-desk --add-operator`: caches a local account with `password` (checked against
    // the password rules). The message says what was done or what is wrong (translated).
    static Status addOperator(const DeskOptions &options, const QString &password, const Clock &clock);

    DeskSession &session() { return *m_session; }
    CatalogService &catalog() { return *m_catalog; }
    print::PrintService &printService() { return *m_print; }
    Store &store() { return *m_store.store; }
    // The background sync (outbox sent, hub events applied); null when the desk is not enrolled or
    // has no hub. Cycles every 30 s; syncNow() starts one at once.
    sync::SyncService *syncService() { return m_sync.get(); }
    // Tests enroll the desk's store locally and hand the device over.
    void setDevice(std::unique_ptr<sync::EnrolledDevice> device);
    // How the desk's sync service works: personal data kept until 30 days after a case ended.
    static sync::SyncService::Options syncOptions();
    // The desk's enrollment with the hub; null when not enrolled.
    const sync::EnrolledDevice *device() const { return m_device.get(); }

private:
    DeskProgram() = default;

    FolderStore m_store;
    std::unique_ptr<sync::CurlTransport> m_transport;
    std::unique_ptr<sync::EnrolledDevice> m_device;
    std::unique_ptr<CatalogService> m_catalog;
    // The window's papers: A4 to the --printer queue (CUPS), PDF files always.
    std::unique_ptr<print::PrintService> m_print;
    HolidayCalendar m_calendar;
    std::unique_ptr<DeskSession> m_session;
    // On an enrolled desk with a hub: the outbox drained and the hub's events applied (decisions
    // come back for the window to issue), on the service's thread with its own store connection.
    FolderStore m_syncStore;
    std::unique_ptr<sync::SyncService> m_sync;
};

} // namespace ow
