#pragma once

#include <QCoreApplication>
#include <QLoggingCategory>

// The sync module's translation context and log category ("ow.sync"). Log lines never carry
// tokens, keys, packet contents, ID numbers or names.
Q_DECLARE_LOGGING_CATEGORY(lcSync)

namespace ow {

class SyncText
{
    Q_DECLARE_TR_FUNCTIONS(SyncText)
};

} // namespace ow
