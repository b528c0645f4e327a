#include "sync/CorrectionRecord.h"

#include "sync/SyncText.h"

#include "store/Repositories.h"
#include "store/Store.h"

namespace ow::sync {

namespace {

bool looksLike(const QString &mime, const QByteArray &data)
{
    if (mime == QLatin1String("image/jpeg"))
        return data.startsWith("\xFF\xD8\xFF");
    if (mime == QLatin1String("image/png"))
        return data.startsWith("\x89PNG\r\n\x1A\n");
    if (mime == QLatin1String("application/pdf"))
        return data.startsWith("%PDF-");
    return false;
}

} // namespace

Result<SealedCase> recordCorrection(Store &store, const EnrolledDevice &device, const QString &caseNumber,
                                    const QList<SuppliedMaterial> &materials, const Actor &actor)
{
    if (materials.isEmpty())
        return makeError(ErrorCode::Invalid, SyncText::tr("Attach what the citizen brought for the correction."),
                         QStringLiteral("correction: nothing supplied"));
    for (const SuppliedMaterial &m : materials) {
        if (m.data.size() > kMaxSuppliedBytes)
            return makeError(ErrorCode::Invalid,
                             SyncText::tr("A file is larger than %1 MB. Scan it again at a lower resolution.")
                                 .arg(kMaxSuppliedBytes / (1024 * 1024)),
                             QStringLiteral("correction: %1 bytes").arg(m.data.size()));
        if (!looksLike(m.mime, m.data))
            return makeError(ErrorCode::Invalid,
                             SyncText::tr("A file is not a picture (JPEG, PNG) or a PDF. Scan the material again."),
                             QStringLiteral("correction: content is not %1").arg(m.mime));
    }
    Transaction tx(store.db());
    OW_TRY(tx.begun());
    auto found = store.cases().findByNumber(caseNumber);
    if (!found.ok())
        return found.error();
    if (!found->has_value())
        return makeError(ErrorCode::NotFound, SyncText::tr("There is no such case on this desk."),
                         QStringLiteral("correction: case %1 not here").arg(caseNumber));
    if ((*found)->state != CaseState::CorrectionRequested)
        return makeError(ErrorCode::Invalid,
                         SyncText::tr("This case is not waiting for a correction (it is “%1”).")
                             .arg(caseState::label((*found)->state)),
                         QStringLiteral("correction: case %1 is %2").arg(caseNumber, caseState::key((*found)->state)));
    for (const SuppliedMaterial &m : materials) {
        auto added = store.attachments().add(caseNumber, m.materialId, m.mime, m.data, actor);
        if (!added.ok())
            return added.error();
    }
    auto sealed = CaseSealer(store, device).seal(caseNumber, actor);
    if (!sealed.ok())
        return sealed.error();
    auto moved = store.cases().transition(
        caseNumber, CaseState::Received, actor,
        SyncText::tr("Correction recorded at the window: %n material(s) supplied", "", materials.size()));
    if (!moved.ok())
        return moved.error();
    OW_TRY(tx.commit());
    qCInfo(lcSync) << "case" << caseNumber << "corrected at the window with" << materials.size()
                   << "material(s); sealed again as" << sealed->packetId;
    return sealed;
}

} // namespace ow::sync
