#include "SecretBytes.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdlib>

namespace ow {

SecretBytes::SecretBytes(std::size_t size)
    : m_bytes(size, 0)
{}

SecretBytes::SecretBytes(const unsigned char *data, std::size_t size)
    : m_bytes(data, data + size)
{}

SecretBytes::~SecretBytes()
{
    wipe();
}

SecretBytes::SecretBytes(SecretBytes &&other) noexcept
    : m_bytes(std::move(other.m_bytes))
{
    other.m_bytes.clear();
}

SecretBytes &SecretBytes::operator=(SecretBytes &&other) noexcept
{
    if (this != &other) {
        wipe();
        m_bytes = std::move(other.m_bytes);
        other.m_bytes.clear();
    }
    return *this;
}

SecretBytes SecretBytes::random(std::size_t size)
{
    SecretBytes out(size);
    if (RAND_bytes(out.data(), static_cast<int>(size)) != 1)
        std::abort(); // no entropy: nothing safe can be done
    return out;
}

SecretBytes SecretBytes::takeFrom(QByteArray &bytes)
{
    SecretBytes out(reinterpret_cast<const unsigned char *>(bytes.constData()), static_cast<std::size_t>(bytes.size()));
    wipeBytes(bytes);
    bytes.clear();
    return out;
}

bool SecretBytes::operator==(const SecretBytes &other) const
{
    return size() == other.size() && CRYPTO_memcmp(data(), other.data(), size()) == 0;
}

SecretBytes SecretBytes::hex() const
{
    static const char digits[] = "0123456789abcdef";
    SecretBytes out(m_bytes.size() * 2);
    for (std::size_t i = 0; i < m_bytes.size(); ++i) {
        out.data()[2 * i] = static_cast<unsigned char>(digits[m_bytes[i] >> 4]);
        out.data()[2 * i + 1] = static_cast<unsigned char>(digits[m_bytes[i] & 0x0f]);
    }
    return out;
}

void SecretBytes::wipe()
{
    if (!m_bytes.empty())
        OPENSSL_cleanse(m_bytes.data(), m_bytes.size());
}

void wipeBytes(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        OPENSSL_cleanse(bytes.data(), static_cast<std::size_t>(bytes.size()));
}

} // namespace ow
