#pragma once

#include "common/Result.h"
#include "common/SecretBytes.h"
#include "crypto/Keys.h"

#include <QByteArray>

namespace ow::scan {

// Signatures on the codes OneWindow prints and reads (receipts, pickup codes, e-licences), made
// and checked by crypto's keys. Verification is offline: the public key comes from the trust
// store. Keys travel as DER (SubjectPublicKeyInfo, PKCS#8); the algorithm is the key's own.
enum class SignatureAlgorithm {
    Sm2, // SM2 with SM3 and the default distinguishing ID 1234567812345678 (GM/T 0009)
    Ed25519,
};

struct SigningKey
{
    SignatureAlgorithm algorithm = SignatureAlgorithm::Sm2;
    crypto::PrivateKey privateKey;
    QByteArray publicDer; // SubjectPublicKeyInfo, as a trust store holds it

    SecretBytes privateDer() const { return privateKey.toDer(); } // PKCS#8
};

namespace codeSigning {

// Only SM2 and Ed25519 keys are accepted; anything else (RSA, X25519, other curves, garbage) fails.
Result<SignatureAlgorithm> publicKeyAlgorithm(const QByteArray &publicDer);
// Ok only when `signature` is a valid signature of `message` under `publicDer`.
Status verify(const QByteArray &publicDer, const QByteArray &message, const QByteArray &signature);

// The issuing side: devices sign receipts and pickup codes, the demo issuer signs e-licences.
Result<SigningKey> generate(SignatureAlgorithm algorithm);
Result<SigningKey> fromPrivateDer(const SecretBytes &privateDer);
Result<QByteArray> sign(const SigningKey &key, const QByteArray &message);

} // namespace codeSigning

} // namespace ow::scan
