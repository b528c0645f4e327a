#pragma once

#include "common/Clock.h"
#include "crypto/Keys.h"
#include "crypto/Packet.h"
#include "crypto/Suite.h"
#include "domain/Role.h"
#include "protocol/JsonFields.h"
#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubResult.h"

#include <QHash>
#include <QMap>
#include <QString>

#include <mutex>
#include <optional>

namespace ow::hub {

struct HubLimits
{
    qint64 maxPacketBytes = 4 * 1024 * 1024;
    qint64 maxChunkBytes = 8 * 1024 * 1024;
    qint64 maxSmallBodyBytes = 64 * 1024;
    qint64 maxUploadLength = 64 * 1024 * 1024;
    qint64 tokenLifetimeSecs = 8 * 3600;
    qint64 clockSkewSecs = 300;
    int maxFailedLogins = 5;
    int maxUnknownLoginNames = 10000; // sign-in failures of names that are no account, kept for lockout
    qint64 lockoutSecs = 15 * 60;
    int passwordIterations = 120000;
    int maxPacketParts = 64;                                  // manifest parts per packet, payload included
    qint64 maxUnboundUploadBytes = qint64(256) * 1024 * 1024; // per device: declared lengths of unbound uploads
    qint64 uploadExpirySecs = 72 * 3600;                      // unbound uploads older than this are purged
};

struct DeviceIdentity
{
    QString id;
    crypto::Suite suite = crypto::DefaultSuite;
    crypto::PublicKey key;
};

struct OperatorIdentity
{
    qint64 id = 0;
    QString username;
    Role role = Role::DepartmentReviewer;
    QString department;
};

// Request headers, by lower-case name.
using HeaderMap = QHash<QByteArray, QByteArray>;

// What every hub service works with: the database, the hub's keys, its limits and clock, and the
// audit log. Holds no state of a hub's own beyond a cache of parsed device keys (keys never change
// under a PEM), so several hubs can share one database.
class HubContext
{
public:
    HubContext(HubDatabase &db, const HubKeys &keys, HubLimits limits, const Clock &clock)
        : m_db(db)
        , m_keys(keys)
        , m_limits(limits)
        , m_clock(clock)
    {}

    HubDatabase &db() { return m_db; }
    const HubKeys &keys() const { return m_keys; }
    const HubLimits &limits() const { return m_limits; }
    const Clock &clock() const { return m_clock; }
    QString now() const { return crypto::wireTime(m_clock.now()); }

    // One audit entry: actor ("operator:ID", "device:ID", "admin"), action, target, outcome.
    Status audit(const QString &actor, const char *action, const QString &target, const char *outcome);
    // Devices read events by cursor, so events must become visible in cursor order. On PostgreSQL
    // several hubs (one database) insert events at once, and a cursor drawn from the sequence
    // earlier can commit later, after a device has read past it: that event would never reach the
    // device. A transaction that writes events calls this right before, which holds the others
    // until it commits. SQLite has one writer at a time anyway.
    Status orderEvents();
    // A stored device key (PEM) parsed once in the process (every context, every reader thread):
    // OpenSSL's PEM decoders cost more than a signature check. Thread-safe.
    static std::optional<crypto::PublicKey> deviceKey(const QString &pem);

private:
    HubDatabase &m_db;
    const HubKeys &m_keys;
    HubLimits m_limits;
    const Clock &m_clock;
};

// Helpers the services share (HubContext.cpp).
namespace service {

ServiceError badJson();
// A request body as its typed message: bad_json when it is not a JSON object, bad_request
// (naming the field) when a field is missing, of the wrong type or out of range.
template<typename Message>
ServiceResult<Message> readRequest(const QByteArray &body, const QString &what)
{
    auto object = protocol::parseObject(body, what);
    if (!object)
        return badJson();
    auto message = Message::fromJson(*object);
    if (!message)
        return ServiceError(Refusal::BadRequest, "bad_request", message.error().logDetail);
    return std::move(message).value();
}
QByteArray digestHex(const QByteArray &data);
bool isSafeId(const QString &value, int maxLength = 128);
// A device's case-number prefix: 1 to 32 ASCII letters and digits (PROTOCOL.md §2).
bool isCasePrefix(const QString &value);
// The series a case number belongs to: what comes before its first hyphen.
QString casePrefixOf(const QString &caseNumber);

} // namespace service

} // namespace ow::hub
