#pragma once

#include "print/PrintDocument.h"

#include "common/Result.h"
#include "domain/MaterialCheck.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

namespace ow::print {

// The documents OneWindow prints, built as data in the language of the translator installed
// now. Each builder takes only what may be printed: the applicant already masked, codes already
// signed. A full ID number anywhere in the text or a code is refused (ErrorCode::Invalid), so a
// caller's mistake never reaches paper.

struct CaseReceiptData
{
    QString issuer;          // the hall or kiosk, as printed above the title
    QString itemName;        // in the language of the receipt
    QString applicantMasked; // 110***********002X or 张*
    QString caseNumber;
    QDate submitted;
    bool onTheSpot = false;
    int promisedWorkingDays = 0;
    QDate promisedBy;       // optional: the working day the decision is due
    QString nextSteps;      // optional: what happens next; a general text when empty
    QByteArray receiptCode; // OWR1|… signed by this device; empty while it is not enrolled
    QString agent;          // optional: the village helper who applied for the applicant (代办人),
                            // name and masked ID number
};

struct PickupSlipData
{
    QString issuer;
    QString itemName;
    QByteArray pickupCode; // OWP1|… signed by this device
    QString shortCode;     // what a clerk can type when the code cannot be scanned
    QDateTime validUntil;  // shown in local time
};

struct ConsentNoticeData
{
    QString issuer;
    QString itemName;
};

// 受理通知书: the window accepted an application; how each material was received, what is still
// to be brought (容缺) and by when, what was replaced by a pledge (告知承诺).
struct AcceptedMaterial
{
    QString name;
    QString how;     // as received, in the notice's language ("paper original seen", ...)
    QDate broughtBy; // 容缺: the date the applicant brings it; invalid otherwise
};

struct AcceptanceNoticeData
{
    QString issuer;
    QString itemName;
    QString department;
    QString applicantMasked;
    QString caseNumber;
    QDate accepted;
    bool onTheSpot = false;
    int promisedWorkingDays = 0;
    QList<AcceptedMaterial> materials;
    bool pledged = false; // some material was replaced by the applicant's pledge
    // OWR1|… signed by the window's device: the citizen looks the case up with it at any kiosk.
    // Empty while the desk is not enrolled (the notice then says to keep the case number).
    QByteArray receiptCode;
};

// 材料接收凭证: what the window took in for a case, material by material, and how: the paper
// original seen, an e-licence reused (its number), a scan kept with the case, missing but
// accepted (容缺, with the date it is brought by), replaced by a pledge (告知承诺), or not given
// (an optional material).
struct ReceivedMaterial
{
    QString name;
    bool required = false;
    MaterialReceipt how = MaterialReceipt::Unchecked;
    QString licenceNumber; // ELicenceReused
    QDate broughtBy;       // MissingAccepted
};

struct MaterialsReceiptData
{
    QString issuer;
    QString itemName;
    QString applicantMasked;
    QString caseNumber;
    QDate received;
    QString receivedBy; // the clerk's name or user name, as printed
    QList<ReceivedMaterial> materials;
};

// 不予受理通知书: the window refused an application (Administrative Licensing Law, art. 32): a
// written decision with the reason and the applicant's rights to administrative reconsideration
// and to an administrative suit. The case number is printed when the refusal was kept as a case.
struct RefusalNoticeData
{
    QString issuer;
    QString itemName;
    QString department;
    QString applicantMasked;
    QString caseNumber; // optional
    QDate refused;
    QString reason;    // the clerk's words, as typed
    QString refusedBy; // the clerk's name or user name, as printed
};

// One point of the consent notice (PIPL): what is collected, why, how long it is kept, who
// sees it, the person's rights. The kiosk's consent screen shows the same points.
struct NoticePoint
{
    QString title;
    QString body;
};

Result<PrintDocument> caseReceipt(const CaseReceiptData &data);
Result<PrintDocument> pickupSlip(const PickupSlipData &data);
Result<PrintDocument> consentNotice(const ConsentNoticeData &data);
Result<PrintDocument> acceptanceNotice(const AcceptanceNoticeData &data);
// Refused (Invalid) without a reason.
Result<PrintDocument> refusalNotice(const RefusalNoticeData &data);
// Refused (Invalid) without a case number or without any material.
Result<PrintDocument> materialsReceipt(const MaterialsReceiptData &data);
// How a material was received, as the materials receipt prints it (the language installed now).
QString receivedHow(const ReceivedMaterial &material);
QList<NoticePoint> consentPoints(const QString &itemName);

// Refuses a document that carries a full ID number anywhere it would be printed.
Status checkNoFullIdNumber(const PrintDocument &document);

} // namespace ow::print
