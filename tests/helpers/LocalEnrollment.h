#pragma once

// An enrollment written into a store's settings the way EnrolledDevice keeps it, with fresh keys
// made here (replacing any earlier one): for tests of sealing, submitting, receipts and pickup
// codes that need no hub. Header-only: include it from tests that link ow_sync.
#include "crypto/Keys.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/EnrolledDevice.h"

#include <memory>

namespace ow::test {

inline std::unique_ptr<sync::EnrolledDevice> enrollLocally(Store &store,
                                                           const QString &deviceId = QStringLiteral("D-TEST"))
{
    auto signing = crypto::PrivateKey::generate(crypto::Suite::Gm, crypto::KeyUse::Signing);
    auto hubEncryption = crypto::PrivateKey::generate(crypto::Suite::Gm, crypto::KeyUse::Encryption);
    auto hubSigning = crypto::PrivateKey::generate(crypto::Suite::Gm, crypto::KeyUse::Signing);
    if (!signing.ok() || !hubEncryption.ok() || !hubSigning.ok())
        return nullptr;
    const SecretBytes pem = signing->toPem();
    const QByteArray devicePem(reinterpret_cast<const char *>(pem.data()), qsizetype(pem.size()));
    SettingsRepository &s = store.settings();
    using namespace sync::settingKey;
    const bool written = s.setValue(QLatin1String(kDeviceId), deviceId.toUtf8()).ok() &&
                         s.setValue(QLatin1String(kHubId), "HUB-TEST").ok() &&
                         s.setValue(QLatin1String(kSuite), "gm").ok() &&
                         s.setValue(QLatin1String(kDeviceKey), devicePem).ok() &&
                         s.setValue(QLatin1String(kHubEncryptionKey), hubEncryption->publicKey().toPem()).ok() &&
                         s.setValue(QLatin1String(kHubSigningKey), hubSigning->publicKey().toPem()).ok();
    if (!written)
        return nullptr;
    auto device = sync::EnrolledDevice::load(s);
    return device.ok() ? std::move(device).value() : nullptr;
}

} // namespace ow::test
