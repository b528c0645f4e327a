#pragma once

#include "server/HubContext.h"

namespace ow::hub {

// Resumable uploads of packets' large parts (PROTOCOL.md §4): per-device quota, expiry of
// uploads never bound to a packet.
class UploadService
{
public:
    explicit UploadService(HubContext &context)
        : m_context(context)
    {}

    struct Slot
    {
        QString id;
        qint64 offset = 0;
        bool created = false; // false: the same upload existed already
    };
    struct Progress
    {
        qint64 offset = 0;
        qint64 length = 0;
    };

    ServiceResult<Slot> create(const DeviceIdentity &device, const QByteArray &body);
    ServiceResult<Progress> status(const DeviceIdentity &device, const QString &uploadId);
    // The new offset.
    ServiceResult<qint64> append(const DeviceIdentity &device, const QString &uploadId, const QByteArray &offsetHeader,
                                 const QByteArray &chunk);
    // Deletes the uploads never bound to a packet that were created more than `uploadExpirySecs`
    // ago, with their bytes; `deviceId` empty → of every device. The count.
    Result<int> purgeExpired(const QString &deviceId = {});
    // A completed upload's bytes.
    Result<QByteArray> blob(const QString &uploadId);

    quint64 bytesReceived() const { return m_bytesReceived; }

private:
    HubContext &m_context;
    quint64 m_bytesReceived = 0;
};

} // namespace ow::hub
