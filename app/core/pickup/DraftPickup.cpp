#include "pickup/DraftPickup.h"

#include "pickup/PickupText.h"

#include "scan/CodeSigning.h"
#include "scan/Payload.h"
#include "scan/SignedCodes.h"
#include "store/Store.h"
#include "sync/DraftRelay.h"
#include "sync/DraftSave.h"
#include "sync/EnrolledDevice.h"

Q_LOGGING_CATEGORY(lcPickup, "ow.pickup")

namespace ow::pickup {

namespace {
QString shortCodeKey(const QString &shortCode)
{
    return QStringLiteral("pickup.shortCode.") + shortCode;
}
} // namespace

Result<IssuedPickup> saveDraftForPickup(Store &store, const sync::EnrolledDevice *device, const NewCase &data,
                                        const Actor &actor, const std::function<Status(const Case &)> &attach,
                                        const QDateTime &now, int validDays)
{
    if (!device)
        return makeError(ErrorCode::KeyStore,
                         PickupText::tr("This kiosk is not yet connected to the county hub, so it cannot issue a "
                                        "pickup code. Please ask staff for help."),
                         QStringLiteral("pickup: refused, the device is not enrolled"));
    if (validDays < 1)
        return makeError(ErrorCode::Invalid, PickupText::tr("This kiosk cannot issue pickup codes right now."),
                         QStringLiteral("pickup: validity of %1 days").arg(validDays));
    auto key = scan::codeSigning::fromPrivateDer(device->signingKey().toDer());
    if (!key.ok())
        return key.error();
    IssuedPickup out;
    // Whole seconds, as the code carries it.
    out.expiresAt = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC).addDays(validDays);
    auto draft = sync::saveDraft(store, data, actor, attach, [&](const Case &c) -> Status {
        auto code = scan::signedCodes::makeDraftPickup(*key, {device->deviceId(), c.number, out.expiresAt});
        if (!code.ok())
            return code.error();
        out.code = std::move(code).value();
        // The typed short code leads back to the signed code.
        const QString shortCode = sync::pickupShortCode(out.code);
        OW_TRY(store.settings().setValue(shortCodeKey(shortCode), out.code));
        // And the draft goes to the hub sealed, for whichever window the citizen walks to.
        return sync::queueDraftForHub(store, *device, c, shortCode, out.expiresAt, actor);
    });
    if (!draft.ok())
        return draft.error();
    out.draft = std::move(draft).value();
    out.shortCode = sync::pickupShortCode(out.code);
    qCInfo(lcPickup) << "draft" << out.draft.number << "saved with a pickup code valid until"
                     << out.expiresAt.toString(Qt::ISODate);
    return out;
}

Result<Case> findDraftByPickup(Store &store, const QByteArray &payload, const scan::TrustStore &trust,
                               const QDateTime &now)
{
    scan::ClassifyContext context;
    context.now = now.toUTC();
    context.trust = &trust;
    const scan::Classification c = scan::classify(payload, context);
    if (c.kind != scan::PayloadKind::DraftPickup)
        return makeError(ErrorCode::Invalid,
                         PickupText::tr("This is not a pickup code. Please scan the code on the pickup slip."),
                         QStringLiteral("pickup: scanned a %1 code").arg(scan::kindName(c.kind)));
    if (!c.accepted()) {
        // The parser's own message says what is wrong (forged, expired, damaged) for the person.
        const ErrorCode code = c.rejection == scan::Rejection::Expired ? ErrorCode::Invalid : ErrorCode::Crypto;
        return makeError(code, c.problem ? c.problem->userMessage : PickupText::tr("This pickup code is not valid."),
                         QStringLiteral("pickup: code refused (%1)").arg(scan::rejectionName(c.rejection)));
    }
    const auto &info = std::get<scan::DraftPickupInfo>(c.details);
    auto draft = sync::findOpenDraft(store, info.draftId);
    if (!draft.ok())
        return draft.error();
    qCInfo(lcPickup) << "draft" << draft->number << "found by its pickup code from" << info.deviceId;
    return draft;
}

Result<Case> findDraftByShortCode(Store &store, const QString &typed, const scan::TrustStore &trust,
                                  const QDateTime &now)
{
    const QString shortCode = sync::normaliseShortCode(typed);
    const auto unknown = [&] {
        return makeError(
            ErrorCode::NotFound,
            PickupText::tr("No saved application has this pickup code. Please check the code, or scan "
                           "the QR code on the slip."),
            QStringLiteral("pickup: no draft under a typed short code of %1 characters").arg(shortCode.size()));
    };
    if (shortCode.size() != 8)
        return unknown();
    auto code = store.settings().value(shortCodeKey(shortCode));
    if (!code.ok())
        return code.error();
    if (!code->has_value())
        return unknown();
    return findDraftByPickup(store, **code, trust, now);
}

Result<int> purgeExpiredDrafts(Store &store, const QDateTime &now, int validDays)
{
    auto purged = store.cases().purgeDraftsCreatedBefore(now.addDays(-validDays),
                                                         Actor{QStringLiteral("retention"), QStringLiteral("device")},
                                                         QStringLiteral("pickup expired"));
    if (purged.ok() && *purged > 0)
        qCInfo(lcPickup) << "purged" << *purged << "drafts whose pickup codes expired";
    return purged;
}

} // namespace ow::pickup
