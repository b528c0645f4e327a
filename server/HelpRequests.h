#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "protocol/HelpMessages.h"
#include "server/HubDatabase.h"

#include <QList>
#include <QString>

#include <optional>

namespace ow::hub {

// 呼叫帮办员 at the hub (PROTOCOL.md §5.5): a kiosk asks for the village helper, operators list the
// open requests and close them when the helper has come. One open request per device: asking
// again while one is open answers that one (the citizen tapping twice, or three kiosks' worth of
// impatience, calls the helper once). A request holds the device, the screen key, the state and
// the times — nothing about the citizen. Every write is one transaction with its audit entry.
// Free of HTTP: HubServer maps the results onto replies.
class HelpRequests
{
public:
    static constexpr int MaxListed = 500;

    explicit HelpRequests(HubDatabase &db, const Clock &clock = SystemClock::instance());

    struct Asked
    {
        protocol::HelpRequest request;
        bool created = false; // false: the device's open request, asked again
    };
    // `deviceId` is the authenticated signer. Invalid for a screen that is no screen key.
    Result<Asked> ask(const QString &deviceId, const protocol::HelpRequestCreate &create);
    // Oldest first; `state` nullopt lists both. At most `limit` (1–MaxListed), else Invalid.
    Result<QList<protocol::HelpRequest>> list(std::optional<protocol::HelpState> state, int limit = 100);
    // Closes a request (the helper came); closing a closed one answers it as it is. NotFound for
    // an id that is no request. `actor` is the audit's ("operator:ID").
    Result<protocol::HelpRequest> close(const QString &id, const QString &actor);

private:
    Result<std::optional<protocol::HelpRequest>> find(const QString &sql, std::initializer_list<QVariant> values);
    Status audit(const QString &actor, const char *action, const QString &target);
    QString now() const;

    HubDatabase &m_db;
    const Clock &m_clock;
};

} // namespace ow::hub
