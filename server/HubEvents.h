#pragma once

#include "protocol/Messages.h"
#include "server/HubContext.h"

namespace ow::hub {

// What happened to cases, told to devices: the event feed of the device's own cases (PROTOCOL.md
// §5) and a citizen's progress by receipt code at any enrolled device (§5.3).
class EventService
{
public:
    explicit EventService(HubContext &context)
        : m_context(context)
    {}

    ServiceResult<protocol::EventsPage> events(const DeviceIdentity &device, const QString &after,
                                               const QString &limit);
    // The case's states, times, departments and data-use record, never the applicant's personal
    // data. A forged code, a code of an unknown device and one of an unknown case: one 404.
    ServiceResult<protocol::ProgressAnswer> progress(const DeviceIdentity &device, const QByteArray &body);

private:
    HubContext &m_context;
};

} // namespace ow::hub
