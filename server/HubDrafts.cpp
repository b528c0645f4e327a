#include "server/HubDrafts.h"

#include "crypto/Packet.h"
#include "domain/Role.h"
#include "protocol/Messages.h"
#include "server/HubLogging.h"

#include <QJsonArray>

namespace ow::hub {

namespace {

// How long the hub keeps a taken draft's packet, so that a desk whose answer was lost can ask again.
constexpr qint64 kRetakeSecs = 3600;

} // namespace

DraftRelay::DraftRelay(HubDatabase &db, const HubKeys &keys, HubLimits limits, const Clock &clock)
    : m_context(db, keys, limits, clock)
{}

bool DraftRelay::mayTakeOver(const QString &roleKey)
{
    return roleKey == role::key(Role::WindowClerk) || roleKey == role::key(Role::VillageHelper);
}

ServiceError DraftRelay::refuse(const QString &actor, Refusal kind, const char *code, const QString &detail,
                                const QString &target)
{
    qCInfo(lcHub, "draft request of %s refused: %s (%s)", qPrintable(actor), code, qPrintable(detail));
    // A refusal that cannot be audited is still a refusal; the log has it.
    if (Status audited = m_context.audit(actor, "draft_take", target, "refused"); !audited)
        qCWarning(lcHub, "audit not written: %s", qPrintable(audited.error().logDetail));
    return ServiceError(kind, code, detail);
}

ServiceResult<DraftRelay::Stored> DraftRelay::store(const DeviceIdentity &device, const QByteArray &envelope)
{
    HubDatabase &db = m_context.db();
    const auto outer = protocol::parseObject(envelope, QStringLiteral("draft envelope"));
    if (!outer)
        return ServiceError(Refusal::BadRequest, "bad_json", QStringLiteral("envelope is not a JSON object"));
    if (const qsizetype parts = outer->value(QStringLiteral("parts")).toArray().size();
        parts > m_context.limits().maxPacketParts)
        return ServiceError(Refusal::TooLarge, "too_many_parts", QStringLiteral("draft lists %1 parts").arg(parts));
    auto parsed = crypto::PacketOpener::parse(envelope);
    if (!parsed)
        return ServiceError(Refusal::BadRequest, "bad_request", parsed.error().logDetail);
    const crypto::Manifest &manifest = parsed->manifest;
    if (manifest.deviceId != device.id)
        return ServiceError(Refusal::Forbidden, "device_mismatch",
                            QStringLiteral("manifest deviceId is not the requesting device"));
    if (parsed->suite != device.suite)
        return ServiceError(Refusal::BadRequest, "wrong_suite", QStringLiteral("draft suite is not the device's"));
    for (const crypto::ManifestPart &part : manifest.parts) {
        if (part.external)
            return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("a draft has no external parts"));
    }
    if (!crypto::PacketOpener::verifySignature(*parsed, device.key))
        return ServiceError(Refusal::BadRequest, "bad_signature", QStringLiteral("manifest signature does not verify"));
    if (!crypto::PacketOpener::verifyDigests(*parsed))
        return ServiceError(Refusal::BadRequest, "digest_mismatch",
                            QStringLiteral("part or wrapped key digest mismatch"));
    auto opened = crypto::PacketOpener::open(*parsed, m_context.keys().encryptionKey(parsed->suite));
    if (!opened)
        return ServiceError(Refusal::BadRequest, "decrypt_failed", opened.error().logDetail);
    auto terms = protocol::DraftPickupTerms::fromJson(opened->payload.value(QStringLiteral("pickup")).toObject());
    if (!terms)
        return ServiceError(Refusal::BadRequest, "bad_request",
                            QStringLiteral("payload.pickup: ") + terms.error().logDetail);
    const QString now = m_context.now();
    const QString actor = QStringLiteral("device:") + device.id;
    if (terms->expiresAt <= now)
        return ServiceError(Refusal::Gone, "pickup_expired", QStringLiteral("the draft's pickup code has expired"));

    Transaction tx(db);
    OW_TRY(tx.begin());
    auto existing = db.exec(QStringLiteral("SELECT device_id, digest FROM drafts WHERE pickup_key = ? OR "
                                           "(device_id = ? AND draft_id = ?)"),
                            {QString::fromLatin1(terms->pickupKey), device.id, manifest.caseId});
    OW_TRY(existing);
    protocol::DraftStored answer{manifest.caseId, terms->expiresAt};
    if (existing->next()) {
        if (existing->value(0).toString() == device.id && existing->value(1).toString().toLatin1() == parsed->digest &&
            !existing->next())
            return Stored{answer, false};
        return ServiceError(Refusal::Conflict, "digest_conflict",
                            QStringLiteral("another draft holds this pickup key or draft id"));
    }
    existing->finish();
    OW_TRY(db.exec(QStringLiteral("INSERT INTO drafts (pickup_key, draft_id, device_id, packet_id, digest, envelope, "
                                  "expires_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                   {QString::fromLatin1(terms->pickupKey), manifest.caseId, device.id, manifest.packetId,
                    QString::fromLatin1(parsed->digest), envelope, terms->expiresAt, now}));
    OW_TRY(m_context.audit(actor, "draft_stored", manifest.caseId, "ok"));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "draft %s of device %s stored, pickup until %s", qPrintable(manifest.caseId), qPrintable(device.id),
           qPrintable(terms->expiresAt));
    return Stored{answer, true};
}

ServiceResult<protocol::DraftTakeAnswer> DraftRelay::take(const DeviceIdentity &device, const QByteArray &body)
{
    HubDatabase &db = m_context.db();
    auto request = service::readRequest<protocol::DraftTakeRequest>(body, QStringLiteral("draft take request"));
    if (!request)
        return request.error();
    QString actor = QStringLiteral("device:") + device.id;
    // The clerk signs in at the desk (a local account); the desk, an enrolled device, vouches for
    // the name and role it signs. Only a window clerk or a village helper takes drafts over.
    if (!service::isSafeId(request->operatorName))
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("operator is not a user name"));
    actor += QStringLiteral(" operator:") + request->operatorName;
    if (!mayTakeOver(request->role))
        return refuse(actor, Refusal::Forbidden, "forbidden_role",
                      QStringLiteral("role %1 does not take drafts over").arg(request->role.left(32)));
    auto recipient = crypto::PublicKey::fromPem(request->recipientKey);
    if (!recipient || !(recipient->fits(crypto::Suite::Gm, crypto::KeyUse::Encryption) ||
                        recipient->fits(crypto::Suite::Intl, crypto::KeyUse::Encryption)))
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("recipientKey is no encryption key"));
    const QString recipientDigest = QString::fromLatin1(recipient->fingerprint());
    const QString pickupKey = QString::fromLatin1(request->pickupKey);
    const QString now = m_context.now();

    Transaction tx(db);
    OW_TRY(tx.begin());
    auto row = db.exec(QStringLiteral("SELECT d.draft_id, d.device_id, d.packet_id, d.envelope, d.expires_at, "
                                      "d.taken_at, d.taken_by, d.taken_key, v.signing_key FROM drafts d "
                                      "LEFT JOIN devices v ON v.id = d.device_id WHERE d.pickup_key = ?"),
                       {pickupKey});
    OW_TRY(row);
    // Unknown, expired and taken are told apart only to someone who holds the code: the key is a
    // digest of it.
    if (!row->next()) {
        OW_TRY(tx.commit()); // nothing written; the refusal is audited on its own
        return refuse(actor, Refusal::NotFound, "unknown_pickup", QStringLiteral("no draft under this pickup key"));
    }
    protocol::DraftTakeAnswer answer;
    answer.draftId = row->value(0).toString();
    answer.deviceId = row->value(1).toString();
    const QString packetId = row->value(2).toString();
    const QByteArray envelope = row->value(3).toByteArray();
    answer.expiresAt = row->value(4).toString();
    const QString takenAt = row->value(5).toString();
    const QString takenBy = row->value(6).toString();
    const QString takenKey = row->value(7).toString();
    const auto kioskKey = m_context.deviceKey(row->value(8).toString());
    row->finish();
    const bool retake = !takenAt.isEmpty() && takenBy == QStringLiteral("device:") + device.id &&
                        takenKey == recipientDigest && !envelope.isEmpty();
    if (!takenAt.isEmpty() && !retake) {
        OW_TRY(tx.commit()); // nothing written; the refusal is audited on its own
        return refuse(actor, Refusal::Conflict, "already_taken", QStringLiteral("draft already taken over"),
                      answer.draftId);
    }
    if (answer.expiresAt <= now || envelope.isEmpty()) {
        OW_TRY(tx.commit()); // nothing written; the refusal is audited on its own
        return refuse(actor, Refusal::Gone, "pickup_expired", QStringLiteral("the pickup code has expired"),
                      answer.draftId);
    }
    if (!kioskKey)
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("the kiosk's key is not readable"));
    auto parsed = crypto::PacketOpener::parse(envelope);
    if (!parsed || !crypto::PacketOpener::verifySignature(*parsed, *kioskKey) ||
        !crypto::PacketOpener::verifyDigests(*parsed))
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored draft does not verify"));
    auto contentKey = crypto::unwrapKey(m_context.keys().encryptionKey(parsed->suite), parsed->wrappedKey);
    if (!contentKey)
        return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored draft's key does not unwrap"));
    auto wrapped = crypto::wrapKey(*recipient, *contentKey);
    if (!wrapped)
        return ServiceError(Refusal::BadRequest, "bad_request", QStringLiteral("recipientKey does not wrap"));
    answer.packet = envelope;
    answer.wrappedKey = *wrapped;
    answer.signingKey = kioskKey->toDer();
    answer.takenAt = retake ? takenAt : now;
    if (!retake) {
        auto taken = db.exec(QStringLiteral("UPDATE drafts SET taken_at = ?, taken_by = ?, taken_key = ? "
                                            "WHERE pickup_key = ? AND taken_at IS NULL"),
                             {now, QStringLiteral("device:") + device.id, recipientDigest, pickupKey});
        OW_TRY(taken);
        // Two desks at once: one wins, the other is told it was taken.
        if (taken->numRowsAffected() != 1) {
            OW_TRY(tx.commit()); // nothing written; the refusal is audited on its own
            return refuse(actor, Refusal::Conflict, "already_taken", QStringLiteral("taken over meanwhile"),
                          answer.draftId);
        }
        OW_TRY(m_context.orderEvents());
        OW_TRY(db.exec(QStringLiteral("INSERT INTO events (device_id, case_id, packet_id, type, state, opinion, "
                                      "department, at) VALUES (?, ?, ?, ?, ?, NULL, '', ?)"),
                       {answer.deviceId, answer.draftId, packetId,
                        protocol::eventType::key(protocol::EventType::DraftTaken),
                        protocol::stateToWire(CaseState::Draft), now}));
    }
    OW_TRY(m_context.audit(actor, "draft_take", answer.draftId, retake ? "again" : "ok"));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "draft %s of device %s taken over by device %s%s", qPrintable(answer.draftId),
           qPrintable(answer.deviceId), qPrintable(device.id), retake ? " (again)" : "");
    return answer;
}

ServiceResult<int> DraftRelay::purge()
{
    const QString now = m_context.now();
    const QString takenBefore = crypto::wireTime(m_context.clock().now().addSecs(-kRetakeSecs));
    auto purged = m_context.db().exec(QStringLiteral("UPDATE drafts SET envelope = NULL WHERE envelope IS NOT NULL "
                                                     "AND (expires_at <= ? OR taken_at <= ?)"),
                                      {now, takenBefore});
    OW_TRY(purged);
    return purged->numRowsAffected();
}

} // namespace ow::hub
