#pragma once

#include "protocol/RatingMessages.h"
#include "server/HubContext.h"

namespace ow {
class HolidayCalendar;
}

namespace ow::hub {

class HubCatalog;

// 好差评 at the hub (PROTOCOL.md §8.3, protocol 1.15, schema 11). A device sends the citizen's one
// rating of a case it sent; a bad one (不满意, 非常不满意) opens a follow-up in the same
// transaction, due 15 working days after the rating on the official calendar (China time, the
// catalog's calendar, as the cases' due dates). The hall supervisor lists the follow-ups, most
// urgent first, and records the outcome (整改情况) and the 回访 once. Everything is in the
// database, so hubs sharing one agree; every write carries its audit entry.
class RatingService
{
public:
    RatingService(HubContext &context, const HubCatalog *catalog)
        : m_context(context)
        , m_catalog(catalog)
    {}

    struct Stored
    {
        protocol::RatingAnswer answer;
        bool created = false; // false: the same rating was stored before (the outbox sent it again)
    };
    // POST /v1/ratings from the authenticated `device`: only for a case that device sent (another
    // device's case is answered as absent); a different rating of a rated case → 409 already_rated.
    ServiceResult<Stored> submit(const DeviceIdentity &device, const QByteArray &body);
    // GET /v1/followups?state=open|closed|all (empty: open), hall supervisors only.
    ServiceResult<protocol::FollowUpList> followUps(const OperatorIdentity &op, const QString &state);
    // POST /v1/followups/<id>: the outcome and the 回访, once (409 already_closed after).
    ServiceResult<protocol::FollowUp> close(const OperatorIdentity &op, const QString &id, const QByteArray &body);

    // The follow-up's last day in time: `days` working days after the China-time day of `ratedAt`.
    static QString dueDate(const HolidayCalendar &calendar, const QString &ratedAt, int days);

private:
    const HolidayCalendar &calendar() const;
    ServiceResult<protocol::FollowUp> load(const QString &id);

    HubContext &m_context;
    const HubCatalog *m_catalog;
};

} // namespace ow::hub
