// kiosk_baseline: the smallest Qt Quick window program, the yardstick of bench_kiosk. It loads the
// same Qt modules the kiosk's QML imports at minimum (QtQuick, QtQuick.Controls, QtQuick.Layouts,
// QtQuick.Window) into a QQmlApplicationEngine, shows a Window of the kiosk's windowed size with
// one Text, and reports "interactive" as the kiosk does: with OW_REPORT_READY=1, one line
// "ready MS" on stdout after the first frame, MS counted from the start of main().
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QElapsedTimer started;
    started.start();
    QGuiApplication app(argc, argv);
    QQmlApplicationEngine engine;
    engine.load(QUrl(QStringLiteral("qrc:/KioskBaseline/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return 1;
    auto *window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
    if (window && qEnvironmentVariableIntValue("OW_REPORT_READY") == 1) {
        QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [&started] { QTextStream(stdout) << "ready " << started.elapsed() << Qt::endl; }, Qt::SingleShotConnection);
    }
    return QGuiApplication::exec();
}
