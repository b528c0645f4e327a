#pragma once

#include <QStringList>
#include <QTextStream>

namespace ow::cli {

// Exit codes: a script can tell the failures apart without reading text.
enum Exit : int {
    ExitOk = 0,
    ExitUsage = 1,
    ExitKey = 2,         // wrong key, missing or unreadable key
    ExitNotDatabase = 3, // not a store, damaged, truncated
    ExitAuditBroken = 4,
    ExitIo = 5, // disk full, I/O
    ExitOther = 6,
};

struct Io
{
    QTextStream &out;
    QTextStream &err;
    QTextStream &in;
};

int run(const QStringList &args, Io io);

// onewindow catalog check|list [FORMS_DIR] (CliCatalog.cpp); `args` start with the verb.
int catalogCommand(const QStringList &args, Io &io);

} // namespace ow::cli
