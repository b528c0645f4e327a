#include "server/HubAdmin.h"

#include "crypto/Cipher.h"
#include "server/HubEnrollment.h"
#include "server/HubLogging.h"
#include "server/HubSignIn.h"
#include "server/HubText.h"

#include <QJsonArray>

#include <algorithm>

namespace ow::hub {

namespace {

constexpr char CodeAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
constexpr int CodeLength = 12;

// Characters (code points) of UTF-8 text, without decoding it into another buffer.
qsizetype utf8Length(const QByteArray &text)
{
    return std::count_if(text.cbegin(), text.cend(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

Error noSuchOperator()
{
    return makeError(ErrorCode::NotFound, HubText::tr("No operator has this user name."),
                     QStringLiteral("no such operator"));
}

} // namespace

Result<QString> AdminService::issueEnrollCode(int ttlHours)
{
    auto codes = issueEnrollCodes(ttlHours, 1);
    if (!codes)
        return codes.error();
    return codes->first();
}

Result<QStringList> AdminService::issueEnrollCodes(int ttlHours, int count)
{
    const QDateTime issued = m_context.clock().now();
    const QString createdAt = crypto::wireTime(issued);
    const QString expiresAt = crypto::wireTime(issued.addSecs(qint64(ttlHours) * 3600));
    HubDatabase &db = m_context.db();
    // One transaction for the batch: all codes are valid, or none.
    Transaction tx(db);
    OW_TRY(tx.begin());
    QStringList codes;
    for (int n = 0; n < count; ++n) {
        const QByteArray random = crypto::randomBytes(CodeLength);
        QString code;
        for (int i = 0; i < CodeLength; ++i) {
            if (i > 0 && i % 4 == 0)
                code.append(QLatin1Char('-'));
            code.append(QLatin1Char(CodeAlphabet[static_cast<unsigned char>(random[i]) % (sizeof CodeAlphabet - 1)]));
        }
        auto inserted = db.execPrepared(
            QStringLiteral("INSERT INTO enroll_codes (code_digest, created_at, expires_at) VALUES (?, ?, ?)"),
            {QString::fromLatin1(service::digestHex(normaliseEnrollCode(code))), createdAt, expiresAt});
        if (!inserted)
            return inserted.error();
        codes.append(code);
    }
    OW_TRY(tx.commit());
    qCInfo(lcHub, "%d enrollment code(s) issued, valid %d h", count, ttlHours);
    return codes;
}

Status AdminService::revokeDevice(const QString &deviceId)
{
    auto updated =
        m_context.db().exec(QStringLiteral("UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL"),
                            {m_context.now(), deviceId});
    if (!updated)
        return updated.error();
    if (updated->numRowsAffected() != 1)
        return makeError(ErrorCode::NotFound, HubText::tr("No active device has this id."),
                         QStringLiteral("revoke: no active device"));
    OW_TRY(m_context.audit(QStringLiteral("admin"), "device_revoke", deviceId, "ok"));
    qCInfo(lcHub, "device %s revoked", qPrintable(deviceId));
    return {};
}

Status AdminService::addOperator(const QString &username, const QString &role, const QString &department,
                                 QByteArray &password)
{
    if (!service::isSafeId(username, 64)) {
        wipeBytes(password);
        return makeError(ErrorCode::Invalid,
                         HubText::tr("The user name may use letters, digits, dot, dash and underscore."),
                         QStringLiteral("bad username"));
    }
    // The hub knows the roles that work on its queues; the desk's other roles sign in locally.
    const std::optional<Role> parsedRole = role::fromKey(role);
    if (parsedRole != Role::DepartmentReviewer && parsedRole != Role::HallSupervisor && parsedRole != Role::Auditor) {
        wipeBytes(password);
        return makeError(ErrorCode::Invalid, HubText::tr("The role must be reviewer, supervisor or auditor."),
                         QStringLiteral("bad role"));
    }
    if (parsedRole == Role::DepartmentReviewer && department.isEmpty()) {
        wipeBytes(password);
        return makeError(ErrorCode::Invalid, HubText::tr("A reviewer needs a department code."),
                         QStringLiteral("reviewer without department"));
    }
    if (utf8Length(password) < 10) {
        wipeBytes(password);
        return makeError(ErrorCode::Invalid, HubText::tr("The password must have at least 10 characters."),
                         QStringLiteral("password too short"));
    }
    const QString hash = hashPassword(password, m_context.limits().passwordIterations);
    if (hash.isEmpty())
        return makeError(ErrorCode::Crypto, HubText::tr("The password could not be processed."),
                         QStringLiteral("password hashing failed"));
    // A supervisor or an auditor has no department: stored as '' (the column is NOT NULL).
    const QString departmentValue = department.isEmpty() ? QStringLiteral("") : department;
    auto inserted =
        m_context.db().exec(QStringLiteral("INSERT INTO operators (username, role, department, password_hash, "
                                           "created_at) VALUES (?, ?, ?, ?, ?)"),
                            {username, role::key(*parsedRole), departmentValue, hash, m_context.now()});
    if (!inserted) {
        auto existing = m_context.db().exec(QStringLiteral("SELECT 1 FROM operators WHERE username = ?"), {username});
        if (existing && existing->next())
            return makeError(ErrorCode::AlreadyExists, HubText::tr("This user name is taken."),
                             inserted.error().logDetail);
        return inserted.error();
    }
    return {};
}

Status AdminService::disableOperator(const QString &username)
{
    HubDatabase &db = m_context.db();
    Transaction tx(db);
    OW_TRY(tx.begin());
    auto found = db.exec(QStringLiteral("SELECT o.id, d.disabled_at FROM operators o LEFT JOIN operators_disabled d "
                                        "ON d.operator_id = o.id WHERE o.username = ?"),
                         {username});
    if (!found)
        return found.error();
    if (!found->next())
        return noSuchOperator();
    const qint64 id = found->value(0).toLongLong();
    const bool already = !found->value(1).isNull();
    found->finish();
    if (already)
        return {};
    OW_TRY(db.exec(QStringLiteral("INSERT INTO operators_disabled (operator_id, disabled_at) VALUES (?, ?) "
                                  "ON CONFLICT (operator_id) DO NOTHING"),
                   {id, m_context.now()}));
    OW_TRY(db.exec(QStringLiteral("UPDATE tokens SET revoked = 1 WHERE operator_id = ? AND revoked = 0"), {id}));
    OW_TRY(m_context.audit(QStringLiteral("admin"), "operator_disable", username, "ok"));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "operator %lld disabled", id);
    return {};
}

Result<int> AdminService::revokeTokens(const QString &username)
{
    HubDatabase &db = m_context.db();
    Transaction tx(db);
    OW_TRY(tx.begin());
    auto found = db.exec(QStringLiteral("SELECT id FROM operators WHERE username = ?"), {username});
    if (!found)
        return found.error();
    if (!found->next())
        return noSuchOperator();
    const qint64 id = found->value(0).toLongLong();
    found->finish();
    auto revoked = db.exec(QStringLiteral("UPDATE tokens SET revoked = 1 WHERE operator_id = ? AND revoked = 0"), {id});
    if (!revoked)
        return revoked.error();
    const int count = revoked->numRowsAffected();
    OW_TRY(m_context.audit(QStringLiteral("admin"), "tokens_revoke", username, "ok"));
    OW_TRY(tx.commit());
    qCInfo(lcHub, "%d tokens of operator %lld revoked", count, id);
    return count;
}

Result<QJsonObject> AdminService::stats()
{
    HubDatabase &db = m_context.db();
    QJsonObject out;
    const QList<QPair<QString, QString>> counts = {
        {QStringLiteral("packets"), QStringLiteral("SELECT COUNT(*) FROM packets")},
        {QStringLiteral("distinctPackets"), QStringLiteral("SELECT COUNT(DISTINCT packet_id) FROM packets")},
        {QStringLiteral("cases"), QStringLiteral("SELECT COUNT(*) FROM cases")},
        {QStringLiteral("events"), QStringLiteral("SELECT COUNT(*) FROM events")},
        {QStringLiteral("devices"), QStringLiteral("SELECT COUNT(*) FROM devices")},
        {QStringLiteral("uploads"), QStringLiteral("SELECT COUNT(*) FROM uploads")},
        {QStringLiteral("operators"), QStringLiteral("SELECT COUNT(*) FROM operators")},
    };
    for (const auto &[name, sql] : counts) {
        auto query = db.exec(sql);
        if (!query)
            return query.error();
        out.insert(name, query->next() ? query->value(0).toLongLong() : 0);
    }
    auto actions = db.exec(QStringLiteral("SELECT action, outcome, COUNT(*) FROM audit_log GROUP BY action, outcome"));
    if (!actions)
        return actions.error();
    QJsonObject audited;
    while (actions->next())
        audited.insert(actions->value(0).toString() + QLatin1Char('/') + actions->value(1).toString(),
                       actions->value(2).toLongLong());
    out.insert(QStringLiteral("audit"), audited);
    QJsonArray ids;
    auto query = db.exec(QStringLiteral("SELECT packet_id FROM packets ORDER BY packet_id"));
    if (!query)
        return query.error();
    while (query->next())
        ids.append(query->value(0).toString());
    out.insert(QStringLiteral("packetIds"), ids);
    return out;
}

} // namespace ow::hub
