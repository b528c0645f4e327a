#include "scan/CodeSigning.h"

#include "scan/ScanText.h"

#include <optional>

namespace ow::scan::codeSigning {

namespace {

// Generous bounds; real keys are 44 (Ed25519) or 91 (SM2) bytes, signatures 64 or ≤ 72 bytes.
constexpr qsizetype kMaxKeyDer = 512;
constexpr qsizetype kMaxSignature = 256;

Error badSignature(const QString &detail)
{
    return makeError(ErrorCode::Crypto, ScanText::tr("The code's signature is not genuine."), detail);
}

Error keyError(const QString &detail)
{
    return makeError(ErrorCode::Crypto, ScanText::tr("A signing key of the service hall is damaged."), detail);
}

std::optional<SignatureAlgorithm> algorithmOf(const QString &name)
{
    if (name == QLatin1String("ED25519"))
        return SignatureAlgorithm::Ed25519;
    if (name == QLatin1String("SM2"))
        return SignatureAlgorithm::Sm2;
    return std::nullopt;
}

struct CheckedPublicKey
{
    crypto::PublicKey key;
    SignatureAlgorithm algorithm;
};

Result<CheckedPublicKey> parsePublic(const QByteArray &der, const QString &what)
{
    if (der.isEmpty() || der.size() > kMaxKeyDer)
        return keyError(QStringLiteral("%1: public key size %2 out of range").arg(what).arg(der.size()));
    auto key = crypto::PublicKey::fromDer(der);
    // Exactly the DER a key encodes to: trailing bytes are not a key we issued.
    if (!key || key->toDer() != der)
        return keyError(QStringLiteral("%1: not a DER SubjectPublicKeyInfo").arg(what));
    const auto algorithm = algorithmOf(key->algorithm());
    if (!algorithm)
        return keyError(QStringLiteral("%1: key algorithm is neither SM2 nor Ed25519").arg(what));
    return CheckedPublicKey{std::move(key).value(), *algorithm};
}

Result<SigningKey> signingKey(crypto::PrivateKey key, const QString &what)
{
    const auto algorithm = algorithmOf(key.algorithm());
    if (!algorithm)
        return keyError(QStringLiteral("%1: key algorithm is neither SM2 nor Ed25519").arg(what));
    SigningKey out;
    out.algorithm = *algorithm;
    out.publicDer = key.publicKey().toDer();
    if (out.publicDer.isEmpty())
        return keyError(QStringLiteral("%1: public key export failed").arg(what));
    out.privateKey = std::move(key);
    return out;
}

} // namespace

Result<SignatureAlgorithm> publicKeyAlgorithm(const QByteArray &publicDer)
{
    auto key = parsePublic(publicDer, QStringLiteral("public key"));
    if (!key)
        return key.error();
    return key->algorithm;
}

Status verify(const QByteArray &publicDer, const QByteArray &message, const QByteArray &signature)
{
    auto key = parsePublic(publicDer, QStringLiteral("verify"));
    if (!key)
        return key.error();
    if (signature.isEmpty() || signature.size() > kMaxSignature)
        return badSignature(QStringLiteral("verify: signature length %1 out of range").arg(signature.size()));
    if (!crypto::verify(key->key, message, signature))
        return badSignature(
            QStringLiteral("verify: signature does not match (%1)")
                .arg(key->algorithm == SignatureAlgorithm::Sm2 ? QStringLiteral("sm2") : QStringLiteral("ed25519")));
    return {};
}

Result<SigningKey> generate(SignatureAlgorithm algorithm)
{
    // gm signs with SM2, intl with Ed25519.
    const crypto::Suite suite = algorithm == SignatureAlgorithm::Sm2 ? crypto::Suite::Gm : crypto::Suite::Intl;
    auto key = crypto::PrivateKey::generate(suite, crypto::KeyUse::Signing);
    if (!key)
        return key.error();
    return signingKey(std::move(key).value(), QStringLiteral("keygen"));
}

Result<SigningKey> fromPrivateDer(const SecretBytes &privateDer)
{
    auto key = crypto::PrivateKey::fromDer(privateDer);
    if (!key)
        return keyError(QStringLiteral("private key: not PKCS#8 DER"));
    return signingKey(std::move(key).value(), QStringLiteral("private key"));
}

Result<QByteArray> sign(const SigningKey &key, const QByteArray &message)
{
    if (key.privateKey.isNull() || !algorithmOf(key.privateKey.algorithm()))
        return keyError(QStringLiteral("sign: no SM2 or Ed25519 private key"));
    return crypto::sign(key.privateKey, message);
}

} // namespace ow::scan::codeSigning
