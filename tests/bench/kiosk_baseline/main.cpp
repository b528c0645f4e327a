// kiosk_baseline: the smallest Qt Quick window program, the yardstick of bench_kiosk. It loads the
// same Qt modules the kiosk's QML imports at minimum (QtQuick, QtQuick.Controls, QtQuick.Layouts,
// QtQuick.Window) into a QQmlApplicationEngine, shows a Window of the kiosk's windowed size with
// one Text, and reports "interactive" as the kiosk does: with OW_REPORT_READY=1, one line
// "ready MS" on stdout after the first frame, MS counted from the start of main() (=2: and exits).
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>
#include <QTextStream>

#include <cstdlib>

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
    const int reportReady = qEnvironmentVariableIntValue("OW_REPORT_READY");
    if (window && reportReady > 0) {
        QObject::connect(
            window, &QQuickWindow::frameSwapped, window,
            [&started, reportReady] {
                QTextStream(stdout) << "ready " << started.elapsed() << Qt::endl;
                if (reportReady == 2)
                    std::_Exit(0); // the profiler's run: start-up and nothing else
            },
            Qt::SingleShotConnection);
    }
    return QGuiApplication::exec();
}
