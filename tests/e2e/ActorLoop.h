#pragma once

// The line protocol of the end-to-end test's actors (a kiosk, a desk, each a process of its own):
// one JSON command per line on standard input ({"cmd": NAME, ...}), one JSON answer per line on
// standard output ({"ok": true|false, "error": TEXT, ...}). Logs go to standard error. Commands
// are handled one at a time on the GUI thread; a command that waits for the hub or the sync
// service keeps processing events meanwhile (waitFor).
#include "TestSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QGuiApplication>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQuickWindow>
#include <QThread>
#include <QTranslator>

#include <cstdio>
#include <deque>
#include <functional>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

namespace ow::e2e {

// What every actor is started with: its data folder, the hub's address, the catalog folder.
struct ActorArgs
{
    QString dataDir;
    QString hubUrl;
    QString formsDir;
};

// The start every actor shares: the program's name (as the product's own main() sets it), the
// command line, the Chinese translation installed in `translator`, warnings recorded.
inline ActorArgs startActor(QGuiApplication &app, const QString &programName, QTranslator &translator)
{
    QGuiApplication::setApplicationName(programName);
    QGuiApplication::setOrganizationName(QStringLiteral("OneWindow"));
    QCommandLineParser parser;
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data folder."), QStringLiteral("DIR"));
    const QCommandLineOption hub(QStringLiteral("hub"), QStringLiteral("Hub address."), QStringLiteral("URL"));
    const QCommandLineOption forms(QStringLiteral("forms"), QStringLiteral("Catalog folder."), QStringLiteral("DIR"));
    parser.addOptions({data, hub, forms});
    parser.process(app);
    if (translator.load(QStringLiteral(":/i18n/onewindow_zh_CN.qm")))
        QCoreApplication::installTranslator(&translator);
    test::startRecordingWarnings();
    return {parser.value(data), parser.value(hub), parser.value(forms)};
}

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
// the command "quit" comes; returns the exit code. Standard input is read on a thread of its own;
// the GUI thread keeps processing events between commands and runs each command at the top level
// (never inside another event's delivery), so that the answers of work done on other threads
// (hub requests, the sync service) reach the controllers while a command waits for them.
inline int serve(const QJsonObject &ready, const std::function<QJsonObject(const QJsonObject &)> &handle)
{
    std::mutex mutex;
    std::deque<QByteArray> lines;
    bool ended = false;
    std::thread reader([&] {
        std::string line;
        bool quit = false;
        while (!quit && std::getline(std::cin, line)) {
            const QByteArray bytes = QByteArray::fromStdString(line);
            quit = QJsonDocument::fromJson(bytes).object().value(QStringLiteral("cmd")).toString() ==
                   QLatin1String("quit");
            std::lock_guard lock(mutex);
            lines.push_back(bytes);
        }
        std::lock_guard lock(mutex);
        ended = true;
    });
    writeLine(ready);
    for (;;) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QByteArray line;
        {
            std::lock_guard lock(mutex);
            if (!lines.empty()) {
                line = lines.front();
                lines.pop_front();
            } else if (ended) {
                break;
            }
        }
        if (line.isNull()) {
            QThread::msleep(2);
            continue;
        }
        QJsonParseError error{};
        const QJsonObject command = QJsonDocument::fromJson(line, &error).object();
        if (error.error != QJsonParseError::NoError) {
            writeLine(failed(QStringLiteral("not JSON: ") + error.errorString()));
            continue;
        }
        if (command.value(QStringLiteral("cmd")).toString() == QLatin1String("quit")) {
            writeLine(QJsonObject{{QStringLiteral("ok"), true}});
            break;
        }
        QJsonObject answer = handle(command);
        if (!answer.contains(QStringLiteral("ok")))
            answer.insert(QStringLiteral("ok"), true);
        writeLine(answer);
    }
    reader.join();
    return 0;
}

} // namespace ow::e2e
