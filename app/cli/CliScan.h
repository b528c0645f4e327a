#pragma once

#include "cli/CliCommands.h"

namespace ow::cli {

// onewindow scan [--forms DIR] [--trust FILE] [--demo] FILE...
int scanCommand(const QStringList &args, Io io);

} // namespace ow::cli
