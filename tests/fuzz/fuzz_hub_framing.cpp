// The hub's HTTP listener (libmicrohttpd with the hub's own framing checks and limits, through
// server/HubFraming.h) takes any bytes on a connection without a crash, a hang or undefined
// behaviour, and never serves a request whose framing PROTOCOL.md says is refused.
#include "FramingOracle.h"
#include "server/HubFraming.h"

#include <QLoggingCategory>

#include <cstddef>
#include <cstdint>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bool quiet = [] {
        QLoggingCategory::setFilterRules(QStringLiteral("ow.hub.http.info=false"));
        return true;
    }();
    static ow::hub::FramingProbe probe;
    (void)quiet;
    if (!probe.isRunning())
        __builtin_trap();
    if (size > 128 * 1024)
        return 0;
    const QByteArray request(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    // An answer comes within microseconds; 200 ms of silence means the request is incomplete.
    const QByteArray answer = probe.exchange(request, 5000, 200);
    if (answer.startsWith("HTTP/1.1 200 ") && ow::test::framingIsMalformed(request)) {
        std::fprintf(stderr, "served a request with malformed framing\n");
        __builtin_trap();
    }
    return 0;
}
