#pragma once

#include <QCoreApplication>
#include <QLoggingCategory>

// The identity module's translation context and log category ("ow.identity"). Log lines carry
// outcomes, roles and action keys, never passwords, hashes, user names or display names.
Q_DECLARE_LOGGING_CATEGORY(lcIdentity)

namespace ow {

class IdentityText
{
    Q_DECLARE_TR_FUNCTIONS(IdentityText)
};

} // namespace ow
