#pragma once

#include "domain/Role.h"
#include "identity/Action.h"

namespace ow {

// Which role may do which action: one table (PermissionMatrix.cpp), read by Authorizer. Nothing
// else in the product decides permissions. The table honours three-role separation (三员分立):
// the administrator runs accounts, devices and the catalog but neither reads the audit trail nor
// decides cases; the auditor reads and verifies the audit trail and changes nothing.
class PermissionMatrix
{
public:
    // What else an allowed action is checked against (Authorizer does it).
    enum class Scope {
        Anywhere,     // the role is enough
        Department,   // a department reviewer acts only on cases and queues of their department
        OtherAccount, // never on the operator's own account
    };

    static bool allows(Role role, Action action);
    static Scope scope(Action action);
    // False for actions that only read (queues, statistics, the audit trail, one's own activity).
    static bool changesData(Action action);
};

} // namespace ow
