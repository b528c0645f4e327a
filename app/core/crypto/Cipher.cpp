#include "crypto/Cipher.h"

#include "common/Logging.h"
#include "common/Tr.h"
#include "crypto/Digest.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>

namespace ow::crypto {

namespace {

struct CipherCtxFree
{
    void operator()(EVP_CIPHER_CTX *ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

unsigned char *uc(QByteArray &bytes)
{
    return reinterpret_cast<unsigned char *>(bytes.data());
}
const unsigned char *uc(const QByteArray &bytes)
{
    return reinterpret_cast<const unsigned char *>(bytes.constData());
}

Error cryptoError(const QString &detail)
{
    return makeError(ErrorCode::Crypto, CryptoText::tr("A cryptographic operation failed."), detail);
}

Error tamperedError(const QString &detail)
{
    return makeError(ErrorCode::Crypto, CryptoText::tr("The data is damaged or was altered."), detail);
}

constexpr int GmIvLength = 16;
constexpr int GmMacLength = 32;
constexpr int GcmNonceLength = 12;
constexpr int GcmTagLength = 16;

QByteArray gmMacInput(const QByteArray &aad, const QByteArray &iv, const QByteArray &ciphertext)
{
    QByteArray input;
    input.reserve(aad.size() + iv.size() + ciphertext.size() + 8);
    const quint32 aadLength = static_cast<quint32>(aad.size());
    for (int shift = 24; shift >= 0; shift -= 8)
        input.append(static_cast<char>((aadLength >> shift) & 0xff));
    input.append(aad);
    input.append(iv);
    input.append(ciphertext);
    return input;
}

} // namespace

std::size_t contentKeyLength(Suite suite)
{
    return suite == Suite::Gm ? 48 : 32;
}

QByteArray randomBytes(int size)
{
    QByteArray out(size, Qt::Uninitialized);
    if (size > 0 && RAND_bytes(uc(out), size) != 1)
        std::abort(); // no entropy: nothing safe can be done
    return out;
}

Result<QByteArray> sm4EncryptBlock(const QByteArray &key16, const QByteArray &block16)
{
    if (key16.size() != 16 || block16.size() != 16)
        return cryptoError(QStringLiteral("SM4 block: wrong key or block size"));
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray out(32, Qt::Uninitialized);
    int len = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_sm4_ecb(), nullptr, uc(key16), nullptr) != 1 ||
        EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
        EVP_EncryptUpdate(ctx.get(), uc(out), &len, uc(block16), 16) != 1)
        return cryptoError(QStringLiteral("SM4-ECB failed"));
    out.truncate(len);
    return out;
}

Result<QByteArray> sm4Ctr(const SecretBytes &key16, const QByteArray &iv16, const QByteArray &data)
{
    if (key16.size() != 16 || iv16.size() != 16)
        return cryptoError(QStringLiteral("SM4-CTR: wrong key or IV size"));
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray out(data.size() + 16, Qt::Uninitialized);
    int len = 0;
    int finalLen = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_sm4_ctr(), nullptr, key16.data(), uc(iv16)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), uc(out), &len, uc(data), static_cast<int>(data.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), uc(out) + len, &finalLen) != 1)
        return cryptoError(QStringLiteral("SM4-CTR failed"));
    out.truncate(len + finalLen);
    return out;
}

Result<GcmOutput> aes256GcmEncrypt(const SecretBytes &key32, const QByteArray &nonce, const QByteArray &aad,
                                   const QByteArray &plaintext)
{
    if (key32.size() != 32 || nonce.isEmpty())
        return cryptoError(QStringLiteral("AES-GCM: wrong key or nonce size"));
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    GcmOutput out;
    out.ciphertext = QByteArray(plaintext.size() + 16, Qt::Uninitialized);
    out.tag = QByteArray(GcmTagLength, Qt::Uninitialized);
    int len = 0;
    int finalLen = 0;
    int aadLen = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key32.data(), uc(nonce)) != 1 ||
        (!aad.isEmpty() &&
         EVP_EncryptUpdate(ctx.get(), nullptr, &aadLen, uc(aad), static_cast<int>(aad.size())) != 1) ||
        EVP_EncryptUpdate(ctx.get(), uc(out.ciphertext), &len, uc(plaintext), static_cast<int>(plaintext.size())) !=
            1 ||
        EVP_EncryptFinal_ex(ctx.get(), uc(out.ciphertext) + len, &finalLen) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, GcmTagLength, out.tag.data()) != 1)
        return cryptoError(QStringLiteral("AES-256-GCM encryption failed"));
    out.ciphertext.truncate(len + finalLen);
    return out;
}

Result<QByteArray> aes256GcmDecrypt(const SecretBytes &key32, const QByteArray &nonce, const QByteArray &aad,
                                    const QByteArray &ciphertext, const QByteArray &tag)
{
    if (key32.size() != 32 || nonce.isEmpty() || tag.size() != GcmTagLength)
        return cryptoError(QStringLiteral("AES-GCM: wrong key, nonce or tag size"));
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    QByteArray out(ciphertext.size() + 16, Qt::Uninitialized);
    QByteArray tagCopy = tag;
    int len = 0;
    int finalLen = 0;
    int aadLen = 0;
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
        EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key32.data(), uc(nonce)) != 1 ||
        (!aad.isEmpty() &&
         EVP_DecryptUpdate(ctx.get(), nullptr, &aadLen, uc(aad), static_cast<int>(aad.size())) != 1) ||
        EVP_DecryptUpdate(ctx.get(), uc(out), &len, uc(ciphertext), static_cast<int>(ciphertext.size())) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, GcmTagLength, tagCopy.data()) != 1)
        return cryptoError(QStringLiteral("AES-256-GCM setup failed"));
    if (EVP_DecryptFinal_ex(ctx.get(), uc(out) + len, &finalLen) != 1) {
        wipeBytes(out);
        return tamperedError(QStringLiteral("AES-256-GCM tag mismatch"));
    }
    out.truncate(len + finalLen);
    return out;
}

Result<SecretBytes> hkdfSha256(const SecretBytes &ikm, const QByteArray &salt, const QByteArray &info,
                               std::size_t length)
{
    EVP_KDF *kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
    if (!kdf)
        return cryptoError(QStringLiteral("HKDF unavailable"));
    EVP_KDF_CTX *ctx = EVP_KDF_CTX_new(kdf);
    EVP_KDF_free(kdf);
    if (!ctx)
        return cryptoError(QStringLiteral("HKDF context failed"));
    QByteArray saltCopy = salt;
    QByteArray infoCopy = info;
    char digestName[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digestName, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<unsigned char *>(ikm.data()), ikm.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltCopy.data(), static_cast<size_t>(saltCopy.size())),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, infoCopy.data(), static_cast<size_t>(infoCopy.size())),
        OSSL_PARAM_construct_end(),
    };
    SecretBytes out(length);
    const int rc = EVP_KDF_derive(ctx, out.data(), length, params);
    EVP_KDF_CTX_free(ctx);
    if (rc != 1)
        return cryptoError(QStringLiteral("HKDF derive failed"));
    return out;
}

Result<QByteArray> encryptPart(Suite suite, const SecretBytes &contentKey, const QByteArray &aad,
                               const QByteArray &plaintext)
{
    if (contentKey.size() != contentKeyLength(suite))
        return cryptoError(QStringLiteral("content key has the wrong length"));
    if (suite == Suite::Gm) {
        const SecretBytes encKey(contentKey.data(), 16);
        const SecretBytes macKey(contentKey.data() + 16, 32);
        const QByteArray iv = randomBytes(GmIvLength);
        auto ciphertext = sm4Ctr(encKey, iv, plaintext);
        if (!ciphertext)
            return ciphertext.error();
        const QByteArray mac = hmacSm3(macKey, gmMacInput(aad, iv, *ciphertext));
        return iv + *ciphertext + mac;
    }
    const QByteArray nonce = randomBytes(GcmNonceLength);
    auto sealed = aes256GcmEncrypt(contentKey, nonce, aad, plaintext);
    if (!sealed)
        return sealed.error();
    return nonce + sealed->ciphertext + sealed->tag;
}

Result<QByteArray> decryptPart(Suite suite, const SecretBytes &contentKey, const QByteArray &aad,
                               const QByteArray &blob)
{
    if (contentKey.size() != contentKeyLength(suite))
        return cryptoError(QStringLiteral("content key has the wrong length"));
    if (suite == Suite::Gm) {
        if (blob.size() < GmIvLength + GmMacLength)
            return tamperedError(QStringLiteral("gm part blob too short"));
        const QByteArray iv = blob.left(GmIvLength);
        const QByteArray ciphertext = blob.mid(GmIvLength, blob.size() - GmIvLength - GmMacLength);
        const QByteArray mac = blob.right(GmMacLength);
        const SecretBytes encKey(contentKey.data(), 16);
        const SecretBytes macKey(contentKey.data() + 16, 32);
        // Encrypt-then-MAC: the MAC is checked before anything is decrypted.
        if (!equalConstantTime(hmacSm3(macKey, gmMacInput(aad, iv, ciphertext)), mac))
            return tamperedError(QStringLiteral("HMAC-SM3 mismatch"));
        return sm4Ctr(encKey, iv, ciphertext);
    }
    if (blob.size() < GcmNonceLength + GcmTagLength)
        return tamperedError(QStringLiteral("intl part blob too short"));
    return aes256GcmDecrypt(contentKey, blob.left(GcmNonceLength), aad,
                            blob.mid(GcmNonceLength, blob.size() - GcmNonceLength - GcmTagLength),
                            blob.right(GcmTagLength));
}

} // namespace ow::crypto
