#include "sync/DraftRelay.h"

#include "sync/DraftSave.h"
#include "sync/HubFeeds.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include "protocol/DraftMessages.h"
#include "protocol/JsonFields.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include <QJsonDocument>

namespace ow::sync {

Status queueDraftForHub(Store &store, const EnrolledDevice &device, const Case &draft, const QString &shortCode,
                        const QDateTime &expiresAt, const Actor &actor)
{
    const QString purpose = QStringLiteral("seal the draft for the service window");
    auto read = store.cases().read(draft.number, actor, purpose);
    if (!read.ok())
        return read.error();
    crypto::PacketContent content;
    content.caseId = draft.number;
    content.itemId = draft.itemCode;
    content.form = QJsonDocument::fromJson(read->formJson).object();
    content.extra.insert(
        QStringLiteral("pickup"),
        protocol::DraftPickupTerms{protocol::pickupKey(shortCode), crypto::wireTime(expiresAt)}.toJson());
    auto attachments = store.attachments().forCase(draft.number);
    if (!attachments.ok())
        return attachments.error();
    for (const Attachment &a : *attachments) {
        auto data = store.attachments().content(a.id, actor, purpose);
        if (!data.ok())
            return data.error();
        content.materials.append({a.material, a.mime, std::move(data).value()});
    }
    auto seqValue = store.settings().value(QLatin1String(settingKey::kPacketSequence));
    if (!seqValue.ok())
        return seqValue.error();
    const qint64 sequence = seqValue->has_value() ? (*seqValue)->toLongLong() + 1 : 1;
    OW_TRY(store.settings().setValue(QLatin1String(settingKey::kPacketSequence), QByteArray::number(sequence)));
    crypto::PacketSealer sealer(device.cryptoSuite(), device.signingKey(), device.hubEncryptionKey(),
                                device.deviceId());
    auto sealed = sealer.seal(content, sequence, store.clock().now());
    for (crypto::PacketMaterial &m : content.materials)
        m.data.fill('\0');
    if (!sealed.ok())
        return sealed.error();
    auto id = store.outbox().enqueue(draft.id, sealed->packetId, QLatin1String(kKindDraft), sealed->envelope);
    if (!id.ok())
        return id.error();
    qCInfo(lcSync) << "draft" << draft.number << "sealed for the window as packet" << sealed->packetId << "of"
                   << sealed->envelope.size() << "bytes";
    return {};
}

namespace {

TakeReply failed(TakeFailure failure, const QString &message, const QString &detail)
{
    return TakeReply{
        makeError(failure == TakeFailure::Unreachable ? ErrorCode::Io : ErrorCode::Invalid, message, detail), failure};
}

TakeReply forged(const QString &detail)
{
    return failed(TakeFailure::Refused,
                  SyncText::tr("The application sent by the county hub does not verify. It was not opened; please "
                               "ask the citizen to fill it in here."),
                  QStringLiteral("draft take: ") + detail);
}

} // namespace

TakeReply takeOverDraft(Transport &transport, const EnrolledDevice &desk, const Clock &clock, const QString &shortCode,
                        const QString &operatorName, const QString &roleKey, const crypto::PrivateKey &recipient)
{
    protocol::DraftTakeRequest request;
    request.pickupKey = protocol::pickupKey(normaliseShortCode(shortCode));
    request.operatorName = operatorName;
    request.role = roleKey;
    request.recipientKey = recipient.publicKey().toPem();
    HttpRequest req;
    req.method = "POST";
    req.path = QStringLiteral("/v1/drafts/take");
    req.body = protocol::toBytes(request.toJson());
    req.header("Content-Type", "application/json");
    auto response = sendSigned(transport, desk, clock, req);
    if (!response.ok())
        return TakeReply{response.error(), TakeFailure::Refused};
    if (response->status == 0)
        return failed(TakeFailure::Unreachable,
                      SyncText::tr("The county hub cannot be reached, so the application cannot be fetched now. "
                                   "Try again in a moment, or fill it in here with the citizen."),
                      QStringLiteral("draft take: no answer: %1").arg(response->transportError));
    const QString code = hubErrorCode(response->body);
    const QString detail = QStringLiteral("draft take: HTTP %1 %2").arg(response->status).arg(code);
    if (response->status == 404 && code == QLatin1String("unknown_pickup"))
        return failed(TakeFailure::NotAtHub,
                      SyncText::tr("No application with this pickup code has reached the county hub. Check the "
                                   "code. If the citizen saved it just now at a kiosk that is offline, it arrives "
                                   "once that kiosk is online again."),
                      detail);
    if (response->status == 409 && code == QLatin1String("already_taken"))
        return failed(TakeFailure::AlreadyTaken,
                      SyncText::tr("This pickup code has already been used: the application was taken over at a "
                                   "service window."),
                      detail);
    if (response->status == 410)
        return failed(TakeFailure::Expired,
                      SyncText::tr("This pickup code has expired and the saved application was removed. Please "
                                   "fill it in here with the citizen."),
                      detail);
    if (response->status == 403 && code == QLatin1String("forbidden_role"))
        return failed(TakeFailure::Forbidden,
                      SyncText::tr("Only a window clerk or a village helper can take over an application saved at a "
                                   "kiosk."),
                      detail);
    if (response->status != 200)
        return failed(TakeFailure::Refused,
                      SyncText::tr("The county hub did not hand over the application (%1). Please try again or "
                                   "fill it in here.")
                          .arg(response->status),
                      detail);

    auto object = protocol::parseObject(response->body, QStringLiteral("draft take answer"));
    if (!object.ok())
        return forged(object.error().logDetail);
    auto answer = protocol::DraftTakeAnswer::fromJson(*object);
    if (!answer.ok())
        return forged(answer.error().logDetail);
    auto kioskKey = crypto::PublicKey::fromDer(answer->signingKey);
    auto parsed = crypto::PacketOpener::parse(answer->packet);
    if (!kioskKey.ok() || !parsed.ok())
        return forged(QStringLiteral("kiosk key or packet does not parse"));
    if (parsed->manifest.deviceId != answer->deviceId || parsed->manifest.caseId != answer->draftId)
        return forged(QStringLiteral("packet is not the draft the hub names"));
    if (!crypto::PacketOpener::verifySignature(*parsed, *kioskKey))
        return forged(QStringLiteral("the kiosk's signature does not verify"));
    if (!crypto::PacketOpener::verifyDigests(*parsed))
        return forged(QStringLiteral("a digest does not match"));
    // The parts stay as the kiosk sealed them; only the content key comes wrapped for this desk.
    crypto::ParsedPacket forDesk = *parsed;
    forDesk.wrappedKey = answer->wrappedKey;
    auto opened = crypto::PacketOpener::open(forDesk, recipient);
    if (!opened.ok())
        return forged(opened.error().logDetail);
    auto terms = protocol::DraftPickupTerms::fromJson(opened->payload.value(QStringLiteral("pickup")).toObject());
    if (!terms.ok() || terms->pickupKey != request.pickupKey)
        return forged(QStringLiteral("the sealed pickup terms are not this code's"));
    const QDateTime expires = QDateTime::fromString(terms->expiresAt, Qt::ISODateWithMs);
    if (!expires.isValid() || expires <= clock.now())
        return failed(TakeFailure::Expired,
                      SyncText::tr("This pickup code has expired and the saved application was removed. Please "
                                   "fill it in here with the citizen."),
                      QStringLiteral("draft take: sealed expiry %1 has passed").arg(terms->expiresAt));
    TakenDraft out;
    out.draftId = answer->draftId;
    out.kioskId = answer->deviceId;
    out.itemId = opened->content.itemId;
    out.form = opened->content.form;
    out.materials = opened->content.materials;
    out.expiresAt = expires;
    qCInfo(lcSync) << "draft" << out.draftId << "of kiosk" << out.kioskId << "taken over with" << out.materials.size()
                   << "materials";
    return TakeReply{out, TakeFailure::None};
}

} // namespace ow::sync
