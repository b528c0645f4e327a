#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace ow {

// Writes a whole file so that after a crash either the old or the new content is there:
// temp file in the same folder → fsync → rename → fsync folder. `mode` is applied before any
// byte is written, so a key file is never readable by others, not even for a moment.
Status writeFileAtomically(const QString &path, const QByteArray &content, int mode = 0600);
Status renameDurably(const QString &from, const QString &to);
Status removeDurably(const QString &path);
Status fsyncDirectoryOf(const QString &path);

} // namespace ow
