#include "domain/Case.h"

namespace ow {

QString syncStateKey(SyncState s)
{
    switch (s) {
    case SyncState::Local:
        return QStringLiteral("local");
    case SyncState::Sealed:
        return QStringLiteral("sealed");
    case SyncState::Queued:
        return QStringLiteral("queued");
    case SyncState::Acknowledged:
        return QStringLiteral("acknowledged");
    }
    return QStringLiteral("local");
}

SyncState syncStateFromKey(const QString &key)
{
    if (key == QLatin1String("sealed"))
        return SyncState::Sealed;
    if (key == QLatin1String("queued"))
        return SyncState::Queued;
    if (key == QLatin1String("acknowledged"))
        return SyncState::Acknowledged;
    return SyncState::Local;
}

} // namespace ow
