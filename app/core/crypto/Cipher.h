#pragma once

#include "common/Result.h"
#include "common/SecretBytes.h"
#include "crypto/Suite.h"

#include <QByteArray>

namespace ow::crypto {

// Symmetric building blocks of the suites. Packet code uses encryptPart/decryptPart; the raw
// primitives are public for the known-answer self-tests.

// Content key length of a suite: gm 48 (SM4 key 16 + HMAC-SM3 key 32), intl 32 (AES-256).
std::size_t contentKeyLength(Suite suite);

// Authenticated encryption of one packet part. `aad` binds the blob to its packet and name.
// gm: iv(16) | SM4-CTR ciphertext | HMAC-SM3(macKey, aad | iv | ciphertext)(32).
// intl: nonce(12) | AES-256-GCM ciphertext | tag(16).
Result<QByteArray> encryptPart(Suite suite, const SecretBytes &contentKey, const QByteArray &aad,
                               const QByteArray &plaintext);
// Fails (ErrorCode::Crypto) when the blob was altered, whatever was altered.
Result<QByteArray> decryptPart(Suite suite, const SecretBytes &contentKey, const QByteArray &aad,
                               const QByteArray &blob);

// SM4 (GB/T 32907) one block in ECB, for the known-answer test.
Result<QByteArray> sm4EncryptBlock(const QByteArray &key16, const QByteArray &block16);
// SM4-CTR with a 16-byte initial counter block.
Result<QByteArray> sm4Ctr(const SecretBytes &key16, const QByteArray &iv16, const QByteArray &data);

struct GcmOutput
{
    QByteArray ciphertext;
    QByteArray tag;
};
Result<GcmOutput> aes256GcmEncrypt(const SecretBytes &key32, const QByteArray &nonce, const QByteArray &aad,
                                   const QByteArray &plaintext);
Result<QByteArray> aes256GcmDecrypt(const SecretBytes &key32, const QByteArray &nonce, const QByteArray &aad,
                                    const QByteArray &ciphertext, const QByteArray &tag);

// HKDF with SHA-256 (RFC 5869).
Result<SecretBytes> hkdfSha256(const SecretBytes &ikm, const QByteArray &salt, const QByteArray &info,
                               std::size_t length);

// Random bytes that are not secret (IVs, nonces, ids).
QByteArray randomBytes(int size);

} // namespace ow::crypto
