#pragma once

#include "common/Result.h"
#include "domain/CaseState.h"

#include <QByteArray>
#include <QDate>
#include <QList>
#include <QString>

namespace ow {

// How the window received one material of an application (DOMAIN.md, Case: "the materials
// received"). The window clerk records one of these per material before accepting (受理).
enum class MaterialReceipt {
    Unchecked,
    PaperOriginalSeen, // 原件已核验: the paper original was seen at the window
    ELicenceReused,    // 免证办: an electronic licence replaces the paper
    ScanAttached,      // a scan from the document camera (an image or a PDF)
    MissingAccepted,   // 容缺: missing but accepted, to be brought by a due date, on a pledge
    Pledge,            // 告知承诺: replaced by the applicant's written pledge
};

// One material as the clerk recorded it.
struct MaterialCheck
{
    QString materialId;
    QString name; // shown in messages
    bool required = false;
    MaterialReceipt receipt = MaterialReceipt::Unchecked;
    QString licenceNumber;     // ELicenceReused: the licence's number
    QByteArray scan;           // ScanAttached: the file's bytes
    QDate dueDate;             // MissingAccepted: when the applicant brings it
    bool pledgeSigned = false; // MissingAccepted and Pledge: the applicant signed the pledge
};

namespace materialChecks {

constexpr qint64 MaxScanBytes = 10 * 1024 * 1024;
constexpr int MaxDueDays = 30; // 容缺: the due date at most this many calendar days ahead

// What is wrong with one material's record (translated, naming the material), or Ok. A scan must
// be a PNG, JPEG or PDF by its content (not its name) and at most MaxScanBytes; 容缺 needs a due
// date after `today` and no more than MaxDueDays ahead, and the signed pledge; a pledge
// needs it signed; an e-licence its number.
Status check(const MaterialCheck &material, const QDate &today);

// The state an application may be accepted in with these records: Accepted, AcceptedPendingMaterials
// (any 容缺) or AcceptedOnPledge (any pledge, no 容缺). Refused (Invalid) with every problem, one
// per line, when a required material is unchecked or a record is incomplete.
Result<CaseState> acceptanceState(const QList<MaterialCheck> &materials, const QDate &today);

// "png", "jpeg", "pdf" from the file's first bytes; empty when it is none of them.
QString scanKind(const QByteArray &bytes);

} // namespace materialChecks

} // namespace ow
