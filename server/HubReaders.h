#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "server/HubContext.h"

#include <QString>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace ow::hub {

class HubCatalog;
class HubService;

// Read connections of their own for the requests that only read (a device's events, the device
// keys, the catalog, a progress query, a reviewer's queue), so that they never wait behind the
// packets' transactions and their commits on the connection the writes go through. Each reader is
// a thread with its own database connection and its own set of services on it; a request goes to
// whichever reader is free. Their reads see what is committed, as another hub on the same
// database would.
class HubReaders
{
public:
    struct Settings
    {
        QString url;        // as HubDatabase::open() takes it
        QString sqlitePath; // when `url` is empty
        int count = 2;
    };

    HubReaders(Settings settings, const HubKeys &keys, const HubCatalog *catalog, HubLimits limits,
               const Clock &clock = SystemClock::instance());
    ~HubReaders();
    HubReaders(const HubReaders &) = delete;
    HubReaders &operator=(const HubReaders &) = delete;

    // Opens every reader's connection; an error when one cannot be opened (none is left running).
    Status start();
    // Runs `job` on the next free reader with that reader's services. Thread-safe.
    void post(std::function<void(HubService &)> job);
    int count() const { return static_cast<int>(m_threads.size()); }

private:
    void run(std::promise<Status> &opened);
    void stop();

    Settings m_settings;
    const HubKeys &m_keys;
    const HubCatalog *m_catalog;
    HubLimits m_limits;
    const Clock &m_clock;
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void(HubService &)>> m_jobs;
    bool m_stopping = false; // the threads are asked to end
    bool m_stopped = false;  // and have ended: nothing is taken any more
};

} // namespace ow::hub
