#include "server/HubReaders.h"

#include "server/HubLogging.h"
#include "server/HubService.h"

namespace ow::hub {

HubReaders::HubReaders(Settings settings, const HubKeys &keys, const HubCatalog *catalog, HubLimits limits,
                       const Clock &clock)
    : m_settings(std::move(settings))
    , m_keys(keys)
    , m_catalog(catalog)
    , m_limits(limits)
    , m_clock(clock)
{}

HubReaders::~HubReaders()
{
    stop();
}

Status HubReaders::start()
{
    Status result;
    for (int i = 0; i < m_settings.count; ++i) {
        std::promise<Status> opened;
        std::future<Status> done = opened.get_future();
        m_threads.emplace_back([this, &opened] { run(opened); });
        Status status = done.get();
        if (!status) {
            stop();
            return status;
        }
    }
    qCInfo(lcHubDb, "%d read connections open", count());
    return result;
}

void HubReaders::post(std::function<void(HubService &)> job)
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_stopped)
            return; // shutting down: the client's connection is closed with the listener
        m_jobs.push_back(std::move(job));
    }
    m_wake.notify_one();
}

void HubReaders::stop()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (std::thread &thread : m_threads)
        thread.join();
    m_threads.clear();
    const std::lock_guard lock(m_mutex);
    m_stopped = true;
}

void HubReaders::run(std::promise<Status> &opened)
{
    // The connection is this thread's: QtSql connections are used by the thread that opened them.
    HubDatabase db;
    if (Status status = db.open(m_settings.url, m_settings.sqlitePath); !status) {
        opened.set_value(status);
        return;
    }
    HubService service(db, m_keys, m_catalog, m_limits, m_clock);
    opened.set_value({}); // `opened` is gone from here on
    for (;;) {
        std::function<void(HubService &)> job;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_jobs.empty(); });
            // Jobs still queued at the end are run: each answers a client that waits.
            if (m_jobs.empty())
                return;
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job(service);
    }
}

} // namespace ow::hub
