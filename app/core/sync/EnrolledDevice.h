#pragma once

#include "sync/DeviceIdentity.h"
#include "sync/Http.h"

#include "common/Result.h"
#include "crypto/Keys.h"
#include "crypto/Suite.h"

#include <memory>

namespace ow {
class SettingsRepository;
class Store;
} // namespace ow

namespace ow::sync {

// This device as the hub knows it after enrollment (PROTOCOL.md §2): its id, its signing key and
// the pinned hub keys. Everything is kept in the store's settings table, so inside the encrypted
// store file and nowhere else.
class EnrolledDevice final : public DeviceIdentity
{
public:
    // Enrolls with a one-time code from `onewindow-hub enroll-code`: generates the signing key
    // pair, registers its public half, pins the hub keys. Refuses when already enrolled.
    static Result<std::unique_ptr<EnrolledDevice>> enroll(Store &store, Transport &transport, const QString &code,
                                                          const QString &deviceName,
                                                          crypto::Suite suite = crypto::DefaultSuite);
    // Loads the enrollment kept in the store; NotFound when the device is not enrolled yet.
    static Result<std::unique_ptr<EnrolledDevice>> load(SettingsRepository &settings);

    QString deviceId() const override { return m_deviceId; }
    QString suite() const override { return crypto::suiteName(m_suite); }
    Result<HeaderList> authHeaders(const QByteArray &method, const QByteArray &pathAndQuery, const QByteArray &body,
                                   qint64 unixTime, const HeaderList &headers) const override;
    const crypto::PublicKey &hubSigningKey() const override { return m_hubSigning; }

    crypto::Suite cryptoSuite() const { return m_suite; }
    const crypto::PrivateKey &signingKey() const { return m_signingKey; }
    const crypto::PublicKey &hubEncryptionKey() const { return m_hubEncryption; }
    QString hubId() const { return m_hubId; }

    // Normalises an enrollment code: upper case, hyphens and spaces removed. Empty when it is not
    // 12 characters of the code alphabet.
    static QByteArray normaliseCode(const QString &code);

private:
    EnrolledDevice() = default;

    QString m_deviceId;
    QString m_hubId;
    crypto::Suite m_suite = crypto::DefaultSuite;
    crypto::PrivateKey m_signingKey;
    crypto::PublicKey m_hubEncryption;
    crypto::PublicKey m_hubSigning;
};

// Setting keys of the sync module.
namespace settingKey {
inline constexpr char kDeviceId[] = "sync.deviceId";
inline constexpr char kHubId[] = "sync.hubId";
inline constexpr char kSuite[] = "sync.suite";
inline constexpr char kDeviceKey[] = "sync.deviceSigningKey";
inline constexpr char kHubEncryptionKey[] = "sync.hubEncryptionKey";
inline constexpr char kHubSigningKey[] = "sync.hubSigningKey";
inline constexpr char kPacketSequence[] = "sync.packetSequence";
inline constexpr char kEventsCursor[] = "sync.eventsCursor";
inline constexpr char kCatalogEtag[] = "sync.catalogEtag";
inline constexpr char kCatalog[] = "sync.catalog";
inline constexpr char kDeviceKeysEtag[] = "sync.deviceKeysEtag";
} // namespace settingKey

} // namespace ow::sync
