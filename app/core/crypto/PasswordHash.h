#pragma once

#include <QByteArray>
#include <QString>

namespace ow::crypto {

// Salted slow hashes of short secrets people type (operator passwords, a kiosk's admin PIN):
// PBKDF2-HMAC-SM3 over 16 random bytes of salt, stored as "pbkdf2-sm3$ITERATIONS$SALT$HASH"
// (base64). The secret itself is never kept.
QString hashSecret(const QByteArray &secret, int iterations);
// True when `secret` matches `stored` (constant-time); false for anything malformed.
bool verifySecret(const QByteArray &secret, const QString &stored);

} // namespace ow::crypto
