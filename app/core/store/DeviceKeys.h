#pragma once

#include "common/Result.h"
#include "store/Database.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace ow {

// One device of the county and the public key it signs its codes with, as the hub last sent it.
struct StoredDeviceKey
{
    QString deviceId;
    QByteArray publicKey; // DER SubjectPublicKeyInfo
    QString enrolledAt;
    QString revokedAt; // empty while enrolled
};

// The county's device keys kept in the store (schema version 5 and later), so that receipts of
// other devices can be checked while the hub cannot be reached.
class DeviceKeyRepository
{
public:
    explicit DeviceKeyRepository(Database &db)
        : m_db(db)
    {}

    // Replaces every stored key with `keys` in one transaction; on failure the old keys stay.
    Status replaceAll(const QList<StoredDeviceKey> &keys, const QDateTime &fetchedAt);
    // Sorted by device id.
    Result<QList<StoredDeviceKey>> all();

private:
    Database &m_db;
};

} // namespace ow
