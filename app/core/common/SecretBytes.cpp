#include "common/SecretBytes.h"

#include <sys/random.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

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
    // The kernel's CSPRNG (the source OpenSSL seeds from too); common/ stays free of OpenSSL.
    SecretBytes out(size);
    std::size_t filled = 0;
    while (filled < size) {
        const ssize_t got = getrandom(out.data() + filled, size - filled, 0);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            std::abort(); // no entropy: nothing safe can be done
        filled += static_cast<std::size_t>(got);
    }
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
    if (size() != other.size())
        return false;
    // Constant time in the contents: no early exit on the first difference.
    unsigned char diff = 0;
    for (std::size_t i = 0; i < size(); ++i)
        diff |= static_cast<unsigned char>(m_bytes[i] ^ other.m_bytes[i]);
    return diff == 0;
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
        explicit_bzero(m_bytes.data(), m_bytes.size());
}

void wipeBytes(QByteArray &bytes)
{
    if (!bytes.isEmpty())
        explicit_bzero(bytes.data(), static_cast<std::size_t>(bytes.size()));
}

} // namespace ow
