#pragma once

#include "common/Clock.h"
#include "common/Result.h"
#include "store/AuditLog.h"
#include "store/Database.h"
#include "store/KeyProvider.h"

#include <QString>

#include <memory>

namespace ow {

class CaseRepository;
class AttachmentRepository;
class AuthorisationRepository;
class OutboxRepository;
class RatingRepository;
class SettingsRepository;

// The encrypted case store: one SQLCipher file (raw 256-bit key, 4096-byte pages, WAL,
// synchronous=FULL, secure_delete=ON, quick_check on open). A wrong key is reported as such and
// the file is never recreated or written to.
class Store
{
public:
    enum class OpenMode { MustExist, CreateIfMissing };

    struct Options
    {
        QString path;
        KeyProvider *keys = nullptr;
        OpenMode mode = OpenMode::MustExist;
        const Clock *clock = &SystemClock::instance();
        QString deviceId;      // used when creating a new store; stored in settings
        int schemaVersion = 0; // 0 = current; tests create older layouts to prove migrations
        bool quickCheck = true;
    };

    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    static Result<std::unique_ptr<Store>> open(const Options &options);

    // Full integrity check (PRAGMA integrity_check) plus the audit chain.
    Status check();
    // Re-encrypts the whole store with a new key from the provider's pending slot. Crash-safe:
    // the file is exported under the new key, renamed over the old one, and only then is the
    // pending key promoted; open() accepts either slot.
    Status rekey(const Actor &actor);

    int schemaVersion() const { return m_schemaVersion; }
    QString deviceId() const { return m_deviceId; }
    QString path() const { return m_path; }
    const Clock &clock() const { return *m_clock; }
    Database &db() { return m_db; }

    CaseRepository &cases() { return *m_cases; }
    AttachmentRepository &attachments() { return *m_attachments; }
    OutboxRepository &outbox() { return *m_outbox; }
    RatingRepository &ratings() { return *m_ratings; } // schema version 3 and later
    SettingsRepository &settings() { return *m_settings; }
    AuthorisationRepository &authorisations() { return *m_authorisations; } // schema version 8 and later
    AuditLog &audit() { return *m_audit; }

private:
    Store(QString path, KeyProvider &keys, const Clock &clock);
    Status initialise(const Options &options, bool created);

    QString m_path;
    KeyProvider &m_keys;
    const Clock *m_clock;
    Database m_db;
    int m_schemaVersion = 0;
    QString m_deviceId;
    SecretBytes m_indexKey;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<SettingsRepository> m_settings;
    std::unique_ptr<CaseRepository> m_cases;
    std::unique_ptr<AttachmentRepository> m_attachments;
    std::unique_ptr<OutboxRepository> m_outbox;
    std::unique_ptr<RatingRepository> m_ratings;
    std::unique_ptr<AuthorisationRepository> m_authorisations;
};

// Classifies an existing file before SQLite sees it, so that a text file, an empty file, a plain
// SQLite file or a truncated store each get their own message.
Status inspectStoreFile(const QString &path);

} // namespace ow
