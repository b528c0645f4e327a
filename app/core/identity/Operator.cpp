#include "identity/Operator.h"

#include "identity/IdentityText.h"

#include <QStringList>

Q_LOGGING_CATEGORY(lcIdentity, "ow.identity")

namespace ow {

Actor Operator::actor() const
{
    QStringList keys;
    for (const Role r : roles)
        keys.append(role::key(r));
    return Actor{id, keys.join(QLatin1Char('+'))};
}

namespace operators {

Status checkRoles(const Operator &op)
{
    if (op.id.trimmed().isEmpty()) {
        return makeError(ErrorCode::Invalid, IdentityText::tr("An operator account needs a user name."),
                         QStringLiteral("operator without a user name"));
    }
    if (op.roles.isEmpty()) {
        return makeError(ErrorCode::Invalid, IdentityText::tr("An operator account needs a role."),
                         QStringLiteral("operator %1 has no role").arg(op.id));
    }
    for (const Role separate : {Role::Admin, Role::Auditor}) {
        if (op.hasRole(separate) && op.roles.size() > 1) {
            return makeError(ErrorCode::Invalid,
                             IdentityText::tr("The role %1 cannot be combined with other roles on one account: "
                                              "administration, audit and case work are kept apart.")
                                 .arg(role::label(separate)),
                             QStringLiteral("operator %1: %2 combined with other roles").arg(op.id, op.actor().role));
        }
    }
    if (op.hasRole(Role::DepartmentReviewer) && op.department.trimmed().isEmpty()) {
        return makeError(ErrorCode::Invalid, IdentityText::tr("A department reviewer needs a department."),
                         QStringLiteral("reviewer %1 without a department").arg(op.id));
    }
    return {};
}

} // namespace operators

} // namespace ow
