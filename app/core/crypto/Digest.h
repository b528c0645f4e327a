#pragma once

#include "common/Result.h"
#include "common/SecretBytes.h"

#include <QByteArray>

namespace ow::crypto {

// SM3 (GB/T 32905) digest, 32 bytes.
QByteArray sm3(const QByteArray &data);
// HMAC-SM3 with a secret key, 32 bytes.
QByteArray hmacSm3(const SecretBytes &key, const QByteArray &data);
// PBKDF2 with HMAC-SM3. Used to turn a passphrase into a store key.
Result<SecretBytes> pbkdf2Sm3(const SecretBytes &passphrase, const QByteArray &salt, int iterations,
                              std::size_t length);
// Constant-time comparison for MACs and digests.
bool equalConstantTime(const QByteArray &a, const QByteArray &b);

} // namespace ow::crypto
