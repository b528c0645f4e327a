#include "server/HubUploads.h"

#include "crypto/Cipher.h"
#include "crypto/Digest.h"
#include "protocol/Messages.h"
#include "server/HubLogging.h"

#include <algorithm>

namespace ow::hub {

namespace {

ServiceError noSuchUpload()
{
    return ServiceError(Refusal::NotFound, "not_found", QStringLiteral("no such upload"));
}

} // namespace

Result<int> UploadService::purgeExpired(const QString &deviceId)
{
    HubDatabase &db = m_context.db();
    // Times are ISO 8601 UTC with milliseconds throughout: text order is time order.
    const qint64 expiry = m_context.limits().uploadExpirySecs;
    const QString before = crypto::wireTime(m_context.clock().now().addSecs(-expiry));
    Transaction tx(db);
    OW_TRY(tx.begin());
    // The upload rows first: deleting them re-checks `bound` under the row lock, so an upload that
    // a packet binds at this moment (another hub, same database) keeps its bytes.
    auto uploads =
        deviceId.isEmpty()
            ? db.exec(QStringLiteral("DELETE FROM uploads WHERE bound = 0 AND created_at < ? RETURNING id"), {before})
            : db.exec(QStringLiteral("DELETE FROM uploads WHERE bound = 0 AND created_at < ? AND device_id = ? "
                                     "RETURNING id"),
                      {before, deviceId});
    if (!uploads)
        return uploads.error();
    QStringList ids;
    while (uploads->next())
        ids.append(uploads->value(0).toString());
    uploads->finish();
    for (const QString &id : std::as_const(ids))
        OW_TRY(db.exec(QStringLiteral("DELETE FROM upload_chunks WHERE upload_id = ?"), {id}));
    OW_TRY(tx.commit());
    if (!ids.isEmpty())
        qCInfo(lcHub, "%lld unbound uploads older than %lld s purged", static_cast<long long>(ids.size()), expiry);
    return static_cast<int>(ids.size());
}

Result<QByteArray> UploadService::blob(const QString &uploadId)
{
    auto chunks = m_context.db().exec(
        QStringLiteral("SELECT data FROM upload_chunks WHERE upload_id = ? ORDER BY chunk_offset"), {uploadId});
    if (!chunks)
        return chunks.error();
    QByteArray bytes;
    while (chunks->next())
        bytes.append(chunks->value(0).toByteArray());
    return bytes;
}

ServiceResult<UploadService::Slot> UploadService::create(const DeviceIdentity &device, const QByteArray &body)
{
    auto request = service::readRequest<protocol::UploadCreateRequest>(body, QStringLiteral("upload creation request"));
    if (!request)
        return request.error();
    const QString &packetId = request->packetId;
    const QString &name = request->name;
    const qint64 length = request->length;
    const QString digest = QString::fromLatin1(request->digest);
    const HubLimits &limits = m_context.limits();
    if (!service::isSafeId(name, 64))
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("upload name is not a part name"));
    if (length > limits.maxUploadLength)
        return ServiceError(Refusal::TooLarge, "too_large", QStringLiteral("upload longer than the hub accepts"));
    // This device's uploads that were never bound to a packet go first, so the quota counts the
    // live ones only (the periodic purge does the same for every device).
    OW_TRY(purgeExpired(device.id));
    HubDatabase &db = m_context.db();
    auto found = db.exec(QStringLiteral("SELECT id, length, digest, upload_offset FROM uploads "
                                        "WHERE device_id = ? AND packet_id = ? AND name = ?"),
                         {device.id, packetId, name});
    OW_TRY(found);
    if (found->next()) {
        if (found->value(1).toLongLong() != length || found->value(2).toString() != digest)
            return ServiceError(Refusal::Conflict, "digest_conflict",
                                QStringLiteral("upload exists with another length or digest"));
        return Slot{found->value(0).toString(), found->value(3).toLongLong(), false};
    }
    found->finish();
    // A quota on what one device may park at the hub: the declared lengths of its unbound uploads.
    // They are freed when their packet is stored or when they expire, so the device retries later.
    auto held = db.exec(
        QStringLiteral("SELECT COALESCE(SUM(length), 0) FROM uploads WHERE device_id = ? AND bound = 0"), {device.id});
    OW_TRY(held);
    const qint64 heldBytes = held->next() ? held->value(0).toLongLong() : 0;
    held->finish();
    if (heldBytes > limits.maxUnboundUploadBytes - length) {
        qCInfo(lcHub, "upload refused: device %s holds %lld unbound bytes", qPrintable(device.id), heldBytes);
        return ServiceError(
                   Refusal::TooMany, "upload_quota",
                   QStringLiteral("the device's unfinished uploads exceed its quota; send their packets first"))
            .retryAfter(std::clamp<qint64>(limits.uploadExpirySecs / 4, 60, 3600));
    }
    const QString id = QStringLiteral("u-") + QString::fromLatin1(crypto::randomBytes(12).toHex());
    OW_TRY(db.exec(QStringLiteral("INSERT INTO uploads (id, device_id, packet_id, name, length, upload_offset, "
                                  "digest, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)"),
                   {id, device.id, packetId, name, length, digest, m_context.now()}));
    return Slot{id, 0, true};
}

ServiceResult<UploadService::Progress> UploadService::status(const DeviceIdentity &device, const QString &uploadId)
{
    auto found =
        m_context.db().exec(QStringLiteral("SELECT upload_offset, length FROM uploads WHERE id = ? AND device_id = ?"),
                            {uploadId, device.id});
    OW_TRY(found);
    if (!found->next())
        return noSuchUpload();
    return Progress{found->value(0).toLongLong(), found->value(1).toLongLong()};
}

ServiceResult<qint64> UploadService::append(const DeviceIdentity &device, const QString &uploadId,
                                            const QByteArray &offsetHeader, const QByteArray &chunk)
{
    bool numeric = false;
    const qint64 offset = offsetHeader.toLongLong(&numeric);
    if (!numeric || offset < 0)
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("Upload-Offset missing or invalid"));
    if (chunk.isEmpty())
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("empty chunk"));
    HubDatabase &db = m_context.db();
    Transaction tx(db);
    OW_TRY(tx.begin());
    auto found = db.exec(
        QStringLiteral("SELECT upload_offset, length, digest, bound FROM uploads WHERE id = ? AND device_id = ?"),
        {uploadId, device.id});
    OW_TRY(found);
    if (!found->next())
        return noSuchUpload();
    const qint64 stored = found->value(0).toLongLong();
    const qint64 length = found->value(1).toLongLong();
    const QByteArray digest = found->value(2).toString().toLatin1();
    found->finish();
    if (offset != stored)
        return ServiceError(Refusal::Conflict, "offset_mismatch",
                            QStringLiteral("Upload-Offset is not the stored offset"))
            .atOffset(stored);
    if (offset + chunk.size() > length)
        return ServiceError(Refusal::TooLarge, "too_large", QStringLiteral("chunk goes past Upload-Length"));
    OW_TRY(db.exec(QStringLiteral("INSERT INTO upload_chunks (upload_id, chunk_offset, data) VALUES (?, ?, ?)"),
                   {uploadId, offset, chunk}));
    const qint64 newOffset = offset + chunk.size();
    OW_TRY(db.exec(QStringLiteral("UPDATE uploads SET upload_offset = ? WHERE id = ?"), {newOffset, uploadId}));
    if (newOffset == length) {
        auto bytes = blob(uploadId);
        OW_TRY(bytes);
        if (crypto::suiteDigestHex(device.suite, *bytes) != digest) {
            // Start again from zero: a corrupted upload is never bound to a packet.
            tx.commit().ok();
            Transaction reset(db);
            if (reset.begin().ok() &&
                db.exec(QStringLiteral("DELETE FROM upload_chunks WHERE upload_id = ?"), {uploadId}).ok() &&
                db.exec(QStringLiteral("UPDATE uploads SET upload_offset = 0 WHERE id = ?"), {uploadId}).ok())
                reset.commit().ok();
            return ServiceError(Refusal::BadRequest, "digest_mismatch",
                                QStringLiteral("upload digest mismatch; upload reset"))
                .atOffset(0);
        }
    }
    OW_TRY(tx.commit());
    m_bytesReceived += static_cast<quint64>(chunk.size());
    return newOffset;
}

} // namespace ow::hub
