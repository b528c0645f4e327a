#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QString>
#include <QUrl>

#include <optional>
#include <variant>

namespace ow {
class RegionTable;
}

namespace ow::scan {

class TrustStore;

// What a scanned code is. Every parser treats its input as hostile: bounded length, strict
// UTF-8, strict character sets, and no field is trusted before its signature is.
enum class PayloadKind {
    Unknown,     // not a code the service hall uses
    ResidentId,  // 公民身份号码
    CreditCode,  // 统一社会信用代码
    CaseReceipt, // our receipt QR, signed by the device that accepted the case
    DraftPickup, // our pickup code for a draft, signed by the device that saved it
    ELicence,    // an electronic licence in OneWindow's compact signed format
    Url,         // shown to the person, never opened
};

// Why a code was not accepted; callers branch on this, never on message text.
enum class Rejection {
    None,
    TooLong,
    NotUtf8,
    NotOurs,
    Malformed,
    CheckDigit,
    BirthDate,
    Region,
    UntrustedSigner,
    BadSignature,
    Expired,
    NotYetValid,
    IssuedInFuture,
};

struct ResidentIdInfo
{
    QString number;
    QDate birthDate;
    bool male = false;
    QString regionCode;
    QString regionName;
    bool formerRegion = false; // a division since abolished or renamed: the number stays valid
};

struct CreditCodeInfo
{
    QString code;
    QString regionCode;
    QString regionName;
};

struct CaseReceiptInfo
{
    QString deviceId;
    QString caseNumber;
    QDateTime issuedAt; // UTC
};

struct DraftPickupInfo
{
    QString deviceId;
    QString draftId;
    QDateTime expiresAt; // UTC
};

struct ELicenceInfo
{
    QString issuerId;
    QString issuerName; // from the trust store, not from the code
    QString licenceType;
    QString number;
    QByteArray holderIdHash; // see eLicenceHolderHash()
    QDate validFrom;
    QDate validUntil; // null: long-term 长期
};

struct UrlInfo
{
    QUrl url;
};

using PayloadDetails = std::variant<std::monostate, ResidentIdInfo, CreditCodeInfo, CaseReceiptInfo, DraftPickupInfo,
                                    ELicenceInfo, UrlInfo>;

struct Classification
{
    PayloadKind kind = PayloadKind::Unknown;
    Rejection rejection = Rejection::None;
    std::optional<Error> problem; // set exactly when rejection != None
    PayloadDetails details;       // filled when the code was accepted

    bool accepted() const { return rejection == Rejection::None; }
    // What a screen or a printout may show: ID numbers masked, URLs fully encoded.
    QString display() const;
};

// What the parsers need to know about the world; everything optional is checked when present.
struct ClassifyContext
{
    QDateTime now;                        // UTC
    const RegionTable *regions = nullptr; // without it, a region code is not checked
    const TrustStore *trust = nullptr;    // without it, no signed code is accepted
};

constexpr qsizetype kMaxPayloadBytes = 4096;

// Decides what a code is and whether it is acceptable. Logs the outcome, never the payload.
Classification classify(const QByteArray &payload, const ClassifyContext &context);

// The individual parsers (classify() dispatches to them; tests and fuzzers call them directly).
Classification parseResidentId(const QByteArray &payload, const ClassifyContext &context);
Classification parseCreditCode(const QByteArray &payload, const ClassifyContext &context);
Classification parseCaseReceipt(const QByteArray &payload, const ClassifyContext &context);
Classification parseDraftPickup(const QByteArray &payload, const ClassifyContext &context);
Classification parseELicence(const QByteArray &payload, const ClassifyContext &context);
Classification parseUrl(const QByteArray &payload, const ClassifyContext &context);

// Stable machine names: resident-id, credit-code, case-receipt, draft-pickup, e-licence, url, unknown.
QString kindName(PayloadKind kind);
QString rejectionName(Rejection rejection);

// The holder of an e-licence travels as a hash bound to the licence number, so the code does
// not carry the ID number in clear: SM3("OWL1-holder|" + number + "|" + normalised holder id).
QByteArray eLicenceHolderHash(const QString &licenceNumber, const QString &holderId);
bool eLicenceHeldBy(const ELicenceInfo &licence, const QString &holderId);

} // namespace ow::scan
