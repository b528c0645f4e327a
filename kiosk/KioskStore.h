#pragma once

#include "store/KeyProvider.h"
#include "store/Store.h"

#include <QString>

#include <memory>

namespace ow {

class Clock;

// The kiosk's encrypted case store in its data folder: DIR/kiosk.db, its key in DIR/kiosk.key
// (0600, beside it). Created on first start; a store that cannot be opened leaves `store` null
// and says why in `problem` (translated), so the kiosk still guides and explains instead of
// refusing to start.
struct KioskStore
{
    std::unique_ptr<KeyFileProvider> keys;
    std::unique_ptr<Store> store;
    QString problem;

    static QString databasePath(const QString &dataDir);
    static QString keyPath(const QString &dataDir);
    static KioskStore open(const QString &dataDir, const Clock &clock);
};

} // namespace ow
