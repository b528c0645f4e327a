// First frame of a 60-field form rendered by FormView from the catalog rules, against a static
// QML page with the same 60 labelled controls and no model behind it. Prints both medians and
// their ratio; run offscreen (QT_QPA_PLATFORM=offscreen).
#include "catalog/Catalog.h"
#include "common/DataPaths.h"
#include "ui/CatalogService.h"
#include "ui/FormController.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <algorithm>
#include <cstdio>
#include <vector>

Q_IMPORT_QML_PLUGIN(OneWindow_UiPlugin)

using namespace ow;

namespace {

QJsonObject text(const QString &zh)
{
    return QJsonObject{{QStringLiteral("zh"), zh}, {QStringLiteral("en"), zh}};
}

// The elderly-allowance item with its second group replaced by 60 - (other fields) questions.
std::shared_ptr<const ServiceItem> sixtyFieldItem(const Catalog &catalog, int &fields)
{
    QJsonObject o = QJsonDocument::fromJson(catalog.item(QStringLiteral("elderly-allowance"))->sourceJson).object();
    QJsonObject form = o.value(QLatin1String("form")).toObject();
    QJsonArray groups = form.value(QLatin1String("groups")).toArray();
    int others = 0;
    for (int g = 0; g < groups.size(); ++g) {
        if (g != 1)
            others += static_cast<int>(groups[g].toObject().value(QLatin1String("fields")).toArray().size());
    }
    QJsonObject extra = groups[1].toObject();
    QJsonArray list;
    for (int i = 0; list.size() + others < 60; ++i) {
        const QString kinds[] = {QStringLiteral("text"), QStringLiteral("number"), QStringLiteral("date"),
                                 QStringLiteral("mobile")};
        list.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("q%1").arg(i)},
                                {QStringLiteral("type"), kinds[i % 4]},
                                {QStringLiteral("label"), text(QStringLiteral("问题 %1").arg(i + 1))},
                                {QStringLiteral("required"), false}});
    }
    extra.insert(QStringLiteral("fields"), list);
    extra.remove(QStringLiteral("visibleWhen"));
    groups.replace(1, extra);
    form.insert(QStringLiteral("groups"), groups);
    o.insert(QStringLiteral("form"), form);
    // Materials may refer to the removed questions; keep only unconditional ones.
    QJsonArray materials;
    for (const QJsonValue &m : o.value(QLatin1String("materials")).toArray()) {
        if (!m.toObject().contains(QLatin1String("condition")) ||
            m.toObject().value(QLatin1String("condition")).toString().contains(QLatin1String("applyByAgent")))
            materials.append(m);
    }
    o.insert(QStringLiteral("materials"), materials);
    QList<CatalogProblem> problems;
    auto item = CatalogLoader::parseItem(QJsonDocument(o).toJson(), QStringLiteral("elderly-allowance.json"), problems);
    for (const CatalogProblem &p : problems)
        std::fprintf(stderr, "%s %s\n", qPrintable(p.path), qPrintable(p.message));
    fields = item ? item->fieldCount() : 0;
    return item;
}

QByteArray staticPage(int fields)
{
    QByteArray qml =
        "import QtQuick\nimport QtQuick.Controls\nimport QtQuick.Layouts\n"
        "Item { ScrollView { anchors.fill: parent; anchors.margins: 12\n Column { width: 1300; spacing: 6\n";
    for (int i = 0; i < fields; ++i) {
        qml += "  RowLayout { width: parent.width; Label { Layout.preferredWidth: 220; text: \"问题 " +
               QByteArray::number(i + 1) +
               " *\"; font.pixelSize: 14 } TextField { Layout.fillWidth: true; font.pixelSize: 14; implicitHeight: 30 "
               "} }\n";
    }
    qml += "} } }\n";
    return qml;
}

double firstFrameMs(const std::function<void(QQuickView &)> &load)
{
    QQuickView view;
    view.resize(1366, 768);
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    bool swapped = false;
    QObject::connect(&view, &QQuickWindow::frameSwapped, &view, [&] { swapped = true; });
    QElapsedTimer t;
    t.start();
    load(view);
    view.show();
    while (!swapped && t.elapsed() < 20000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    int repeats = 7;
    for (int i = 1; i + 1 < argc; ++i) {
        if (QByteArray(argv[i]) == "--repeats")
            repeats = std::max(1, QByteArray(argv[i + 1]).toInt());
    }
    const CatalogLoad load = CatalogLoader::loadDirectory(dataPaths::formsDir());
    CatalogService service{nullptr};
    service.setCatalog(load.catalog);
    CatalogService::setInstance(&service);
    int fields = 0;
    auto item = sixtyFieldItem(load.catalog, fields);
    if (!item)
        return 1;
    QTemporaryDir dir;
    const QString staticFile = dir.filePath(QStringLiteral("Static.qml"));
    QFile f(staticFile);
    f.open(QIODevice::WriteOnly);
    f.write(staticPage(fields));
    f.close();

    std::vector<double> form, baseline;
    for (int i = 0; i < repeats; ++i) {
        baseline.push_back(firstFrameMs([&](QQuickView &view) { view.setSource(QUrl::fromLocalFile(staticFile)); }));
        form.push_back(firstFrameMs([&](QQuickView &view) {
            auto *controller = new FormController(&view);
            controller->setKiosk(false);
            controller->setItem(item);
            view.setInitialProperties({{QStringLiteral("controller"), QVariant::fromValue(controller)}});
            view.setSource(QUrl(QStringLiteral("qrc:/OneWindow/Ui/FormView.qml")));
        }));
    }
    std::printf("first frame, %d-field form from the catalog (desk): median %.1f ms over %d runs\n", fields,
                median(form), repeats);
    std::printf("first frame, static QML page with the same %d labelled fields: median %.1f ms\n", fields,
                median(baseline));
    std::printf("ratio form/static = %.2f\n", median(form) / median(baseline));
    return 0;
}
