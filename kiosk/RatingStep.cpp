#include "RatingStep.h"

#include "domain/Rating.h"
#include "scan/CodeSigning.h"
#include "scan/Payload.h"
#include "scan/TrustStore.h"
#include "store/Ratings.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/EnrolledDevice.h"
#include "sync/RatingSubmission.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

namespace ow {

RatingStep::RatingStep(QObject *parent)
    : QObject(parent)
{}

QVariantList RatingStep::levels() const
{
    QVariantList out;
    for (const Rating r : rating::all()) {
        out.append(QVariantMap{{QStringLiteral("key"), rating::key(r)},
                               {QStringLiteral("label"), rating::label(r)},
                               {QStringLiteral("bad"), rating::isBad(r)}});
    }
    return out;
}

void RatingStep::setMessage(const QString &message)
{
    m_message = message;
}

bool RatingStep::alreadyRated(const QString &caseNumber)
{
    auto existing = m_store->ratings().forCase(caseNumber);
    if (!existing.ok()) {
        qCWarning(lcKiosk) << "rating: could not read the rating of" << caseNumber << existing.error().logDetail;
        return false; // rate() refuses a second one in any case
    }
    return existing->has_value();
}

void RatingStep::startForCase(const QString &caseNumber)
{
    clear();
    m_caseNumber = caseNumber;
    m_phase = Phase::Choose;
    if (m_store && alreadyRated(caseNumber))
        setMessage(tr("This application has already been rated. Thank you."));
    Q_EMIT changed();
}

void RatingStep::startScan()
{
    clear();
    Q_EMIT changed();
}

void RatingStep::acceptCode(const QByteArray &payload)
{
    if (m_phase != Phase::Scan)
        return;
    m_message.clear();
    // This kiosk can check only the receipts it signed itself: other devices' keys are the hub's.
    scan::TrustStore ownKey;
    if (m_device) {
        auto key = scan::codeSigning::fromPrivateDer(m_device->signingKey().toDer());
        if (key.ok())
            (void)ownKey.addDevice(m_device->deviceId(), key->publicDer);
        else
            qCWarning(lcKiosk) << "rating: own key unusable:" << key.error().logDetail;
    }
    scan::ClassifyContext context;
    context.trust = &ownKey;
    const scan::Classification c = scan::classify(payload, context);
    if (c.kind != scan::PayloadKind::CaseReceipt || c.rejection == scan::Rejection::Malformed) {
        qCInfo(lcKiosk) << "rating: the code shown is" << scan::kindName(c.kind) << "not a receipt";
        setMessage(tr("This is not a OneWindow receipt code. Please show the code printed on your receipt."));
        Q_EMIT changed();
        return;
    }
    const auto otherPlace = [this] {
        setMessage(tr("This application was not made at this kiosk. Rating it here needs the county hub, which this "
                      "kiosk cannot ask yet. Please rate it at the service window or at the kiosk where you applied."));
        Q_EMIT changed();
    };
    if (c.rejection == scan::Rejection::UntrustedSigner) {
        qCInfo(lcKiosk) << "rating: a receipt of another device";
        otherPlace();
        return;
    }
    if (!c.accepted()) {
        qCInfo(lcKiosk) << "rating: receipt refused:" << scan::rejectionName(c.rejection);
        setMessage(c.problem ? c.problem->userMessage : tr("This receipt code cannot be read."));
        Q_EMIT changed();
        return;
    }
    const QString number = std::get<scan::CaseReceiptInfo>(c.details).caseNumber;
    if (!m_store) {
        setMessage(tr("This kiosk cannot save ratings right now. Please ask at the service window."));
        Q_EMIT changed();
        return;
    }
    auto found = m_store->cases().findByNumber(number);
    if (!found.ok() || !found->has_value()) {
        if (found.ok())
            qCInfo(lcKiosk) << "rating: case" << number << "is not in this kiosk's store";
        else
            qCWarning(lcKiosk) << "rating: case" << number << "could not be looked up:" << found.error().logDetail;
        otherPlace();
        return;
    }
    m_caseNumber = number;
    m_phase = Phase::Choose;
    if (alreadyRated(number))
        setMessage(tr("This application has already been rated. Thank you."));
    Q_EMIT changed();
}

bool RatingStep::rate(const QString &levelKey)
{
    if (m_phase != Phase::Choose || m_caseNumber.isEmpty())
        return false;
    const auto level = rating::fromKey(levelKey);
    if (!level) {
        qCWarning(lcKiosk) << "rating: unknown level" << levelKey;
        return false;
    }
    if (!m_store) {
        setMessage(tr("This kiosk cannot save ratings right now. Please ask at the service window."));
        Q_EMIT changed();
        return false;
    }
    const Actor actor{m_store->deviceId(), QStringLiteral("citizen")};
    // Stored here and queued for the county hub in one step: a bad rating is followed up there.
    auto saved =
        sync::submitRating(*m_store, sync::RatingInput{m_caseNumber, *level, RatingChannel::Kiosk, {}, {}}, actor);
    if (!saved.ok()) {
        qCWarning(lcKiosk) << "rating not saved:" << saved.error().logDetail;
        setMessage(saved.error().code == ErrorCode::AlreadyExists
                       ? tr("This application has already been rated. Thank you.")
                       : tr("Your rating could not be saved: %1").arg(saved.error().userMessage));
        Q_EMIT changed();
        return false;
    }
    m_ratedLevel = levelKey;
    m_phase = Phase::Thanks;
    m_message.clear();
    Q_EMIT changed();
    Q_EMIT rated(m_caseNumber, levelKey);
    return true;
}

void RatingStep::clear()
{
    m_phase = Phase::Scan;
    m_caseNumber.clear();
    m_message.clear();
    m_ratedLevel.clear();
    Q_EMIT changed();
}

} // namespace ow
