#pragma once

#include "common/Clock.h"
#include "common/SecretBytes.h"
#include "domain/Case.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <QDate>
#include <QList>

#include <functional>
#include <optional>

namespace ow {

class SettingsRepository
{
public:
    explicit SettingsRepository(Database &db)
        : m_db(db)
    {}
    Result<std::optional<QByteArray>> value(const QString &key);
    Status setValue(const QString &key, const QByteArray &value);

private:
    Database &m_db;
};

// What a new case starts with; the repository mints the number.
struct NewCase
{
    QString itemCode;
    int itemVersion = 1;
    QString applicantIdNumber; // used only to derive the keyed hash and the masked form
    QByteArray formJson;
};

class CaseRepository
{
public:
    CaseRepository(Database &db, AuditLog &audit, const Clock &clock, QString deviceId, const SecretBytes &indexKey);

    // Creates a draft with a freshly minted number, its first event and audit entry, atomically.
    Result<Case> create(const NewCase &data, const Actor &actor);
    // Moves a case to another state through the one transition table; event + audit in one
    // transaction. `note` is the opinion or reason shown in the case history.
    Result<Case> transition(const QString &number, CaseState to, const Actor &actor, const QString &note);
    Result<Case> updateForm(const QString &number, const QByteArray &formJson, const QStringList &changedFields,
                            const Actor &actor);
    // Reads a case for display; records who read it and why in the audit chain.
    Result<Case> read(const QString &number, const Actor &actor, const QString &purpose);
    Status setSyncState(const QString &number, SyncState state, const Actor &actor);
    // The hub's verified receipt arrived: sync state Acknowledged plus an "acknowledged" event whose
    // time starts the retention period. Idempotent: a second call changes nothing.
    Status markAcknowledged(const QString &number, const Actor &actor);
    // Removes the personal data (form, applicant hash and mask, attachment bytes, sent packet
    // bodies) of cases acknowledged before `acknowledgedBefore`; number, state, history and the
    // receipt stay. Returns how many cases were purged. With `onlyEnded`, only cases that have
    // ended (issued, not accepted, withdrawn, returned: caseState::isTerminal) and ended before
    // the same moment are purged: a service hall desk keeps what it still has to hand over.
    Result<int> purgeAcknowledged(const QDateTime &acknowledgedBefore, const Actor &actor, bool onlyEnded = false);
    // The same for drafts (visits saved for the window) created before `createdBefore`: their
    // pickup codes have expired and nobody may take them over, so their personal data goes; the
    // number and history stay. Audited with `reason`. Returns how many drafts were purged.
    Result<int> purgeDraftsCreatedBefore(const QDateTime &createdBefore, const Actor &actor, const QString &reason);
    // The same for one draft a service window has taken over (its copy travelled on); a draft
    // already purged, or no longer a draft, is left alone (returns 0).
    Result<int> purgeDraft(const QString &number, const Actor &actor, const QString &reason);
    // A packet the hub has stored, with its verified receipt.
    struct Receipted
    {
        QString caseNumber; // may name no local case
        qint64 outboxId = 0;
        QByteArray receipt;
    };
    // For each: markAcknowledged() of its case and the outbox row sent with the receipt; all in one
    // transaction (one disk sync for a whole batch).
    Status acknowledgeWithReceipts(const QList<Receipted> &packets, const Actor &actor);

    // Lookups that do not touch personal data and are not audited as reads.
    Result<std::optional<Case>> findByNumber(const QString &number);
    Result<QList<Case>> byState(CaseState state, int limit = 1000);
    Result<QList<Case>> byItem(const QString &itemCode, int limit = 1000);
    Result<QList<Case>> byApplicant(const QString &idNumber, int limit = 1000);
    Result<QList<Case>> byCreatedDay(const QDate &from, const QDate &to, int limit = 1000);
    Result<QList<CaseEvent>> events(const QString &number);
    Result<qint64> count();

    QByteArray applicantHash(const QString &idNumber) const;

private:
    Result<QList<Case>> query(const char *where, const std::function<void(Statement &)> &bind, int limit);
    // Removes form, applicant and attachment bytes of the given cases (id, number), one
    // transaction each, with a "purged" event and an audit entry naming `reason`.
    Result<int> purgePersonalData(const QList<QPair<qint64, QString>> &cases, const Actor &actor,
                                  const QString &reason);
    Status addEvent(qint64 caseId, const Actor &actor, const QString &action, const QString &from, const QString &to,
                    const QString &note);
    Result<qint64> nextSequence();
    Status acknowledgeInTransaction(const QString &number, const Actor &actor);

    Database &m_db;
    AuditLog &m_audit;
    const Clock &m_clock;
    QString m_deviceId;
    const SecretBytes &m_indexKey;
};

struct Attachment
{
    qint64 id = 0;
    qint64 caseId = 0;
    QString material;
    QString mime;
    qint64 size = 0;
    QByteArray digest; // SM3 of the content
    QDateTime createdAt;
};

// Attachment bytes live inside the encrypted store, never as clear files.
class AttachmentRepository
{
public:
    AttachmentRepository(Database &db, AuditLog &audit, const Clock &clock)
        : m_db(db)
        , m_audit(audit)
        , m_clock(clock)
    {}
    Result<Attachment> add(const QString &caseNumber, const QString &material, const QString &mime,
                           const QByteArray &data, const Actor &actor);
    Result<QList<Attachment>> forCase(const QString &caseNumber);
    Result<QByteArray> content(qint64 attachmentId, const Actor &actor, const QString &purpose);

private:
    Database &m_db;
    AuditLog &m_audit;
    const Clock &m_clock;
};

// Where a row of the outbox is. Stored as key(): "pending", "sent", "rejected".
enum class OutboxState {
    Pending,  // waits for its next attempt
    Sent,     // the hub acknowledged it with a verified receipt
    Rejected, // refused for good; never sent again
};

namespace outboxState {
QString key(OutboxState state);
std::optional<OutboxState> fromKey(const QString &key);
} // namespace outboxState

struct OutboxItem
{
    qint64 id = 0;
    QString packetId;
    QString kind;
    QByteArray payload;
    int attempts = 0;
    QDateTime nextAttemptAt;
    OutboxState state = OutboxState::Pending;
    qint64 uploadOffset = 0;
    QString lastError;
};

// Sealed packets waiting to go to the hub.
class OutboxRepository
{
public:
    OutboxRepository(Database &db, const Clock &clock)
        : m_db(db)
        , m_clock(clock)
    {}
    Result<qint64> enqueue(qint64 caseId, const QString &packetId, const QString &kind, const QByteArray &payload);
    Result<QList<OutboxItem>> due(int limit);
    Status recordFailure(qint64 id, const QDateTime &nextAttempt, const QString &error);
    Status recordOffset(qint64 id, qint64 offset);
    Status markSent(qint64 id, const QByteArray &receipt);
    Status markRejected(qint64 id, const QString &error);
    Result<qint64> pendingCount();
    // True when a packet for this case is in the outbox in any state (a case is sealed once).
    Result<bool> hasPacketForCase(qint64 caseId);
    // True while an external part ("<packetId>/<name>") of this packet still waits to go up.
    Result<bool> hasPendingParts(const QString &packetId);
    // Every row in a state, oldest first; for export and reports.
    Result<QList<OutboxItem>> inState(OutboxState state, int limit);

private:
    Database &m_db;
    const Clock &m_clock;
};

} // namespace ow
