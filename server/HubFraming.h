#pragma once

#include "server/HubService.h"

#include <QByteArray>

#include <memory>

namespace ow::hub {

// The hub's HTTP listener (server/HubServer.cpp) with its framing checks and limits, without the
// service: every request that passes them is answered `200 ok`. For the request framing fuzzer
// (tests/fuzz/fuzz_hub_framing.cpp) and tests; it never listens on a port.
class FramingProbe
{
public:
    explicit FramingProbe(const HubLimits &limits = {});
    ~FramingProbe();
    FramingProbe(const FramingProbe &) = delete;
    FramingProbe &operator=(const FramingProbe &) = delete;

    bool isRunning() const;
    // Sends `request` on a fresh loopback connection, closes the sending side and returns the
    // listener's first answer (what it sent before closing the connection, or before `timeoutMs`).
    // `quietMs` >= 0: give up when nothing at all has come that long after the last byte was sent
    // (an incomplete request is otherwise only closed by the listener's timeout).
    QByteArray exchange(const QByteArray &request, int timeoutMs = 5000, int quietMs = -1);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace ow::hub
