#pragma once

#include "common/Clock.h"
#include "domain/Case.h"
#include "domain/Rating.h"
#include "store/AuditLog.h"
#include "store/Database.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace ow {

// One citizen's rating (好差评) of one case.
struct CaseRating
{
    qint64 id = 0;
    QString caseNumber;
    Rating level = Rating::Satisfied;
    RatingChannel channel = RatingChannel::Kiosk;
    QString comment; // empty when none was given; at most rating::kMaxCommentLength characters
    QDateTime createdAt;
};

// Ratings live in the encrypted store, one per case (the table's UNIQUE case id says so too).
// A bad rating (rating::isBad) is stored like any other here; following it up within 15 working
// days is the desk's work.
class RatingRepository
{
public:
    RatingRepository(Database &db, AuditLog &audit, const Clock &clock)
        : m_db(db)
        , m_audit(audit)
        , m_clock(clock)
    {}

    // Stores the rating and its audit entry in one transaction. Refused (ErrorCode::Conflict,
    // translated) when the case is already rated, NotFound when no such case is stored here,
    // Invalid when the comment is too long; nothing is written then.
    Result<CaseRating> rate(const QString &caseNumber, Rating level, RatingChannel channel, const QString &comment,
                            const Actor &actor);
    Result<std::optional<CaseRating>> forCase(const QString &caseNumber);

private:
    Database &m_db;
    AuditLog &m_audit;
    const Clock &m_clock;
};

} // namespace ow
