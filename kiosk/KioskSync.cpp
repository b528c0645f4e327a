#include "KioskSync.h"

#include "KioskOptions.h"
#include "KioskStore.h"

#include "common/Clock.h"
#include "scan/CodeSigning.h"
#include "store/DeviceKeys.h"
#include "store/Repositories.h"
#include "sync/CaseSubmission.h"
#include "sync/CurlTransport.h"

#include <QCoreApplication>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

namespace ow {

KioskSync::~KioskSync()
{
    if (m_service)
        m_service->stop();
}

std::unique_ptr<KioskSync> KioskSync::start(const KioskOptions &options, const QString &dataDir, Store &store,
                                            const Clock &clock, QString *problem)
{
    problem->clear();
    auto device = sync::EnrolledDevice::load(store.settings());
    if (!device.ok()) {
        if (!options.hubUrl.isEmpty() || device.error().code != ErrorCode::NotFound)
            *problem = device.error().userMessage;
        qCInfo(lcKiosk) << "no hub sync:" << device.error().logDetail;
        return nullptr;
    }
    const Actor actor{store.deviceId(), QStringLiteral("device")};
    // Cases taken while the kiosk was not enrolled yet are sealed now, each once.
    if (auto sealed = sync::sealWaitingCases(store, **device, actor); !sealed.ok())
        qCWarning(lcKiosk) << "waiting cases not sealed:" << sealed.error().logDetail;
    std::unique_ptr<KioskSync> out(new KioskSync);
    out->m_device = std::move(device).value();
    out->m_store = &store;
    out->reloadReceiptTrust();
    if (options.hubUrl.isEmpty()) {
        *problem = QCoreApplication::translate("ow::KioskSync",
                                               "No county hub is configured: applications are kept on this kiosk.");
        qCWarning(lcKiosk) << "enrolled, but no --hub given: nothing is sent";
        return out;
    }
    sync::TransportConfig config;
    config.baseUrl = options.hubUrl;
    config.pinnedPublicKey = options.hubPin;
    config.caFile = options.hubCaFile;
    auto transport = sync::CurlTransport::create(config);
    if (!transport.ok()) {
        *problem = transport.error().userMessage;
        qCWarning(lcKiosk) << "no hub transport:" << transport.error().logDetail;
        return out;
    }
    out->m_transport = std::move(transport).value();
    // The sync service works on its own thread with its own connection to the store file.
    out->m_syncKeys = std::make_unique<KeyFileProvider>(KioskStore::keyPath(dataDir));
    Store::Options so;
    so.path = KioskStore::databasePath(dataDir);
    so.keys = out->m_syncKeys.get();
    so.mode = Store::OpenMode::MustExist;
    so.clock = &clock;
    auto syncStore = Store::open(so);
    if (!syncStore.ok()) {
        *problem = syncStore.error().userMessage;
        qCWarning(lcKiosk) << "sync store not opened:" << syncStore.error().logDetail;
        out->m_transport.reset();
        return out;
    }
    out->m_syncStore = std::move(syncStore).value();
    out->m_service = std::make_unique<sync::SyncService>(*out->m_syncStore, *out->m_transport, *out->m_device,
                                                         sync::SyncService::Options{});
    KioskSync *link = out.get();
    QObject::connect(out->m_service.get(), &sync::SyncService::deviceKeysUpdated, out->m_service.get(),
                     [link] { link->reloadReceiptTrust(); });
    out->m_service->start();
    qCInfo(lcKiosk) << "sending to the county hub as device" << out->m_device->deviceId();
    return out;
}

scan::TrustStore KioskSync::buildReceiptTrust(Store &store, const sync::EnrolledDevice *own)
{
    scan::TrustStore trust;
    if (own) {
        auto key = scan::codeSigning::fromPrivateDer(own->signingKey().toDer());
        if (!key.ok())
            qCWarning(lcKiosk) << "receipt trust: own key unusable:" << key.error().logDetail;
        else if (Status added = trust.addDevice(own->deviceId(), key->publicDer); !added.ok())
            qCWarning(lcKiosk) << "receipt trust: own key refused:" << added.error().logDetail;
    }
    auto stored = DeviceKeyRepository(store.db()).all();
    if (!stored.ok()) {
        qCWarning(lcKiosk) << "receipt trust: device keys not read:" << stored.error().logDetail;
        return trust;
    }
    int added = 0;
    for (const StoredDeviceKey &key : *stored) {
        if (own && key.deviceId == own->deviceId() && !trust.deviceKeys(key.deviceId).isEmpty())
            continue; // the own key is known first-hand
        if (!key.revokedAt.isEmpty()) {
            // Its earlier receipts stay valid at the hub, but here the time of a receipt cannot
            // be weighed against the revocation: only the hub decides on them.
            qCInfo(lcKiosk) << "receipt trust: device" << key.deviceId << "revoked at" << key.revokedAt
                            << "is left to the hub";
            continue;
        }
        if (Status ok = trust.addDevice(key.deviceId, key.publicKey); !ok.ok()) {
            qCWarning(lcKiosk) << "receipt trust: key of device" << key.deviceId << "left out:" << ok.error().logDetail;
            continue;
        }
        ++added;
    }
    qCInfo(lcKiosk) << "receipt trust:" << added << "device keys from the hub";
    return trust;
}

void KioskSync::reloadReceiptTrust()
{
    if (m_store)
        m_receiptTrust = buildReceiptTrust(*m_store, m_device.get());
}

} // namespace ow
