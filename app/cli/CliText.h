#pragma once

#include <QCoreApplication>
#include <QLoggingCategory>

// The command-line tool's translation context and log category: they belong to the program,
// not to the core it drives.
Q_DECLARE_LOGGING_CATEGORY(lcCli)

namespace ow {

class CliText
{
    Q_DECLARE_TR_FUNCTIONS(CliText)
};

} // namespace ow
