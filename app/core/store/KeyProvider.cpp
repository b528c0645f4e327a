#include "store/KeyProvider.h"

#include "common/AtomicFile.h"
#include "common/Logging.h"
#include "crypto/Digest.h"

#include "common/Tr.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <sys/stat.h>

namespace ow {

namespace {

constexpr std::size_t kKeySize = 32;

Error keyStoreError(const QString &detail)
{
    return makeError(ErrorCode::KeyStore, KeysText::tr("The store key could not be read. The store stays locked."),
                     detail);
}

} // namespace

KeyFileProvider::KeyFileProvider(QString path)
    : m_path(std::move(path))
{}

bool KeyFileProvider::hasKey() const
{
    return QFileInfo::exists(m_path);
}

bool KeyFileProvider::hasPending() const
{
    return QFileInfo::exists(pendingPath());
}

QString KeyFileProvider::describe() const
{
    return QStringLiteral("key file %1").arg(m_path);
}

Result<SecretBytes> KeyFileProvider::readKeyFile(const QString &path)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return keyStoreError(QStringLiteral("key file %1 missing").arg(path));
    if ((st.st_mode & 077) != 0) {
        // No insecure fallback: a key others can read is refused, not used.
        return makeError(
            ErrorCode::KeyStore,
            KeysText::tr("The key file can be read by other users. Restrict it to the service user (chmod 600) "
                         "and try again."),
            QStringLiteral("key file %1 has mode %2").arg(path).arg(st.st_mode & 0777, 0, 8));
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return keyStoreError(QStringLiteral("cannot open key file %1: %2").arg(path, file.errorString()));
    QByteArray bytes = file.read(kKeySize + 1);
    if (bytes.size() != static_cast<qsizetype>(kKeySize)) {
        wipeBytes(bytes);
        return keyStoreError(
            QStringLiteral("key file %1 has %2 bytes, expected %3").arg(path).arg(bytes.size()).arg(kKeySize));
    }
    return SecretBytes::takeFrom(bytes);
}

Result<SecretBytes> KeyFileProvider::createKey()
{
    if (hasKey())
        return keyStoreError(QStringLiteral("refusing to overwrite existing key file %1").arg(m_path));
    SecretBytes key = SecretBytes::random(kKeySize);
    QByteArray raw(reinterpret_cast<const char *>(key.data()), static_cast<qsizetype>(key.size()));
    const Status written = writeFileAtomically(m_path, raw, 0600);
    wipeBytes(raw);
    OW_TRY(written);
    qCInfo(lcKeys) << "created key file" << m_path;
    return key;
}

Result<SecretBytes> KeyFileProvider::key(Slot slot)
{
    return readKeyFile(slot == Slot::Committed ? m_path : pendingPath());
}

Result<SecretBytes> KeyFileProvider::preparePending()
{
    SecretBytes key = SecretBytes::random(kKeySize);
    QByteArray raw(reinterpret_cast<const char *>(key.data()), static_cast<qsizetype>(key.size()));
    const Status written = writeFileAtomically(pendingPath(), raw, 0600);
    wipeBytes(raw);
    OW_TRY(written);
    return key;
}

Status KeyFileProvider::promotePending()
{
    return renameDurably(pendingPath(), m_path);
}

Status KeyFileProvider::discardPending()
{
    return removeDurably(pendingPath());
}

PassphraseProvider::PassphraseProvider(QString saltPath, SecretBytes passphrase, int iterations)
    : m_saltPath(std::move(saltPath))
    , m_passphrase(std::move(passphrase))
    , m_iterations(std::max(iterations, kMinimumIterations))
{}

bool PassphraseProvider::hasKey() const
{
    return QFileInfo::exists(m_saltPath);
}

bool PassphraseProvider::hasPending() const
{
    return QFileInfo::exists(pendingPath());
}

QString PassphraseProvider::describe() const
{
    return QStringLiteral("passphrase with salt %1").arg(m_saltPath);
}

Result<SecretBytes> PassphraseProvider::createSalted(const SecretBytes &passphrase, const QString &saltFile)
{
    if (passphrase.empty()) {
        return makeError(ErrorCode::Invalid, KeysText::tr("The passphrase must not be empty."),
                         QStringLiteral("empty passphrase"));
    }
    const SecretBytes salt = SecretBytes::random(16);
    const QByteArray saltHex(reinterpret_cast<const char *>(salt.hex().data()), 32);
    const QByteArray line = "owkdf1 sm3 " + QByteArray::number(m_iterations) + ' ' + saltHex + '\n';
    OW_TRY(writeFileAtomically(saltFile, line, 0600));
    return derive(passphrase, saltFile);
}

Result<SecretBytes> PassphraseProvider::derive(const SecretBytes &passphrase, const QString &saltFile)
{
    QFile file(saltFile);
    if (!file.open(QIODevice::ReadOnly))
        return keyStoreError(QStringLiteral("cannot open salt file %1: %2").arg(saltFile, file.errorString()));
    const QList<QByteArray> parts = file.readAll().trimmed().split(' ');
    bool okIterations = false;
    const int iterations = parts.size() == 4 ? parts[2].toInt(&okIterations) : 0;
    const QByteArray salt = parts.size() == 4 ? QByteArray::fromHex(parts[3]) : QByteArray();
    if (parts.size() != 4 || parts[0] != "owkdf1" || parts[1] != "sm3" || !okIterations ||
        iterations < kMinimumIterations || salt.size() != 16) {
        return keyStoreError(QStringLiteral("salt file %1 is malformed").arg(saltFile));
    }
    return crypto::pbkdf2Sm3(passphrase, salt, iterations, kKeySize);
}

Result<SecretBytes> PassphraseProvider::createKey()
{
    if (hasKey())
        return keyStoreError(QStringLiteral("refusing to overwrite existing salt file %1").arg(m_saltPath));
    return createSalted(m_passphrase, m_saltPath);
}

Result<SecretBytes> PassphraseProvider::key(Slot slot)
{
    return derive(m_passphrase, slot == Slot::Committed ? m_saltPath : pendingPath());
}

Result<SecretBytes> PassphraseProvider::preparePending()
{
    if (m_newPassphrase.empty()) {
        return makeError(ErrorCode::Invalid, KeysText::tr("Enter the new passphrase."),
                         QStringLiteral("rekey without a new passphrase"));
    }
    return createSalted(m_newPassphrase, pendingPath());
}

Status PassphraseProvider::promotePending()
{
    OW_TRY(renameDurably(pendingPath(), m_saltPath));
    if (!m_newPassphrase.empty())
        m_passphrase = std::move(m_newPassphrase);
    return {};
}

Status PassphraseProvider::discardPending()
{
    return removeDurably(pendingPath());
}

} // namespace ow
