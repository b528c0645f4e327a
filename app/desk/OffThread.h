#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <memory>
#include <utility>

namespace ow {

// Runs `work` (a blocking hub request) on the global thread pool and then `done(result)` on
// `context`'s thread, unless `context` is gone by then. Owners wait for the pool before they
// destroy what `work` uses.
template<typename Work, typename Done>
void runOffThread(QObject *context, Work work, Done done)
{
    QThreadPool::globalInstance()->start([context, work = std::move(work), done = std::move(done)]() mutable {
        auto result = std::make_shared<decltype(work())>(work());
        QMetaObject::invokeMethod(
            context, [done = std::move(done), result]() mutable { done(std::move(*result)); }, Qt::QueuedConnection);
    });
}

} // namespace ow
