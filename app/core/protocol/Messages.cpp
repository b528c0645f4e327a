#include "protocol/Messages.h"

#include "protocol/JsonFields.h"

#include "domain/SpecialProcedure.h"

#include <QDate>
#include <QDateTime>

#include <array>
#include <cstring>
#include <vector>

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

// Printable ASCII without quote or backslash: bytes a string's plain run may hold.
constexpr std::array<bool, 256> plainBytes = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c)
        plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return plain;
}();

// Whether a key is `name` (a short compare the compiler inlines).
template<std::size_t N>
bool is(QByteArrayView key, const char (&name)[N])
{
    return key.size() == N - 1 && std::memcmp(key.data(), name, N - 1) == 0;
}

// What QUuid writes without braces, as bytes (isCanonicalUuid).
bool canonicalUuid(QByteArrayView text)
{
    if (text.size() != 36)
        return false;
    bool nonZero = false;
    for (qsizetype i = 0; i < 36; ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-')
                return false;
            continue;
        }
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
        nonZero = nonZero || c != '0';
    }
    return nonZero;
}

// A one-pass reader of the queue answer, without a JSON document in between: every field the hub
// writes (1.12 special procedures and pauses, 1.13 total and next), strings with escapes and
// UTF-8. It gives up (nullopt) at anything it cannot read exactly as fromJson(parseObject(body))
// would (a field missing, repeated, unknown, null or of another type, a value out of range, a
// time or UUID in another spelling, a surrogate or NUL escape, invalid UTF-8, a raw control
// character): QueueAnswer::fromBytes then reads the body that way, which names the problem.
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
        if (!take('{'))
            return std::nullopt;
        bool cases = false;
        bool total = false;
        bool next = false;
        if (!peek('}')) {
            do {
                const auto name = token();
                if (!name || !name->plain || !take(':'))
                    return std::nullopt;
                if (is(name->raw, "cases") && !cases) {
                    cases = true;
                    if (!readCases(answer.cases))
                        return std::nullopt;
                } else if (is(name->raw, "total") && !total) {
                    total = true;
                    const auto value = number();
                    if (!value)
                        return std::nullopt;
                    answer.total = *value;
                } else if (is(name->raw, "next") && !next) {
                    next = true;
                    const auto value = text();
                    if (!value || value->size() > MaxQueueTokenLength)
                        return std::nullopt;
                    answer.next = *value;
                } else {
                    return std::nullopt;
                }
            } while (take(','));
        }
        if (!cases || !take('}'))
            return std::nullopt;
        skipSpace();
        if (m_p != m_end)
            return std::nullopt;
        return answer;
    }

private:
    struct Token
    {
        QByteArrayView raw; // between the quotes, as sent
        bool plain;         // printable ASCII without escapes: the raw bytes are the text
    };

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
    // A string's bytes between its quotes (escapes left as they are).
    std::optional<Token> token()
    {
        if (!take('"'))
            return std::nullopt;
        const char *start = m_p;
        // Most strings: printable ASCII up to the next quote (found by memchr, checked in one
        // branch-free pass).
        const auto *quote = static_cast<const char *>(std::memchr(m_p, '"', static_cast<std::size_t>(m_end - m_p)));
        if (!quote)
            return std::nullopt;
        unsigned other = 0;
        for (const char *c = start; c < quote; ++c) {
            const auto u = static_cast<unsigned char>(*c);
            other |=
                static_cast<unsigned>(u < 0x20) | static_cast<unsigned>(u >= 0x80) | static_cast<unsigned>(u == '\\');
        }
        if (!other) {
            m_p = quote + 1;
            return Token{QByteArrayView(start, quote - start), true};
        }
        // Escapes or other bytes: walked to the real end (an escaped quote is none).
        for (;;) {
            while (m_p < m_end && plainBytes[static_cast<unsigned char>(*m_p)])
                ++m_p;
            if (m_p == m_end)
                return std::nullopt;
            if (*m_p == '"')
                break;
            if (*m_p == '\\' && m_p + 1 < m_end)
                ++m_p;
            ++m_p;
        }
        const Token out{QByteArrayView(start, m_p - start), false};
        ++m_p;
        return out;
    }
    // A string's text: escapes decoded, UTF-8 checked.
    std::optional<QString> text()
    {
        const auto t = token();
        if (!t)
            return std::nullopt;
        if (t->plain)
            return QString::fromLatin1(t->raw);
        return decode(t->raw);
    }
    static std::optional<QString> decode(QByteArrayView raw)
    {
        QByteArray utf8;
        utf8.reserve(raw.size());
        for (qsizetype i = 0; i < raw.size(); ++i) {
            const auto c = static_cast<unsigned char>(raw[i]);
            if (c < 0x20)
                return std::nullopt;
            if (c != '\\') {
                utf8.append(static_cast<char>(c));
                continue;
            }
            if (++i == raw.size())
                return std::nullopt;
            switch (raw[i]) {
            case '"':
            case '\\':
            case '/':
                utf8.append(raw[i]);
                break;
            case 'b':
                utf8.append('\b');
                break;
            case 'f':
                utf8.append('\f');
                break;
            case 'n':
                utf8.append('\n');
                break;
            case 'r':
                utf8.append('\r');
                break;
            case 't':
                utf8.append('\t');
                break;
            case 'u': {
                if (i + 4 >= raw.size())
                    return std::nullopt;
                char32_t code = 0;
                for (int k = 1; k <= 4; ++k) {
                    const char h = raw[i + k];
                    const int v = h >= '0' && h <= '9'   ? h - '0'
                                  : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                  : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                         : -1;
                    if (v < 0)
                        return std::nullopt;
                    code = code * 16 + static_cast<char32_t>(v);
                }
                i += 4;
                if (code == 0 || (code >= 0xd800 && code <= 0xdfff))
                    return std::nullopt;
                const QString one(QChar(static_cast<char16_t>(code)));
                utf8.append(one.toUtf8());
                break;
            }
            default:
                return std::nullopt;
            }
        }
        if (!validUtf8(utf8))
            return std::nullopt;
        return QString::fromUtf8(utf8);
    }
    // Well-formed UTF-8 (no overlong forms, surrogates or code points beyond U+10FFFF).
    static bool validUtf8(QByteArrayView bytes)
    {
        const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
        const auto *end = p + bytes.size();
        while (p < end) {
            const unsigned char c = *p;
            int more = 0;
            char32_t code = 0;
            if (c < 0x80) {
                ++p;
                continue;
            } else if (c >= 0xc2 && c <= 0xdf) {
                more = 1, code = c & 0x1f;
            } else if (c >= 0xe0 && c <= 0xef) {
                more = 2, code = c & 0x0f;
            } else if (c >= 0xf0 && c <= 0xf4) {
                more = 3, code = c & 0x07;
            } else {
                return false;
            }
            if (end - p <= more)
                return false;
            for (int k = 1; k <= more; ++k) {
                if ((p[k] & 0xc0) != 0x80)
                    return false;
                code = (code << 6) | (p[k] & 0x3f);
            }
            if ((more == 2 && code < 0x800) || (more == 3 && (code < 0x10000 || code > 0x10ffff)) ||
                (code >= 0xd800 && code <= 0xdfff))
                return false;
            p += more + 1;
        }
        return true;
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
        if (digits == 0 || digits > 15 || (digits > 1 && m_p[-digits] == '0'))
            return std::nullopt;
        if (m_p < m_end && (*m_p == '.' || *m_p == 'e' || *m_p == 'E'))
            return std::nullopt;
        return value;
    }
    // A non-empty string of at most `maxLength` characters (FieldReader::string()).
    std::optional<QString> required(qsizetype maxLength)
    {
        auto value = text();
        if (!value || value->isEmpty() || value->size() > maxLength)
            return std::nullopt;
        return value;
    }
    // A time as the protocol writes it (FieldReader::time() takes other spellings too: left to it).
    std::optional<QString> time()
    {
        const auto t = token();
        if (!t || !t->plain || !utcTimeMs(QLatin1StringView(t->raw)))
            return std::nullopt;
        return QString::fromLatin1(t->raw);
    }
    // Item, department, device and state repeat from row to row: one QString each, found by a
    // small open-addressing table on the bytes (a few hundred distinct values at most).
    std::optional<QString> shared()
    {
        const auto t = token();
        if (!t || t->raw.isEmpty())
            return std::nullopt;
        if (!t->plain)
            return decode(t->raw);
        if (t->raw.size() > 64)
            return QString::fromLatin1(t->raw);
        quint32 hash = 2166136261u; // FNV-1a
        for (const char c : t->raw)
            hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
        for (quint32 probe = 0; probe < Slots; ++probe) {
            Interned &slot = m_interned[(hash + probe) % Slots];
            if (slot.bytes.data() == nullptr) {
                if (m_used >= Slots / 2)
                    break;
                ++m_used;
                slot.bytes = t->raw;
                slot.text = QString::fromLatin1(t->raw);
                return slot.text;
            }
            if (slot.bytes.size() == t->raw.size() &&
                std::memcmp(slot.bytes.data(), t->raw.data(), static_cast<std::size_t>(t->raw.size())) == 0)
                return slot.text;
        }
        return QString::fromLatin1(t->raw);
    }
    bool readCases(QList<QueueEntry> &cases)
    {
        if (!take('['))
            return false;
        // A case takes at least 160 bytes as the hub writes them: room for all, so the list never
        // moves (what is reserved and not used is never touched).
        cases.reserve((m_end - m_p) / 160 + 1);
        if (take(']'))
            return true;
        do {
            QueueEntry &entry = cases.emplace_back();
            if (!readEntry(entry))
                return false;
        } while (take(','));
        return take(']');
    }
    bool readEntry(QueueEntry &e)
    {
        if (!take('{'))
            return false;
        enum : unsigned {
            CaseId = 1,
            PacketId = 2,
            ItemId = 4,
            Department = 8,
            State = 16,
            ReceivedAt = 32,
            DeviceId = 64,
            Required = 127,
            Procedure = 128,
            Pauses = 256
        };
        unsigned seen = 0;
        const auto once = [&seen](unsigned field) {
            const bool first = !(seen & field);
            seen |= field;
            return first;
        };
        if (!peek('}')) {
            do {
                const auto name = token();
                if (!name || !name->plain || !take(':'))
                    return false;
                const QByteArrayView k = name->raw;
                std::optional<QString> value;
                if (is(k, "caseId") && once(CaseId)) {
                    value = required(MaxIdLength);
                    if (value)
                        e.caseId = std::move(*value);
                } else if (is(k, "packetId") && once(PacketId)) {
                    const auto t = token();
                    if (!t || !t->plain || !canonicalUuid(t->raw))
                        return false;
                    value = e.packetId = QString::fromLatin1(t->raw);
                } else if (is(k, "itemId") && once(ItemId)) {
                    value = shared();
                    if (value)
                        e.itemId = *value;
                } else if (is(k, "department") && once(Department)) {
                    value = shared();
                    if (value)
                        e.department = *value;
                } else if (is(k, "state") && once(State)) {
                    value = shared();
                    if (!value || value->size() > 64)
                        return false;
                    const auto state = stateFromWire(*value);
                    if (!state)
                        return false;
                    e.state = *state;
                } else if (is(k, "receivedAt") && once(ReceivedAt)) {
                    value = time();
                    if (value)
                        e.receivedAt = std::move(*value);
                } else if (is(k, "deviceId") && once(DeviceId)) {
                    value = shared();
                    if (value)
                        e.deviceId = *value;
                } else if (is(k, "procedure") && once(Procedure)) {
                    if (!readProcedure(e))
                        return false;
                    continue;
                } else if (is(k, "pauses") && once(Pauses)) {
                    if (!readPauses(e))
                        return false;
                    continue;
                } else {
                    return false;
                }
                if (!value || value->size() > MaxIdLength)
                    return false;
            } while (take(','));
        }
        return take('}') && (seen & Required) == Required;
    }
    bool readProcedure(QueueEntry &e)
    {
        if (!take('{'))
            return false;
        QueueEntry::Procedure procedure;
        unsigned seen = 0;
        if (!peek('}')) {
            do {
                const auto name = token();
                if (!name || !name->plain || !take(':'))
                    return false;
                const QByteArrayView k = name->raw;
                const auto once = [&seen](unsigned field) {
                    const bool first = !(seen & field);
                    seen |= field;
                    return first;
                };
                if (is(k, "kind") && once(1)) {
                    auto kind = required(64);
                    if (!kind || !specialProcedure::fromKey(*kind))
                        return false;
                    procedure.kind = std::move(*kind);
                } else if (is(k, "reason") && once(2)) {
                    auto reason = required(specialProcedure::kMaxReasonLength);
                    if (!reason)
                        return false;
                    procedure.reason = std::move(*reason);
                } else if (is(k, "expectedEnd") && once(4)) {
                    auto end = required(10);
                    if (!end || end->size() != 10 || !QDate::fromString(*end, Qt::ISODate).isValid())
                        return false;
                    procedure.expectedEnd = std::move(*end);
                } else if (is(k, "startedAt") && once(8)) {
                    auto started = time();
                    if (!started)
                        return false;
                    procedure.startedAt = std::move(*started);
                } else {
                    return false;
                }
            } while (take(','));
        }
        if (!take('}') || seen != 15)
            return false;
        e.procedure = std::move(procedure);
        return true;
    }
    bool readPauses(QueueEntry &e)
    {
        if (!take('['))
            return false;
        if (take(']'))
            return true;
        do {
            if (!take('{'))
                return false;
            QString from;
            QString to;
            if (!peek('}')) {
                do {
                    const auto name = token();
                    if (!name || !name->plain || !take(':'))
                        return false;
                    QString &field = is(name->raw, "from") ? from : to;
                    if ((!is(name->raw, "from") && !is(name->raw, "to")) || !field.isEmpty())
                        return false;
                    auto value = time();
                    if (!value)
                        return false;
                    field = std::move(*value);
                } while (take(','));
            }
            if (!take('}') || from.isEmpty() || to.isEmpty())
                return false;
            e.pauses.append({std::move(from), std::move(to)});
        } while (take(','));
        return take(']');
    }

    static constexpr quint32 Slots = 1024;
    struct Interned
    {
        QByteArrayView bytes; // into the body, which outlives the scanner
        QString text;
    };
    const char *m_p;
    const char *m_end;
    std::vector<Interned> m_interned = std::vector<Interned>(Slots);
    quint32 m_used = 0;
};

} // namespace

std::optional<QueueAnswer> QueueAnswer::readInOnePass(const QByteArray &body)
{
    return QueueScanner(body).read();
}

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
