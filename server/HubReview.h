#pragma once

#include "protocol/Messages.h"
#include "server/HubContext.h"

namespace ow::hub {

class HubCatalog;

// Protocol 1.14: each case's due date (cases.due_date, schema 10), the queue's order. Set when
// the case first comes in and worked out again, in the same transaction, whenever one of its
// clocks' pauses ends: a correction received (补正, from the reviewer's request to the corrected
// packet) or a special procedure ended (特别程序). While a clock stands still the stored date is
// the one from before the pause, so paused cases keep a sortable key; the desks show them as
// paused. Without a catalog (commands that do not serve) nothing is worked out.
namespace dueDates {

// The ended pauses of a case's clocks, as (from, to) wire times, in order: its ended special
// procedures, and each correction from the reviewer's request to the corrected packet's receipt.
Result<QList<QPair<QString, QString>>> pausesOf(HubDatabase &db, const QString &caseId, const QString &deviceId);
// The case's due date from its item, first receipt and ended pauses, stored.
Status store(HubDatabase &db, const HubCatalog *catalog, const QString &caseId);
// Schema 10 on a database with cases: every case without a due date gets one. Idempotent; run
// by the hub at start-up once the catalog is loaded.
Status backfill(HubDatabase &db, const HubCatalog &catalog);

} // namespace dueDates

// The reviewers' side (PROTOCOL.md §6): a department's queue, a case opened (audited) and the
// decision on it, taken exactly once even with several hubs on one database.
class ReviewService
{
public:
    ReviewService(HubContext &context, const HubCatalog *catalog)
        : m_context(context)
        , m_catalog(catalog)
    {}

    // One page of a department's queue (1.14): by due date, then case number; `after` is
    // the `next` token of the page before (empty: the first page), so a page is found by where
    // the one before ended, never by counting, and no case is skipped or shown twice when cases
    // come in or are decided between two pages.
    ServiceResult<protocol::QueueAnswer> queue(const OperatorIdentity &op, const QString &department,
                                               const QString &state, const QString &limit, const QString &after = {});
    // 404 for a case of another department as for none, so case numbers cannot be probed.
    ServiceResult<protocol::CaseDetail> caseDetail(const OperatorIdentity &op, const QString &caseId);
    // Approve, deny, request a correction (on a case in review), start a special procedure (特别程序,
    // on a case in review: the case is suspended, its clocks stand still) or end it (back in
    // review): each only from its state, else 409 with the reason (PROTOCOL.md §8).
    ServiceResult<protocol::DecisionAnswer> decide(const OperatorIdentity &op, const QString &caseId,
                                                   const QByteArray &body);
    // The window that took a case hands its result over (出件, PROTOCOL.md §8.1): only the device
    // that sent the case, only once it is decided (approved or denied), on its current packet.
    // Asked again for an issued case, the same answer: the desk's outbox may send it twice.
    ServiceResult<protocol::IssueAnswer> issue(const DeviceIdentity &device, const QString &caseId,
                                               const QByteArray &body);

private:
    Status attachSpecialProcedures(const QString &department, CaseState state, protocol::QueueAnswer &answer);
    Status attachCorrectionPauses(protocol::QueueAnswer &answer, const QStringList &dueDates);

    HubContext &m_context;
    const HubCatalog *m_catalog;
};

} // namespace ow::hub
