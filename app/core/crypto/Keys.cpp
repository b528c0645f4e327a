#include "crypto/Keys.h"

#include "common/Logging.h"
#include "common/Tr.h"
#include "crypto/Cipher.h"
#include "crypto/Digest.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace ow::crypto {

struct KeyHandle
{
    explicit KeyHandle(EVP_PKEY *key)
        : pkey(key)
    {}
    ~KeyHandle() { EVP_PKEY_free(pkey); }
    KeyHandle(const KeyHandle &) = delete;
    KeyHandle &operator=(const KeyHandle &) = delete;
    EVP_PKEY *pkey;
};

struct KeyAccess
{
    static EVP_PKEY *get(const PublicKey &key) { return key.m_key ? key.m_key->pkey : nullptr; }
    static EVP_PKEY *get(const PrivateKey &key) { return key.m_key ? key.m_key->pkey : nullptr; }
    static PublicKey makePublic(EVP_PKEY *pkey)
    {
        PublicKey out;
        out.m_key = std::make_shared<const KeyHandle>(pkey);
        return out;
    }
    static PrivateKey makePrivate(EVP_PKEY *pkey)
    {
        PrivateKey out;
        out.m_key = std::make_shared<const KeyHandle>(pkey);
        return out;
    }
};

namespace {

// The default SM2 distinguishing ID of GB/T 35276; set explicitly so peers that do not default
// to it (or to an empty ID) still agree.
constexpr char Sm2Id[] = "1234567812345678";
constexpr const char *WrapInfo = "OW1-KEYWRAP";

struct BioFree
{
    void operator()(BIO *bio) const { BIO_free(bio); }
};
using Bio = std::unique_ptr<BIO, BioFree>;
struct PkeyCtxFree
{
    void operator()(EVP_PKEY_CTX *ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

QString opensslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("no OpenSSL error queued");
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return QString::fromLatin1(buffer);
}

Error keyError(const QString &detail)
{
    return makeError(ErrorCode::Crypto, CryptoText::tr("The key is not valid."),
                     detail + QStringLiteral(": ") + opensslError());
}

Error cryptoError(const QString &detail)
{
    return makeError(ErrorCode::Crypto, CryptoText::tr("A cryptographic operation failed."),
                     detail + QStringLiteral(": ") + opensslError());
}

QString algorithmOf(EVP_PKEY *pkey)
{
    if (!pkey)
        return {};
    if (EVP_PKEY_is_a(pkey, "SM2"))
        return QStringLiteral("SM2");
    if (EVP_PKEY_is_a(pkey, "ED25519"))
        return QStringLiteral("ED25519");
    if (EVP_PKEY_is_a(pkey, "X25519"))
        return QStringLiteral("X25519");
    return QStringLiteral("other");
}

bool algorithmFits(const QString &algorithm, Suite suite, KeyUse use)
{
    if (suite == Suite::Gm)
        return algorithm == QLatin1String("SM2");
    return algorithm == (use == KeyUse::Signing ? QLatin1String("ED25519") : QLatin1String("X25519"));
}

SecretBytes bioContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    if (size <= 0 || !data)
        return {};
    return SecretBytes(reinterpret_cast<const unsigned char *>(data), static_cast<std::size_t>(size));
}

QByteArray bioBytes(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    if (size <= 0 || !data)
        return {};
    return QByteArray(data, static_cast<qsizetype>(size));
}

// Keys we accept: SM2, Ed25519, X25519. Anything else (RSA, a P-256 EC key) is refused early.
Result<EVP_PKEY *> checkedAlgorithm(EVP_PKEY *pkey, const QString &what)
{
    if (!pkey)
        return keyError(what);
    if (algorithmOf(pkey) == QLatin1String("other")) {
        EVP_PKEY_free(pkey);
        return makeError(ErrorCode::Crypto, CryptoText::tr("The key is not valid."),
                         what + QStringLiteral(": unsupported key algorithm"));
    }
    return pkey;
}

// SM2 needs its distinguishing ID on the key context before DigestSign/VerifyInit.
Result<std::pair<MdCtx, PkeyCtx>> signContext(EVP_PKEY *pkey, bool forSigning)
{
    MdCtx md(EVP_MD_CTX_new());
    if (!md)
        return cryptoError(QStringLiteral("EVP_MD_CTX_new"));
    PkeyCtx pctx;
    const bool isSm2 = EVP_PKEY_is_a(pkey, "SM2");
    if (isSm2) {
        pctx.reset(EVP_PKEY_CTX_new(pkey, nullptr));
        if (!pctx || EVP_PKEY_CTX_set1_id(pctx.get(), Sm2Id, sizeof Sm2Id - 1) != 1)
            return cryptoError(QStringLiteral("SM2 distinguishing ID"));
        EVP_MD_CTX_set_pkey_ctx(md.get(), pctx.get());
    }
    const EVP_MD *digest = isSm2 ? EVP_sm3() : nullptr;
    const int rc = forSigning ? EVP_DigestSignInit(md.get(), nullptr, digest, nullptr, pkey)
                              : EVP_DigestVerifyInit(md.get(), nullptr, digest, nullptr, pkey);
    if (rc != 1)
        return cryptoError(QStringLiteral("DigestSign/VerifyInit"));
    return std::make_pair(std::move(md), std::move(pctx));
}

} // namespace

// ---- PublicKey ----

Result<PublicKey> PublicKey::fromPem(const QByteArray &pem)
{
    Bio bio(BIO_new_mem_buf(pem.constData(), static_cast<int>(pem.size())));
    auto pkey =
        checkedAlgorithm(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), QStringLiteral("PEM public key"));
    if (!pkey)
        return pkey.error();
    return KeyAccess::makePublic(*pkey);
}

Result<PublicKey> PublicKey::fromDer(const QByteArray &der)
{
    const unsigned char *p = reinterpret_cast<const unsigned char *>(der.constData());
    auto pkey =
        checkedAlgorithm(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())), QStringLiteral("DER public key"));
    if (!pkey)
        return pkey.error();
    return KeyAccess::makePublic(*pkey);
}

QByteArray PublicKey::toPem() const
{
    if (!m_key)
        return {};
    Bio bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PUBKEY(bio.get(), m_key->pkey) != 1)
        return {};
    return bioBytes(bio.get());
}

QByteArray PublicKey::toDer() const
{
    if (!m_key)
        return {};
    unsigned char *buffer = nullptr;
    const int len = i2d_PUBKEY(m_key->pkey, &buffer);
    if (len <= 0)
        return {};
    QByteArray out(reinterpret_cast<const char *>(buffer), len);
    OPENSSL_free(buffer);
    return out;
}

bool PublicKey::sameKeyAs(const PublicKey &other) const
{
    if (!m_key || !other.m_key)
        return false;
    return m_key == other.m_key || EVP_PKEY_eq(m_key->pkey, other.m_key->pkey) == 1;
}

QString PublicKey::algorithm() const
{
    return algorithmOf(KeyAccess::get(*this));
}

bool PublicKey::fits(Suite suite, KeyUse use) const
{
    return algorithmFits(algorithm(), suite, use);
}

QByteArray PublicKey::fingerprint() const
{
    return sm3(toDer()).toHex();
}

// ---- PrivateKey ----

Result<PrivateKey> PrivateKey::generate(Suite suite, KeyUse use)
{
    const char *type = suite == Suite::Gm ? "SM2" : (use == KeyUse::Signing ? "ED25519" : "X25519");
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, type);
    if (!pkey)
        return cryptoError(QStringLiteral("key generation (%1)").arg(QLatin1String(type)));
    return KeyAccess::makePrivate(pkey);
}

Result<PrivateKey> PrivateKey::fromPem(const SecretBytes &pem)
{
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    auto pkey = checkedAlgorithm(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr),
                                 QStringLiteral("PEM private key"));
    if (!pkey)
        return pkey.error();
    return KeyAccess::makePrivate(*pkey);
}

Result<PrivateKey> PrivateKey::fromDer(const SecretBytes &der)
{
    const unsigned char *p = der.data();
    auto pkey = checkedAlgorithm(d2i_AutoPrivateKey(nullptr, &p, static_cast<long>(der.size())),
                                 QStringLiteral("DER private key"));
    if (!pkey)
        return pkey.error();
    return KeyAccess::makePrivate(*pkey);
}

Result<PrivateKey> PrivateKey::fromRaw(const QString &algorithm, const QByteArray &raw)
{
    const int type = algorithm == QLatin1String("ED25519")  ? EVP_PKEY_ED25519
                     : algorithm == QLatin1String("X25519") ? EVP_PKEY_X25519
                                                            : 0;
    if (type == 0)
        return keyError(QStringLiteral("raw keys are Ed25519 or X25519 only"));
    EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key(
        type, nullptr, reinterpret_cast<const unsigned char *>(raw.constData()), static_cast<size_t>(raw.size()));
    if (!pkey)
        return keyError(QStringLiteral("raw private key"));
    return KeyAccess::makePrivate(pkey);
}

SecretBytes PrivateKey::toPem() const
{
    if (!m_key)
        return {};
    Bio bio(BIO_new(BIO_s_secmem()));
    if (PEM_write_bio_PrivateKey(bio.get(), m_key->pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return bioContents(bio.get());
}

SecretBytes PrivateKey::toDer() const
{
    if (!m_key)
        return {};
    Bio bio(BIO_new(BIO_s_secmem()));
    if (i2d_PKCS8PrivateKey_bio(bio.get(), m_key->pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    return bioContents(bio.get());
}

PublicKey PrivateKey::publicKey() const
{
    if (!m_key)
        return {};
    // Round-trip through DER so the public key object holds no private part.
    unsigned char *buffer = nullptr;
    const int len = i2d_PUBKEY(m_key->pkey, &buffer);
    if (len <= 0)
        return {};
    const unsigned char *p = buffer;
    EVP_PKEY *pub = d2i_PUBKEY(nullptr, &p, len);
    OPENSSL_free(buffer);
    if (!pub)
        return {};
    return KeyAccess::makePublic(pub);
}

QString PrivateKey::algorithm() const
{
    return algorithmOf(KeyAccess::get(*this));
}

bool PrivateKey::fits(Suite suite, KeyUse use) const
{
    return algorithmFits(algorithm(), suite, use);
}

// ---- signatures ----

Result<QByteArray> sign(const PrivateKey &key, const QByteArray &message)
{
    EVP_PKEY *pkey = KeyAccess::get(key);
    if (!pkey)
        return keyError(QStringLiteral("sign with a null key"));
    auto ctx = signContext(pkey, true);
    if (!ctx)
        return ctx.error();
    EVP_MD_CTX *md = ctx->first.get();
    size_t length = 0;
    const auto *data = reinterpret_cast<const unsigned char *>(message.constData());
    if (EVP_DigestSign(md, nullptr, &length, data, static_cast<size_t>(message.size())) != 1)
        return cryptoError(QStringLiteral("DigestSign size"));
    QByteArray signature(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_DigestSign(md, reinterpret_cast<unsigned char *>(signature.data()), &length, data,
                       static_cast<size_t>(message.size())) != 1)
        return cryptoError(QStringLiteral("DigestSign"));
    signature.truncate(static_cast<qsizetype>(length));
    return signature;
}

bool verify(const PublicKey &key, const QByteArray &message, const QByteArray &signature)
{
    EVP_PKEY *pkey = KeyAccess::get(key);
    if (!pkey || signature.isEmpty())
        return false;
    auto ctx = signContext(pkey, false);
    if (!ctx)
        return false;
    const int rc = EVP_DigestVerify(ctx->first.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                                    static_cast<size_t>(signature.size()),
                                    reinterpret_cast<const unsigned char *>(message.constData()),
                                    static_cast<size_t>(message.size()));
    ERR_clear_error();
    return rc == 1;
}

// ---- key wrap ----

Result<SecretBytes> x25519(const PrivateKey &own, const PublicKey &peer)
{
    EVP_PKEY *mine = KeyAccess::get(own);
    EVP_PKEY *theirs = KeyAccess::get(peer);
    if (!mine || !theirs || !EVP_PKEY_is_a(mine, "X25519") || !EVP_PKEY_is_a(theirs, "X25519"))
        return keyError(QStringLiteral("X25519 needs two X25519 keys"));
    PkeyCtx ctx(EVP_PKEY_CTX_new(mine, nullptr));
    size_t length = 0;
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), theirs) != 1 ||
        EVP_PKEY_derive(ctx.get(), nullptr, &length) != 1)
        return cryptoError(QStringLiteral("X25519 derive setup"));
    SecretBytes shared(length);
    if (EVP_PKEY_derive(ctx.get(), shared.data(), &length) != 1 || length != 32)
        return cryptoError(QStringLiteral("X25519 derive"));
    return shared;
}

QByteArray rawPublicKey(const PublicKey &key)
{
    EVP_PKEY *pkey = KeyAccess::get(key);
    if (!pkey || EVP_PKEY_is_a(pkey, "SM2"))
        return {};
    size_t length = 0;
    if (EVP_PKEY_get_raw_public_key(pkey, nullptr, &length) != 1)
        return {};
    QByteArray out(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_PKEY_get_raw_public_key(pkey, reinterpret_cast<unsigned char *>(out.data()), &length) != 1)
        return {};
    return out;
}

namespace {

Result<SecretBytes> x25519WrapKey(const PrivateKey &own, const PublicKey &peer, const QByteArray &ephemeralPublic,
                                  const QByteArray &recipientPublic)
{
    auto shared = x25519(own, peer);
    if (!shared)
        return shared.error();
    return hkdfSha256(*shared, ephemeralPublic + recipientPublic, QByteArray(WrapInfo), 32);
}

} // namespace

Result<QByteArray> wrapKey(const PublicKey &recipient, const SecretBytes &contentKey)
{
    EVP_PKEY *pkey = KeyAccess::get(recipient);
    if (!pkey)
        return keyError(QStringLiteral("wrap to a null key"));
    if (EVP_PKEY_is_a(pkey, "SM2")) {
        PkeyCtx ctx(EVP_PKEY_CTX_new(pkey, nullptr));
        size_t length = 0;
        if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
            EVP_PKEY_encrypt(ctx.get(), nullptr, &length, contentKey.data(), contentKey.size()) != 1)
            return cryptoError(QStringLiteral("SM2 encrypt setup"));
        QByteArray out(static_cast<qsizetype>(length), Qt::Uninitialized);
        if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &length, contentKey.data(),
                             contentKey.size()) != 1)
            return cryptoError(QStringLiteral("SM2 encrypt"));
        out.truncate(static_cast<qsizetype>(length));
        return out;
    }
    if (!EVP_PKEY_is_a(pkey, "X25519"))
        return keyError(QStringLiteral("key wrap needs an SM2 or X25519 key"));
    auto ephemeral = PrivateKey::generate(Suite::Intl, KeyUse::Encryption);
    if (!ephemeral)
        return ephemeral.error();
    const QByteArray ephemeralPublic = rawPublicKey(ephemeral->publicKey());
    const QByteArray recipientPublic = rawPublicKey(recipient);
    auto kek = x25519WrapKey(*ephemeral, recipient, ephemeralPublic, recipientPublic);
    if (!kek)
        return kek.error();
    const QByteArray nonce = randomBytes(12);
    QByteArray plain(reinterpret_cast<const char *>(contentKey.data()), static_cast<qsizetype>(contentKey.size()));
    auto sealed = aes256GcmEncrypt(*kek, nonce, ephemeralPublic, plain);
    wipeBytes(plain);
    if (!sealed)
        return sealed.error();
    return ephemeralPublic + nonce + sealed->ciphertext + sealed->tag;
}

Result<SecretBytes> unwrapKey(const PrivateKey &recipient, const QByteArray &wrapped)
{
    EVP_PKEY *pkey = KeyAccess::get(recipient);
    if (!pkey)
        return keyError(QStringLiteral("unwrap with a null key"));
    if (EVP_PKEY_is_a(pkey, "SM2")) {
        PkeyCtx ctx(EVP_PKEY_CTX_new(pkey, nullptr));
        size_t length = 0;
        const auto *in = reinterpret_cast<const unsigned char *>(wrapped.constData());
        if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
            EVP_PKEY_decrypt(ctx.get(), nullptr, &length, in, static_cast<size_t>(wrapped.size())) != 1)
            return makeError(ErrorCode::Crypto, CryptoText::tr("The data is damaged or was altered."),
                             QStringLiteral("SM2 decrypt setup: ") + opensslError());
        SecretBytes out(length);
        if (EVP_PKEY_decrypt(ctx.get(), out.data(), &length, in, static_cast<size_t>(wrapped.size())) != 1)
            return makeError(ErrorCode::Crypto, CryptoText::tr("The data is damaged or was altered."),
                             QStringLiteral("SM2 decrypt: ") + opensslError());
        return SecretBytes(out.data(), length);
    }
    if (!EVP_PKEY_is_a(pkey, "X25519"))
        return keyError(QStringLiteral("key unwrap needs an SM2 or X25519 key"));
    if (wrapped.size() < 32 + 12 + 16 + 1)
        return makeError(ErrorCode::Crypto, CryptoText::tr("The data is damaged or was altered."),
                         QStringLiteral("X25519 wrapped key too short"));
    const QByteArray ephemeralPublic = wrapped.left(32);
    EVP_PKEY *eph = EVP_PKEY_new_raw_public_key(
        EVP_PKEY_X25519, nullptr, reinterpret_cast<const unsigned char *>(ephemeralPublic.constData()), 32);
    if (!eph)
        return keyError(QStringLiteral("ephemeral X25519 key"));
    const PublicKey ephemeral = KeyAccess::makePublic(eph);
    auto kek = x25519WrapKey(recipient, ephemeral, ephemeralPublic, rawPublicKey(recipient.publicKey()));
    if (!kek)
        return kek.error();
    auto plain = aes256GcmDecrypt(*kek, wrapped.mid(32, 12), ephemeralPublic, wrapped.mid(44, wrapped.size() - 44 - 16),
                                  wrapped.right(16));
    if (!plain)
        return plain.error();
    return SecretBytes::takeFrom(*plain);
}

} // namespace ow::crypto
