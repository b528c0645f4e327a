#pragma once

#include "common/Result.h"
#include "crypto/Keys.h"
#include "crypto/Suite.h"

#include <QByteArray>
#include <QJsonObject>

namespace ow::crypto {

// A signed audit extract (server/PROTOCOL.md §12): the entries an auditor picked, signed by the
// hub's signing key (the hub's chain) or a device's (a desk's own chain), checkable offline with
// the matching public key. The document is canonical JSON
// {"extract": base64(canonical JSON of the extract), "format": "ow-audit-extract/1",
//  "signature": base64, "suite": "gm"|"intl"}.
inline constexpr const char *AuditExtractFormat = "ow-audit-extract/1";

Result<QByteArray> signAuditExtract(Suite suite, const PrivateKey &signingKey, QJsonObject extract);
// The extract's object when the signature verifies against `signingKey`.
Result<QJsonObject> verifyAuditExtract(const QByteArray &document, const PublicKey &signingKey);

} // namespace ow::crypto
