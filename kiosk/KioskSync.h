#pragma once

#include "sync/EnrolledDevice.h"
#include "sync/Http.h"
#include "sync/SyncService.h"

#include "scan/TrustStore.h"
#include "store/KeyProvider.h"
#include "store/Store.h"

#include <QString>

#include <memory>

namespace ow {

class Clock;
struct KioskOptions;

// The kiosk's link to the county hub: its enrollment (kept in the encrypted store by
// `onewindow sync enroll`), a transport to the hub, and the sync service sending sealed cases
// and pulling decisions in the background on its own connection to the same store file.
// A kiosk that is not enrolled, or has no hub configured, runs without it: cases wait in the
// store and are sealed once it is enrolled.
class KioskSync
{
public:
    ~KioskSync();

    // Null when the kiosk is not enrolled. Enrolled without a hub address, it still seals and
    // signs (packets can leave on removable media) but sends nothing: service() is null.
    // `problem` says what is missing, for the maintenance screen; empty when all is well or no
    // hub is configured at all.
    static std::unique_ptr<KioskSync> start(const KioskOptions &options, const QString &dataDir, Store &store,
                                            const Clock &clock, QString *problem);

    const sync::EnrolledDevice &device() const { return *m_device; }
    // Null without a hub.
    sync::Transport *transport() { return m_transport.get(); }
    sync::SyncService *service() { return m_service.get(); }

    // The keys this kiosk checks receipts with: its own and the county's devices' keys kept in
    // the store (PROTOCOL.md §5.4). Reloaded after each key fetch of the sync service; the
    // reference stays valid for the life of this object.
    const scan::TrustStore &receiptTrust() const { return m_receiptTrust; }
    void reloadReceiptTrust();
    // `own` (may be null) and the device keys stored in `store`; a key that is not usable, and
    // the key of a revoked device, are logged and left out.
    static scan::TrustStore buildReceiptTrust(Store &store, const sync::EnrolledDevice *own);

private:
    KioskSync() = default;

    Store *m_store = nullptr;
    scan::TrustStore m_receiptTrust;
    std::unique_ptr<sync::EnrolledDevice> m_device;
    std::unique_ptr<sync::Transport> m_transport;
    std::unique_ptr<KeyFileProvider> m_syncKeys;
    std::unique_ptr<Store> m_syncStore;
    std::unique_ptr<sync::SyncService> m_service;
};

} // namespace ow
