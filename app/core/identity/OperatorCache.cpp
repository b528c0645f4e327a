#include "identity/OperatorCache.h"

#include "identity/IdentityText.h"
#include "store/Database.h"
#include "store/Store.h"

namespace ow {

namespace {

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

Error notFound(const QString &id)
{
    return makeError(ErrorCode::NotFound, IdentityText::tr("This operator account is not known on this desk."),
                     QStringLiteral("operator %1 not cached").arg(id));
}

} // namespace

OperatorCache::OperatorCache(Store &store)
    : m_store(store)
{}

Status OperatorCache::save(const Operator &op, const QString &passwordHash)
{
    OW_TRY(operators::checkRoles(op));
    if (passwordHash.isEmpty()) {
        return makeError(ErrorCode::Invalid, IdentityText::tr("The operator's password could not be saved."),
                         QStringLiteral("operator %1: empty password hash").arg(op.id));
    }
    QStringList roleKeys;
    for (const Role r : op.roles)
        roleKeys.append(role::key(r));
    Database &db = m_store.db();
    Transaction tx(db);
    OW_TRY(tx.begun());
    auto existing = find(op.id);
    OW_TRY(existing);
    const QString now = isoTime(m_store.clock().now());
    if (existing->has_value()) {
        if ((*existing)->passwordHash != passwordHash)
            OW_TRY(pushHistory(op.id, (*existing)->passwordHash));
        Statement up(db, "UPDATE operators SET display_name = ?, roles = ?, department = ?, password_hash = ?, "
                         "updated_at = ? WHERE id = ?");
        up.bind(1, op.displayName).bind(2, roleKeys.join(QLatin1Char(','))).bind(3, op.department);
        up.bind(4, passwordHash).bind(5, now).bind(6, op.id);
        OW_TRY(up.run());
    } else {
        Statement ins(db, "INSERT INTO operators (id, display_name, roles, department, password_hash, updated_at) "
                          "VALUES (?,?,?,?,?,?)");
        ins.bind(1, op.id).bind(2, op.displayName).bind(3, roleKeys.join(QLatin1Char(',')));
        ins.bind(4, op.department).bind(5, passwordHash).bind(6, now);
        OW_TRY(ins.run());
    }
    return tx.commit();
}

Result<std::optional<CachedOperator>> OperatorCache::find(const QString &id)
{
    Statement st(m_store.db(), "SELECT display_name, roles, department, password_hash, failed_attempts, locked_until "
                               "FROM operators WHERE id = ?");
    st.bind(1, id);
    if (!st.next()) {
        OW_TRY(st.status());
        return std::optional<CachedOperator>();
    }
    CachedOperator c;
    c.op.id = id;
    c.op.displayName = st.text(0);
    for (const QString &k : st.text(1).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const auto r = role::fromKey(k);
        if (!r) {
            return makeError(ErrorCode::Corrupt, IdentityText::tr("The operator accounts on this desk are damaged."),
                             QStringLiteral("operator %1 has unknown role '%2'").arg(id, k));
        }
        c.op.roles.append(*r);
    }
    c.op.department = st.text(2);
    c.passwordHash = st.text(3);
    c.failedAttempts = static_cast<int>(st.int64(4));
    if (!st.isNull(5))
        c.lockedUntil = QDateTime::fromString(st.text(5), Qt::ISODateWithMs);
    return std::optional<CachedOperator>(c);
}

Status OperatorCache::recordFailures(const QString &id, int failedAttempts, const QDateTime &lockedUntil)
{
    Statement st(m_store.db(), "UPDATE operators SET failed_attempts = ?, locked_until = ? WHERE id = ?");
    st.bind(1, failedAttempts);
    if (lockedUntil.isValid())
        st.bind(2, isoTime(lockedUntil));
    else
        st.bindNull(2);
    st.bind(3, id);
    OW_TRY(st.run());
    if (m_store.db().changes() == 0)
        return notFound(id);
    return {};
}

Status OperatorCache::setPasswordHash(const QString &id, const QString &hash)
{
    Database &db = m_store.db();
    Transaction tx(db);
    OW_TRY(tx.begun());
    auto existing = find(id);
    OW_TRY(existing);
    if (!existing->has_value())
        return notFound(id);
    OW_TRY(pushHistory(id, (*existing)->passwordHash));
    Statement up(db, "UPDATE operators SET password_hash = ?, updated_at = ? WHERE id = ?");
    up.bind(1, hash).bind(2, isoTime(m_store.clock().now())).bind(3, id);
    OW_TRY(up.run());
    return tx.commit();
}

Status OperatorCache::pushHistory(const QString &id, const QString &oldHash)
{
    Database &db = m_store.db();
    Statement ins(db, "INSERT INTO operator_passwords (operator_id, password_hash, set_at) VALUES (?,?,?)");
    ins.bind(1, id).bind(2, oldHash).bind(3, isoTime(m_store.clock().now()));
    OW_TRY(ins.run());
    Statement prune(db, "DELETE FROM operator_passwords WHERE operator_id = ? AND id NOT IN "
                        "(SELECT id FROM operator_passwords WHERE operator_id = ? ORDER BY id DESC LIMIT ?)");
    prune.bind(1, id).bind(2, id).bind(3, HistoryLimit);
    return prune.run();
}

Result<QStringList> OperatorCache::recentPasswordHashes(const QString &id, int count)
{
    auto existing = find(id);
    OW_TRY(existing);
    if (!existing->has_value())
        return notFound(id);
    QStringList out;
    if (count <= 0)
        return out;
    out.append((*existing)->passwordHash);
    Statement st(m_store.db(), "SELECT password_hash FROM operator_passwords WHERE operator_id = ? "
                               "ORDER BY id DESC LIMIT ?");
    st.bind(1, id).bind(2, count - 1);
    while (st.next())
        out.append(st.text(0));
    OW_TRY(st.status());
    return out;
}

} // namespace ow
