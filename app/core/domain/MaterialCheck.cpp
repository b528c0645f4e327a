#include "domain/MaterialCheck.h"

#include <QCoreApplication>
#include <QStringList>

namespace ow::materialChecks {

namespace {

// The translation context of the messages below.
class MaterialText
{
    Q_DECLARE_TR_FUNCTIONS(MaterialText)
};

Error invalid(const QString &message, const QString &detail)
{
    return makeError(ErrorCode::Invalid, message, detail);
}

} // namespace

QString scanKind(const QByteArray &bytes)
{
    if (bytes.startsWith("\x89PNG\r\n\x1a\n"))
        return QStringLiteral("png");
    if (bytes.startsWith("\xff\xd8\xff"))
        return QStringLiteral("jpeg");
    if (bytes.startsWith("%PDF-"))
        return QStringLiteral("pdf");
    return {};
}

Status check(const MaterialCheck &m, const QDate &today)
{
    const QString detail = QStringLiteral("material %1: ").arg(m.materialId);
    switch (m.receipt) {
    case MaterialReceipt::Unchecked:
        if (m.required)
            return invalid(MaterialText::tr("“%1” is required: record how it was received.").arg(m.name),
                           detail + QStringLiteral("required, unchecked"));
        return {};
    case MaterialReceipt::PaperOriginalSeen:
        return {};
    case MaterialReceipt::ELicenceReused:
        if (m.licenceNumber.trimmed().isEmpty())
            return invalid(MaterialText::tr("“%1”: enter the number of the electronic licence.").arg(m.name),
                           detail + QStringLiteral("e-licence without a number"));
        return {};
    case MaterialReceipt::ScanAttached:
        if (m.scan.isEmpty())
            return invalid(MaterialText::tr("“%1”: the scan is missing.").arg(m.name),
                           detail + QStringLiteral("empty scan"));
        if (m.scan.size() > MaxScanBytes)
            return invalid(MaterialText::tr("“%1”: the scan is too large (at most %2 MB).")
                               .arg(m.name)
                               .arg(MaxScanBytes / (1024 * 1024)),
                           detail + QStringLiteral("scan of %1 bytes").arg(m.scan.size()));
        if (scanKind(m.scan).isEmpty())
            return invalid(MaterialText::tr("“%1”: the file is not a picture or a PDF.").arg(m.name),
                           detail + QStringLiteral("scan is not PNG, JPEG or PDF"));
        return {};
    case MaterialReceipt::MissingAccepted:
        if (!m.dueDate.isValid() || m.dueDate <= today || today.daysTo(m.dueDate) > MaxDueDays)
            return invalid(MaterialText::tr(
                               "“%1” is accepted as missing (容缺): give the date it will be brought, within %2 days.")
                               .arg(m.name)
                               .arg(MaxDueDays),
                           detail + QStringLiteral("容缺 without a valid due date"));
        if (!m.pledgeSigned)
            return invalid(
                MaterialText::tr("“%1” is accepted as missing (容缺): the applicant's signed pledge is needed.")
                    .arg(m.name),
                detail + QStringLiteral("容缺 without the pledge"));
        return {};
    case MaterialReceipt::Pledge:
        if (!m.pledgeSigned)
            return invalid(
                MaterialText::tr("“%1” is replaced by a pledge (告知承诺): the applicant's signed pledge is needed.")
                    .arg(m.name),
                detail + QStringLiteral("pledge not signed"));
        return {};
    }
    return {};
}

Result<CaseState> acceptanceState(const QList<MaterialCheck> &materials, const QDate &today)
{
    QStringList problems;
    QStringList details;
    bool missing = false;
    bool pledged = false;
    for (const MaterialCheck &m : materials) {
        const Status s = check(m, today);
        if (!s.ok()) {
            problems << s.error().userMessage;
            details << s.error().logDetail;
            continue;
        }
        missing = missing || m.receipt == MaterialReceipt::MissingAccepted;
        pledged = pledged || m.receipt == MaterialReceipt::Pledge;
    }
    if (!problems.isEmpty())
        return invalid(problems.join(QLatin1Char('\n')), details.join(QStringLiteral("; ")));
    if (missing)
        return CaseState::AcceptedPendingMaterials;
    if (pledged)
        return CaseState::AcceptedOnPledge;
    return CaseState::Accepted;
}

} // namespace ow::materialChecks
