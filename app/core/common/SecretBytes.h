#pragma once

#include <QByteArray>

#include <cstddef>
#include <vector>

namespace ow {

// Key material in a buffer that is wiped when it goes away. Move-only: copies of secrets are
// how they leak. Never convert to QString (implicit sharing makes wiping impossible).
class SecretBytes
{
public:
    SecretBytes() = default;
    explicit SecretBytes(std::size_t size);
    SecretBytes(const unsigned char *data, std::size_t size);
    ~SecretBytes();

    SecretBytes(SecretBytes &&other) noexcept;
    SecretBytes &operator=(SecretBytes &&other) noexcept;
    SecretBytes(const SecretBytes &) = delete;
    SecretBytes &operator=(const SecretBytes &) = delete;

    static SecretBytes random(std::size_t size);
    // Takes the bytes of a QByteArray and wipes the array's buffer.
    static SecretBytes takeFrom(QByteArray &bytes);

    unsigned char *data() { return m_bytes.data(); }
    const unsigned char *data() const { return m_bytes.data(); }
    std::size_t size() const { return m_bytes.size(); }
    bool empty() const { return m_bytes.empty(); }
    SecretBytes clone() const { return SecretBytes(data(), size()); }
    bool operator==(const SecretBytes &other) const;

    // Lower-case hex in a wiped buffer, for SQLCipher's raw-key pragma.
    SecretBytes hex() const;
    void wipe();

private:
    std::vector<unsigned char> m_bytes;
};

// Overwrites a QByteArray's buffer in place (detaches first).
void wipeBytes(QByteArray &bytes);

} // namespace ow
