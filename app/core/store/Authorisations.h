#pragma once

#include "common/Clock.h"
#include "domain/Case.h"
#include "domain/CaseState.h"
#include "domain/HelperLifecycle.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace ow {

// The village helper (帮办代办员) who acts for a principal.
struct HelperAgent
{
    QString operatorId; // the helper's desk account
    QString name;       // display name, printed on the principal's receipt (代办人)
    QString maskedId;   // the helper's ID number masked (first 3 + last 4)
    QString phone;
};

// What the helper records from the signed authorisation (委托书).
struct NewAuthorisation
{
    QString principalIdNumber; // used only for the keyed hash and the masked form
    QString principalName;
    HelperAgent agent;
    QStringList scope;       // the service item ids the principal entrusts
    QDate validFrom;         // inclusive, China Standard Time calendar days
    QDate validTo;           // inclusive
    QByteArray photo;        // the photo or scan of the signed paper
    QString photoMime;       // "image/jpeg", "image/png"
    QByteArray signaturePng; // the principal's signature on the pad
};

// An authorisation as stored. The photo and the signature stay in the encrypted store on this
// desk (read through photo()/signature(), audited); only the reference, scope and validity travel
// with the case to the hub.
struct Authorisation
{
    qint64 id = 0;
    QString reference; // WT-<device>-<yyyyMMdd>-<seq>
    QString principalName;
    QString principalMasked;
    QByteArray principalHash;
    HelperAgent agent;
    QStringList scope;
    QDate validFrom;
    QDate validTo;
    bool hasPhoto = false;
    bool hasSignature = false;
    QDateTime createdAt;

    bool covers(const QString &itemCode) const { return scope.contains(itemCode); }
    bool validOn(const QDate &day) const { return day >= validFrom && day <= validTo; }
};

// One case a helper handles for a principal, with its lifecycle.
struct HelpedCase
{
    QString caseNumber;
    QString itemCode;
    CaseState state = CaseState::Draft;
    Authorisation authorisation;
    HelperLifecycle lifecycle{QDateTime(), 20};
};

// Authorisations (委托书) and the cases helpers handle under them, in the encrypted store (schema
// version 8). Every helper action on a principal's case is checked against the authorisation
// (authorises()) and audited under that case, so the principal's data-use record shows it; the
// recording of the authorisation itself is audited under its reference.
class AuthorisationRepository
{
public:
    using HashFunction = std::function<QByteArray(const QString &idNumber)>;

    AuthorisationRepository(Database &db, AuditLog &audit, const Clock &clock, QString deviceId,
                            HashFunction principalHash)
        : m_db(db)
        , m_audit(audit)
        , m_clock(clock)
        , m_deviceId(std::move(deviceId))
        , m_hash(std::move(principalHash))
    {}

    // Stores the authorisation with its photo and signature, audited "authorisation.record".
    // Invalid (translated) without a principal, a scope, a signature or a photo, or when valid-to
    // lies before valid-from.
    Result<Authorisation> record(const NewAuthorisation &data, const Actor &helper);
    Result<Authorisation> find(const QString &reference);
    Result<QList<Authorisation>> forAgent(const QString &agentOperatorId);
    Result<QByteArray> photo(const QString &reference, const Actor &actor, const QString &purpose);
    Result<QByteArray> signature(const QString &reference, const Actor &actor, const QString &purpose);

    // Whether `agentOperatorId` may act for the principal on `itemCode` at `at`: the newest of the
    // principal's authorisations to this helper that covers the item and is valid on that day.
    // Otherwise a translated reason: none recorded; not in its scope; expired; not yet valid.
    // A refusal is audited ("authorisation.check", outcome "denied") with the precise reason.
    Result<Authorisation> authorises(const QString &agentOperatorId, const QString &principalIdNumber,
                                     const QString &itemCode, const QDateTime &at, const Actor &actor);

    // The helper files a case (already created for the principal) under an authorisation: checked
    // with authorises(), then the 委托 step starts. Audited under the case ("helper.entrust").
    Result<HelpedCase> attachCase(const Case &c, const QString &reference, int handlingLimitDays, const Actor &helper);
    Result<std::optional<HelpedCase>> helpedCase(const QString &caseNumber);
    Result<QList<HelpedCase>> casesOf(const QString &agentOperatorId);

    // Hub and local events: the case was submitted (委托 closes) or changed state (受理/办理
    // close). Steps closed are stored and audited under the case; repeated events change nothing.
    Status recordSubmitted(const QString &caseNumber, const Actor &actor);
    Status recordCaseState(const QString &caseNumber, CaseState state, const Actor &actor);
    // The helper closes 送达, 归档, 上报 or 回访 with a note; checked with authorises() at the
    // clock's time (refused once the authorisation has expired), audited "helper.<step>".
    Result<HelpedCase> closeStep(const QString &caseNumber, HelperStep step, const QString &note, const Actor &helper);

    // The principal's data-use record for a helped case: the case's audit entries together with
    // those of its authorisation, in order.
    Result<QList<AuditEntry>> dataUse(const QString &caseNumber);

private:
    Result<Authorisation> authorisesHash(const QString &agentOperatorId, const QByteArray &principalHash,
                                         const QString &itemCode, const QDateTime &at, const Actor &actor,
                                         const QString &auditCase);
    Result<QList<Authorisation>> select(const char *where, const std::function<void(Statement &)> &bind);
    Result<QByteArray> readBlob(const QString &reference, const char *column, const Actor &actor,
                                const QString &purpose);
    Status storeSteps(const QString &caseNumber, const HelperLifecycle &lifecycle);
    Status applyEvent(const QString &caseNumber, const Actor &actor, const char *what,
                      const std::function<QList<HelperStep>(HelperLifecycle &)> &event);

    Database &m_db;
    AuditLog &m_audit;
    const Clock &m_clock;
    QString m_deviceId;
    HashFunction m_hash;
};

// "Helper 王芳: Delivery" — one entry of the principal's data-use record in plain words; empty for
// entries that are not a helper's.
QString helperDataUseText(const AuditEntry &entry);

} // namespace ow
