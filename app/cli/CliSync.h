#pragma once

#include "cli/CliCommands.h"

namespace ow::cli {

// `onewindow sync enroll|seal|push|pull|status ...` and `onewindow export-packets DIR ...`.
bool isSyncCommand(const QStringList &args);
int runSync(const QStringList &args, Io io);

} // namespace ow::cli
