#include "sync/PacketExport.h"

#include "common/AtomicFile.h"
#include "store/Repositories.h"
#include "store/Store.h"
#include "sync/OutboxPump.h"
#include "sync/SyncText.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ow::sync {

Result<PacketExportSummary> exportPackets(Store &store, const QString &dir, const Actor &actor)
{
    if (!QFileInfo(dir).isDir()) {
        return makeError(ErrorCode::Io, SyncText::tr("The folder %1 does not exist.").arg(dir),
                         QStringLiteral("export: %1 is not a directory").arg(dir));
    }
    auto pending = store.outbox().inState(OutboxState::Pending, 1000000);
    if (!pending.ok())
        return pending.error();
    PacketExportSummary out;
    for (const OutboxItem &item : *pending) {
        QString name;
        if (item.kind == QLatin1String(kKindPacket)) {
            name = item.packetId + QStringLiteral(".owpkt");
        } else {
            const qsizetype slash = item.packetId.lastIndexOf(QLatin1Char('/'));
            if (slash <= 0)
                continue;
            name =
                item.packetId.left(slash) + QLatin1Char('.') + item.packetId.mid(slash + 1) + QStringLiteral(".owatt");
        }
        const QString path = QDir(dir).filePath(name);
        QFile existing(path);
        if (existing.open(QIODevice::ReadOnly) && existing.size() == item.payload.size() &&
            existing.readAll() == item.payload) {
            ++out.unchanged;
            continue;
        }
        existing.close();
        const Status written = writeFileAtomically(path, item.payload, 0600);
        if (!written.ok())
            return written.error();
        item.kind == QLatin1String(kKindPacket) ? ++out.packets : ++out.parts;
    }
    const auto audited = store.audit().append(actor, QStringLiteral("sync.export"), {}, {}, QStringLiteral("ok"),
                                              QStringLiteral("%1 files").arg(out.packets + out.parts));
    if (!audited.ok())
        return audited.error();
    qCInfo(lcSync) << "exported" << out.packets << "packets and" << out.parts << "parts," << out.unchanged
                   << "already there";
    return out;
}

} // namespace ow::sync
