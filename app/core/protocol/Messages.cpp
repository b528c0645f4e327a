#include "protocol/Messages.h"

#include "protocol/JsonFields.h"

#include "domain/SpecialProcedure.h"

#include <QDate>
#include <QDateTime>

namespace ow::protocol {

namespace {

// Integers beyond 2^53 do not survive a JSON double.
constexpr qint64 MaxSafeInteger = qint64(1) << 53;
constexpr qsizetype MaxIdLength = 128;

// The spelling of "correction requested" that version 1.0 hubs wrote; read until 1.2.
constexpr char LegacyCorrectionRequested[] = "correction_requested";

template<typename T>
Result<T> finish(const FieldReader &reader, T value)
{
    if (!reader.ok())
        return reader.error();
    return value;
}

CaseState readState(FieldReader &reader, const char *key)
{
    return reader.enumeration(key, stateFromWire);
}

// A calendar day, yyyy-MM-dd.
QString readDate(FieldReader &reader, const char *key)
{
    const QString text = reader.string(key, 10);
    if (reader.ok() && (text.size() != 10 || !QDate::fromString(text, Qt::ISODate).isValid()))
        reader.refuse(key, QStringLiteral("is not a yyyy-MM-dd date"));
    return text;
}

CaseState readDecision(FieldReader &reader, const char *key)
{
    const CaseState state = readState(reader, key);
    if (reader.ok() && !isDecision(state))
        reader.refuse(key, QStringLiteral("is not a decision"));
    return state;
}

} // namespace

// ---------------------------------------------------------------- enums

std::optional<CaseState> stateFromWire(const QString &key)
{
    if (key == QLatin1String(LegacyCorrectionRequested))
        return CaseState::CorrectionRequested;
    return caseState::fromKey(key);
}

QString stateToWire(CaseState state)
{
    return caseState::key(state);
}

bool isDecision(CaseState state)
{
    return state == CaseState::Approved || state == CaseState::Denied || state == CaseState::CorrectionRequested ||
           state == CaseState::Suspended || state == CaseState::UnderReview;
}

QString eventType::key(EventType type)
{
    switch (type) {
    case EventType::Received:
        return QStringLiteral("received");
    case EventType::Decision:
        return QStringLiteral("decision");
    case EventType::Issued:
        return QStringLiteral("issued");
    case EventType::DraftTaken:
        return QStringLiteral("draftTaken");
    }
    return {};
}

std::optional<EventType> eventType::fromKey(const QString &key)
{
    for (EventType type : {EventType::Received, EventType::Decision, EventType::Issued, EventType::DraftTaken}) {
        if (eventType::key(type) == key)
            return type;
    }
    return std::nullopt;
}

std::optional<crypto::Suite> suiteLabel(const QJsonObject &object)
{
    return crypto::parseSuite(object.value(QLatin1String("suite")).toString());
}

// ---------------------------------------------------------------- errors

Result<ErrorBody> ErrorBody::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("error body"));
    ErrorBody body;
    body.error = r.string("error", 64);
    body.message = r.optionalString("message");
    if (object.contains(QStringLiteral("decided"))) {
        FieldReader d(object.value(QStringLiteral("decided")).toObject(), QStringLiteral("error body's decision"));
        Decided decided;
        decided.state = readState(d, "state");
        decided.packetId = d.string("packetId", 64);
        decided.yours = object.value(QStringLiteral("decided")).toObject().value(QStringLiteral("yours")).toBool();
        if (d.ok())
            body.decided = decided;
    }
    return finish(r, body);
}

std::optional<ErrorBody::Decided> ErrorBody::decidedOf(const QByteArray &body)
{
    auto object = parseObject(body, QStringLiteral("error body"));
    if (!object)
        return std::nullopt;
    auto parsed = fromJson(*object);
    return parsed ? parsed->decided : std::nullopt;
}

QString ErrorBody::codeOf(const QByteArray &body)
{
    auto object = parseObject(body, QStringLiteral("error body"));
    if (!object)
        return {};
    auto parsed = fromJson(*object);
    return parsed ? parsed->error : QString();
}

QJsonObject ErrorBody::toJson() const
{
    QJsonObject o{{QStringLiteral("error"), error}, {QStringLiteral("message"), message}};
    if (decided)
        o.insert(QStringLiteral("decided"), QJsonObject{{QStringLiteral("state"), stateToWire(decided->state)},
                                                        {QStringLiteral("packetId"), decided->packetId},
                                                        {QStringLiteral("yours"), decided->yours}});
    return o;
}

// ---------------------------------------------------------------- enrollment

Result<EnrollRequest> EnrollRequest::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("enrollment request"));
    EnrollRequest request;
    request.code = r.string("code", 64);
    request.suite = r.enumeration("suite", crypto::parseSuite);
    request.name = r.string("name", 200);
    request.signingKey = r.string("signingKey", 8192).toLatin1();
    request.proof = r.base64("proof");
    request.casePrefix = r.optionalString("casePrefix", 32);
    return finish(r, request);
}

QJsonObject EnrollRequest::toJson() const
{
    QJsonObject object{{QStringLiteral("code"), code},
                       {QStringLiteral("suite"), crypto::suiteName(suite)},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("signingKey"), QString::fromLatin1(signingKey)},
                       {QStringLiteral("proof"), QString::fromLatin1(proof.toBase64())}};
    if (!casePrefix.isEmpty())
        object.insert(QStringLiteral("casePrefix"), casePrefix);
    return object;
}

Result<EnrollAnswer> EnrollAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("enrollment answer"));
    EnrollAnswer answer;
    answer.deviceId = r.string("deviceId", MaxIdLength);
    answer.hubId = r.string("hubId", MaxIdLength);
    answer.suite = r.enumeration("suite", crypto::parseSuite);
    const QJsonObject keys = r.object("hubKeys");
    for (auto it = keys.constBegin(); r.ok() && it != keys.constEnd(); ++it) {
        const auto suite = crypto::parseSuite(it.key());
        if (!suite)
            continue; // a suite of a later version
        FieldReader k(it.value().toObject(), r.childPath("hubKeys") + QLatin1Char('.') + it.key());
        if (!it.value().isObject())
            r.refuse("hubKeys", QStringLiteral("has an entry that is not an object"));
        HubPublicKeys pair;
        pair.encryption = k.string("encryption", 8192).toLatin1();
        pair.signing = k.string("signing", 8192).toLatin1();
        r.adopt(k);
        answer.hubKeys.insert(*suite, pair);
    }
    if (r.ok() && !answer.hubKeys.contains(answer.suite))
        r.refuse("hubKeys", QStringLiteral("lacks the keys of the answer's suite"));
    answer.casePrefix = r.optionalString("casePrefix", 32);
    return finish(r, answer);
}

QJsonObject EnrollAnswer::toJson() const
{
    QJsonObject keys;
    for (auto it = hubKeys.cbegin(); it != hubKeys.cend(); ++it)
        keys.insert(crypto::suiteName(it.key()),
                    QJsonObject{{QStringLiteral("encryption"), QString::fromLatin1(it->encryption)},
                                {QStringLiteral("signing"), QString::fromLatin1(it->signing)}});
    QJsonObject object{{QStringLiteral("deviceId"), deviceId},
                       {QStringLiteral("hubId"), hubId},
                       {QStringLiteral("suite"), crypto::suiteName(suite)},
                       {QStringLiteral("hubKeys"), keys}};
    if (!casePrefix.isEmpty())
        object.insert(QStringLiteral("casePrefix"), casePrefix);
    return object;
}

// ---------------------------------------------------------------- packets

Result<PacketEnvelope> PacketEnvelope::fromJson(const QByteArray &envelope)
{
    auto parsed = crypto::PacketOpener::parse(envelope);
    if (!parsed)
        return parsed.error();
    return PacketEnvelope{std::move(parsed).value(), envelope};
}

Result<ReceiptDocument> ReceiptDocument::sign(crypto::Suite suite, const crypto::PrivateKey &hubSigningKey,
                                              const crypto::ReceiptData &data)
{
    auto bytes = crypto::signReceipt(suite, hubSigningKey, data);
    if (!bytes)
        return bytes.error();
    return ReceiptDocument{data, *bytes};
}

Result<ReceiptDocument> ReceiptDocument::fromJson(const QByteArray &document, const crypto::PublicKey &hubSigningKey)
{
    auto data = crypto::verifyReceipt(document, hubSigningKey);
    if (!data)
        return data.error();
    return ReceiptDocument{*data, document};
}

// ---------------------------------------------------------------- uploads

Result<UploadCreateRequest> UploadCreateRequest::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("upload creation request"));
    UploadCreateRequest request;
    request.packetId = r.uuid("packetId");
    request.name = r.string("name", 64);
    request.length = r.integer("length", 1, MaxSafeInteger);
    request.digest = r.hex("digest");
    return finish(r, request);
}

QJsonObject UploadCreateRequest::toJson() const
{
    return QJsonObject{{QStringLiteral("packetId"), packetId},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("length"), length},
                       {QStringLiteral("digest"), QString::fromLatin1(digest)}};
}

Result<UploadCreateAnswer> UploadCreateAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("upload creation answer"));
    UploadCreateAnswer answer;
    answer.uploadId = r.string("uploadId", MaxIdLength);
    return finish(r, answer);
}

QJsonObject UploadCreateAnswer::toJson() const
{
    return QJsonObject{{QStringLiteral("uploadId"), uploadId}};
}

// ---------------------------------------------------------------- events

namespace {

Event readEvent(FieldReader &r)
{
    Event event;
    event.cursor = r.decimal("cursor");
    event.type = r.enumeration("type", eventType::fromKey);
    event.caseId = r.string("caseId", MaxIdLength);
    event.packetId = r.uuid("packetId");
    event.state = readState(r, "state");
    event.opinion = r.optionalString("opinion", MaxOpinionLength);
    // A draft taken over belongs to no department yet.
    event.department = event.type == EventType::DraftTaken ? r.optionalString("department", MaxIdLength)
                                                           : r.string("department", MaxIdLength);
    event.at = r.time("at");
    if (r.ok() && event.type == EventType::Received && event.state != CaseState::Received)
        r.refuse("state", QStringLiteral("is not received in a received event"));
    if (r.ok() && event.type == EventType::Decision && !isDecision(event.state))
        r.refuse("state", QStringLiteral("is not a decision in a decision event"));
    if (r.ok() && event.type == EventType::Issued && event.state != CaseState::Issued)
        r.refuse("state", QStringLiteral("is not issued in an issued event"));
    if (r.ok() && event.type == EventType::DraftTaken && event.state != CaseState::Draft)
        r.refuse("state", QStringLiteral("is not draft in a draftTaken event"));
    return event;
}

} // namespace

Result<Event> Event::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("event"));
    return finish(r, readEvent(r));
}

QJsonObject Event::toJson() const
{
    QJsonObject out{{QStringLiteral("cursor"), cursor},
                    {QStringLiteral("type"), eventType::key(type)},
                    {QStringLiteral("caseId"), caseId},
                    {QStringLiteral("packetId"), packetId},
                    {QStringLiteral("state"), stateToWire(state)},
                    {QStringLiteral("department"), department},
                    {QStringLiteral("at"), at}};
    if (!opinion.isEmpty())
        out.insert(QStringLiteral("opinion"), opinion);
    return out;
}

Result<EventsPage> EventsPage::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("events page"));
    EventsPage page;
    page.events = r.list("events", readEvent);
    page.next = r.decimal("next");
    page.more = r.boolean("more");
    return finish(r, page);
}

QJsonObject EventsPage::toJson() const
{
    QJsonArray list;
    for (const Event &event : events)
        list.append(event.toJson());
    return QJsonObject{
        {QStringLiteral("events"), list}, {QStringLiteral("next"), next}, {QStringLiteral("more"), more}};
}

// ---------------------------------------------------------------- catalog

Result<CatalogAnswer> CatalogAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("catalog answer"));
    CatalogAnswer answer;
    answer.items = r.array("items");
    answer.version = QString::fromLatin1(r.hex("version"));
    for (qsizetype i = 0; r.ok() && i < answer.items.size(); ++i) {
        if (!answer.items.at(i).isObject())
            r.refuse("items", QStringLiteral("has an entry that is not an object"));
    }
    return finish(r, answer);
}

QJsonObject CatalogAnswer::toJson() const
{
    return QJsonObject{{QStringLiteral("items"), items}, {QStringLiteral("version"), version}};
}

// ---------------------------------------------------------------- operators

Result<LoginRequest> LoginRequest::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("sign-in request"));
    LoginRequest request;
    request.username = r.string("username", 64);
    request.password = r.string("password", 1024);
    return finish(r, request);
}

QJsonObject LoginRequest::toJson() const
{
    return QJsonObject{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
}

Result<LoginAnswer> LoginAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("sign-in answer"));
    LoginAnswer answer;
    answer.token = r.string("token", 256);
    answer.expiresAt = r.time("expiresAt");
    answer.username = r.string("username", 64);
    answer.role = r.enumeration("role", role::fromKey);
    answer.department = r.optionalString("department", MaxIdLength);
    return finish(r, answer);
}

QJsonObject LoginAnswer::toJson() const
{
    return QJsonObject{{QStringLiteral("token"), token},
                       {QStringLiteral("expiresAt"), expiresAt},
                       {QStringLiteral("username"), username},
                       {QStringLiteral("role"), role::key(role)},
                       {QStringLiteral("department"), department}};
}

// ---------------------------------------------------------------- queues and decisions

namespace {

QueueEntry readQueueEntry(FieldReader &r)
{
    QueueEntry entry;
    entry.caseId = r.string("caseId", MaxIdLength);
    entry.packetId = r.uuid("packetId");
    entry.itemId = r.string("itemId", MaxIdLength);
    entry.department = r.string("department", MaxIdLength);
    entry.state = readState(r, "state");
    entry.receivedAt = r.time("receivedAt");
    entry.deviceId = r.string("deviceId", MaxIdLength);
    if (r.ok() && r.has("procedure")) {
        FieldReader p(r.object("procedure"), r.childPath("procedure"));
        QueueEntry::Procedure procedure;
        procedure.kind = p.enumeration("kind", [](const QString &k) {
            return specialProcedure::fromKey(k) ? std::optional<QString>(k) : std::nullopt;
        });
        procedure.reason = p.string("reason", specialProcedure::kMaxReasonLength);
        procedure.expectedEnd = readDate(p, "expectedEnd");
        procedure.startedAt = p.time("startedAt");
        r.adopt(p);
        entry.procedure = procedure;
    }
    if (r.ok() && r.has("pauses")) {
        entry.pauses = r.list("pauses", [](FieldReader &p) {
            const QString from = p.time("from");
            return qMakePair(from, p.time("to"));
        });
    }
    return entry;
}

} // namespace

Result<QueueEntry> QueueEntry::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("queue entry"));
    return finish(r, readQueueEntry(r));
}

QJsonObject QueueEntry::toJson() const
{
    QJsonObject out{{QStringLiteral("caseId"), caseId},
                    {QStringLiteral("packetId"), packetId},
                    {QStringLiteral("itemId"), itemId},
                    {QStringLiteral("department"), department},
                    {QStringLiteral("state"), stateToWire(state)},
                    {QStringLiteral("receivedAt"), receivedAt},
                    {QStringLiteral("deviceId"), deviceId}};
    if (procedure)
        out.insert(QStringLiteral("procedure"), QJsonObject{{QStringLiteral("kind"), procedure->kind},
                                                            {QStringLiteral("reason"), procedure->reason},
                                                            {QStringLiteral("expectedEnd"), procedure->expectedEnd},
                                                            {QStringLiteral("startedAt"), procedure->startedAt}});
    if (!pauses.isEmpty()) {
        QJsonArray list;
        for (const auto &pause : pauses)
            list.append(QJsonObject{{QStringLiteral("from"), pause.first}, {QStringLiteral("to"), pause.second}});
        out.insert(QStringLiteral("pauses"), list);
    }
    return out;
}

Result<QueueAnswer> QueueAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("queue"));
    QueueAnswer answer;
    answer.cases = r.list("cases", readQueueEntry);
    if (object.contains(QLatin1String("total")))
        answer.total = r.integer("total", 0, MaxSafeInteger);
    answer.next = r.optionalString("next", MaxQueueTokenLength);
    return finish(r, answer);
}

namespace {

// A one-pass reader of the queue answer's usual form: {"cases": [{"key": "value", ...}, ...]}
// with strings free of escapes. It gives up (nullopt) at anything else.
class QueueScanner
{
public:
    explicit QueueScanner(const QByteArray &body)
        : m_p(body.constData())
        , m_end(body.constData() + body.size())
    {}

    std::optional<QueueAnswer> read()
    {
        QueueAnswer answer;
        if (!take('{') || !key(u"cases") || !take('['))
            return std::nullopt;
        if (!peek(']')) {
            do {
                auto entry = readEntry();
                if (!entry)
                    return std::nullopt;
                answer.cases.append(std::move(*entry));
            } while (take(','));
        }
        if (!take(']'))
            return std::nullopt;
        // 1.13: the total and the next page's token, after the cases.
        while (take(',')) {
            const auto name = string();
            if (!name || !take(':'))
                return std::nullopt;
            if (QLatin1StringView(*name) == QLatin1StringView("total")) {
                const auto total = number();
                if (!total)
                    return std::nullopt;
                answer.total = *total;
            } else if (QLatin1StringView(*name) == QLatin1StringView("next")) {
                const auto next = string();
                if (!next || next->size() > MaxQueueTokenLength)
                    return std::nullopt;
                answer.next = QString::fromLatin1(*next);
            } else {
                return std::nullopt;
            }
        }
        if (!take('}'))
            return std::nullopt;
        skipSpace();
        if (m_p != m_end)
            return std::nullopt;
        return answer;
    }

private:
    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_p < m_end && *m_p == c;
    }
    bool take(char c)
    {
        if (!peek(c))
            return false;
        ++m_p;
        return true;
    }
    // A string of printable ASCII without escapes, as its bytes (every value of the usual form).
    std::optional<QByteArrayView> string()
    {
        if (!take('"'))
            return std::nullopt;
        const char *start = m_p;
        while (m_p < m_end && *m_p != '"') {
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return std::nullopt;
            ++m_p;
        }
        if (m_p == m_end)
            return std::nullopt;
        const QByteArrayView text(start, m_p - start);
        ++m_p;
        return text;
    }
    // A non-negative integer of at most 15 digits (below MaxSafeInteger).
    std::optional<qint64> number()
    {
        skipSpace();
        qint64 value = 0;
        int digits = 0;
        while (m_p < m_end && *m_p >= '0' && *m_p <= '9' && digits < 16) {
            value = value * 10 + (*m_p - '0');
            ++m_p;
            ++digits;
        }
        if (digits == 0 || digits > 15)
            return std::nullopt;
        return value;
    }
    bool key(QStringView wanted)
    {
        const auto name = string();
        return name && QLatin1StringView(*name) == wanted && take(':');
    }
    // Department, item, device and state repeat from row to row: one QString each.
    QString shared(QByteArrayView bytes)
    {
        auto it = m_interned.constFind(bytes);
        if (it != m_interned.constEnd())
            return *it;
        const QString text = QString::fromLatin1(bytes);
        m_interned.insert(bytes, text);
        return text;
    }
    std::optional<QueueEntry> readEntry()
    {
        if (!take('{'))
            return std::nullopt;
        QueueEntry e;
        QByteArrayView state;
        int seen = 0;
        if (!peek('}')) {
            do {
                const auto name = string();
                if (!name || !take(':'))
                    return std::nullopt;
                const auto value = string();
                if (!value || value->isEmpty())
                    return std::nullopt;
                const QLatin1StringView k(*name);
                if (k == QLatin1StringView("caseId"))
                    e.caseId = QString::fromLatin1(*value), seen |= 1;
                else if (k == QLatin1StringView("packetId"))
                    e.packetId = QString::fromLatin1(*value), seen |= 2;
                else if (k == QLatin1StringView("itemId"))
                    e.itemId = shared(*value), seen |= 4;
                else if (k == QLatin1StringView("department"))
                    e.department = shared(*value), seen |= 8;
                else if (k == QLatin1StringView("state"))
                    state = *value, seen |= 16;
                else if (k == QLatin1StringView("receivedAt"))
                    e.receivedAt = QString::fromLatin1(*value), seen |= 32;
                else if (k == QLatin1StringView("deviceId"))
                    e.deviceId = shared(*value), seen |= 64;
            } while (take(','));
        }
        if (!take('}') || seen != 127)
            return std::nullopt;
        // The checks FieldReader makes; a value that fails one is left to it, for its message.
        const auto s = stateFromWire(shared(state));
        if (!s || e.caseId.size() > MaxIdLength || e.itemId.size() > MaxIdLength || e.department.size() > MaxIdLength ||
            e.deviceId.size() > MaxIdLength || !isCanonicalUuid(e.packetId) || !parseUtcTime(e.receivedAt).isValid())
            return std::nullopt;
        e.state = *s;
        return e;
    }

    const char *m_p;
    const char *m_end;
    QHash<QByteArrayView, QString> m_interned; // views into the body, which outlives the scanner
};

} // namespace

Result<QueueAnswer> QueueAnswer::fromBytes(const QByteArray &body)
{
    if (auto fast = QueueScanner(body).read())
        return std::move(*fast);
    auto object = parseObject(body, QStringLiteral("queue"));
    if (!object)
        return object.error();
    return fromJson(*object);
}

QJsonObject QueueAnswer::toJson() const
{
    QJsonArray list;
    for (const QueueEntry &entry : cases)
        list.append(entry.toJson());
    QJsonObject out{{QStringLiteral("cases"), list}};
    if (total)
        out.insert(QStringLiteral("total"), *total);
    if (!next.isEmpty())
        out.insert(QStringLiteral("next"), next);
    return out;
}

Result<CaseDetail> CaseDetail::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("case detail"));
    CaseDetail detail;
    detail.caseId = r.string("caseId", MaxIdLength);
    detail.packetId = r.uuid("packetId");
    detail.itemId = r.string("itemId", MaxIdLength);
    detail.department = r.string("department", MaxIdLength);
    detail.state = readState(r, "state");
    detail.receivedAt = r.time("receivedAt");
    detail.payload = r.object("payload");
    detail.attachments = r.list("attachments", [](FieldReader &a) {
        AttachmentInfo info;
        info.name = a.string("name", 64);
        info.size = a.integer("size", 0, MaxSafeInteger);
        return info;
    });
    return finish(r, detail);
}

QJsonObject CaseDetail::toJson() const
{
    QJsonArray list;
    for (const AttachmentInfo &a : attachments)
        list.append(QJsonObject{{QStringLiteral("name"), a.name}, {QStringLiteral("size"), a.size}});
    return QJsonObject{{QStringLiteral("caseId"), caseId},
                       {QStringLiteral("packetId"), packetId},
                       {QStringLiteral("itemId"), itemId},
                       {QStringLiteral("department"), department},
                       {QStringLiteral("state"), stateToWire(state)},
                       {QStringLiteral("receivedAt"), receivedAt},
                       {QStringLiteral("payload"), payload},
                       {QStringLiteral("attachments"), list}};
}

Result<DecisionRequest> DecisionRequest::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("decision request"));
    DecisionRequest request;
    request.decision = readDecision(r, "decision");
    request.packetId = r.uuid("packetId");
    request.opinion = r.optionalString("opinion", MaxOpinionLength);
    // A refusal or a correction request must tell the applicant why, or what is missing.
    if (r.ok() && request.decision != CaseState::Approved && request.opinion.trimmed().isEmpty())
        r.refuse("opinion", QStringLiteral("is required unless the decision is approved"));
    // 1.12: a special procedure's reason (suspended) and outcome (underReview) are short notes.
    const bool procedure = request.decision == CaseState::Suspended || request.decision == CaseState::UnderReview;
    if (r.ok() && procedure && request.opinion.size() > specialProcedure::kMaxReasonLength)
        r.refuse("opinion", QStringLiteral("is longer than %1 characters").arg(specialProcedure::kMaxReasonLength));
    if (r.ok() && request.decision == CaseState::Suspended) {
        FieldReader p(r.object("procedure"), r.childPath("procedure"));
        if (r.ok()) {
            request.procedureKind = p.enumeration("kind", [](const QString &k) {
                return specialProcedure::fromKey(k) ? std::optional<QString>(k) : std::nullopt;
            });
            request.expectedEnd = readDate(p, "expectedEnd");
            r.adopt(p);
        }
    } else if (r.ok() && r.has("procedure")) {
        r.refuse("procedure", QStringLiteral("is only for the decision suspended"));
    }
    return finish(r, request);
}

QJsonObject DecisionRequest::toJson() const
{
    QJsonObject out{{QStringLiteral("decision"), stateToWire(decision)}, {QStringLiteral("packetId"), packetId}};
    if (!opinion.isEmpty())
        out.insert(QStringLiteral("opinion"), opinion);
    if (decision == CaseState::Suspended)
        out.insert(QStringLiteral("procedure"),
                   QJsonObject{{QStringLiteral("kind"), procedureKind}, {QStringLiteral("expectedEnd"), expectedEnd}});
    return out;
}

Result<DecisionAnswer> DecisionAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("decision answer"));
    DecisionAnswer answer;
    answer.caseId = r.string("caseId", MaxIdLength);
    answer.state = readDecision(r, "state");
    answer.cursor = r.decimal("cursor");
    return finish(r, answer);
}

QJsonObject DecisionAnswer::toJson() const
{
    return QJsonObject{{QStringLiteral("caseId"), caseId},
                       {QStringLiteral("state"), stateToWire(state)},
                       {QStringLiteral("cursor"), cursor}};
}

// ---------------------------------------------------------------- issuing the result

QString issueMethod::key(IssueMethod method)
{
    return method == IssueMethod::Mail ? QStringLiteral("mail") : QStringLiteral("inPerson");
}

std::optional<IssueMethod> issueMethod::fromKey(const QString &key)
{
    for (IssueMethod m : {IssueMethod::InPerson, IssueMethod::Mail}) {
        if (issueMethod::key(m) == key)
            return m;
    }
    return std::nullopt;
}

Result<IssueRequest> IssueRequest::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("issue request"));
    IssueRequest request;
    request.packetId = r.uuid("packetId");
    request.method = r.enumeration("method", issueMethod::fromKey);
    return finish(r, request);
}

QJsonObject IssueRequest::toJson() const
{
    return QJsonObject{{QStringLiteral("packetId"), packetId}, {QStringLiteral("method"), issueMethod::key(method)}};
}

Result<IssueAnswer> IssueAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("issue answer"));
    IssueAnswer answer;
    answer.caseId = r.string("caseId", MaxIdLength);
    answer.state = readState(r, "state");
    answer.cursor = r.decimal("cursor");
    if (r.ok() && answer.state != CaseState::Issued)
        r.refuse("state", QStringLiteral("is not issued"));
    return finish(r, answer);
}

QJsonObject IssueAnswer::toJson() const
{
    return QJsonObject{{QStringLiteral("caseId"), caseId},
                       {QStringLiteral("state"), stateToWire(state)},
                       {QStringLiteral("cursor"), cursor}};
}

// ---------------------------------------------------------------- progress

namespace {

constexpr qsizetype MaxReceiptCodeLength = 1024;
constexpr qsizetype MaxProgressEntries = 500;

ProgressStep readStep(FieldReader &r)
{
    ProgressStep step;
    step.type = r.enumeration("type", eventType::fromKey);
    step.state = readState(r, "state");
    step.department = r.string("department", MaxIdLength);
    step.at = r.time("at");
    if (r.ok() && r.has("procedure")) {
        FieldReader p(r.object("procedure"), r.childPath("procedure"));
        step.procedureKind = p.enumeration("kind", [](const QString &k) {
            return specialProcedure::fromKey(k) ? std::optional<QString>(k) : std::nullopt;
        });
        step.expectedEnd = readDate(p, "expectedEnd");
        r.adopt(p);
    }
    return step;
}

DataUse readDataUse(FieldReader &r)
{
    DataUse use;
    use.at = r.time("at");
    use.actor = r.string("actor", 64);
    use.department = r.optionalString("department", MaxIdLength);
    use.action = r.string("action", 64);
    return use;
}

} // namespace

Result<ProgressQuery> ProgressQuery::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("progress query"));
    ProgressQuery query;
    query.receiptCode = r.string("receiptCode", MaxReceiptCodeLength);
    return finish(r, query);
}

QJsonObject ProgressQuery::toJson() const
{
    return QJsonObject{{QStringLiteral("receiptCode"), receiptCode}};
}

Result<ProgressAnswer> ProgressAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("progress answer"));
    ProgressAnswer answer;
    answer.caseId = r.string("caseId", MaxIdLength);
    answer.itemId = r.string("itemId", MaxIdLength);
    answer.state = readState(r, "state");
    answer.department = r.string("department", MaxIdLength);
    answer.receivedAt = r.time("receivedAt");
    answer.updatedAt = r.time("updatedAt");
    answer.steps = r.list("steps", readStep);
    answer.dataUse = r.list("dataUse", readDataUse);
    if (r.ok() && (answer.steps.size() > MaxProgressEntries || answer.dataUse.size() > MaxProgressEntries))
        r.refuse("steps", QStringLiteral("has too many entries"));
    return finish(r, answer);
}

QJsonObject ProgressAnswer::toJson() const
{
    QJsonArray stepList;
    for (const ProgressStep &step : steps) {
        QJsonObject entry{{QStringLiteral("type"), eventType::key(step.type)},
                          {QStringLiteral("state"), stateToWire(step.state)},
                          {QStringLiteral("department"), step.department},
                          {QStringLiteral("at"), step.at}};
        if (!step.procedureKind.isEmpty())
            entry.insert(QStringLiteral("procedure"), QJsonObject{{QStringLiteral("kind"), step.procedureKind},
                                                                  {QStringLiteral("expectedEnd"), step.expectedEnd}});
        stepList.append(entry);
    }
    QJsonArray useList;
    for (const DataUse &use : dataUse) {
        QJsonObject entry{{QStringLiteral("at"), use.at},
                          {QStringLiteral("actor"), use.actor},
                          {QStringLiteral("action"), use.action}};
        if (!use.department.isEmpty())
            entry.insert(QStringLiteral("department"), use.department);
        useList.append(entry);
    }
    return QJsonObject{{QStringLiteral("caseId"), caseId},
                       {QStringLiteral("itemId"), itemId},
                       {QStringLiteral("state"), stateToWire(state)},
                       {QStringLiteral("department"), department},
                       {QStringLiteral("receivedAt"), receivedAt},
                       {QStringLiteral("updatedAt"), updatedAt},
                       {QStringLiteral("steps"), stepList},
                       {QStringLiteral("dataUse"), useList}};
}

// ---------------------------------------------------------------- device keys

namespace {

constexpr qsizetype MaxDeviceKeys = 10000;
constexpr qsizetype MaxPublicKeyBytes = 4096;

DeviceKey readDeviceKey(FieldReader &r)
{
    DeviceKey key;
    key.deviceId = r.string("deviceId", MaxIdLength);
    key.publicKey = r.base64("publicKey");
    key.enrolledAt = r.time("enrolledAt");
    key.revokedAt = r.optionalString("revokedAt", 64);
    if (r.ok() && key.publicKey.size() > MaxPublicKeyBytes)
        r.refuse("publicKey", QStringLiteral("is too long"));
    if (r.ok() && !key.revokedAt.isEmpty() &&
        (!QDateTime::fromString(key.revokedAt, Qt::ISODateWithMs).isValid() ||
         !key.revokedAt.endsWith(QLatin1Char('Z'))))
        r.refuse("revokedAt", QStringLiteral("is not a UTC ISO 8601 time"));
    return key;
}

} // namespace

Result<DeviceKeysAnswer> DeviceKeysAnswer::fromJson(const QJsonObject &object)
{
    FieldReader r(object, QStringLiteral("device keys"));
    DeviceKeysAnswer answer;
    answer.devices = r.list("devices", readDeviceKey);
    if (r.ok() && answer.devices.size() > MaxDeviceKeys)
        r.refuse("devices", QStringLiteral("has too many entries"));
    return finish(r, answer);
}

QJsonObject DeviceKeysAnswer::toJson() const
{
    QJsonArray list;
    for (const DeviceKey &key : devices) {
        QJsonObject entry{{QStringLiteral("deviceId"), key.deviceId},
                          {QStringLiteral("publicKey"), QString::fromLatin1(key.publicKey.toBase64())},
                          {QStringLiteral("enrolledAt"), key.enrolledAt}};
        if (!key.revokedAt.isEmpty())
            entry.insert(QStringLiteral("revokedAt"), key.revokedAt);
        list.append(entry);
    }
    return QJsonObject{{QStringLiteral("devices"), list}};
}

} // namespace ow::protocol
