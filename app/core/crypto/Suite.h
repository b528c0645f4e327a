#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace ow::crypto {

// A cipher suite: which algorithms seal a packet, sign a request or a receipt, and hash.
// gm: SM2 (key wrap, signature with SM3), SM3, SM4-CTR + HMAC-SM3. intl: X25519 + HKDF-SHA256,
// AES-256-GCM, Ed25519, SHA-256.
enum class Suite {
    Gm,
    Intl,
};

inline constexpr Suite DefaultSuite = Suite::Gm;

QString suiteName(Suite suite);
std::optional<Suite> parseSuite(const QString &name);

// The suite's hash: SM3 for gm, SHA-256 for intl. 32 bytes.
QByteArray suiteDigest(Suite suite, const QByteArray &data);
// Lower-case hex of suiteDigest(), as it travels in manifests, receipts and request signatures.
QByteArray suiteDigestHex(Suite suite, const QByteArray &data);

// SHA-256, 32 bytes.
QByteArray sha256(const QByteArray &data);

} // namespace ow::crypto
