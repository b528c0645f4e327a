#include "server/HubIngest.h"

#include "crypto/Packet.h"
#include "crypto/Receipt.h"
#include "domain/CaseState.h"
#include "protocol/Messages.h"
#include "server/HubLogging.h"
#include "server/HubReview.h"
#include "server/HubStats.h"
#include "server/HubText.h"

#include <QJsonArray>

#include <algorithm>

namespace ow::hub {

namespace {

ServiceError refused(Refusal kind, const char *code, const QString &message)
{
    return ServiceError(kind, code, message);
}

QString stateKey(CaseState state)
{
    return protocol::stateToWire(state);
}

} // namespace

bool IngestService::verifiesAndOpens(const QByteArray &envelope, const crypto::PublicKey &deviceKey,
                                     const HubKeys &keys)
{
    auto parsed = crypto::PacketOpener::parse(envelope);
    if (!parsed)
        return false;
    for (const crypto::ManifestPart &part : parsed->manifest.parts)
        if (part.external)
            return false;
    return crypto::PacketOpener::verifySignature(*parsed, deviceKey) && crypto::PacketOpener::verifyDigests(*parsed) &&
           crypto::PacketOpener::open(*parsed, keys.encryptionKey(parsed->suite)).ok();
}

QList<QByteArray> IngestService::signReceipts(const QList<ReceiptToSign> &receipts, const HubKeys &keys)
{
    QList<QByteArray> documents(receipts.size());
    for (const crypto::Suite suite : {crypto::Suite::Gm, crypto::Suite::Intl}) {
        QList<qsizetype> indexes;
        QList<crypto::ReceiptData> data;
        for (qsizetype i = 0; i < receipts.size(); ++i) {
            if (receipts[i].suite == suite) {
                indexes.append(i);
                data.append(receipts[i].data);
            }
        }
        if (data.isEmpty())
            continue;
        auto signedReceipts = crypto::signReceipts(suite, keys.signingKey(suite), data);
        if (!signedReceipts) {
            qCWarning(lcHub, "receipts not signed: %s", qPrintable(signedReceipts.error().logDetail));
            return QList<QByteArray>(receipts.size());
        }
        for (qsizetype i = 0; i < indexes.size(); ++i)
            documents[indexes[i]] = signedReceipts->at(i);
    }
    return documents;
}

QByteArray IngestService::signReceipt(const ReceiptToSign &receipt, const HubKeys &keys)
{
    auto signedReceipt = protocol::ReceiptDocument::sign(receipt.suite, keys.signingKey(receipt.suite), receipt.data);
    if (!signedReceipt) {
        qCWarning(lcHub, "receipt not signed: %s", qPrintable(signedReceipt.error().logDetail));
        return {};
    }
    return signedReceipt->toJson();
}

Status IngestService::storeReceipts(const QList<QPair<qint64, QByteArray>> &receipts)
{
    HubDatabase &db = m_context.db();
    // One statement for up to 64 receipts: on PostgreSQL every statement is a round trip.
    constexpr qsizetype kPerStatement = 64;
    for (qsizetype from = 0; from < receipts.size(); from += kPerStatement) {
        const qsizetype count = std::min(kPerStatement, receipts.size() - from);
        if (count == 1) {
            OW_TRY(db.execPrepared(QStringLiteral("UPDATE packets SET receipt = ? WHERE seq = ?"),
                                   {QString::fromUtf8(receipts[from].second), receipts[from].first}));
            continue;
        }
        // UPDATE ... FROM a derived table, written the way both SQLite and PostgreSQL read it.
        QString sql = QStringLiteral("UPDATE packets SET receipt = v.receipt FROM (");
        for (qsizetype i = 0; i < count; ++i)
            sql += (i == 0 ? QString() : QStringLiteral(" UNION ALL ")) +
                   QStringLiteral("SELECT CAST(? AS BIGINT) AS seq, CAST(? AS TEXT) AS receipt");
        sql += QStringLiteral(") AS v WHERE packets.seq = v.seq");
        QVariantList values;
        for (qsizetype i = 0; i < count; ++i)
            values << receipts[from + i].first << QString::fromUtf8(receipts[from + i].second);
        auto stored = db.execPrepared(sql, values);
        OW_TRY(stored);
        if ((*stored)->numRowsAffected() != count)
            return makeError(
                ErrorCode::Io, HubText::tr("The hub database is not available."),
                QStringLiteral("receipts stored for %1 of %2 packets").arg((*stored)->numRowsAffected()).arg(count));
    }
    return {};
}

bool IngestService::verifyAndReserve(const QByteArray &envelope, const crypto::PublicKey &deviceKey,
                                     std::optional<Reserved> &reserved,
                                     std::shared_ptr<const crypto::ParsedPacket> &parsedOut)
{
    auto parsed = crypto::PacketOpener::parse(envelope);
    if (!parsed)
        return false;
    if (parsed->manifest.parts.size() > m_context.limits().maxPacketParts)
        return false; // refused by ingest() without any crypto
    for (const crypto::ManifestPart &part : parsed->manifest.parts)
        if (part.external)
            return false;
    const HubKeys &keys = m_context.keys();
    if (!crypto::PacketOpener::verifySignature(*parsed, deviceKey) || !crypto::PacketOpener::verifyDigests(*parsed))
        return false;
    auto opened = crypto::PacketOpener::open(*parsed, keys.encryptionKey(parsed->suite));
    if (!opened)
        return false;
    parsedOut = std::make_shared<const crypto::ParsedPacket>(*parsed);
    if (const QString channel = caseChannel::fromPayload(opened->payload); channel != caseChannel::window()) {
        const std::lock_guard lock(m_reservedMutex);
        if (m_openedChannels.size() >= 10000) // packets refused before ingest() took theirs
            m_openedChannels.clear();
        m_openedChannels.insert(parsed->manifest.packetId, channel);
    }
    {
        const std::lock_guard lock(m_reservedMutex);
        if (m_reserved.empty())
            return true;
        reserved = Reserved{m_reserved.front(), m_context.now(), parsed->manifest.packetId};
        m_reserved.pop_front();
    }
    return true;
}

Status IngestService::reserveSequences()
{
    if (m_context.db().dialect() != HubDatabase::Dialect::Postgres)
        return {};
    {
        const std::lock_guard lock(m_reservedMutex);
        if (m_reserved.size() >= 64)
            return {};
    }
    auto taken = m_context.db().execPrepared(
        QStringLiteral("SELECT nextval(pg_get_serial_sequence('packets', 'seq')) FROM generate_series(1, 128)"));
    OW_TRY(taken);
    QList<qint64> numbers;
    while ((*taken)->next())
        numbers.append((*taken)->value(0).toLongLong());
    (*taken)->finish();
    const std::lock_guard lock(m_reservedMutex);
    m_reserved.insert(m_reserved.end(), numbers.cbegin(), numbers.cend());
    return {};
}

Result<qint64> IngestService::takeSequence()
{
    if (m_sequences.isEmpty()) {
        // Numbers of the packets' own sequence, a few at a time; one left unused is a gap, as a
        // rolled-back insert leaves one.
        auto taken = m_context.db().execPrepared(
            QStringLiteral("SELECT nextval(pg_get_serial_sequence('packets', 'seq')) FROM generate_series(1, 32)"));
        OW_TRY(taken);
        while ((*taken)->next())
            m_sequences.append((*taken)->value(0).toLongLong());
        (*taken)->finish();
        if (m_sequences.isEmpty())
            return makeError(ErrorCode::Io, HubText::tr("The hub database is not available."),
                             QStringLiteral("no packet sequence numbers"));
    }
    return m_sequences.takeFirst();
}

namespace {

QString sequenceKey(const QString &deviceId, qint64 sequence)
{
    return deviceId + QLatin1Char('\n') + QString::number(sequence);
}

// "$first, $first+1, ..., $first+count-1"
QByteArray placeholders(qsizetype first, qsizetype count)
{
    QByteArray list;
    for (qsizetype i = 0; i < count; ++i)
        list += (i == 0 ? "$" : ", $") + QByteArray::number(first + i);
    return list;
}

} // namespace

Status IngestService::prefetchGroup(const QList<const protocol::Manifest *> &all)
{
    m_group.reset();
    HubDatabase &db = m_context.db();
    if (all.isEmpty() || db.dialect() != HubDatabase::Dialect::Postgres)
        return {};
    // Four values a packet, well inside a statement's 65,535; packets beyond these (a group of
    // thousands) are looked up one by one.
    const QList<const protocol::Manifest *> manifests = all.mid(0, 4096);
    // Packet ids, then device and sequence pairs, then case ids, in one statement.
    const qsizetype count = manifests.size();
    QVariantList values;
    for (const protocol::Manifest *manifest : manifests)
        values << manifest->packetId;
    QByteArray pairs;
    for (qsizetype i = 0; i < count; ++i) {
        pairs += QByteArray(i == 0 ? "" : ", ") + "($" + QByteArray::number(count + 2 * i + 1) + "::text, $" +
                 QByteArray::number(count + 2 * i + 2) + "::bigint)";
        values << manifests[i]->deviceId << manifests[i]->sequence;
    }
    for (const protocol::Manifest *manifest : manifests)
        values << manifest->caseId;
    const QByteArray sql =
        "SELECT 'p', packet_id, digest, receipt, device_id, sequence FROM packets WHERE packet_id IN (" +
        placeholders(1, count) + ") OR (device_id, sequence) IN (" + pairs +
        ") UNION ALL SELECT 'c', case_id, NULL, NULL, NULL, NULL FROM cases WHERE case_id IN (" +
        placeholders(3 * count + 1, count) + ")";
    auto found = db.execNative(sql, values);
    OW_TRY(found);
    GroupLookups lookups;
    for (const protocol::Manifest *manifest : manifests) {
        lookups.packetIds.insert(manifest->packetId);
        lookups.caseStored.insert(manifest->caseId, false);
    }
    for (const QByteArrayList &row : found->rows) {
        if (row.value(0) == "c") {
            lookups.caseStored.insert(QString::fromUtf8(row.value(1)), true);
            continue;
        }
        const QString deviceId = QString::fromUtf8(row.value(4));
        lookups.stored.insert(QString::fromUtf8(row.value(1)), StoredPacket{row.value(2), row.value(3), deviceId});
        lookups.usedSequences.insert(sequenceKey(deviceId, row.value(5).toLongLong()));
    }
    m_group = std::move(lookups);
    return {};
}

void IngestService::noteStored(const protocol::Manifest &manifest, const QByteArray &digest)
{
    if (!m_group)
        return;
    m_group->stored.insert(manifest.packetId, StoredPacket{digest, QByteArray(), manifest.deviceId});
    m_group->usedSequences.insert(sequenceKey(manifest.deviceId, manifest.sequence));
    m_group->caseStored.insert(manifest.caseId, true);
}

Status IngestService::storeDeferred(const QList<QPair<qint64, QByteArray>> &receipts)
{
    HubDatabase &db = m_context.db();
    const QList<PendingRow> rows = std::exchange(m_pendingRows, {});
    QHash<qint64, QByteArray> receiptOf;
    QList<QPair<qint64, QByteArray>> stored; // packets already written, their receipts
    for (const auto &[seq, receipt] : receipts)
        receiptOf.insert(seq, receipt);
    for (const PendingRow &row : rows)
        receiptOf.remove(row.seq);
    for (const auto &[seq, receipt] : receipts)
        if (receiptOf.contains(seq))
            stored.append({seq, receipt});
    OW_TRY(storeReceipts(stored));
    if (rows.isEmpty())
        return {};
    QHash<qint64, QByteArray> receiptOfRow;
    for (const auto &[seq, receipt] : receipts)
        receiptOfRow.insert(seq, receipt);
    for (const PendingRow &row : rows)
        if (receiptOfRow.value(row.seq).isEmpty())
            return makeError(ErrorCode::Internal, HubText::tr("The hub database is not available."),
                             QStringLiteral("no receipt for packet seq %1").arg(row.seq));
    // A few statements for the whole group, their values sent as they are (the envelopes in
    // binary): the new cases, then the packets with their receipts, then their events.
    constexpr qsizetype kPerStatement = 256;
    constexpr qsizetype kCaseColumns = 10;
    for (qsizetype from = 0; from < rows.size(); from += kPerStatement) {
        const qsizetype count = std::min(kPerStatement, rows.size() - from);
        QByteArray cases = "INSERT INTO cases (case_id, packet_id, device_id, item_id, department, state, received_at, "
                           "updated_at, due_date, channel) VALUES ";
        QVariantList caseValues;
        for (qsizetype i = 0; i < count; ++i) {
            const PendingRow &row = rows[from + i];
            if (row.caseInserted)
                continue;
            cases += (caseValues.isEmpty() ? "(" : ", (") + placeholders(caseValues.size() + 1, kCaseColumns) + ")";
            caseValues << row.caseId << row.packetId << row.deviceId << row.itemId << row.department
                       << stateKey(CaseState::Received) << row.receivedAt << row.receivedAt << row.dueDate
                       << row.channel;
        }
        if (!caseValues.isEmpty()) {
            // Read as new when the group began; another hub on the database may have stored one
            // since. Then the whole group is refused and sent again, and judged case by case.
            auto inserted = db.execNative(cases + " ON CONFLICT (case_id) DO NOTHING", caseValues);
            OW_TRY(inserted);
            const qsizetype newCases = caseValues.size() / kCaseColumns;
            if (inserted->affected != newCases)
                return makeError(ErrorCode::Io, HubText::tr("The hub database is not available."),
                                 QStringLiteral("%1 of %2 new cases stored by another hub meanwhile")
                                     .arg(newCases - inserted->affected)
                                     .arg(newCases));
        }
        QByteArray packets = "INSERT INTO packets (seq, packet_id, device_id, case_id, item_id, sequence, suite, "
                             "digest, envelope, received_at, receipt) VALUES ";
        QByteArray events = "INSERT INTO events (device_id, case_id, packet_id, type, state, department, at) VALUES ";
        QVariantList packetValues;
        QVariantList eventValues;
        for (qsizetype i = 0; i < count; ++i) {
            const PendingRow &row = rows[from + i];
            packets += (i == 0 ? "(" : ", (") + placeholders(packetValues.size() + 1, 11) + ")";
            events += (i == 0 ? "(" : ", (") + placeholders(eventValues.size() + 1, 7) + ")";
            packetValues << row.seq << row.packetId << row.deviceId << row.caseId << row.itemId << row.sequence
                         << crypto::suiteName(row.suite) << QString::fromLatin1(row.digest) << row.envelope
                         << row.receivedAt << QString::fromUtf8(receiptOfRow.value(row.seq));
            eventValues << row.deviceId << row.caseId << row.packetId
                        << protocol::eventType::key(protocol::EventType::Received) << stateKey(CaseState::Received)
                        << row.department << row.receivedAt;
        }
        OW_TRY(db.execNative(packets, packetValues));
        OW_TRY(m_context.orderEvents());
        OW_TRY(db.execNative(events, eventValues));
    }
    return {};
}

QString IngestService::takeOpenedChannel(const QString &packetId)
{
    const std::lock_guard lock(m_reservedMutex);
    return m_openedChannels.take(packetId);
}

void IngestService::discardDeferred()
{
    m_pendingRows.clear();
}

ServiceResult<IngestService::Stored> IngestService::ingest(const QString &device, const QByteArray &envelope,
                                                           const QMap<QString, QByteArray> &externalParts,
                                                           const crypto::PublicKey *verifiedWith,
                                                           const DeviceIdentity *authenticated,
                                                           const Reserved *reserved, const crypto::ParsedPacket *parsed)
{
    auto stored = ingestChecked(device, envelope, externalParts, verifiedWith, authenticated, reserved,
                                verifiedWith ? parsed : nullptr);
    if (stored) {
        ++(stored->created ? m_counters.packetsStored : m_counters.packetsDuplicate);
    } else if (stored.error().kind != Refusal::Unavailable && stored.error().kind != Refusal::Internal) {
        ++m_counters.packetsRejected[stored.error().code];
        qCInfo(lcHub, "packet refused: %s (%s)", stored.error().code.constData(), qPrintable(stored.error().detail));
    }
    return stored;
}

ServiceStatus IngestService::checkCaseNumber(const protocol::Manifest &manifest)
{
    HubDatabase &db = m_context.db();
    const QString prefix = service::casePrefixOf(manifest.caseId);
    if (const auto known = m_prefixes.constFind(manifest.deviceId); known != m_prefixes.cend() && *known == prefix)
        return {};
    const auto ownPrefix = [&]() -> Result<QString> {
        auto bound = db.execPrepared(QStringLiteral("SELECT prefix FROM case_prefixes WHERE device_id = ?"),
                                     {manifest.deviceId});
        if (!bound)
            return bound.error();
        QSqlQuery *row = *bound;
        QString own = row->next() ? row->value(0).toString() : QString();
        row->finish();
        return own;
    };
    auto own = ownPrefix();
    OW_TRY(own);
    if (own->isEmpty() && service::isCasePrefix(prefix)) {
        // Enrolled before protocol 1.8: the first packet's series becomes the device's, unless
        // another device holds it. Several hubs may race here: whichever insert lands decides.
        OW_TRY(db.exec(QStringLiteral("INSERT INTO case_prefixes (prefix, device_id, bound_at) VALUES (?, ?, ?) "
                                      "ON CONFLICT DO NOTHING"),
                       {prefix, manifest.deviceId, m_context.now()}));
        own = ownPrefix();
        OW_TRY(own);
        if (*own == prefix)
            qCInfo(lcHub, "device %s numbers its cases %s-...", qPrintable(manifest.deviceId), qPrintable(prefix));
    }
    if (!own->isEmpty()) {
        if (m_prefixes.size() > 100000)
            m_prefixes.clear();
        m_prefixes.insert(manifest.deviceId, *own);
    }
    if (*own != prefix) {
        qCWarning(lcHub, "packet refused: device %s sent a case number of series %s; its own is %s",
                  qPrintable(manifest.deviceId), qPrintable(prefix), qPrintable(*own));
        OW_TRY(m_context.audit(QStringLiteral("device:") + manifest.deviceId, "packet_case_number", manifest.caseId,
                               "refused"));
        return ServiceError(Refusal::Forbidden, "case_number_foreign",
                            QStringLiteral("the case number is not of this device's series"));
    }
    return {};
}

ServiceResult<IngestService::Stored> IngestService::ingestChecked(const QString &device, const QByteArray &envelope,
                                                                  const QMap<QString, QByteArray> &externalParts,
                                                                  const crypto::PublicKey *verifiedWith,
                                                                  const DeviceIdentity *authenticated,
                                                                  const Reserved *reserved,
                                                                  const crypto::ParsedPacket *preParsed)
{
    HubDatabase &db = m_context.db();
    const HubLimits &limits = m_context.limits();
    const auto tooManyParts = [&](qsizetype parts) {
        return refused(Refusal::TooLarge, "too_many_parts",
                       QStringLiteral("packet lists %1 parts; the hub takes %2").arg(parts).arg(limits.maxPacketParts));
    };
    // Parsed (and verified) on a crypto thread already, or parsed here.
    std::optional<protocol::PacketEnvelope> envelopeMessage;
    const crypto::ParsedPacket *parsed = preParsed;
    if (!parsed) {
        // The suite label first, so a client with the wrong suite learns exactly that.
        const auto outer = protocol::parseObject(envelope, QStringLiteral("packet envelope"));
        if (!outer)
            return refused(Refusal::BadRequest, "bad_json", QStringLiteral("envelope is not a JSON object"));
        if (!protocol::suiteLabel(*outer))
            return refused(Refusal::BadRequest, "wrong_suite", QStringLiteral("unknown suite"));
        // Before any parsing or crypto: the envelope lists every part of the manifest once.
        if (const qsizetype parts = outer->value(QStringLiteral("parts")).toArray().size();
            parts > limits.maxPacketParts)
            return tooManyParts(parts);
        auto message = protocol::PacketEnvelope::fromJson(envelope);
        if (!message)
            return refused(Refusal::BadRequest, "bad_request", message.error().logDetail);
        envelopeMessage = std::move(message).value();
        parsed = &envelopeMessage->packet;
    } else if (parsed->manifest.parts.size() > limits.maxPacketParts) {
        return tooManyParts(parsed->manifest.parts.size());
    }
    const protocol::Manifest &manifest = parsed->manifest;
    if (!device.isEmpty() && manifest.deviceId != device)
        return refused(Refusal::Forbidden, "device_mismatch",
                       QStringLiteral("manifest deviceId is not the requesting device"));

    // The device as enrolled: as the request's authentication just read it, or read here.
    std::optional<DeviceIdentity> enrolled;
    if (authenticated && authenticated->id == manifest.deviceId) {
        enrolled = *authenticated;
    } else {
        auto foundRun = db.execPrepared(
            QStringLiteral("SELECT suite, signing_key, revoked_at FROM devices WHERE id = ?"), {manifest.deviceId});
        OW_TRY(foundRun);
        QSqlQuery *found = *foundRun;
        if (!found->next())
            return refused(Refusal::Unauthenticated, "device_unknown", QStringLiteral("packet from an unknown device"));
        if (!found->value(2).isNull())
            return refused(Refusal::Unauthenticated, "device_revoked", QStringLiteral("packet from a revoked device"));
        const std::optional<crypto::Suite> suite = crypto::parseSuite(found->value(0).toString());
        const std::optional<crypto::PublicKey> key = m_context.deviceKey(found->value(1).toString());
        found->finish();
        if (!key || !suite)
            return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored device key unreadable"));
        enrolled = DeviceIdentity{manifest.deviceId, *suite, *key};
    }
    if (enrolled->suite != parsed->suite)
        return refused(Refusal::BadRequest, "wrong_suite",
                       QStringLiteral("packet suite is not the device's enrolled suite"));
    const crypto::PublicKey *deviceKey = &enrolled->key;
    // Verified and opened on another thread with this very key, and no part outside the envelope.
    const bool verified = verifiedWith && externalParts.isEmpty() && verifiedWith->sameKeyAs(*deviceKey) &&
                          std::none_of(manifest.parts.cbegin(), manifest.parts.cend(),
                                       [](const crypto::ManifestPart &part) { return part.external; });
    if (!verified && !crypto::PacketOpener::verifySignature(*parsed, *deviceKey))
        return refused(Refusal::BadRequest, "bad_signature", QStringLiteral("manifest signature does not verify"));
    if (!verified && !crypto::PacketOpener::verifyDigests(*parsed))
        return refused(Refusal::BadRequest, "digest_mismatch", QStringLiteral("part or wrapped key digest mismatch"));
    OW_TRY(checkCaseNumber(manifest));

    // Idempotency by packet id; a device's sequence numbers are used once. One look for both, or
    // none when the group's look (prefetchGroup) covered this packet.
    const auto again = [&](const QByteArray &receipt) -> ServiceResult<Stored> {
        Stored stored{receipt, false, std::nullopt, {}};
        // Stored earlier in this very transaction, its receipt not signed yet.
        if (stored.receipt.isEmpty() && m_deferReceipts)
            stored.receiptOf = manifest.packetId;
        else if (stored.receipt.isEmpty())
            return ServiceError(Refusal::Internal, "internal", QStringLiteral("stored packet has no receipt"));
        return stored;
    };
    const auto digestConflict = [] {
        return refused(Refusal::Conflict, "digest_conflict",
                       QStringLiteral("packet id already stored with another digest"));
    };
    const auto sequenceReused = [] {
        return refused(Refusal::Conflict, "sequence_reused",
                       QStringLiteral("device sequence already used by another packet"));
    };
    if (m_group && m_group->packetIds.contains(manifest.packetId)) {
        if (const auto it = m_group->stored.constFind(manifest.packetId); it != m_group->stored.cend()) {
            if (it->digest == parsed->digest && it->deviceId == manifest.deviceId)
                return again(it->receipt);
            return digestConflict();
        }
        if (m_group->usedSequences.contains(sequenceKey(manifest.deviceId, manifest.sequence)))
            return sequenceReused();
    } else {
        auto existingRun = db.execPrepared(QStringLiteral("SELECT digest, receipt, device_id, packet_id FROM packets "
                                                          "WHERE packet_id = ? OR (device_id = ? AND sequence = ?)"),
                                           {manifest.packetId, manifest.deviceId, manifest.sequence});
        OW_TRY(existingRun);
        QSqlQuery *existing = *existingRun;
        bool sequenceUsed = false;
        while (existing->next()) {
            if (existing->value(3).toString() != manifest.packetId) {
                sequenceUsed = true;
                continue;
            }
            const bool same = existing->value(0).toString().toLatin1() == parsed->digest &&
                              existing->value(2).toString() == manifest.deviceId;
            const QByteArray receipt = existing->value(1).toString().toUtf8();
            existing->finish();
            if (same)
                return again(receipt);
            return digestConflict();
        }
        existing->finish();
        if (sequenceUsed)
            return sequenceReused();
    }

    // Stored earlier in this group and not written yet (deferred rows, PostgreSQL).
    for (const PendingRow &row : m_pendingRows) {
        if (row.packetId == manifest.packetId) {
            if (row.digest == parsed->digest && row.deviceId == manifest.deviceId) {
                // Its receipt: signed with the group's others.
                return Stored{QByteArray(), false, std::nullopt, manifest.packetId};
            }
            return digestConflict();
        }
        if (row.deviceId == manifest.deviceId && row.sequence == manifest.sequence)
            return sequenceReused();
        // A second packet for a case this group creates: the case is new, not waiting for a
        // correction (as the database will say of it once the group is stored).
        if (row.caseId == manifest.caseId) {
            if (row.deviceId != manifest.deviceId)
                return refused(Refusal::Conflict, "case_conflict", QStringLiteral("case id belongs to another device"));
            return refused(Refusal::Conflict, "not_correctable",
                           QStringLiteral("case is not waiting for a correction"));
        }
    }

    // External parts: given (import) or completed uploads of this device.
    QMap<QString, QByteArray> blobs;
    QStringList uploadIds;
    for (const crypto::ManifestPart &part : manifest.parts) {
        if (!part.external)
            continue;
        QByteArray blob = externalParts.value(part.name);
        if (!externalParts.contains(part.name)) {
            auto upload = db.exec(QStringLiteral("SELECT id, length, upload_offset, digest FROM uploads "
                                                 "WHERE device_id = ? AND packet_id = ? AND name = ?"),
                                  {manifest.deviceId, manifest.packetId, part.name});
            OW_TRY(upload);
            if (!upload->next() || upload->value(1).toLongLong() != upload->value(2).toLongLong() ||
                upload->value(3).toString().toLatin1() != part.digest)
                return refused(Refusal::Conflict, "attachment_missing", QStringLiteral("external part not uploaded"));
            const QString uploadId = upload->value(0).toString();
            upload->finish();
            auto loaded = m_uploads.blob(uploadId);
            OW_TRY(loaded);
            blob = *loaded;
            uploadIds.append(uploadId);
        }
        if (!crypto::PacketOpener::verifyExternalPart(*parsed, part.name, blob))
            return refused(Refusal::BadRequest, "digest_mismatch", QStringLiteral("external part digest mismatch"));
        blobs.insert(part.name, blob);
    }
    // 1.16: the channel the case came in through, as its payload names it (opened here, or by
    // verifyAndPresign()); the window's when it names none.
    QString channel = caseChannel::window();
    if (!verified) {
        auto opened = crypto::PacketOpener::open(*parsed, m_context.keys().encryptionKey(parsed->suite), blobs);
        if (!opened)
            return refused(Refusal::BadRequest, "decrypt_failed", opened.error().logDetail);
        channel = caseChannel::fromPayload(opened->payload);
    } else if (QString taken = takeOpenedChannel(manifest.packetId); !taken.isEmpty()) {
        channel = taken;
    }
    const QString department = m_catalog ? m_catalog->departmentOf(manifest.itemId) : QString();
    if (department.isEmpty())
        return refused(Refusal::BadRequest, "unknown_item", QStringLiteral("item not in the hub catalog"));

    const bool useReserved = reserved && reserved->packetId == manifest.packetId && m_deferReceipts &&
                             uploadIds.isEmpty() && db.dialect() == HubDatabase::Dialect::Postgres;
    const QString receivedAt = useReserved ? reserved->receivedAt : m_context.now();
    // 1.14: a new case's place in its department's queue (a correction's is worked out below).
    const QString dueDate = m_catalog->dueDate(manifest.itemId, receivedAt);
    // The packet's case as a new one, unless it exists: true when inserted.
    const auto insertCase = [&]() -> Result<bool> {
        auto run = db.execPrepared(
            QStringLiteral("INSERT INTO cases (case_id, packet_id, device_id, item_id, department, state, "
                           "received_at, updated_at, due_date, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                           "ON CONFLICT (case_id) DO NOTHING"),
            {manifest.caseId, manifest.packetId, manifest.deviceId, manifest.itemId, department,
             stateKey(CaseState::Received), receivedAt, receivedAt, dueDate, channel});
        if (!run)
            return run.error();
        const bool insertedNow = (*run)->numRowsAffected() == 1;
        (*run)->finish();
        return insertedNow;
    };
    if (m_deferReceipts && uploadIds.isEmpty() && db.dialect() == HubDatabase::Dialect::Postgres) {
        // The usual packet on PostgreSQL, where every statement is a round trip: its new case,
        // the packet with its receipt and its event go in with the group's others, a statement
        // each for the whole group (storeDeferred). A case the group's look found missing
        // (prefetchGroup) costs nothing here; otherwise it is inserted now, the one write of
        // this packet before the group's end, so nothing needs undoing on a refusal. Its hub
        // sequence is taken now so that its receipt is signed while the next packets are stored.
        const bool knownNew = m_group && !m_group->caseStored.value(manifest.caseId, true);
        bool created = knownNew;
        if (!knownNew) {
            auto newCase = insertCase();
            OW_TRY(newCase);
            created = *newCase;
        }
        if (created) {
            auto hubSequence = useReserved ? Result<qint64>(reserved->seq) : takeSequence();
            OW_TRY(hubSequence);
            m_pendingRows.append(PendingRow{*hubSequence, manifest.packetId, manifest.deviceId, manifest.caseId,
                                            manifest.itemId, manifest.sequence, parsed->suite, parsed->digest, envelope,
                                            receivedAt, department, !knownNew, dueDate, channel});
            const HubKeys &keys = m_context.keys();
            Stored stored{QByteArray(), true, std::nullopt, {}};
            stored.toSign = ReceiptToSign{parsed->suite, crypto::ReceiptData{keys.hubId(), manifest.packetId,
                                                                             manifest.caseId, manifest.deviceId,
                                                                             parsed->digest, receivedAt, *hubSequence}};
            qCInfo(lcHub, "packet stored: seq %lld, device %s, department %s (committed with its group)", *hubSequence,
                   qPrintable(manifest.deviceId), qPrintable(department));
            return stored;
        }
        // The case exists: a correction, judged below.
    }

    Transaction tx(db);
    OW_TRY(tx.begin());
    // A new case (the usual packet) is one statement; otherwise the case as it stands decides.
    auto newCase = insertCase();
    OW_TRY(newCase);
    const bool caseExists = !*newCase;
    if (caseExists) {
        auto caseRow = db.exec(QStringLiteral("SELECT device_id, state, department FROM cases WHERE case_id = ?"),
                               {manifest.caseId});
        OW_TRY(caseRow);
        if (!caseRow->next())
            return ServiceError(Refusal::Internal, "internal", QStringLiteral("case neither inserted nor found"));
        if (caseRow->value(0).toString() != manifest.deviceId)
            return refused(Refusal::Conflict, "case_conflict", QStringLiteral("case id belongs to another device"));
        // A case takes a new packet only as the correction a reviewer asked for, and never leaves
        // the department that received it first.
        if (protocol::stateFromWire(caseRow->value(1).toString()) != CaseState::CorrectionRequested)
            return refused(Refusal::Conflict, "not_correctable",
                           QStringLiteral("case is not waiting for a correction"));
        if (caseRow->value(2).toString() != department)
            return refused(Refusal::Conflict, "not_correctable",
                           QStringLiteral("a correction must stay in the case's department"));
        caseRow->finish();
        // Conditional, so a decision or another correction committed meanwhile (by another hub on
        // the same database) is never overwritten.
        auto updated =
            db.exec(QStringLiteral("UPDATE cases SET packet_id = ?, item_id = ?, state = ?, updated_at = ? "
                                   "WHERE case_id = ? AND device_id = ? AND department = ? AND state = ?"),
                    {manifest.packetId, manifest.itemId, stateKey(CaseState::Received), receivedAt, manifest.caseId,
                     manifest.deviceId, department, stateKey(CaseState::CorrectionRequested)});
        OW_TRY(updated);
        if (updated->numRowsAffected() != 1)
            return refused(Refusal::Conflict, "not_correctable",
                           QStringLiteral("case changed while the correction came in"));
    }
    auto insertedRun = db.execPrepared(
        QStringLiteral("INSERT INTO packets (packet_id, device_id, case_id, item_id, sequence, suite, "
                       "digest, envelope, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq"),
        {manifest.packetId, manifest.deviceId, manifest.caseId, manifest.itemId, manifest.sequence,
         crypto::suiteName(parsed->suite), QString::fromLatin1(parsed->digest), envelope, receivedAt});
    OW_TRY(insertedRun);
    QSqlQuery *inserted = *insertedRun;
    const qint64 hubSequence = inserted->next() ? inserted->value(0).toLongLong() : 0;
    inserted->finish();
    const HubKeys &keys = m_context.keys();
    const ReceiptToSign toSign{parsed->suite,
                               crypto::ReceiptData{keys.hubId(), manifest.packetId, manifest.caseId, manifest.deviceId,
                                                   parsed->digest, receivedAt, hubSequence}};
    QByteArray receiptJson;
    if (!m_deferReceipts) {
        receiptJson = signReceipt(toSign, keys);
        if (receiptJson.isEmpty())
            return ServiceError(Refusal::Internal, "internal", QStringLiteral("receipt not signed"));
        OW_TRY(storeReceipts({{hubSequence, receiptJson}}));
    }
    OW_TRY(m_context.orderEvents());
    OW_TRY(db.execPrepared(
        QStringLiteral("INSERT INTO events (device_id, case_id, packet_id, type, state, department, at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)"),
        {manifest.deviceId, manifest.caseId, manifest.packetId, protocol::eventType::key(protocol::EventType::Received),
         stateKey(CaseState::Received), department, receivedAt}));
    // A correction ends the pause that its request began: the case moves by those days.
    if (caseExists)
        OW_TRY(dueDates::store(db, m_catalog, manifest.caseId));
    for (const QString &uploadId : uploadIds) {
        auto bound = db.exec(QStringLiteral("UPDATE uploads SET bound = 1 WHERE id = ? AND bound = 0"), {uploadId});
        OW_TRY(bound);
        // Purged as expired (or bound by another packet) since it was read: not this packet's.
        if (bound->numRowsAffected() != 1)
            return refused(Refusal::Conflict, "attachment_missing",
                           QStringLiteral("upload expired while the packet came in"));
    }
    OW_TRY(tx.commit());
    noteStored(manifest, parsed->digest);
    qCInfo(lcHub, "packet stored: seq %lld, device %s, department %s", hubSequence, qPrintable(manifest.deviceId),
           qPrintable(department));
    Stored stored{receiptJson, true, std::nullopt, {}};
    if (m_deferReceipts)
        stored.toSign = toSign;
    return stored;
}

} // namespace ow::hub
