#pragma once

#include "crypto/Suite.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace ow::crypto {

// A request's headers as sent (any case, in order).
using RequestHeaders = QList<QPair<QByteArray, QByteArray>>;

// The headers that change what a request means (server/PROTOCOL.md §1), lower case, in the order
// they are signed: today `upload-offset`.
const QList<QByteArray> &signedRequestHeaders();

// What a device signs on each hub request (server/PROTOCOL.md §1):
// "OW1-REQUEST\n" METHOD "\n" PATH_AND_QUERY "\n" TIMESTAMP "\n" hex(digest(suite, body)), then for
// each header of signedRequestHeaders() present in `headers`: "\n" name ":" value. A request
// without such a header signs exactly what protocol 1.3 signed.
QByteArray requestSigningInput(Suite suite, const QByteArray &method, const QByteArray &pathAndQuery,
                               qint64 unixSeconds, const QByteArray &body, const RequestHeaders &headers = {});
// What a device signs to prove it holds its key at enrollment: "OW1-ENROLL\n" + normalised code.
QByteArray enrollmentProofInput(const QByteArray &normalisedCode);

} // namespace ow::crypto
