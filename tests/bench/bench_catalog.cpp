// Loads the catalog in forms/ and a generated 500-item catalog (copies of the real items under
// new ids and codes) and prints the load times, with the per-item ratio of the two.
#include "catalog/Catalog.h"
#include "common/DataPaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace ow;

namespace {

double medianMs(const std::function<void()> &run, int repeats)
{
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        QElapsedTimer t;
        t.start();
        run();
        ms.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int generated = 500;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--items"))
            generated = args[i + 1].toInt();
    }
    const QString forms = dataPaths::formsDir();
    auto regions = RegionTable::load(forms + QStringLiteral("/regions/regions.json"));
    if (!regions.ok())
        return 1;
    QStringList realFiles;
    const QDir items(forms + QStringLiteral("/items"));
    for (const QString &n : items.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        realFiles.append(items.filePath(n));

    QTemporaryDir dir;
    QStringList genFiles;
    for (int i = 0; i < generated; ++i) {
        QFile src(realFiles[i % realFiles.size()]);
        src.open(QIODevice::ReadOnly);
        QJsonObject o = QJsonDocument::fromJson(src.readAll()).object();
        const QString id = o.value(QLatin1String("id")).toString() + QStringLiteral("-g%1").arg(i);
        const QString base = QStringLiteral("9%1").arg(i, 11, 10, QLatin1Char('0'));
        o.insert(QStringLiteral("id"), id);
        o.insert(QStringLiteral("baseCode"), base);
        o.insert(QStringLiteral("implCode"),
                 o.value(QLatin1String("department")).toObject().value(QLatin1String("code")).toString() + base);
        QFile out(dir.filePath(id + QStringLiteral(".json")));
        out.open(QIODevice::WriteOnly);
        out.write(QJsonDocument(o).toJson());
        genFiles.append(out.fileName());
    }

    int loadedReal = 0, loadedGen = 0;
    const double regionsMs =
        medianMs([&] { (void)RegionTable::load(forms + QStringLiteral("/regions/regions.json")); }, 5);
    const double realMs =
        medianMs([&] { loadedReal = CatalogLoader::loadFiles(realFiles, *regions).catalog.size(); }, 5);
    const double genMs = medianMs([&] { loadedGen = CatalogLoader::loadFiles(genFiles, *regions).catalog.size(); }, 3);
    std::printf("region table (%d regions): %.1f ms\n", regions->size(), regionsMs);
    std::printf("catalog forms/ (%d items): %.1f ms (%.2f ms per item)\n", loadedReal, realMs, realMs / loadedReal);
    std::printf("generated catalog (%d items): %.1f ms (%.2f ms per item)\n", loadedGen, genMs,
                genMs / std::max(1, loadedGen));
    std::printf("per-item cost ratio generated/real = %.2f\n",
                (genMs / std::max(1, loadedGen)) / (realMs / loadedReal));
    return loadedGen == generated && loadedReal == realFiles.size() ? 0 : 1;
}
