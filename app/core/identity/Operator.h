#pragma once

#include "common/Result.h"
#include "domain/Case.h"
#include "domain/Role.h"

#include <QList>
#include <QString>

namespace ow {

// A person who works with cases: a window clerk, a department reviewer, a village helper, a hall
// supervisor, an auditor or an administrator. Operators come from the county hub and are cached
// on the desk (OperatorCache) for offline sign-in.
struct Operator
{
    QString id;          // the account's user name, unique in the county; in audit entries
    QString displayName; // shown on screen and on notices; personal data, never logged
    QList<Role> roles;   // at least one; see checkRoles()
    QString department;  // department code; required for department reviewers

    bool hasRole(Role role) const { return roles.contains(role); }
    // Who acted, for audit entries: the account and its role keys joined by '+'.
    Actor actor() const;
};

namespace operators {

// Whether the account's roles are allowed together (等保 three-role separation, 三员分立): an
// administrator or an auditor holds that role alone, so the one who runs the system never reads
// its audit trail or decides cases, and the one who reads the audit trail changes nothing. A
// department reviewer needs a department; an account needs a role and a user name. The error
// names the first problem (translated).
Status checkRoles(const Operator &op);

} // namespace operators

} // namespace ow
