#include "store/DeviceKeys.h"

namespace ow {

Status DeviceKeyRepository::replaceAll(const QList<StoredDeviceKey> &keys, const QDateTime &fetchedAt)
{
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    {
        Statement clear(m_db, "DELETE FROM device_keys");
        OW_TRY(clear.run());
    }
    const QString at = fetchedAt.toUTC().toString(Qt::ISODateWithMs);
    Statement insert(m_db, "INSERT INTO device_keys (device_id, public_key, enrolled_at, revoked_at, fetched_at) "
                           "VALUES (?, ?, ?, ?, ?)");
    for (const StoredDeviceKey &key : keys) {
        insert.reset();
        insert.bind(1, key.deviceId).bind(2, key.publicKey).bind(3, key.enrolledAt).bind(5, at);
        if (key.revokedAt.isEmpty())
            insert.bindNull(4);
        else
            insert.bind(4, key.revokedAt);
        OW_TRY(insert.run());
    }
    return tx.commit();
}

Result<QList<StoredDeviceKey>> DeviceKeyRepository::all()
{
    Statement st(m_db, "SELECT device_id, public_key, enrolled_at, revoked_at FROM device_keys ORDER BY device_id");
    QList<StoredDeviceKey> keys;
    while (st.next()) {
        StoredDeviceKey key;
        key.deviceId = st.text(0);
        key.publicKey = st.blob(1);
        key.enrolledAt = st.text(2);
        key.revokedAt = st.isNull(3) ? QString() : st.text(3);
        keys.append(key);
    }
    OW_TRY(st.status());
    return keys;
}

} // namespace ow
