#pragma once

#include "common/Result.h"
#include "common/SecretBytes.h"
#include "crypto/Suite.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace ow::crypto {

// What a key pair is for. gm uses SM2 for both; intl uses Ed25519 to sign and X25519 to wrap.
enum class KeyUse {
    Signing,
    Encryption,
};

struct KeyHandle; // the OpenSSL key, defined in Keys.cpp only

// A public key (SubjectPublicKeyInfo). Cheap to copy; immutable.
class PublicKey
{
public:
    PublicKey() = default;
    static Result<PublicKey> fromPem(const QByteArray &pem);
    static Result<PublicKey> fromDer(const QByteArray &der);

    bool isNull() const { return !m_key; }
    QByteArray toPem() const;
    QByteArray toDer() const;
    // The same key: one copy of the other, or equal keys (compared without encoding either).
    bool sameKeyAs(const PublicKey &other) const;
    // "SM2", "ED25519" or "X25519".
    QString algorithm() const;
    bool fits(Suite suite, KeyUse use) const;
    // Lower-case hex SM3 of the DER form: what an operator compares when pinning.
    QByteArray fingerprint() const;

private:
    friend class PrivateKey;
    friend struct KeyAccess;
    std::shared_ptr<const KeyHandle> m_key;
};

// A private key. Serialised forms come back in wiped buffers.
class PrivateKey
{
public:
    PrivateKey() = default;
    static Result<PrivateKey> generate(Suite suite, KeyUse use);
    // PKCS#8 PEM or DER, unencrypted: the store or the key directory protects it.
    static Result<PrivateKey> fromPem(const SecretBytes &pem);
    static Result<PrivateKey> fromDer(const SecretBytes &der);
    // Raw Ed25519 / X25519 private keys (32 bytes), for the known-answer tests.
    static Result<PrivateKey> fromRaw(const QString &algorithm, const QByteArray &raw);

    bool isNull() const { return !m_key; }
    SecretBytes toPem() const;
    SecretBytes toDer() const;
    PublicKey publicKey() const;
    QString algorithm() const;
    bool fits(Suite suite, KeyUse use) const;

private:
    friend struct KeyAccess;
    std::shared_ptr<const KeyHandle> m_key;
};

// Signatures. gm: SM2 with SM3 and the default distinguishing ID "1234567812345678" (DER);
// intl: Ed25519 (64 bytes). The algorithm follows the key.
Result<QByteArray> sign(const PrivateKey &key, const QByteArray &message);
bool verify(const PublicKey &key, const QByteArray &message, const QByteArray &signature);

// Wraps a content key to a recipient's encryption key. gm: SM2 public-key encryption;
// intl: ephemeral X25519 + HKDF-SHA256 → AES-256-GCM (ephPub | nonce | ciphertext | tag).
Result<QByteArray> wrapKey(const PublicKey &recipient, const SecretBytes &contentKey);
Result<SecretBytes> unwrapKey(const PrivateKey &recipient, const QByteArray &wrapped);

// X25519 shared secret, for the known-answer test and the intl key wrap.
Result<SecretBytes> x25519(const PrivateKey &own, const PublicKey &peer);
// Raw public key bytes of an Ed25519/X25519 key (32 bytes), empty for SM2.
QByteArray rawPublicKey(const PublicKey &key);

} // namespace ow::crypto
