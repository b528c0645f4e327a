#include "ScanTestSupport.h"

#include "TestSupport.h"

#include <QMutex>
#include <QTest>

namespace ow::test {

namespace {
QMutex g_mutex;
QStringList g_lines;

void capture(QtMsgType, const QMessageLogContext &ctx, const QString &msg)
{
    QMutexLocker lock(&g_mutex);
    g_lines.append(QString::fromLatin1(ctx.category ? ctx.category : "") + QLatin1Char(' ') + msg);
}
} // namespace

RegionTable loadRegions()
{
    auto regions = RegionTable::load(sourceDir() + QStringLiteral("/forms/regions/regions.json"));
    if (!regions)
        qFatal("region table: %s", qPrintable(regions.error().logDetail));
    return std::move(regions).value();
}

LogCapture::LogCapture()
{
    QMutexLocker lock(&g_mutex);
    g_lines.clear();
    m_previous = qInstallMessageHandler(capture);
}

LogCapture::~LogCapture()
{
    qInstallMessageHandler(m_previous);
}

QStringList LogCapture::lines() const
{
    QMutexLocker lock(&g_mutex);
    return g_lines;
}

bool LogCapture::contains(const QByteArray &needle) const
{
    const QString n = QString::fromUtf8(needle);
    const QStringList all = lines();
    for (const QString &l : all) {
        if (l.contains(n))
            return true;
    }
    return false;
}

} // namespace ow::test
