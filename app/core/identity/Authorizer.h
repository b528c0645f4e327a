#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "identity/Action.h"
#include "identity/Operator.h"

#include <QString>

namespace ow {

class AuditLog;
class Session;

// What an action is done to, for the checks beyond the role and for the audit entry.
struct CaseScope
{
    QString caseNumber; // the case acted on; empty when none
    QString department; // the department code of the case or queue; needed for department-scoped actions
    QString account;    // the operator account acted on, for account actions (ManageOperators, ResetPassword)
};

// The one gate every service asks before it acts for an operator: the role (PermissionMatrix),
// then the scope — a department reviewer acts only within their department, nobody acts on their
// own account. Every refusal is written to the audit log ("identity.authorize", outcome
// "denied", the action key and why as the reason) and logged without names.
class Authorizer
{
public:
    explicit Authorizer(AuditLog &audit, const Clock &clock = SystemClock::instance());

    // Ok when `op` may do `action` on `scope`; otherwise ErrorCode::Invalid with a translated
    // message saying why, already audited. An account whose roles break operators::checkRoles()
    // is refused everything.
    Status authorize(const Operator &op, Action action, const CaseScope &scope = {});
    // The same for the operator of a session, which must not have expired (refused, audited, with
    // "sign in again"); an allowed action counts as activity and touches the session.
    Status authorize(Session &session, Action action, const CaseScope &scope = {});

private:
    Status refuse(const Operator &op, Action action, const CaseScope &scope, const QString &why,
                  const QString &userMessage);

    AuditLog &m_audit;
    const Clock &m_clock;
};

} // namespace ow
