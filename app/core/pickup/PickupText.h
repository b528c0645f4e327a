#pragma once

#include <QCoreApplication>
#include <QLoggingCategory>

// The pickup module's translation context and log category ("ow.pickup"). Log lines carry case
// numbers and reasons, never codes, ID numbers or names.
Q_DECLARE_LOGGING_CATEGORY(lcPickup)

namespace ow {

class PickupText
{
    Q_DECLARE_TR_FUNCTIONS(PickupText)
};

} // namespace ow
