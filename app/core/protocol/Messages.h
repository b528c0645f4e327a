#pragma once

#include "common/Result.h"
#include "crypto/Keys.h"
#include "crypto/Packet.h"
#include "crypto/Receipt.h"
#include "crypto/Suite.h"
#include "domain/CaseState.h"
#include "domain/Role.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

// The wire messages of server/PROTOCOL.md, one type each. fromJson() checks required fields,
// types, ranges and enum values and refuses with a translated message and a log detail that
// names the field; toJson() writes the one spelling. Client and hub both use these types.
namespace ow::protocol {

// The protocol version this code speaks (PROTOCOL.md, first line and change notes).
inline constexpr int MajorVersion = 1;
inline constexpr int MinorVersion = 16;

// ---------------------------------------------------------------- enums on the wire

// A case state on the wire: the domain key (caseState::key). Version 1.0 hubs wrote
// "correction_requested"; it is still read until version 1.2.
std::optional<CaseState> stateFromWire(const QString &key);
QString stateToWire(CaseState state);
// The states a reviewer's decision may set (§8): approved, denied, correctionRequested, and
// since 1.12 suspended (a special procedure starts) and underReview (it ends).
bool isDecision(CaseState state);

// What an event (§5) reports.
enum class EventType {
    Received,   // stored at the hub and routed
    Decision,   // a reviewer decided
    Issued,     // the window handed the result over or mailed it (出件, protocol 1.10)
    DraftTaken, // 1.9: a window took over this device's kiosk draft (state draft); the device wipes it
};
namespace eventType {
QString key(EventType type);
std::optional<EventType> fromKey(const QString &key);
} // namespace eventType

// The suite label of an envelope or an enrollment request, read before anything else so the hub
// can answer `wrong_suite` (§2, §3.2).
std::optional<crypto::Suite> suiteLabel(const QJsonObject &object);

// ---------------------------------------------------------------- errors (§0)

struct ErrorBody
{
    QString error;   // the code clients branch on, e.g. "digest_conflict"
    QString message; // English detail for logs, never shown to citizens
    // 1.14, on a decision's 409 (`already_decided`, `in_special_procedure`, `not_suspended`): the
    // last decision the case holds, on which packet, and whether the operator asking took it (a
    // decision that reached the hub although its answer was lost). Never who else took it.
    struct Decided
    {
        CaseState state = CaseState::Received;
        QString packetId;
        bool yours = false;
    };
    std::optional<Decided> decided;

    static Result<ErrorBody> fromJson(const QJsonObject &object);
    // The code of an error body, empty when the body is not one.
    static QString codeOf(const QByteArray &body);
    // The `decided` of an error body, when it has one.
    static std::optional<Decided> decidedOf(const QByteArray &body);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- enrollment (§2)

struct EnrollRequest
{
    QString code; // as typed, with or without hyphens
    crypto::Suite suite = crypto::DefaultSuite;
    QString name;          // 1…200 characters
    QByteArray signingKey; // SubjectPublicKeyInfo PEM
    QByteArray proof;      // sign(deviceKey, enrollmentProofInput(code))
    QString casePrefix;    // protocol 1.8: the prefix of the device's case numbers; empty → none asked

    static Result<EnrollRequest> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

struct HubPublicKeys
{
    QByteArray encryption; // PEM
    QByteArray signing;    // PEM
};

struct EnrollAnswer
{
    QString deviceId;
    QString hubId;
    crypto::Suite suite = crypto::DefaultSuite;
    QMap<crypto::Suite, HubPublicKeys> hubKeys; // at least the answer's suite
    QString casePrefix;                         // protocol 1.8: the prefix reserved for this device, if asked

    static Result<EnrollAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- packets (§3)

using Manifest = crypto::Manifest;
using ManifestPart = crypto::ManifestPart;

// The POST /v1/packets body. Built by crypto::PacketSealer; taken apart by crypto::PacketOpener
// (structure only: nothing is trusted until the hub verified the signature and the digests).
struct PacketEnvelope
{
    crypto::ParsedPacket packet;
    QByteArray bytes; // the envelope exactly as it travels

    static Result<PacketEnvelope> fromJson(const QByteArray &envelope);
    QByteArray toJson() const { return bytes; }
    const Manifest &manifest() const { return packet.manifest; }
    // hex(digest(suite, manifestBytes)): decides 200 against 409.
    const QByteArray &digest() const { return packet.digest; }
};

// The hub-signed receipt document (§3.3): {"receipt", "signature", "suite"}.
struct ReceiptDocument
{
    crypto::ReceiptData data;
    QByteArray bytes; // the document exactly as the hub sent it, kept as proof

    // Signs a receipt with the hub's key (hub side).
    static Result<ReceiptDocument> sign(crypto::Suite suite, const crypto::PrivateKey &hubSigningKey,
                                        const crypto::ReceiptData &data);
    // Accepts a document only when its signature verifies against the pinned hub key.
    static Result<ReceiptDocument> fromJson(const QByteArray &document, const crypto::PublicKey &hubSigningKey);
    QByteArray toJson() const { return bytes; }
};

// ---------------------------------------------------------------- uploads (§4)

struct UploadCreateRequest
{
    QString packetId;
    QString name; // the part name in the manifest, e.g. "att-0"
    qint64 length = 0;
    QByteArray digest; // hex digest(suite, blob)

    static Result<UploadCreateRequest> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

struct UploadCreateAnswer
{
    QString uploadId;

    static Result<UploadCreateAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- events (§5)

struct Event
{
    QString cursor;
    EventType type = EventType::Received;
    QString caseId;
    QString packetId;
    CaseState state = CaseState::Received;
    QString opinion; // may be empty
    QString department;
    QString at;

    static Result<Event> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

struct EventsPage
{
    QList<Event> events;
    QString next;
    bool more = false;

    static Result<EventsPage> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- catalog (§6)

struct CatalogAnswer
{
    QJsonArray items; // item JSON objects as in forms/items
    QString version;  // hex digest of the compact items array

    static Result<CatalogAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- operators (§7)

struct LoginRequest
{
    QString username;
    QString password;

    static Result<LoginRequest> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

struct LoginAnswer
{
    QString token;
    QString expiresAt;
    QString username;
    Role role = Role::DepartmentReviewer;
    QString department; // empty for roles without one

    static Result<LoginAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- queues and decisions (§8)

struct QueueEntry
{
    QString caseId;
    QString packetId;
    QString itemId;
    QString department;
    CaseState state = CaseState::Received;
    QString receivedAt;
    QString deviceId;
    // 1.12: the special procedure (特别程序) a suspended case is in, and the ones it went through,
    // whose working days its clocks do not count: (from, to) times.
    struct Procedure
    {
        QString kind; // domain/SpecialProcedure.h key
        QString reason;
        QString expectedEnd; // yyyy-MM-dd
        QString startedAt;
    };
    std::optional<Procedure> procedure;
    QList<QPair<QString, QString>> pauses;

    static Result<QueueEntry> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// The longest page token (`next`, `after=`) a hub writes or reads (1.13).
inline constexpr qsizetype MaxQueueTokenLength = 512;

struct QueueAnswer
{
    QList<QueueEntry> cases;
    // 1.13: how many cases the queue holds in all (absent from older hubs), and the token that
    // asks for the page after this one (`after=`); empty on the last page.
    std::optional<qint64> total;
    QString next;

    static Result<QueueAnswer> fromJson(const QJsonObject &object);
    // The answer's bytes read in one pass, without a JSON document in between: a department's
    // queue may hold tens of thousands of cases. The same checks and the same answer as
    // fromJson(parseObject(body)): the one pass reads every field the hub writes, and anything it
    // does not take (a field missing, repeated, unknown or of another type, a value out of range,
    // a time in another spelling, invalid UTF-8) is read again by that path, which names the
    // problem. A field added to QueueEntry must be added to both readers.
    static Result<QueueAnswer> fromBytes(const QByteArray &body);
    // The one pass alone: nullopt where it leaves the body to fromJson().
    static std::optional<QueueAnswer> readInOnePass(const QByteArray &body);
    QJsonObject toJson() const;
};

struct AttachmentInfo
{
    QString name;
    qint64 size = 0;
};

struct CaseDetail
{
    QString caseId;
    QString packetId;
    QString itemId;
    QString department;
    CaseState state = CaseState::Received;
    QString receivedAt;
    QJsonObject payload; // the opened payload JSON
    QList<AttachmentInfo> attachments;

    static Result<CaseDetail> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

inline constexpr qsizetype MaxOpinionLength = 2000;

struct DecisionRequest
{
    CaseState decision = CaseState::Approved; // approved, denied, correctionRequested, suspended, underReview
    QString packetId;                         // the packet the reviewer decided on (protocol 1.2)
    QString opinion;                          // required unless approved: for suspended the reason,
                                              // for underReview the outcome (≤ 500 chars each)
    QString procedureKind;                    // suspended only (1.12): domain/SpecialProcedure.h key
    QString expectedEnd;                      // suspended only (1.12): yyyy-MM-dd

    static Result<DecisionRequest> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

struct DecisionAnswer
{
    QString caseId;
    CaseState state = CaseState::Approved;
    QString cursor; // of the decision event

    static Result<DecisionAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- issuing the result (§8.1, 1.10)

// How the result reached the citizen. Who collected it and the tracking number stay on the desk
// that issued it; the hub learns only the way.
enum class IssueMethod {
    InPerson, // collected at the window
    Mail,     // mailed (邮寄送达)
};
namespace issueMethod {
QString key(IssueMethod method); // "inPerson", "mail"
std::optional<IssueMethod> fromKey(const QString &key);
} // namespace issueMethod

struct IssueRequest
{
    QString packetId; // the case's current packet, as the decision named it
    IssueMethod method = IssueMethod::InPerson;

    static Result<IssueRequest> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

struct IssueAnswer
{
    QString caseId;
    CaseState state = CaseState::Issued;
    QString cursor; // of the issued event

    static Result<IssueAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- progress (§5.3)

// A citizen's receipt code (OWR1, printed by the device that took the case) shown at any enrolled
// device: the hub verifies the code's signature and answers with states, times and departments.
struct ProgressQuery
{
    QString receiptCode;

    static Result<ProgressQuery> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// One step of the case's timeline: received, then each decision.
struct ProgressStep
{
    EventType type = EventType::Received;
    CaseState state = CaseState::Received;
    QString department;
    QString at;
    // 1.12, on a suspended step only: the special procedure's kind and expected end (never its
    // reason: free text a reviewer wrote may name people, and the answer is shown at kiosks).
    QString procedureKind;
    QString expectedEnd;
};

// One use of the case's data at the hub: who (a role, never a name), what, when.
struct DataUse
{
    QString at;
    QString actor;      // a role key (domain/Role.h), "device" or "admin"
    QString department; // the actor's department; may be empty
    QString action;     // "case_open", "decision", "progress_query", ...
};

struct ProgressAnswer
{
    QString caseId;
    QString itemId;
    CaseState state = CaseState::Received;
    QString department;
    QString receivedAt;
    QString updatedAt;
    QList<ProgressStep> steps;
    QList<DataUse> dataUse;

    static Result<ProgressAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

// ---------------------------------------------------------------- device keys (§5.4)

// One enrolled device's public key for checking the codes it signs (receipts, pickup codes).
struct DeviceKey
{
    QString deviceId;
    QByteArray publicKey; // DER SubjectPublicKeyInfo
    QString enrolledAt;
    QString revokedAt; // empty while the device is enrolled; its earlier codes stay valid
};

// The county's enrolled devices and their keys; no names, no personal data.
struct DeviceKeysAnswer
{
    QList<DeviceKey> devices;

    static Result<DeviceKeysAnswer> fromJson(const QJsonObject &object);
    QJsonObject toJson() const;
};

} // namespace ow::protocol
