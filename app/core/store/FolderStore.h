#pragma once

#include "store/KeyProvider.h"
#include "store/Store.h"

#include <QString>

#include <memory>

namespace ow {

class Clock;

// A program's encrypted store in its data folder: DIR/NAME.db with its key in DIR/NAME.key
// (0600, beside it), created on first start. A store that cannot be opened leaves `store` null
// and says why in `problem` (translated), so the program can still explain instead of refusing
// to start. The kiosk (kiosk.db) and the desk (desk.db) open theirs so.
struct FolderStore
{
    std::unique_ptr<KeyFileProvider> keys;
    std::unique_ptr<Store> store;
    QString problem;

    static QString databasePath(const QString &dataDir, const QString &name);
    static QString keyPath(const QString &dataDir, const QString &name);
    // `folderProblem` is the message when the folder itself cannot be made (the program's words).
    static FolderStore open(const QString &dataDir, const QString &name, const Clock &clock,
                            const QString &folderProblem);
};

} // namespace ow
