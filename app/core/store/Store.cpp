#include "store/Store.h"

#include "common/AtomicFile.h"
#include "common/Logging.h"
#include "store/Authorisations.h"
#include "store/Ratings.h"
#include "store/Repositories.h"
#include "store/Schema.h"

#include "common/Tr.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <unistd.h>

namespace ow {

namespace {

constexpr qint64 kPageSize = 4096;

Error notADatabase(const QString &path, const QString &why)
{
    return makeError(ErrorCode::NotADatabase,
                     StoreText::tr("This file is not a OneWindow store. It was left untouched."),
                     QStringLiteral("%1: %2").arg(path, why));
}

Status fsyncFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return makeError(ErrorCode::Io, StoreText::tr("The store could not read or write its file."),
                         QStringLiteral("open %1 for fsync failed").arg(path));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        return makeError(ErrorCode::DiskFull, StoreText::tr("The store could not write to the disk (it may be full)."),
                         QStringLiteral("fsync %1 failed").arg(path));
    return {};
}

// Opens the file with one key and proves the key by reading the schema.
Result<Database> openWithKey(const QString &path, const SecretBytes &key, bool create)
{
    auto db = Database::open(path, create);
    if (!db.ok())
        return db.error();
    OW_TRY(db->applyKey(key));
    auto probe = db->scalar("SELECT count(*) FROM sqlite_master;");
    if (!probe.ok())
        return probe.error();
    return std::move(db).value();
}

Status configure(Database &db, bool quickCheck)
{
    OW_TRY(db.exec("PRAGMA journal_mode = WAL;"));
    OW_TRY(db.exec("PRAGMA synchronous = FULL;"));
    OW_TRY(db.exec("PRAGMA secure_delete = ON;"));
    OW_TRY(db.exec("PRAGMA foreign_keys = ON;"));
    if (quickCheck) {
        auto result = db.scalar("PRAGMA quick_check;");
        if (!result.ok())
            return result.error();
        if (result->toString() != QLatin1String("ok")) {
            return makeError(ErrorCode::Corrupt, StoreText::tr("The store file is damaged."),
                             QStringLiteral("quick_check on %1: %2").arg(db.path(), result->toString().left(200)));
        }
    }
    return {};
}

QString randomDeviceId()
{
    const SecretBytes r = SecretBytes::random(4);
    return QStringLiteral("D") + QString::fromLatin1(reinterpret_cast<const char *>(r.hex().data()), 8).toUpper();
}

} // namespace

Status inspectStoreFile(const QString &path)
{
    if (!Database::hasCodec())
        return {}; // the plain-SQLite benchmark build has no encrypted pages to look for
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        return makeError(ErrorCode::Io, StoreText::tr("The store file could not be opened."),
                         QStringLiteral("open %1: %2").arg(path, file.errorString()));
    }
    const qint64 size = file.size();
    const QByteArray head = file.read(kPageSize);
    if (size == 0)
        return notADatabase(path, QStringLiteral("empty file"));
    if (head.startsWith(QByteArray("SQLite format 3\0", 16)))
        return notADatabase(path, QStringLiteral("plain unencrypted SQLite database"));
    qsizetype printable = 0;
    for (char c : head) {
        if ((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t')
            ++printable;
    }
    if (size < kPageSize || printable * 10 > head.size() * 9)
        return notADatabase(path, QStringLiteral("size %1, content is not an encrypted page").arg(size));
    // A partial last page is normal while a checkpoint that hit a full disk is pending (the WAL
    // still holds the page); without a WAL it means the file was cut short.
    const QFileInfo wal(path + QStringLiteral("-wal"));
    if (size % kPageSize != 0 && !(wal.exists() && wal.size() > 0)) {
        return makeError(ErrorCode::Corrupt, StoreText::tr("The store file is damaged: it has been cut short."),
                         QStringLiteral("%1: size %2 is not a multiple of the page size").arg(path).arg(size));
    }
    return {};
}

Store::Store(QString path, KeyProvider &keys, const Clock &clock)
    : m_path(std::move(path))
    , m_keys(keys)
    , m_clock(&clock)
{}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::open(const Options &o)
{
    Q_ASSERT(o.keys);
    const bool exists = QFileInfo::exists(o.path);
    if (!exists && o.mode == OpenMode::MustExist) {
        return makeError(ErrorCode::NotFound, StoreText::tr("There is no store at this location."),
                         QStringLiteral("%1 does not exist").arg(o.path));
    }
    std::unique_ptr<Store> store(new Store(o.path, *o.keys, *o.clock));
    KeyProvider &keys = *o.keys;

    if (!exists) {
        auto key = keys.hasKey() ? keys.key(KeyProvider::Slot::Committed) : keys.createKey();
        if (!key.ok())
            return key.error();
        // The file exists with mode 0600 before SQLite writes a byte; WAL and SHM inherit it.
        OW_TRY(writeFileAtomically(o.path, QByteArray(), 0600));
        auto db = openWithKey(o.path, *key, true);
        if (!db.ok())
            return db.error();
        store->m_db = std::move(db).value();
        OW_TRY(configure(store->m_db, false));
        OW_TRY(store->initialise(o, true));
        qCInfo(lcStore) << "created store" << o.path << "with" << keys.describe();
        return store;
    }

    OW_TRY(inspectStoreFile(o.path));
    if (!keys.hasKey() && !keys.hasPending()) {
        return makeError(ErrorCode::KeyStore,
                         StoreText::tr("The key for this store is missing. The store stays locked."),
                         QStringLiteral("%1 exists but %2 has no key").arg(o.path, keys.describe()));
    }
    Result<Database> db = makeError(ErrorCode::WrongKey, StoreText::tr("The key does not match this database."),
                                    QStringLiteral("no key slot opened %1").arg(o.path));
    bool usedPending = false;
    if (keys.hasKey()) {
        auto key = keys.key(KeyProvider::Slot::Committed);
        if (!key.ok())
            return key.error();
        db = openWithKey(o.path, *key, false);
    }
    if (!db.ok() && db.error().code == ErrorCode::WrongKey && keys.hasPending()) {
        // A rekey was interrupted after the file was re-encrypted: the pending key is the one.
        auto pending = keys.key(KeyProvider::Slot::Pending);
        if (pending.ok()) {
            auto second = openWithKey(o.path, *pending, false);
            if (second.ok()) {
                db = std::move(second);
                usedPending = true;
            }
        }
    }
    if (!db.ok()) {
        qCInfo(lcStore) << "open failed:" << db.error().logDetail;
        return db.error();
    }
    store->m_db = std::move(db).value();
    if (usedPending) {
        qCWarning(lcStore) << "store opened with the pending key; completing an interrupted rekey";
        OW_TRY(keys.promotePending());
    } else if (keys.hasPending()) {
        qCInfo(lcStore) << "discarding the pending key of an interrupted rekey that never re-encrypted the file";
        OW_TRY(keys.discardPending());
    }
    OW_TRY(configure(store->m_db, o.quickCheck));
    OW_TRY(store->initialise(o, false));
    return store;
}

Status Store::initialise(const Options &o, bool created)
{
    OW_TRY(schema::migrate(m_db, o.schemaVersion > 0 ? o.schemaVersion : schema::kCurrentVersion));
    auto version = schema::version(m_db);
    if (!version.ok())
        return version.error();
    m_schemaVersion = *version;

    m_settings = std::make_unique<SettingsRepository>(m_db);
    if (created) {
        m_deviceId = o.deviceId.isEmpty() ? randomDeviceId() : o.deviceId;
        SecretBytes indexKey = SecretBytes::random(32);
        OW_TRY(m_settings->setValue(QStringLiteral("device_id"), m_deviceId.toUtf8()));
        OW_TRY(m_settings->setValue(
            QStringLiteral("applicant_index_key"),
            QByteArray(reinterpret_cast<const char *>(indexKey.data()), static_cast<qsizetype>(indexKey.size()))));
    }
    auto device = m_settings->value(QStringLiteral("device_id"));
    auto indexKey = m_settings->value(QStringLiteral("applicant_index_key"));
    if (!device.ok())
        return device.error();
    if (!indexKey.ok())
        return indexKey.error();
    if (!device->has_value() || !indexKey->has_value() || (*indexKey)->size() != 32) {
        return makeError(ErrorCode::Corrupt, StoreText::tr("The store file is damaged."),
                         QStringLiteral("%1 lacks its device id or index key").arg(m_path));
    }
    m_deviceId = QString::fromUtf8(**device);
    QByteArray rawKey = **indexKey;
    m_indexKey = SecretBytes::takeFrom(rawKey);

    m_audit = std::make_unique<AuditLog>(m_db, *m_clock);
    if (m_schemaVersion >= 2) {
        m_cases = std::make_unique<CaseRepository>(m_db, *m_audit, *m_clock, m_deviceId, m_indexKey);
        m_attachments = std::make_unique<AttachmentRepository>(m_db, *m_audit, *m_clock);
        m_outbox = std::make_unique<OutboxRepository>(m_db, *m_clock);
    }
    if (m_schemaVersion >= 3)
        m_ratings = std::make_unique<RatingRepository>(m_db, *m_audit, *m_clock);
    if (m_schemaVersion >= 8) {
        CaseRepository *cases = m_cases.get();
        m_authorisations = std::make_unique<AuthorisationRepository>(
            m_db, *m_audit, *m_clock, m_deviceId, [cases](const QString &id) { return cases->applicantHash(id); });
    }
    if (created) {
        Transaction tx(m_db);
        OW_TRY(tx.begun());
        OW_TRY(m_audit->append(Actor{m_deviceId, QStringLiteral("device")}, QStringLiteral("store.create"), {}, {},
                               QStringLiteral("ok"), {}));
        OW_TRY(tx.commit());
    }
    return {};
}

Status Store::check()
{
    auto result = m_db.scalar("PRAGMA integrity_check;");
    if (!result.ok())
        return result.error();
    if (result->toString() != QLatin1String("ok")) {
        return makeError(ErrorCode::Corrupt, StoreText::tr("The store file is damaged."),
                         QStringLiteral("integrity_check on %1: %2").arg(m_path, result->toString().left(200)));
    }
    auto chain = m_audit->verify();
    if (!chain.ok())
        return chain.error();
    if (!chain->intact()) {
        return makeError(ErrorCode::AuditBroken,
                         StoreText::tr("The audit trail has been altered at entry %1.").arg(chain->firstBroken),
                         chain->problem);
    }
    return {};
}

Status Store::rekey(const Actor &actor)
{
    auto newKey = m_keys.preparePending();
    if (!newKey.ok())
        return newKey.error();
    const QString temp = m_path + QStringLiteral(".rekey");
    QFile::remove(temp + QStringLiteral("-journal"));
    // The connection has no CREATE flag (so a missing store is never recreated); ATTACH needs an
    // existing file, which SQLite treats as an empty database.
    OW_TRY(writeFileAtomically(temp, QByteArray(), 0600));

    OW_TRY(m_db.exec("PRAGMA wal_checkpoint(TRUNCATE);"));
    {
        const SecretBytes hex = newKey->hex();
        static const char pre[] = "x'";
        SecretBytes keyText(hex.size() + 3);
        keyText.data()[0] = static_cast<unsigned char>(pre[0]);
        keyText.data()[1] = static_cast<unsigned char>(pre[1]);
        std::copy(hex.data(), hex.data() + hex.size(), keyText.data() + 2);
        keyText.data()[hex.size() + 2] = '\'';
        Statement attach(m_db, "ATTACH DATABASE ? AS rekeyed KEY ?;");
        attach.bind(1, temp).bindSecretText(2, keyText);
        OW_TRY(attach.run());
    }
    Status exported = m_db.exec("PRAGMA rekeyed.cipher_page_size = 4096;");
    if (exported.ok())
        exported = m_db.exec("SELECT sqlcipher_export('rekeyed');");
    if (exported.ok()) {
        const QByteArray bump = "PRAGMA rekeyed.user_version = " + QByteArray::number(m_schemaVersion) + ";";
        exported = m_db.exec(bump.constData());
    }
    (void)m_db.exec("DETACH DATABASE rekeyed;");
    if (exported.ok())
        exported = fsyncFile(temp);
    if (!exported.ok()) {
        QFile::remove(temp);
        (void)m_keys.discardPending();
        return exported;
    }

    // From here on the old file is replaced. Close it first so no WAL of the old key survives.
    m_db.close();
    QFile::remove(m_path + QStringLiteral("-wal"));
    QFile::remove(m_path + QStringLiteral("-shm"));
    OW_TRY(renameDurably(temp, m_path));
    OW_TRY(m_keys.promotePending());

    auto db = openWithKey(m_path, *newKey, false);
    if (!db.ok())
        return db.error();
    m_db = std::move(db).value();
    OW_TRY(configure(m_db, true));
    qCInfo(lcStore) << "rekeyed store" << m_path;
    Transaction tx(m_db);
    OW_TRY(tx.begun());
    OW_TRY(m_audit->append(actor, QStringLiteral("store.rekey"), {}, {}, QStringLiteral("ok"), {}));
    return tx.commit();
}

} // namespace ow
