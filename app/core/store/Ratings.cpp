#include "store/Ratings.h"

#include "common/Logging.h"
#include "common/Tr.h"

#include <QCoreApplication>

namespace ow {

Result<CaseRating> RatingRepository::rate(const QString &caseNumber, Rating level, RatingChannel channel,
                                          const QString &comment, const Actor &actor)
{
    const QString kept = comment.trimmed();
    if (kept.size() > rating::kMaxCommentLength) {
        return makeError(
            ErrorCode::Invalid,
            StoreText::tr("The comment is too long: at most %1 characters.").arg(rating::kMaxCommentLength),
            QStringLiteral("rating comment of %1 characters for case %2").arg(kept.size()).arg(caseNumber));
    }
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    Statement find(m_db,
                   "SELECT c.id, r.level FROM cases c LEFT JOIN ratings r ON r.case_id = c.id WHERE c.number = ?");
    find.bind(1, caseNumber);
    if (!find.next()) {
        OW_TRY(find.status());
        return makeError(ErrorCode::NotFound, StoreText::tr("No case with this number is stored on this device."),
                         QStringLiteral("rating: case %1 not found").arg(caseNumber));
    }
    const qint64 caseId = find.int64(0);
    if (!find.text(1).isEmpty()) {
        return makeError(ErrorCode::AlreadyExists,
                         StoreText::tr("This application has already been rated. Each application is rated once."),
                         QStringLiteral("case %1 already rated %2").arg(caseNumber, find.text(1)));
    }
    CaseRating r;
    r.caseNumber = caseNumber;
    r.level = level;
    r.channel = channel;
    r.comment = kept;
    r.createdAt = m_clock.now();
    Statement ins(m_db, "INSERT INTO ratings (case_id, level, channel, comment, actor, created_at) "
                        "VALUES (?,?,?,?,?,?)");
    ins.bind(1, caseId)
        .bind(2, rating::key(level))
        .bind(3, rating::channelKey(channel))
        .bind(5, actor.id)
        .bind(6, r.createdAt.toUTC().toString(Qt::ISODateWithMs));
    if (kept.isEmpty())
        ins.bindNull(4);
    else
        ins.bind(4, kept);
    OW_TRY(ins.run());
    r.id = m_db.lastInsertId();
    QStringList fields{QStringLiteral("rating.level"), QStringLiteral("rating.channel")};
    if (!kept.isEmpty())
        fields.append(QStringLiteral("rating.comment"));
    OW_TRY(m_audit.append(actor, QStringLiteral("case.rate"), caseNumber, fields, QStringLiteral("ok"),
                          rating::key(level)));
    OW_TRY(tx.commit());
    qCInfo(lcStore) << "case" << caseNumber << "rated" << rating::key(level) << "at" << rating::channelKey(channel)
                    << (rating::isBad(level) ? "(bad rating: to be followed up at the desk)" : "");
    return r;
}

Result<std::optional<CaseRating>> RatingRepository::forCase(const QString &caseNumber)
{
    Statement st(m_db, "SELECT r.id, r.level, r.channel, r.comment, r.created_at FROM ratings r "
                       "JOIN cases c ON c.id = r.case_id WHERE c.number = ?");
    st.bind(1, caseNumber);
    if (!st.next()) {
        OW_TRY(st.status());
        return std::optional<CaseRating>();
    }
    const auto level = rating::fromKey(st.text(1));
    const auto channel = rating::channelFromKey(st.text(2));
    if (!level || !channel) {
        return makeError(
            ErrorCode::Corrupt, StoreText::tr("The store file is damaged."),
            QStringLiteral("rating of case %1 has level '%2' channel '%3'").arg(caseNumber, st.text(1), st.text(2)));
    }
    CaseRating r;
    r.id = st.int64(0);
    r.caseNumber = caseNumber;
    r.level = *level;
    r.channel = *channel;
    r.comment = st.text(3);
    r.createdAt = QDateTime::fromString(st.text(4), Qt::ISODateWithMs);
    return std::optional<CaseRating>(r);
}

} // namespace ow
