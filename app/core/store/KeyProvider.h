#pragma once

#include "common/Result.h"
#include "common/SecretBytes.h"

#include <QByteArray>
#include <QString>

namespace ow {

// Where the store's 256-bit key comes from. A provider has two slots so that a rekey survives a
// crash: the committed key, and a pending key written before the database is re-encrypted.
// Opening tries the committed slot, then the pending one (and promotes it when it matches).
class KeyProvider
{
public:
    enum class Slot { Committed, Pending };

    virtual ~KeyProvider() = default;

    // Whether a committed key exists yet (false before first use).
    virtual bool hasKey() const = 0;
    virtual bool hasPending() const = 0;
    // Creates the committed key on first use. Fails if one already exists.
    virtual Result<SecretBytes> createKey() = 0;
    virtual Result<SecretBytes> key(Slot slot) = 0;
    // Makes a new key and keeps it durably in the pending slot.
    virtual Result<SecretBytes> preparePending() = 0;
    // The pending key becomes the committed one.
    virtual Status promotePending() = 0;
    virtual Status discardPending() = 0;
    virtual QString describe() const = 0;
};

// Default provider: a 32-byte random key in a file readable only by the service user (0600).
// The pending slot is PATH.pending.
class KeyFileProvider final : public KeyProvider
{
public:
    explicit KeyFileProvider(QString path);

    bool hasKey() const override;
    bool hasPending() const override;
    Result<SecretBytes> createKey() override;
    Result<SecretBytes> key(Slot slot) override;
    Result<SecretBytes> preparePending() override;
    Status promotePending() override;
    Status discardPending() override;
    QString describe() const override;

    QString path() const { return m_path; }
    QString pendingPath() const { return m_path + QStringLiteral(".pending"); }

private:
    Result<SecretBytes> readKeyFile(const QString &path);
    QString m_path;
};

// Passphrase provider: PBKDF2-HMAC-SM3 over a random salt kept beside the database in
// DB.salt ("owkdf1 sm3 ITERATIONS SALTHEX"). Rekey with this provider changes the passphrase;
// the pending slot is DB.salt.pending, derived from the new passphrase.
class PassphraseProvider final : public KeyProvider
{
public:
    static constexpr int kDefaultIterations = 250000;
    static constexpr int kMinimumIterations = 200000;

    PassphraseProvider(QString saltPath, SecretBytes passphrase, int iterations = kDefaultIterations);
    // The passphrase that preparePending() derives the new key from.
    void setNewPassphrase(SecretBytes passphrase) { m_newPassphrase = std::move(passphrase); }

    bool hasKey() const override;
    bool hasPending() const override;
    Result<SecretBytes> createKey() override;
    Result<SecretBytes> key(Slot slot) override;
    Result<SecretBytes> preparePending() override;
    Status promotePending() override;
    Status discardPending() override;
    QString describe() const override;

    QString saltPath() const { return m_saltPath; }
    QString pendingPath() const { return m_saltPath + QStringLiteral(".pending"); }

private:
    Result<SecretBytes> derive(const SecretBytes &passphrase, const QString &saltFile);
    Result<SecretBytes> createSalted(const SecretBytes &passphrase, const QString &saltFile);
    QString m_saltPath;
    SecretBytes m_passphrase;
    SecretBytes m_newPassphrase;
    int m_iterations;
};

} // namespace ow
