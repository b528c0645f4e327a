#pragma once

#include "common/Clock.h"
#include "crypto/Keys.h"
#include "crypto/Suite.h"
#include "domain/Role.h"
#include "server/HubCatalog.h"
#include "server/HubDatabase.h"
#include "server/HubKeys.h"
#include "server/HubReply.h"

#include <QDateTime>
#include <QHash>
#include <QMap>
#include <QSet>
#include <QString>

#include <variant>

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

struct HubCounters
{
    quint64 packetsStored = 0;
    quint64 packetsDuplicate = 0;
    QMap<QByteArray, quint64> packetsRejected;
    quint64 uploadBytes = 0;
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

// The hub's behaviour (server/PROTOCOL.md), free of HTTP so `import-packets` shares it.
// Every write is one transaction, committed before the reply is built.
class HubService
{
public:
    HubService(HubDatabase &db, const HubKeys &keys, const HubCatalog *catalog, HubLimits limits,
               const Clock &clock = SystemClock::instance());

    const HubLimits &limits() const { return m_limits; }
    const HubCounters &counters() const { return m_counters; }

    // Administration (command line).
    Result<QString> issueEnrollCode(int ttlHours);
    Status revokeDevice(const QString &deviceId);
    // Wipes `password` in place, whatever the outcome.
    Status addOperator(const QString &username, const QString &role, const QString &department, QByteArray &password);
    // Shuts an operator's account: no sign-in, and its tokens stop working at once. Disabling a
    // disabled account does nothing; NotFound for a name that is no account.
    Status disableOperator(const QString &username);
    // Ends every sign-in of an operator (tokens revoked at once); the account stays usable.
    Result<int> revokeTokens(const QString &username);
    Result<QJsonObject> stats();
    // Deletes the uploads never bound to a packet that were created more than
    // `uploadExpirySecs` ago, with their bytes; `deviceId` empty → of every device. The count.
    Result<int> purgeExpiredUploads(const QString &deviceId = {});

    // Devices.
    Reply enroll(const QByteArray &body);
    // On success fills `device`; otherwise the reply to send.
    std::optional<Reply> authenticateDevice(const HeaderMap &headers, const QByteArray &method,
                                            const QByteArray &pathAndQuery, const QByteArray &body,
                                            DeviceIdentity &device);
    // `device` empty → import from media: the manifest's device is trusted after its signature.
    Reply ingestPacket(const QString &device, const QByteArray &envelope,
                       const QMap<QString, QByteArray> &externalParts = {});
    Reply createUpload(const DeviceIdentity &device, const QByteArray &body);
    Reply uploadStatus(const DeviceIdentity &device, const QString &uploadId);
    Reply appendUpload(const DeviceIdentity &device, const QString &uploadId, const QByteArray &offsetHeader,
                       const QByteArray &chunk);
    Reply events(const DeviceIdentity &device, const QString &after, const QString &limit);
    Reply catalog(const QByteArray &ifNoneMatch) const;
    // A citizen's receipt code shown at `device` (any enrolled device): the case's states, times,
    // departments and data-use record, never the applicant's personal data (PROTOCOL.md §5.3).
    Reply progress(const DeviceIdentity &device, const QByteArray &body);
    // The county's enrolled devices' code-signing public keys (§5.4), revoked ones with their time.
    Reply deviceKeys(const DeviceIdentity &device);

    // Operators.
    Reply login(const QByteArray &body);
    // The same sign-in in three steps, so the password hash (PBKDF2, the slow part) can run on
    // another thread: beginLogin and finishLogin on the service's thread, checkLoginPassword on
    // any. One sign-in per user name at a time: another while one is being checked gets 429.
    struct PendingLogin
    {
        QString username;
        QByteArray password;
        QString hash; // the account's, or a dummy one for a name that is no account
        bool known = false;
        qint64 id = 0;
        std::optional<Role> role;
        QString department;
        int failed = 0;
        QString lockedUntil;
        QString actor;
        QDateTime current;
        bool disabled = false; // said only after the right password
    };
    std::variant<Reply, PendingLogin> beginLogin(const QByteArray &body);
    static bool checkLoginPassword(const PendingLogin &pending);
    Reply finishLogin(PendingLogin pending, bool passwordOk);
    std::optional<Reply> authenticateOperator(const HeaderMap &headers, OperatorIdentity &op);
    Reply logout(const HeaderMap &headers);
    Reply queue(const OperatorIdentity &op, const QString &department, const QString &state, const QString &limit);
    Reply caseDetail(const OperatorIdentity &op, const QString &caseId);
    Reply decide(const OperatorIdentity &op, const QString &caseId, const QByteArray &body);

    Reply health();

private:
    Reply rejectPacket(int status, const char *code, const QString &message);
    Reply dbFailure(const Error &error);
    // Failed sign-in of a name that is no account: counted like an account's (PROTOCOL.md §7).
    Status recordUnknownNameFailure(const QString &username, int failures, const QVariant &lockedUntil);
    Result<QByteArray> uploadBlob(const QString &uploadId);
    // One audit entry: actor ("operator:ID", "device:ID", "admin"), action, target, outcome.
    Status audit(const QString &actor, const char *action, const QString &target, const char *outcome);
    std::optional<crypto::PublicKey> cachedKey(const QString &pem);
    QString now() const;

    HubDatabase &m_db;
    const HubKeys &m_keys;
    const HubCatalog *m_catalog;
    HubLimits m_limits;
    const Clock &m_clock;
    HubCounters m_counters;
    QHash<QString, crypto::PublicKey> m_keyCache; // by PEM; keys are immutable
    QString m_dummyPasswordHash;                  // for sign-ins of unknown users
    QSet<QString> m_loginsInFlight;               // user names whose password is being checked
};

// PBKDF2-SM3 password records ("pbkdf2-sm3$ITERATIONS$SALT$HASH"). Both wipe `password` in place:
// the caller's buffer, never a copy of it.
QString hashPassword(QByteArray &password, int iterations);
bool checkPassword(QByteArray &password, const QString &stored);

// Upper case, without hyphens or spaces: how enrollment codes are compared and hashed.
QByteArray normaliseEnrollCode(const QString &code);

} // namespace ow::hub
