#pragma once

#include "common/Result.h"
#include "domain/Case.h"
#include "protocol/Messages.h"
#include "store/AuditLog.h"

#include <QString>

namespace ow {
class Store;
}

namespace ow::sync {

// How the window handed a decided case's result over (出件/送达). Who collected it and the
// tracking number stay on this device (in the case's history, the ID number masked); the hub
// learns only the way (PROTOCOL.md §8.1).
struct Issuing
{
    protocol::IssueMethod method = protocol::IssueMethod::InPerson;
    QString collectorName;     // in person: who collected (the applicant or an agent)
    QString collectorIdNumber; // in person: their ID number, checked; kept masked only
    QString trackingNumber;    // mail: the postal tracking number (邮件号)
};

// Records the issuing in one transaction: the case goes from approved or denied through
// concluded (办结) to issued, with a note saying how, and the hub is told through the outbox
// (kind kKindIssue), so the step reaches it whether or not it can be reached now. A case not
// decided yet, a case the hub never had, or an incomplete record is refused with a message for
// the clerk, and nothing changes.
Result<Case> issueResult(Store &store, const QString &caseNumber, const Issuing &issuing, const Actor &actor);

// The text of the note recorded with the issued step (for the history and the screen).
QString issuingNote(const Issuing &issuing);

} // namespace ow::sync
