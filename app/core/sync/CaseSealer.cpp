#include "sync/CaseSealer.h"

#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include "crypto/Packet.h"
#include "store/Authorisations.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace ow::sync {

namespace {

// A case a village helper files for a principal travels with "channel": "helper", the helper (name,
// masked ID number, phone) and the authorisation's reference, scope and validity (PROTOCOL.md §3.1,
// 1.18). The photo of the signed paper and the principal's signature stay in this desk's store.
Status addHelperFields(Store &store, const QString &caseNumber, QJsonObject &extra)
{
    if (store.schemaVersion() < 8)
        return {};
    auto helped = store.authorisations().helpedCase(caseNumber);
    if (!helped.ok())
        return helped.error();
    if (!helped->has_value())
        return {};
    const Authorisation &a = (*helped)->authorisation;
    extra.insert(QStringLiteral("channel"), QStringLiteral("helper"));
    extra.insert(QStringLiteral("agent"), QJsonObject{{QStringLiteral("name"), a.agent.name},
                                                      {QStringLiteral("idMasked"), a.agent.maskedId},
                                                      {QStringLiteral("phone"), a.agent.phone}});
    extra.insert(QStringLiteral("authorisation"),
                 QJsonObject{{QStringLiteral("reference"), a.reference},
                             {QStringLiteral("scope"), QJsonArray::fromStringList(a.scope)},
                             {QStringLiteral("validFrom"), a.validFrom.toString(Qt::ISODate)},
                             {QStringLiteral("validTo"), a.validTo.toString(Qt::ISODate)}});
    return {};
}

// Where the case was taken (1.16, the hall's figures by channel): a village helper's case says so
// above; a case a citizen created at a kiosk travels with "channel": "kiosk"; the hub counts a
// case without the field as the window's.
Status addKioskChannel(Store &store, const QString &caseNumber, QJsonObject &extra)
{
    if (extra.contains(QStringLiteral("channel")))
        return {};
    auto events = store.cases().events(caseNumber);
    if (!events.ok())
        return events.error();
    for (const CaseEvent &event : *events) {
        if (event.action == QLatin1String("created")) {
            if (event.role == QLatin1String("citizen"))
                extra.insert(QStringLiteral("channel"), QStringLiteral("kiosk"));
            break;
        }
    }
    return {};
}

} // namespace

CaseSealer::CaseSealer(Store &store, const EnrolledDevice &device)
    : m_store(store)
    , m_device(device)
{}

Result<SealedCase> CaseSealer::seal(const QString &caseNumber, const Actor &actor)
{
    auto found = m_store.cases().findByNumber(caseNumber);
    if (!found.ok())
        return found.error();
    if (!found->has_value()) {
        return makeError(ErrorCode::NotFound, SyncText::tr("No case with this number is stored on this device."),
                         QStringLiteral("seal: case %1 not found").arg(caseNumber));
    }
    const Case &c = **found;
    auto already = m_store.outbox().hasPacketForCase(c.id);
    if (!already.ok())
        return already.error();
    // Once per submission: again only as the corrected resubmission the department asked for,
    // after the hub acknowledged the first one (PROTOCOL.md §3.2: it replaces the case's packet).
    const bool resubmission = c.state == CaseState::CorrectionRequested && c.syncState == SyncState::Acknowledged;
    if (!resubmission && (*already || c.syncState == SyncState::Queued || c.syncState == SyncState::Acknowledged)) {
        return makeError(ErrorCode::AlreadyExists, SyncText::tr("This case has already been sealed and queued."),
                         QStringLiteral("seal refused: case %1 already has a packet").arg(caseNumber));
    }
    if (c.purged) {
        return makeError(ErrorCode::Invalid, SyncText::tr("This case's personal data has been removed."),
                         QStringLiteral("seal refused: case %1 purged").arg(caseNumber));
    }

    // Reading the form and the materials for sealing is a use of the applicant's data: audited.
    const QString purpose = QStringLiteral("seal for the county hub");
    auto read = m_store.cases().read(caseNumber, actor, purpose);
    if (!read.ok())
        return read.error();
    crypto::PacketContent content;
    content.caseId = c.number;
    content.itemId = c.itemCode;
    content.form = QJsonDocument::fromJson(read->formJson).object();
    OW_TRY(addHelperFields(m_store, caseNumber, content.extra));
    OW_TRY(addKioskChannel(m_store, caseNumber, content.extra));
    auto attachments = m_store.attachments().forCase(caseNumber);
    if (!attachments.ok())
        return attachments.error();
    for (const Attachment &a : *attachments) {
        auto data = m_store.attachments().content(a.id, actor, purpose);
        if (!data.ok())
            return data.error();
        if (a.size <= kInlineLimit) {
            content.materials.append({a.material, a.mime, *data});
        } else {
            content.attachments.append(
                {QStringLiteral("att-%1").arg(content.attachments.size()), std::move(data).value()});
        }
    }

    Transaction tx(m_store.db());
    OW_TRY(tx.begun());
    auto seqValue = m_store.settings().value(QLatin1String(settingKey::kPacketSequence));
    if (!seqValue.ok())
        return seqValue.error();
    const qint64 sequence = seqValue->has_value() ? (*seqValue)->toLongLong() + 1 : 1;
    OW_TRY(m_store.settings().setValue(QLatin1String(settingKey::kPacketSequence), QByteArray::number(sequence)));
    crypto::PacketSealer sealer(m_device.cryptoSuite(), m_device.signingKey(), m_device.hubEncryptionKey(),
                                m_device.deviceId());
    auto sealed = sealer.seal(content, sequence, m_store.clock().now());
    if (!sealed.ok())
        return sealed.error();
    SealedCase out;
    out.caseNumber = caseNumber;
    out.packetId = sealed->packetId;
    // Parts first: with equal due times the outbox sends in insertion order.
    for (const crypto::SealedPart &part : sealed->externalParts) {
        auto id = m_store.outbox().enqueue(c.id, sealed->packetId + QLatin1Char('/') + part.name,
                                           QLatin1String(kKindAttachment), part.blob);
        if (!id.ok())
            return id.error();
        ++out.externalParts;
        out.bytes += part.blob.size();
    }
    auto id = m_store.outbox().enqueue(c.id, sealed->packetId, QLatin1String(kKindPacket), sealed->envelope);
    if (!id.ok())
        return id.error();
    out.bytes += sealed->envelope.size();
    OW_TRY(tx.commit());
    OW_TRY(m_store.cases().setSyncState(caseNumber, SyncState::Queued, actor));
    qCInfo(lcSync) << "sealed case" << caseNumber << "as packet" << out.packetId << "sequence" << sequence << "with"
                   << out.externalParts << "external parts," << out.bytes << "bytes";
    return out;
}

} // namespace ow::sync
