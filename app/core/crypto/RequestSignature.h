#pragma once

#include "crypto/Suite.h"

#include <QByteArray>

namespace ow::crypto {

// What a device signs on each hub request (server/PROTOCOL.md §1):
// "OW1-REQUEST\n" METHOD "\n" PATH_AND_QUERY "\n" TIMESTAMP "\n" hex(digest(suite, body)).
QByteArray requestSigningInput(Suite suite, const QByteArray &method, const QByteArray &pathAndQuery,
                               qint64 unixSeconds, const QByteArray &body);
// What a device signs to prove it holds its key at enrollment: "OW1-ENROLL\n" + normalised code.
QByteArray enrollmentProofInput(const QByteArray &normalisedCode);

} // namespace ow::crypto
