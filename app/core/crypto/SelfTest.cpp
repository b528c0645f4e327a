#include "crypto/SelfTest.h"

#include "common/Logging.h"
#include "common/Tr.h"
#include "crypto/Cipher.h"
#include "crypto/Digest.h"
#include "crypto/Keys.h"

namespace ow::crypto {

namespace {

Error failed(const QString &which)
{
    return makeError(ErrorCode::Crypto,
                     CryptoText::tr("The cryptographic self-test failed; the program cannot run safely."),
                     QStringLiteral("known-answer test failed: ") + which);
}

SecretBytes secretFromHex(const char *hex)
{
    QByteArray bytes = QByteArray::fromHex(hex);
    return SecretBytes::takeFrom(bytes);
}

Status sm3Kat()
{
    // GB/T 32905-2016, example 1.
    if (sm3("abc").toHex() != "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        return failed(QStringLiteral("SM3 abc"));
    return {};
}

Status sm4Kat()
{
    // GB/T 32907-2016, appendix A example 1.
    const QByteArray key = QByteArray::fromHex("0123456789abcdeffedcba9876543210");
    auto cipher = sm4EncryptBlock(key, key);
    if (!cipher || cipher->toHex() != "681edf34d206965e86b3e94f536e4246")
        return failed(QStringLiteral("SM4 block"));
    return {};
}

Status x25519Kat()
{
    // RFC 7748 section 6.1.
    auto alice =
        PrivateKey::fromRaw(QStringLiteral("X25519"),
                            QByteArray::fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    auto bob =
        PrivateKey::fromRaw(QStringLiteral("X25519"),
                            QByteArray::fromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
    if (!alice || !bob)
        return failed(QStringLiteral("X25519 keys"));
    if (rawPublicKey(alice->publicKey()).toHex() !=
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a" ||
        rawPublicKey(bob->publicKey()).toHex() != "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        return failed(QStringLiteral("X25519 public keys"));
    auto shared = x25519(*alice, bob->publicKey());
    if (!shared || !(*shared == secretFromHex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")))
        return failed(QStringLiteral("X25519 shared secret"));
    return {};
}

Status ed25519Kat()
{
    // RFC 8032 section 7.1, TEST 1 (empty message).
    auto key =
        PrivateKey::fromRaw(QStringLiteral("ED25519"),
                            QByteArray::fromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
    if (!key ||
        rawPublicKey(key->publicKey()).toHex() != "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        return failed(QStringLiteral("Ed25519 key"));
    auto signature = sign(*key, QByteArray());
    if (!signature || signature->toHex() != "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        return failed(QStringLiteral("Ed25519 signature"));
    if (!verify(key->publicKey(), QByteArray(), *signature) || verify(key->publicKey(), QByteArray("x"), *signature))
        return failed(QStringLiteral("Ed25519 verify"));
    return {};
}

Status hkdfKat()
{
    // RFC 5869 appendix A.1, test case 1.
    auto okm =
        hkdfSha256(secretFromHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                   QByteArray::fromHex("000102030405060708090a0b0c"), QByteArray::fromHex("f0f1f2f3f4f5f6f7f8f9"), 42);
    if (!okm || !(*okm == secretFromHex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
                                        "34007208d5b887185865")))
        return failed(QStringLiteral("HKDF-SHA256"));
    return {};
}

Status gcmKat()
{
    // The GCM specification (McGrew, Viega; used by NIST CAVP), test case 14: AES-256, zero key,
    // zero 96-bit IV, one zero block.
    const SecretBytes key(32);
    const QByteArray nonce(12, '\0');
    auto sealed = aes256GcmEncrypt(key, nonce, QByteArray(), QByteArray(16, '\0'));
    if (!sealed || sealed->ciphertext.toHex() != "cea7403d4d606b6e074ec5d3baf39d18" ||
        sealed->tag.toHex() != "d0d1c8a799996bf0265b98b5d48ab919")
        return failed(QStringLiteral("AES-256-GCM encrypt"));
    auto opened = aes256GcmDecrypt(key, nonce, QByteArray(), sealed->ciphertext, sealed->tag);
    QByteArray badTag = sealed->tag;
    badTag[0] = static_cast<char>(badTag[0] ^ 1);
    if (!opened || *opened != QByteArray(16, '\0') ||
        aes256GcmDecrypt(key, nonce, QByteArray(), sealed->ciphertext, badTag).ok())
        return failed(QStringLiteral("AES-256-GCM decrypt"));
    return {};
}

Status sm2RoundTrip()
{
    // SM2 signatures and encryption are randomised, so no fixed vector: a pair-wise consistency
    // test as FIPS 140 does for key generation.
    auto key = PrivateKey::generate(Suite::Gm, KeyUse::Signing);
    if (!key)
        return failed(QStringLiteral("SM2 key generation"));
    const QByteArray message("message digest");
    auto signature = sign(*key, message);
    if (!signature || !verify(key->publicKey(), message, *signature) ||
        verify(key->publicKey(), QByteArray("message digesT"), *signature))
        return failed(QStringLiteral("SM2 sign/verify"));
    const SecretBytes secret = SecretBytes::random(48);
    auto wrapped = wrapKey(key->publicKey(), secret);
    if (!wrapped)
        return failed(QStringLiteral("SM2 encrypt"));
    auto unwrapped = unwrapKey(*key, *wrapped);
    if (!unwrapped || !(*unwrapped == secret))
        return failed(QStringLiteral("SM2 decrypt"));
    return {};
}

} // namespace

Status selfTest()
{
    for (auto test : {sm3Kat, sm4Kat, x25519Kat, ed25519Kat, hkdfKat, gcmKat, sm2RoundTrip}) {
        const Status status = test();
        if (!status) {
            qCCritical(lcCrypto, "%s", qPrintable(status.error().logDetail));
            return status;
        }
    }
    qCInfo(lcCrypto, "cryptographic self-test passed");
    return {};
}

} // namespace ow::crypto
