#pragma once

#include "protocol/Messages.h"
#include "server/HubContext.h"

namespace ow::hub {

// Devices joining the county and proving who they are (PROTOCOL.md §2, §1.2, §5.4).
class EnrollmentService
{
public:
    explicit EnrollmentService(HubContext &context)
        : m_context(context)
    {}

    // A device enrolled with a one-time code and a proof that it holds its signing key.
    ServiceResult<protocol::EnrollAnswer> enroll(const QByteArray &body);
    // The enrolled, unrevoked device that signed this request.
    // `verifiedWith`: the request's signature was checked already (on another thread) against
    // this key; when it is the device's enrolled key it is not checked again.
    ServiceResult<DeviceIdentity> authenticate(const HeaderMap &headers, const QByteArray &method,
                                               const QByteArray &pathAndQuery, const QByteArray &body,
                                               const crypto::PublicKey *verifiedWith = nullptr);
    // The enrolled, unrevoked device of this id with its key, without any request to check: what
    // the server needs to verify a packet's signatures on another thread before authenticate().
    ServiceResult<DeviceIdentity> enrolled(const QString &deviceId);
    // The request's signature alone against `key` (no database): true when it verifies and the
    // timestamp is a number. Thread-safe.
    static bool signatureVerifies(const HeaderMap &headers, const QByteArray &method, const QByteArray &pathAndQuery,
                                  const QByteArray &body, crypto::Suite suite, const crypto::PublicKey &key);
    // The county's enrolled devices' code-signing public keys, revoked ones with their time.
    ServiceResult<protocol::DeviceKeysAnswer> deviceKeys(const DeviceIdentity &device);
    // deviceKeys() as the bytes of its answer and their ETag. Every device asks for it each sync
    // cycle, so the answer is kept and built again only when a device was enrolled or revoked
    // since (on any hub of the database: a one-row summary of the devices table tells).
    struct DeviceKeysDocument
    {
        QByteArray body;
        QByteArray etag; // quoted
    };
    ServiceResult<DeviceKeysDocument> deviceKeysDocument(const DeviceIdentity &device);

private:
    HubContext &m_context;
    QString m_keysSummary; // of the devices table when m_keysDocument was built
    DeviceKeysDocument m_keysDocument;
};

// Upper case, without hyphens or spaces: how enrollment codes are compared and hashed.
QByteArray normaliseEnrollCode(const QString &code);

} // namespace ow::hub
