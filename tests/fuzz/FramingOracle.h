#pragma once

// What server/PROTOCOL.md (§0 "Limits") promises about request framing, checked independently of
// libmicrohttpd on the raw bytes of the first request head: a head with a bare LF or CR, another
// control character but HTAB, a folded line, two Content-Length, Content-Length with
// Transfer-Encoding or a header name that is not a token is never served (it must not get 200
// from a FramingProbe).

#include <QByteArray>
#include <QList>

#include <cstring>

namespace ow::test {

inline bool framingIsMalformed(const QByteArray &request)
{
    // The head ends at the first empty line, however its lines end.
    qsizetype end = -1; // just past the empty line's end
    for (qsizetype i = 0; i + 1 < request.size(); ++i) {
        if (request[i] != '\n')
            continue;
        if (request[i + 1] == '\n') {
            end = i + 2;
            break;
        }
        if (request[i + 1] == '\r' && i + 2 < request.size() && request[i + 2] == '\n') {
            end = i + 3;
            break;
        }
    }
    if (end < 0)
        return false; // never complete: cannot be served anyway
    const QByteArray head = request.left(end);
    // One blind spot, documented in PROTOCOL.md: a NUL right before a bare LF reads, in the head
    // libmicrohttpd leaves, exactly like CR LF (the line is cut at the NUL); it is not counted.
    const auto nulThenLf = [&](qsizetype i) { return head[i] == '\0' && i + 1 < head.size() && head[i + 1] == '\n'; };
    for (qsizetype i = 0; i < head.size(); ++i) {
        if (head[i] == '\n' && (i == 0 || (head[i - 1] != '\r' && !nulThenLf(i - 1))))
            return true; // bare LF
        if (head[i] == '\r' && (i + 1 >= head.size() || head[i + 1] != '\n'))
            return true; // bare CR
        const auto c = static_cast<unsigned char>(head[i]);
        if (((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) && !nulThenLf(i))
            return true; // another control character
    }
    const QList<QByteArray> lines = head.split('\n');
    int contentLengths = 0;
    bool transferEncoding = false;
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const QByteArray line = lines[n].endsWith('\r') ? lines[n].chopped(1) : lines[n];
        if (line.isEmpty())
            continue;
        if (line[0] == ' ' || line[0] == '\t')
            return true; // folded
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            continue; // libmicrohttpd's own business
        const QByteArray name = line.left(colon);
        for (const char c : name) {
            const bool token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                               (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
            if (!token)
                return true;
        }
        if (name.compare("content-length", Qt::CaseInsensitive) == 0)
            ++contentLengths;
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            transferEncoding = true;
    }
    return contentLengths > 1 || (contentLengths == 1 && transferEncoding);
}

} // namespace ow::test
