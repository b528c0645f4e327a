#pragma once

// The line protocol of the end-to-end test's actors (a kiosk, a desk, each a process of its own):
// one JSON command per line on standard input ({"cmd": NAME, ...}), one JSON answer per line on
// standard output ({"ok": true|false, "error": TEXT, ...}). Logs go to standard error. Commands
// are handled one at a time on the GUI thread; a command that waits for the hub or the sync
// service keeps the event loop running meanwhile (waitFor).
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQuickWindow>
#include <QThread>

#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <thread>

namespace ow::e2e {

// Processes events until `done` holds or `timeoutMs` passed; true when it holds.
inline bool waitFor(const std::function<bool()> &done, int timeoutMs = 30000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(2);
    }
    return true;
}

inline void writeLine(const QJsonObject &answer)
{
    const QByteArray line = QJsonDocument(answer).toJson(QJsonDocument::Compact) + '\n';
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fflush(stdout);
}

inline QJsonObject failed(const QString &why)
{
    return QJsonObject{{QStringLiteral("ok"), false}, {QStringLiteral("error"), why}};
}

// Saves what the window shows now as a PNG; the answer says where, or why not.
inline QJsonObject screenshot(QQuickWindow &window, const QString &path)
{
    QCoreApplication::processEvents();
    const QImage image = window.grabWindow();
    if (image.isNull() || !image.save(path))
        return failed(QStringLiteral("screenshot not saved to ") + path);
    return QJsonObject{{QStringLiteral("ok"), true}, {QStringLiteral("path"), path}};
}

// Answers `ready` first, then each command with `handle`'s answer, until standard input ends or
// the command "quit" comes; returns the application's exit code.
inline int serve(const QJsonObject &ready, const std::function<QJsonObject(const QJsonObject &)> &handle)
{
    writeLine(ready);
    // Standard input is read on a thread of its own and each line handed to the GUI thread.
    std::thread reader([handle] {
        std::string line;
        while (std::getline(std::cin, line)) {
            const QByteArray bytes = QByteArray::fromStdString(line);
            const bool quit = QJsonDocument::fromJson(bytes).object().value(QStringLiteral("cmd")).toString() ==
                              QLatin1String("quit");
            QMetaObject::invokeMethod(
                qApp,
                [handle, bytes] {
                    QJsonParseError error{};
                    const QJsonObject command = QJsonDocument::fromJson(bytes, &error).object();
                    if (error.error != QJsonParseError::NoError) {
                        writeLine(failed(QStringLiteral("not JSON: ") + error.errorString()));
                        return;
                    }
                    if (command.value(QStringLiteral("cmd")).toString() == QLatin1String("quit")) {
                        writeLine(QJsonObject{{QStringLiteral("ok"), true}});
                        QCoreApplication::quit();
                        return;
                    }
                    QJsonObject answer = handle(command);
                    if (!answer.contains(QStringLiteral("ok")))
                        answer.insert(QStringLiteral("ok"), true);
                    writeLine(answer);
                },
                Qt::QueuedConnection);
            if (quit)
                return;
        }
        QMetaObject::invokeMethod(
            qApp, [] { QCoreApplication::quit(); }, Qt::QueuedConnection);
    });
    const int code = QCoreApplication::exec();
    reader.join();
    return code;
}

} // namespace ow::e2e
