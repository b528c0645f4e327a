#include "store/Schema.h"

#include "common/Logging.h"

#include "common/Tr.h"

#include <QCoreApplication>

namespace ow::schema {

namespace {

// Version 1: the first shipped layout.
constexpr const char *kV1 = R"SQL(
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
CREATE TABLE sequences (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE,
    item_code        TEXT NOT NULL,
    item_version     INTEGER NOT NULL,
    state            TEXT NOT NULL,
    applicant_hash   BLOB,
    applicant_masked TEXT,
    form_json        BLOB NOT NULL,
    device_id        TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX cases_state ON cases(state);
CREATE INDEX cases_item ON cases(item_code);
CREATE TABLE case_events (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT,
    note       TEXT
);
CREATE INDEX case_events_case ON case_events(case_id, id);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
    BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
    BEGIN SELECT RAISE(ABORT, 'case_events is append-only'); END;
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    role      TEXT NOT NULL,
    action    TEXT NOT NULL,
    case_no   TEXT,
    fields    TEXT,
    outcome   TEXT NOT NULL,
    reason    TEXT,
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
);
CREATE INDEX audit_log_case ON audit_log(case_no, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)SQL";

// Version 2: sync state and retention purge on cases, lookups by applicant and date,
// attachments and the outbox.
constexpr const char *kV2 = R"SQL(
ALTER TABLE cases ADD COLUMN sync_state TEXT NOT NULL DEFAULT 'local';
ALTER TABLE cases ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN created_day TEXT;
UPDATE cases SET created_day = substr(created_at, 1, 10);
CREATE INDEX cases_applicant ON cases(applicant_hash);
CREATE INDEX cases_created_day ON cases(created_day);
CREATE TABLE attachments (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    material   TEXT NOT NULL,
    mime       TEXT NOT NULL,
    size       INTEGER NOT NULL,
    digest     BLOB NOT NULL,
    data       BLOB,
    created_at TEXT NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER REFERENCES cases(id),
    packet_id       TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL,
    payload         BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending',
    upload_offset   INTEGER NOT NULL DEFAULT 0,
    receipt         BLOB,
    last_error      TEXT
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
)SQL";

// Version 3: ratings (好差评), one per case. A bad rating is stored here like any other; its
// follow-up within 15 working days is the desk's.
constexpr const char *kV3 = R"SQL(
CREATE TABLE ratings (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL UNIQUE REFERENCES cases(id),
    level      TEXT NOT NULL,
    channel    TEXT NOT NULL,
    comment    TEXT CHECK (comment IS NULL OR length(comment) <= 200),
    actor      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX ratings_level ON ratings(level);
)SQL";

// Version 4: operators cached on the desk for offline sign-in (app/core/identity). A salted slow
// hash of the password (crypto::hashSecret), never the password; the failed sign-ins in a row and
// the lock; the hashes of the last passwords so that a new one cannot repeat them.
constexpr const char *kV4 = R"SQL(
CREATE TABLE operators (
    id              TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL,
    roles           TEXT NOT NULL,
    department      TEXT NOT NULL DEFAULT '',
    password_hash   TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    updated_at      TEXT NOT NULL
);
CREATE TABLE operator_passwords (
    id            INTEGER PRIMARY KEY,
    operator_id   TEXT NOT NULL REFERENCES operators(id),
    password_hash TEXT NOT NULL,
    set_at        TEXT NOT NULL
);
CREATE INDEX operator_passwords_operator ON operator_passwords(operator_id, id);
)SQL";

// Version 5: the county's devices' public keys for checking the codes they sign (receipts), as
// the hub last sent them (PROTOCOL.md §5.4). Public data; replaced whole on each good answer.
constexpr const char *kV5 = R"SQL(
CREATE TABLE device_keys (
    device_id   TEXT PRIMARY KEY,
    public_key  BLOB NOT NULL,
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT,
    fetched_at  TEXT NOT NULL
);
)SQL";

// Version 6: the outbox found by case. Sealing asks whether a case already has a packet queued;
// without this index every seal read the whole (encrypted) outbox.
constexpr const char *kV6 = R"SQL(
CREATE INDEX outbox_case ON outbox(case_id);
)SQL";

// Version 7: placeholder: step 7 is another change's.
constexpr const char *kV7 = "";

// Version 8: village helpers (帮办代办). The authorisation (委托书) a principal signs for a helper:
// the principal as the keyed hash and masked number cases use, the helper, the scope (JSON array of
// service item ids), the validity (inclusive calendar days), the photo of the signed paper and the
// signature from the pad (both only inside this encrypted file). The cases a helper files under an
// authorisation, with the hub's latest state, and each case's lifecycle steps
// (委托 → 受理 → 办理 → 送达 → 归档 → 上报 → 回访).
constexpr const char *kV8 = R"SQL(
CREATE TABLE authorisations (
    id               INTEGER PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,
    principal_name   TEXT NOT NULL,
    principal_masked TEXT NOT NULL,
    principal_hash   BLOB NOT NULL,
    agent_id         TEXT NOT NULL,
    agent_name       TEXT NOT NULL,
    agent_masked     TEXT NOT NULL,
    agent_phone      TEXT NOT NULL,
    scope            TEXT NOT NULL,
    valid_from       TEXT NOT NULL,
    valid_to         TEXT NOT NULL,
    photo_mime       TEXT,
    photo            BLOB,
    signature        BLOB,
    created_at       TEXT NOT NULL
);
CREATE INDEX authorisations_agent ON authorisations(agent_id, principal_hash);
CREATE TABLE helper_cases (
    case_no          TEXT PRIMARY KEY,
    authorisation_id INTEGER NOT NULL REFERENCES authorisations(id),
    item_code        TEXT NOT NULL,
    handling_limit   INTEGER NOT NULL,
    hub_state        TEXT,
    created_at       TEXT NOT NULL
);
CREATE TABLE helper_steps (
    id         INTEGER PRIMARY KEY,
    case_no    TEXT NOT NULL REFERENCES helper_cases(case_no),
    step       TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    note       TEXT,
    UNIQUE (case_no, step)
);
)SQL";

struct Step
{
    int version;
    const char *sql;
};

constexpr Step kSteps[] = {{1, kV1}, {2, kV2}, {3, kV3}, {4, kV4}, {5, kV5}, {6, kV6}, {7, kV7}, {8, kV8}};

} // namespace

Result<int> version(Database &db)
{
    auto v = db.scalar("PRAGMA user_version;");
    if (!v.ok())
        return v.error();
    return static_cast<int>(v->toLongLong());
}

Status migrate(Database &db, int target)
{
    auto current = version(db);
    if (!current.ok())
        return current.error();
    if (*current > kCurrentVersion) {
        return makeError(
            ErrorCode::Invalid,
            StoreText::tr("This store was written by a newer version of "
                          "OneWindow. Update the program to open it."),
            QStringLiteral("schema version %1 is newer than supported %2").arg(*current).arg(kCurrentVersion));
    }
    for (const Step &step : kSteps) {
        if (step.version <= *current || step.version > target)
            continue;
        Transaction tx(db);
        OW_TRY(tx.begun());
        OW_TRY(db.exec(step.sql));
        const QByteArray bump = "PRAGMA user_version = " + QByteArray::number(step.version) + ";";
        OW_TRY(db.exec(bump.constData()));
        OW_TRY(tx.commit());
        qCInfo(lcStore) << "migrated store to schema version" << step.version;
    }
    return {};
}

} // namespace ow::schema
