#include "scan/CodeSigning.h"

#include "scan/ScanLogging.h"
#include "scan/ScanText.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <optional>

namespace ow::scan::codeSigning {

namespace {

constexpr char kSm2Id[] = "1234567812345678";
// Generous bounds; real keys are 44 (Ed25519) or 91 (SM2) bytes, signatures 64 or ≤ 72 bytes.
constexpr qsizetype kMaxKeyDer = 512;
constexpr qsizetype kMaxSignature = 256;

struct PkeyDeleter
{
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
};
struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
};
struct P8Deleter
{
    void operator()(PKCS8_PRIV_KEY_INFO *p) const { PKCS8_PRIV_KEY_INFO_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

QString opensslError()
{
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0)
        return QStringLiteral("no OpenSSL error queued");
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

Error badSignature(const QString &detail)
{
    return makeError(ErrorCode::Crypto, ScanText::tr("The code's signature is not genuine."), detail);
}

Error keyError(const QString &detail)
{
    return makeError(ErrorCode::Crypto, ScanText::tr("A signing key of the service hall is damaged."), detail);
}

std::optional<SignatureAlgorithm> algorithmOf(const EVP_PKEY *key)
{
    if (EVP_PKEY_is_a(key, "ED25519"))
        return SignatureAlgorithm::Ed25519;
    if (EVP_PKEY_is_a(key, "SM2"))
        return SignatureAlgorithm::Sm2;
    return std::nullopt;
}

PkeyPtr parsePublic(const QByteArray &der)
{
    if (der.isEmpty() || der.size() > kMaxKeyDer)
        return {};
    const auto *p = reinterpret_cast<const unsigned char *>(der.constData());
    PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    // Trailing bytes after the structure are not a key we issued.
    if (key && p != reinterpret_cast<const unsigned char *>(der.constData()) + der.size())
        key.reset();
    ERR_clear_error();
    return key;
}

// Sets up a digest-sign/verify context the way each algorithm needs it.
bool initContext(EVP_MD_CTX *ctx, EVP_PKEY *key, SignatureAlgorithm alg, bool signing)
{
    EVP_PKEY_CTX *pctx = nullptr;
    const char *md = alg == SignatureAlgorithm::Sm2 ? "SM3" : nullptr;
    const int ok = signing ? EVP_DigestSignInit_ex(ctx, &pctx, md, nullptr, nullptr, key, nullptr)
                           : EVP_DigestVerifyInit_ex(ctx, &pctx, md, nullptr, nullptr, key, nullptr);
    if (ok != 1)
        return false;
    if (alg == SignatureAlgorithm::Sm2 && EVP_PKEY_CTX_set1_id(pctx, kSm2Id, sizeof kSm2Id - 1) != 1)
        return false;
    return true;
}

} // namespace

Result<SignatureAlgorithm> publicKeyAlgorithm(const QByteArray &publicDer)
{
    PkeyPtr key = parsePublic(publicDer);
    if (!key)
        return keyError(QStringLiteral("public key: not a DER SubjectPublicKeyInfo"));
    const auto alg = algorithmOf(key.get());
    if (!alg)
        return keyError(QStringLiteral("public key: algorithm is neither SM2 nor Ed25519"));
    return *alg;
}

Status verify(const QByteArray &publicDer, const QByteArray &message, const QByteArray &signature)
{
    PkeyPtr key = parsePublic(publicDer);
    if (!key)
        return keyError(QStringLiteral("verify: public key is not a DER SubjectPublicKeyInfo"));
    const auto alg = algorithmOf(key.get());
    if (!alg)
        return keyError(QStringLiteral("verify: key algorithm is neither SM2 nor Ed25519"));
    if (signature.isEmpty() || signature.size() > kMaxSignature)
        return badSignature(QStringLiteral("verify: signature length %1 out of range").arg(signature.size()));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || !initContext(ctx.get(), key.get(), *alg, false))
        return makeError(ErrorCode::Crypto, ScanText::tr("The code's signature cannot be checked on this device."),
                         QStringLiteral("verify: init failed: %1").arg(opensslError()));
    const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                                    static_cast<size_t>(signature.size()),
                                    reinterpret_cast<const unsigned char *>(message.constData()),
                                    static_cast<size_t>(message.size()));
    ERR_clear_error();
    if (rc != 1)
        return badSignature(
            QStringLiteral("verify: signature does not match (%1)")
                .arg(*alg == SignatureAlgorithm::Sm2 ? QStringLiteral("sm2") : QStringLiteral("ed25519")));
    return {};
}

Result<SigningKey> generate(SignatureAlgorithm algorithm)
{
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, algorithm == SignatureAlgorithm::Sm2 ? "SM2" : "ED25519"));
    if (!key)
        return keyError(QStringLiteral("keygen failed: %1").arg(opensslError()));
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, P8Deleter> p8(EVP_PKEY2PKCS8(key.get()));
    int len = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr) : -1;
    if (len <= 0)
        return keyError(QStringLiteral("keygen: PKCS#8 export failed: %1").arg(opensslError()));
    SigningKey out;
    out.algorithm = algorithm;
    out.privateDer = SecretBytes(static_cast<std::size_t>(len));
    unsigned char *w = out.privateDer.data();
    i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &w);
    const int publen = i2d_PUBKEY(key.get(), nullptr);
    if (publen <= 0)
        return keyError(QStringLiteral("keygen: public export failed: %1").arg(opensslError()));
    out.publicDer.resize(publen);
    auto *pw = reinterpret_cast<unsigned char *>(out.publicDer.data());
    i2d_PUBKEY(key.get(), &pw);
    return out;
}

namespace {

PkeyPtr parsePrivate(const SecretBytes &der)
{
    const unsigned char *p = der.data();
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, P8Deleter> p8(
        d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
    PkeyPtr key(p8 ? EVP_PKCS82PKEY(p8.get()) : nullptr);
    ERR_clear_error();
    return key;
}

} // namespace

Result<SigningKey> fromPrivateDer(SecretBytes privateDer)
{
    PkeyPtr key = parsePrivate(privateDer);
    if (!key)
        return keyError(QStringLiteral("private key: not PKCS#8 DER"));
    const auto alg = algorithmOf(key.get());
    if (!alg)
        return keyError(QStringLiteral("private key: algorithm is neither SM2 nor Ed25519"));
    SigningKey out;
    out.algorithm = *alg;
    out.privateDer = std::move(privateDer);
    const int publen = i2d_PUBKEY(key.get(), nullptr);
    if (publen <= 0)
        return keyError(QStringLiteral("private key: public export failed: %1").arg(opensslError()));
    out.publicDer.resize(publen);
    auto *pw = reinterpret_cast<unsigned char *>(out.publicDer.data());
    i2d_PUBKEY(key.get(), &pw);
    return out;
}

Result<QByteArray> sign(const SigningKey &signingKey, const QByteArray &message)
{
    PkeyPtr key = parsePrivate(signingKey.privateDer);
    if (!key)
        return keyError(QStringLiteral("sign: private key is not PKCS#8 DER"));
    const auto alg = algorithmOf(key.get());
    if (!alg)
        return keyError(QStringLiteral("sign: key algorithm is neither SM2 nor Ed25519"));
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || !initContext(ctx.get(), key.get(), *alg, true))
        return keyError(QStringLiteral("sign: init failed: %1").arg(opensslError()));
    size_t len = 0;
    const auto *msg = reinterpret_cast<const unsigned char *>(message.constData());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, msg, static_cast<size_t>(message.size())) != 1)
        return keyError(QStringLiteral("sign: size query failed: %1").arg(opensslError()));
    QByteArray sig(static_cast<qsizetype>(len), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(sig.data()), &len, msg,
                       static_cast<size_t>(message.size())) != 1)
        return keyError(QStringLiteral("sign: failed: %1").arg(opensslError()));
    sig.resize(static_cast<qsizetype>(len));
    return sig;
}

} // namespace ow::scan::codeSigning
