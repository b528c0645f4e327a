#include "print/Documents.h"

#include "print/PrintLogging.h"
#include "print/PrintText.h"

namespace ow::print {

namespace {

const QString kDateFormat = QStringLiteral("yyyy-MM-dd");

QString issuerOrDefault(const QString &issuer)
{
    return issuer.trimmed().isEmpty() ? PrintText::tr("OneWindow government services") : issuer.trimmed();
}

Error idNumberRefused(const QString &where)
{
    return makeError(ErrorCode::Invalid,
                     PrintText::tr("This document was not printed: it would show a full ID number. "
                                   "Please ask staff for help."),
                     QStringLiteral("print: refused %1: a full ID number in the text").arg(where));
}

Status checkCode(const QByteArray &code, const char *prefix, const QString &kind)
{
    if (containsFullIdNumber(QString::fromUtf8(code)))
        return idNumberRefused(kind + QStringLiteral(" code"));
    if (!code.startsWith(prefix) || code.count('|') < 4)
        return makeError(
            ErrorCode::Invalid, PrintText::tr("The code for this document is not valid."),
            QStringLiteral("print: %1 code does not start with %2 or lacks fields").arg(kind, QLatin1String(prefix)));
    return {};
}

// Builds, then checks the whole document before it leaves: a full ID number in any field fails.
Result<PrintDocument> checked(PrintDocument doc)
{
    OW_TRY(checkNoFullIdNumber(doc));
    qCDebug(lcPrint) << "built" << doc.kind << "with" << doc.blocks.size() << "blocks";
    return doc;
}

} // namespace

Status checkNoFullIdNumber(const PrintDocument &document)
{
    if (containsFullIdNumber(document.plainText()))
        return idNumberRefused(document.kind);
    return {};
}

Result<PrintDocument> caseReceipt(const CaseReceiptData &data)
{
    if (data.caseNumber.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, PrintText::tr("There is no case number to print."),
                         QStringLiteral("print: receipt without a case number"));
    if (!data.receiptCode.isEmpty())
        OW_TRY(checkCode(data.receiptCode, "OWR1|", QStringLiteral("case-receipt")));

    PrintDocument doc;
    doc.kind = QStringLiteral("case-receipt");
    doc.issuer = issuerOrDefault(data.issuer);
    doc.addTitle(PrintText::tr("Application receipt"));
    doc.addRow(PrintText::tr("Case number"), data.caseNumber.trimmed(), true);
    doc.addRow(PrintText::tr("Service"), data.itemName);
    doc.addRow(PrintText::tr("Applicant"), data.applicantMasked);
    if (!data.agent.trimmed().isEmpty())
        doc.addRow(PrintText::tr("Agent (village helper)"), data.agent.trimmed());
    if (data.submitted.isValid())
        doc.addRow(PrintText::tr("Submitted on"), data.submitted.toString(kDateFormat));
    doc.addRow(PrintText::tr("Promised time"),
               data.onTheSpot ? PrintText::tr("On the spot")
                              : PrintText::tr("%n working day(s)", nullptr, data.promisedWorkingDays));
    if (!data.onTheSpot && data.promisedBy.isValid())
        doc.addRow(PrintText::tr("Decision due by"), data.promisedBy.toString(kDateFormat));
    doc.addDivider();
    doc.addSubtitle(PrintText::tr("What happens next"));
    doc.addParagraph(!data.nextSteps.trimmed().isEmpty()
                         ? data.nextSteps.trimmed()
                         : PrintText::tr("The department reviews your application within the promised time. You can "
                                         "ask about its progress at any village kiosk or at the county hall's service "
                                         "window with this receipt. Bring your ID card and the original materials "
                                         "when you collect the result."));
    if (!data.receiptCode.isEmpty()) {
        Result<ModuleMatrix> code = ModuleMatrix::qrCode(data.receiptCode);
        if (!code)
            return code.error();
        doc.addCode(std::move(code).value(), PrintText::tr("Signed receipt code: scan it at a kiosk or a service "
                                                           "window to look up this case."));
    } else {
        doc.addFootnote(PrintText::tr("This receipt has no signed code yet because this kiosk is not connected to "
                                      "the county hub. Keep the case number."));
    }
    doc.addFootnote(PrintText::tr("Keep this receipt. Your ID number is printed partly hidden, as the law on "
                                  "personal information requires."));
    return checked(std::move(doc));
}

Result<PrintDocument> acceptanceNotice(const AcceptanceNoticeData &data)
{
    if (data.caseNumber.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, PrintText::tr("There is no case number to print."),
                         QStringLiteral("print: acceptance notice without a case number"));
    if (!data.receiptCode.isEmpty())
        OW_TRY(checkCode(data.receiptCode, "OWR1|", QStringLiteral("acceptance-notice")));
    PrintDocument doc;
    doc.kind = QStringLiteral("acceptance-notice");
    doc.issuer = issuerOrDefault(data.issuer);
    doc.addTitle(PrintText::tr("Acceptance notice"));
    doc.addRow(PrintText::tr("Case number"), data.caseNumber.trimmed(), true);
    doc.addRow(PrintText::tr("Service"), data.itemName);
    if (!data.department.isEmpty())
        doc.addRow(PrintText::tr("Department"), data.department);
    doc.addRow(PrintText::tr("Applicant"), data.applicantMasked);
    if (data.accepted.isValid())
        doc.addRow(PrintText::tr("Accepted on"), data.accepted.toString(kDateFormat));
    doc.addRow(PrintText::tr("Promised time"),
               data.onTheSpot ? PrintText::tr("On the spot")
                              : PrintText::tr("%n working day(s)", nullptr, data.promisedWorkingDays));
    doc.addDivider();
    doc.addSubtitle(PrintText::tr("Materials received"));
    bool pending = false;
    for (const AcceptedMaterial &m : data.materials) {
        doc.addRow(m.name, m.broughtBy.isValid()
                               ? PrintText::tr("%1, to be brought by %2").arg(m.how, m.broughtBy.toString(kDateFormat))
                               : m.how);
        pending = pending || m.broughtBy.isValid();
    }
    if (pending)
        doc.addParagraph(PrintText::tr("Your application was accepted with materials to follow (容缺受理). Bring them "
                                       "by the date shown, as you pledged; the department decides once they are in."));
    if (data.pledged)
        doc.addParagraph(PrintText::tr("Some materials were replaced by your written pledge (告知承诺). If what you "
                                       "pledged proves untrue, the decision can be withdrawn."));
    if (!data.receiptCode.isEmpty()) {
        Result<ModuleMatrix> code = ModuleMatrix::qrCode(data.receiptCode);
        if (!code)
            return code.error();
        doc.addCode(std::move(code).value(), PrintText::tr("Signed receipt code: scan it at a kiosk or a service "
                                                           "window to look up this case."));
    }
    doc.addFootnote(PrintText::tr("Keep this notice. Your ID number is printed partly hidden, as the law on "
                                  "personal information requires."));
    return checked(std::move(doc));
}

Result<PrintDocument> refusalNotice(const RefusalNoticeData &data)
{
    if (data.reason.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, PrintText::tr("There is no reason to print on the refusal notice."),
                         QStringLiteral("print: refusal notice without a reason"));
    PrintDocument doc;
    doc.kind = QStringLiteral("refusal-notice");
    doc.issuer = issuerOrDefault(data.issuer);
    doc.addTitle(PrintText::tr("Notice of refusal to accept an application"));
    if (!data.caseNumber.trimmed().isEmpty())
        doc.addRow(PrintText::tr("Case number"), data.caseNumber.trimmed(), true);
    doc.addRow(PrintText::tr("Service"), data.itemName);
    if (!data.department.isEmpty())
        doc.addRow(PrintText::tr("Department"), data.department);
    doc.addRow(PrintText::tr("Applicant"), data.applicantMasked);
    if (data.refused.isValid())
        doc.addRow(PrintText::tr("Decided on"), data.refused.toString(kDateFormat));
    if (!data.refusedBy.trimmed().isEmpty())
        doc.addRow(PrintText::tr("Handled by"), data.refusedBy.trimmed());
    doc.addDivider();
    doc.addParagraph(PrintText::tr("Your application was not accepted (不予受理), for the reason below."));
    doc.addSubtitle(PrintText::tr("Reason"));
    doc.addParagraph(data.reason.trimmed());
    doc.addSubtitle(PrintText::tr("Your rights"));
    doc.addParagraph(PrintText::tr("If you disagree with this decision, you may apply for administrative "
                                   "reconsideration within 60 days of receiving this notice, or bring an "
                                   "administrative suit before a people's court within six months, according to "
                                   "law."));
    doc.addFootnote(PrintText::tr("Keep this notice. Your ID number is printed partly hidden, as the law on "
                                  "personal information requires."));
    return checked(std::move(doc));
}

QString receivedHow(const ReceivedMaterial &m)
{
    switch (m.how) {
    case MaterialReceipt::Unchecked:
        return m.required ? PrintText::tr("Not received") : PrintText::tr("Not given (optional)");
    case MaterialReceipt::PaperOriginalSeen:
        return PrintText::tr("Paper original seen (原件已核验)");
    case MaterialReceipt::ELicenceReused:
        return m.licenceNumber.trimmed().isEmpty()
                   ? PrintText::tr("Electronic licence reused (免证办)")
                   : PrintText::tr("Electronic licence %1 reused (免证办)").arg(m.licenceNumber.trimmed());
    case MaterialReceipt::ScanAttached:
        return PrintText::tr("Scanned and kept with the case");
    case MaterialReceipt::MissingAccepted:
        return m.broughtBy.isValid()
                   ? PrintText::tr("Missing, accepted (容缺): bring it by %1").arg(m.broughtBy.toString(kDateFormat))
                   : PrintText::tr("Missing, accepted (容缺)");
    case MaterialReceipt::Pledge:
        return PrintText::tr("Replaced by your written pledge (告知承诺)");
    }
    return {};
}

Result<PrintDocument> materialsReceipt(const MaterialsReceiptData &data)
{
    if (data.caseNumber.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, PrintText::tr("There is no case number to print."),
                         QStringLiteral("print: materials receipt without a case number"));
    if (data.materials.isEmpty())
        return makeError(ErrorCode::Invalid, PrintText::tr("There are no materials to list on the receipt."),
                         QStringLiteral("print: materials receipt without materials"));
    PrintDocument doc;
    doc.kind = QStringLiteral("materials-receipt");
    doc.issuer = issuerOrDefault(data.issuer);
    doc.addTitle(PrintText::tr("Materials receipt"));
    doc.addRow(PrintText::tr("Case number"), data.caseNumber.trimmed(), true);
    doc.addRow(PrintText::tr("Service"), data.itemName);
    doc.addRow(PrintText::tr("Applicant"), data.applicantMasked);
    if (data.received.isValid())
        doc.addRow(PrintText::tr("Received on"), data.received.toString(kDateFormat));
    if (!data.receivedBy.trimmed().isEmpty())
        doc.addRow(PrintText::tr("Received by"), data.receivedBy.trimmed());
    doc.addDivider();
    doc.addSubtitle(PrintText::tr("Materials and how they were received"));
    bool pending = false;
    bool pledged = false;
    for (const ReceivedMaterial &m : data.materials) {
        doc.addRow(m.name, receivedHow(m));
        pending = pending || m.how == MaterialReceipt::MissingAccepted;
        pledged = pledged || m.how == MaterialReceipt::Pledge || m.how == MaterialReceipt::MissingAccepted;
    }
    if (pending)
        doc.addParagraph(PrintText::tr("Bring the materials marked 容缺 to this window by the date shown. Originals "
                                       "seen at the window were handed back to you."));
    else
        doc.addParagraph(PrintText::tr("Originals seen at the window were handed back to you."));
    if (pledged)
        doc.addParagraph(PrintText::tr("You signed a written pledge for the materials marked 容缺 or 告知承诺."));
    doc.addFootnote(PrintText::tr("Keep this receipt with your acceptance notice. Your ID number is printed partly "
                                  "hidden, as the law on personal information requires."));
    return checked(std::move(doc));
}

Result<PrintDocument> pickupSlip(const PickupSlipData &data)
{
    OW_TRY(checkCode(data.pickupCode, "OWP1|", QStringLiteral("pickup-slip")));
    if (data.shortCode.trimmed().isEmpty())
        return makeError(ErrorCode::Invalid, PrintText::tr("The code for this document is not valid."),
                         QStringLiteral("print: pickup slip without a short code"));
    PrintDocument doc;
    doc.kind = QStringLiteral("pickup-slip");
    doc.issuer = issuerOrDefault(data.issuer);
    doc.addTitle(PrintText::tr("Pickup code for your saved application"));
    doc.addRow(PrintText::tr("Pickup code"), data.shortCode.trimmed(), true);
    if (!data.itemName.isEmpty())
        doc.addRow(PrintText::tr("Service"), data.itemName);
    if (data.validUntil.isValid())
        doc.addRow(PrintText::tr("Valid until"),
                   data.validUntil.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    Result<ModuleMatrix> code = ModuleMatrix::qrCode(data.pickupCode);
    if (!code)
        return code.error();
    doc.addCode(std::move(code).value(), PrintText::tr("Scan this code at a kiosk or show it at a service window "
                                                       "to continue your application."));
    doc.addFootnote(PrintText::tr("Anyone holding this slip can continue the application: keep it safe. After "
                                  "the date above the saved answers are deleted."));
    return checked(std::move(doc));
}

QList<NoticePoint> consentPoints(const QString &itemName)
{
    return {
        {PrintText::tr("What is collected"),
         PrintText::tr("Your name, ID number, phone, address and the answers of this form. Your ID number is "
                       "sensitive personal information; it is stored encrypted on this kiosk and shown only partly "
                       "hidden.")},
        {PrintText::tr("Why"),
         PrintText::tr("Only to handle this application (%1) and to tell you its progress.").arg(itemName)},
        {PrintText::tr("How long it is kept"),
         PrintText::tr("On this kiosk only until the department has received it; the department keeps the case "
                       "file for the period the law sets for it, then deletes it.")},
        {PrintText::tr("Who sees it"),
         PrintText::tr("The staff of the department that handles it and the service window; every reading is "
                       "recorded, and you can ask how your data was used.")},
        {PrintText::tr("Your rights"),
         PrintText::tr("Under the Personal Information Protection Law you may see, copy and correct your "
                       "information, ask how it was used, and withdraw your consent for what has not yet been "
                       "done; ask at the service window.")},
    };
}

Result<PrintDocument> consentNotice(const ConsentNoticeData &data)
{
    PrintDocument doc;
    doc.kind = QStringLiteral("consent-notice");
    doc.issuer = issuerOrDefault(data.issuer);
    doc.addTitle(PrintText::tr("How your personal information is used"));
    if (!data.itemName.isEmpty())
        doc.addRow(PrintText::tr("Service"), data.itemName);
    for (const NoticePoint &p : consentPoints(data.itemName)) {
        doc.addSubtitle(p.title);
        doc.addParagraph(p.body);
    }
    doc.addDivider();
    doc.addFootnote(PrintText::tr("This notice was shown on screen before your information was collected; this "
                                  "copy is yours to keep."));
    return checked(std::move(doc));
}

} // namespace ow::print
