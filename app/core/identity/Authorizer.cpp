#include "identity/Authorizer.h"

#include "identity/IdentityText.h"
#include "identity/PermissionMatrix.h"
#include "identity/Session.h"
#include "store/AuditLog.h"

#include <QStringList>

namespace ow {

Authorizer::Authorizer(AuditLog &audit, const Clock &clock)
    : m_audit(audit)
    , m_clock(clock)
{}

Status Authorizer::authorize(Session &session, Action action, const CaseScope &scope)
{
    if (session.isExpired(m_clock.now())) {
        return refuse(session.op(), action, scope, QStringLiteral("session ended"),
                      IdentityText::tr("Your session has ended. Please sign in again."));
    }
    OW_TRY(authorize(session.op(), action, scope));
    session.touch();
    return {};
}

Status Authorizer::authorize(const Operator &op, Action action, const CaseScope &scope)
{
    if (Status s = operators::checkRoles(op); !s.ok())
        return refuse(op, action, scope, QStringLiteral("account"), s.error().userMessage);

    QList<Role> allowed;
    for (const Role r : op.roles) {
        if (PermissionMatrix::allows(r, action))
            allowed.append(r);
    }
    if (allowed.isEmpty()) {
        QStringList labels;
        for (const Role r : op.roles)
            labels.append(role::label(r));
        return refuse(op, action, scope, QStringLiteral("role"),
                      IdentityText::tr("Your role (%1) may not %2.")
                          .arg(labels.join(IdentityText::tr(", ")), action::label(action)));
    }

    switch (PermissionMatrix::scope(action)) {
    case PermissionMatrix::Scope::Anywhere:
        break;
    case PermissionMatrix::Scope::Department:
        // Roles other than the reviewer that may do it (the hall supervisor watching queues) work
        // hall-wide; a reviewer is bound to their own department.
        if (allowed == QList<Role>{Role::DepartmentReviewer}) {
            if (scope.department.isEmpty()) {
                return refuse(op, action, scope, QStringLiteral("no department"),
                              IdentityText::tr("It is not known which department this case belongs to, so you "
                                               "may not %1. Open it again from your department's queue.")
                                  .arg(action::label(action)));
            }
            if (scope.department != op.department) {
                return refuse(op, action, scope, QStringLiteral("other department %1").arg(scope.department),
                              IdentityText::tr("This case belongs to another department. You may %1 only for "
                                               "cases of your own department.")
                                  .arg(action::label(action)));
            }
        }
        break;
    case PermissionMatrix::Scope::OtherAccount:
        if (!scope.account.isEmpty() && scope.account.compare(op.id, Qt::CaseInsensitive) == 0) {
            return refuse(op, action, scope, QStringLiteral("own account"),
                          IdentityText::tr("Nobody may %1 for their own account. Ask another administrator.")
                              .arg(action::label(action)));
        }
        break;
    }
    return {};
}

Status Authorizer::refuse(const Operator &op, Action action, const CaseScope &scope, const QString &why,
                          const QString &userMessage)
{
    const QString reason = action::key(action) + QStringLiteral(": ") + why;
    const auto audited = m_audit.append(op.actor(), QStringLiteral("identity.authorize"), scope.caseNumber, {},
                                        QStringLiteral("denied"), reason);
    if (!audited.ok())
        qCWarning(lcIdentity) << "refusal not audited:" << audited.error().logDetail;
    qCInfo(lcIdentity) << "refused" << action::key(action) << "to role" << op.actor().role << "(" << why << ")";
    return makeError(ErrorCode::Invalid, userMessage,
                     QStringLiteral("refused %1 to role %2: %3").arg(action::key(action), op.actor().role, why));
}

} // namespace ow
