#include "TestSupport.h"

#include "domain/IdNumber.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTest>

namespace ow::test {

namespace {

QStringList g_warnings;
QtMessageHandler g_previous = nullptr;

void recordWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg)
        g_warnings.append(message);
    if (g_previous)
        g_previous(type, context, message);
}

} // namespace

void startRecordingWarnings()
{
    g_warnings.clear();
    g_previous = qInstallMessageHandler(recordWarnings);
}

void stopRecordingWarnings()
{
    qInstallMessageHandler(g_previous);
    g_previous = nullptr;
}

QStringList &warnings()
{
    return g_warnings;
}

std::unique_ptr<Store> openStore(const QString &dir, KeyFileProvider &keys, const Clock *clock, int schemaVersion)
{
    Store::Options o;
    o.path = dir + QStringLiteral("/store.db");
    o.keys = &keys;
    o.mode = Store::OpenMode::CreateIfMissing;
    o.deviceId = QStringLiteral("T01");
    o.schemaVersion = schemaVersion;
    if (clock)
        o.clock = clock;
    auto store = Store::open(o);
    if (!store.ok()) {
        qWarning() << "openStore failed:" << store.error().logDetail;
        return nullptr;
    }
    return std::move(store).value();
}

QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

QString idWithCheckDigit(const QString &first17)
{
    return first17 + idNumber::checkDigit(first17);
}

bool StoreFixture::reset()
{
    if (!dir.isValid())
        return false;
    store.reset();
    QFile::remove(dir.filePath(QStringLiteral("store.db")));
    QFile::remove(dir.filePath(QStringLiteral("k")));
    keys = std::make_unique<KeyFileProvider>(dir.filePath(QStringLiteral("k")));
    clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 3, 2), QTime(9, 0), Qt::UTC));
    store = openStore(dir.path(), *keys, clock.get());
    return store != nullptr;
}

bool StoreFixture::reopen()
{
    store.reset();
    store = openStore(dir.path(), *keys, clock.get());
    return store != nullptr;
}

QString sourceDir()
{
    return qEnvironmentVariable("OW_SOURCE_DIR", QStringLiteral(OW_SOURCE_DIR_DEFAULT));
}

} // namespace ow::test
