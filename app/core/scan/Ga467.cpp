#include "scan/Ga467.h"

#include "scan/ScanLogging.h"
#include "scan/ScanText.h"

#include "domain/IdNumber.h"

#include <QtEndian>

#include <cstring>

namespace ow::scan::ga467 {

namespace {

const QByteArray kPreambleBytes(kPreamble, kPreambleSize);

quint8 xorOf(const QByteArray &bytes, qsizetype from, qsizetype to)
{
    quint8 x = 0;
    for (qsizetype i = from; i < to; ++i)
        x ^= static_cast<quint8>(bytes[i]);
    return x;
}

QByteArray frame(const QByteArray &body)
{
    const qsizetype len = body.size() + 1;
    QByteArray out = kPreambleBytes;
    out.append(static_cast<char>((len >> 8) & 0xFF));
    out.append(static_cast<char>(len & 0xFF));
    out.append(body);
    out.append(static_cast<char>(xorOf(out, kPreambleSize, out.size())));
    return out;
}

// Field layout of the text block (bytes of UCS-2LE).
struct Field
{
    int offset;
    int size;
};
constexpr Field kName{0, 30};
constexpr Field kSex{30, 2};
constexpr Field kEthnicity{32, 4};
constexpr Field kBirth{36, 16};
constexpr Field kAddress{52, 70};
constexpr Field kNumber{122, 36};
constexpr Field kIssuer{158, 30};
constexpr Field kValidFrom{188, 16};
constexpr Field kValidUntil{204, 16};

std::optional<QString> readField(const QByteArray &text, Field f)
{
    QString s;
    s.reserve(f.size / 2);
    for (int i = f.offset; i < f.offset + f.size; i += 2) {
        const char16_t c =
            static_cast<char16_t>(static_cast<quint8>(text[i]) | (static_cast<quint8>(text[i + 1]) << 8));
        const QChar qc(c);
        if (qc.isSurrogate() || qc.category() == QChar::Other_Control || qc.category() == QChar::Other_Format)
            return std::nullopt;
        s.append(qc);
    }
    // Fields are padded with spaces; a few readers pad with NUL, already refused above.
    while (!s.isEmpty() && s.back() == u' ')
        s.chop(1);
    return s;
}

void writeField(QByteArray &text, Field f, const QString &value)
{
    for (int i = 0; i < f.size / 2; ++i) {
        const char16_t c = i < value.size() ? value[i].unicode() : u' ';
        text[f.offset + 2 * i] = static_cast<char>(c & 0xFF);
        text[f.offset + 2 * i + 1] = static_cast<char>(c >> 8);
    }
}

std::optional<QDate> parseDate(const QString &s)
{
    if (s.size() != 8)
        return std::nullopt;
    for (QChar c : s) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    const QDate d = QDate::fromString(s, QStringLiteral("yyyyMMdd"));
    if (!d.isValid())
        return std::nullopt;
    return d;
}

Error cardError(const QString &detail)
{
    return makeError(ErrorCode::Invalid,
                     ScanText::tr("The ID card could not be read correctly; place it on the reader again."), detail);
}

} // namespace

QByteArray encodeCommand(quint8 cmd, quint8 para, const QByteArray &data)
{
    QByteArray body;
    body.append(static_cast<char>(cmd));
    body.append(static_cast<char>(para));
    body.append(data);
    return frame(body);
}

QByteArray encodeResponse(const Response &r)
{
    QByteArray body;
    body.append(static_cast<char>(r.sw1));
    body.append(static_cast<char>(r.sw2));
    body.append(static_cast<char>(r.sw3));
    body.append(r.data);
    return frame(body);
}

std::optional<Response> responseFromBody(const QByteArray &body)
{
    if (body.size() < 3)
        return std::nullopt;
    Response r;
    r.sw1 = static_cast<quint8>(body[0]);
    r.sw2 = static_cast<quint8>(body[1]);
    r.sw3 = static_cast<quint8>(body[2]);
    r.data = body.mid(3);
    return r;
}

void FrameParser::feed(const QByteArray &bytes)
{
    m_buffer.append(bytes);
    // Bounded memory: without a preamble in sight, keep only what could be the start of one.
    if (m_buffer.size() > 2 * (kMaxLength + 8) && m_buffer.indexOf(kPreambleBytes) < 0)
        m_buffer = m_buffer.right(kPreambleSize - 1);
}

void FrameParser::wipe()
{
    // The whole allocation, not only size(): removing a frame moves bytes but leaves copies behind.
    if (m_buffer.capacity() > 0) {
        const qsizetype capacity = m_buffer.capacity();
        std::memset(m_buffer.data(), 0, size_t(capacity));
    }
    m_buffer.clear();
}

std::optional<FrameParser::Item> FrameParser::next()
{
    for (;;) {
        const qsizetype start = m_buffer.indexOf(kPreambleBytes);
        if (start < 0) {
            // Keep only a possible partial preamble at the end.
            qsizetype keep = qMin<qsizetype>(m_buffer.size(), kPreambleSize - 1);
            while (keep > 0 && !m_buffer.endsWith(kPreambleBytes.left(keep)))
                --keep;
            m_buffer = m_buffer.right(keep);
            return std::nullopt;
        }
        if (start > 0)
            m_buffer.remove(0, start);
        if (m_buffer.size() < kPreambleSize + 2)
            return std::nullopt;
        const int len =
            (static_cast<quint8>(m_buffer[kPreambleSize]) << 8) | static_cast<quint8>(m_buffer[kPreambleSize + 1]);
        if (len < 3 || len > kMaxLength) {
            m_buffer.remove(0, 1); // resync on the next preamble
            return Item{Kind::BadLength, {}};
        }
        const qsizetype total = kPreambleSize + 2 + len;
        if (m_buffer.size() < total)
            return std::nullopt;
        const quint8 expected = xorOf(m_buffer, kPreambleSize, total - 1);
        if (expected != static_cast<quint8>(m_buffer[total - 1])) {
            m_buffer.remove(0, 1);
            return Item{Kind::BadChecksum, {}};
        }
        Item item{Kind::Frame, m_buffer.mid(kPreambleSize + 2, len - 1)};
        m_buffer.remove(0, total);
        return item;
    }
}

bool FrameParser::hasPartialFrame() const
{
    return !m_buffer.isEmpty() &&
           m_buffer.startsWith(kPreambleBytes.left(qMin<qsizetype>(m_buffer.size(), kPreambleSize)));
}

QString sexName(const QString &code)
{
    if (code == u"1")
        return QStringLiteral("男");
    if (code == u"2")
        return QStringLiteral("女");
    if (code == u"0")
        return QStringLiteral("未知");
    if (code == u"9")
        return QStringLiteral("未说明");
    return {};
}

QString ethnicityName(const QString &code)
{
    // GB/T 3304-1991, in code order 01–56.
    static const char16_t *const names[] = {
        u"汉",     u"蒙古",   u"回",       u"藏",     u"维吾尔", u"苗",   u"彝",     u"壮",   u"布依",     u"朝鲜",
        u"满",     u"侗",     u"瑶",       u"白",     u"土家",   u"哈尼", u"哈萨克", u"傣",   u"黎",       u"傈僳",
        u"佤",     u"畲",     u"高山",     u"拉祜",   u"水",     u"东乡", u"纳西",   u"景颇", u"柯尔克孜", u"土",
        u"达斡尔", u"仫佬",   u"羌",       u"布朗",   u"撒拉",   u"毛南", u"仡佬",   u"锡伯", u"阿昌",     u"普米",
        u"塔吉克", u"怒",     u"乌孜别克", u"俄罗斯", u"鄂温克", u"德昂", u"保安",   u"裕固", u"京",       u"塔塔尔",
        u"独龙",   u"鄂伦春", u"赫哲",     u"门巴",   u"珞巴",   u"基诺",
    };
    static_assert(std::size(names) == 56);
    if (code.size() != 2 || code[0] < u'0' || code[0] > u'9' || code[1] < u'0' || code[1] > u'9')
        return {};
    const int n = code.toInt();
    if (n >= 1 && n <= 56)
        return QString::fromUtf16(names[n - 1]);
    if (n == 97)
        return QStringLiteral("其他");
    if (n == 98)
        return QStringLiteral("外国血统中国籍人士");
    return {};
}

Result<IdCardData> parseCardText(const QByteArray &text, const QDate &today)
{
    if (text.size() != kTextSize)
        return cardError(QStringLiteral("card text: %1 bytes instead of %2").arg(text.size()).arg(kTextSize));
    IdCardData c;
    const auto name = readField(text, kName);
    const auto sex = readField(text, kSex);
    const auto ethnicity = readField(text, kEthnicity);
    const auto birth = readField(text, kBirth);
    const auto address = readField(text, kAddress);
    const auto number = readField(text, kNumber);
    const auto issuer = readField(text, kIssuer);
    const auto from = readField(text, kValidFrom);
    const auto until = readField(text, kValidUntil);
    if (!name || !sex || !ethnicity || !birth || !address || !number || !issuer || !from || !until)
        return cardError(QStringLiteral("card text: control or surrogate characters in a field"));
    if (name->isEmpty() || address->isEmpty() || issuer->isEmpty())
        return cardError(QStringLiteral("card text: empty name, address or issuer"));
    c.name = *name;
    c.address = *address;
    c.issuer = *issuer;
    c.sexCode = *sex;
    c.sex = sexName(c.sexCode);
    c.ethnicityCode = *ethnicity;
    c.ethnicity = ethnicityName(c.ethnicityCode);
    if (c.sex.isEmpty() || c.ethnicity.isEmpty())
        return cardError(QStringLiteral("card text: unknown sex or ethnicity code"));
    const auto born = parseDate(*birth);
    const auto validFrom = parseDate(*from);
    if (!born || !validFrom)
        return cardError(QStringLiteral("card text: malformed birth date or start of validity"));
    c.birthDate = *born;
    c.validFrom = *validFrom;
    if (*until != QStringLiteral("长期")) {
        const auto validUntil = parseDate(*until);
        if (!validUntil || *validUntil < c.validFrom)
            return cardError(QStringLiteral("card text: malformed end of validity"));
        c.validUntil = *validUntil;
    }
    c.number = idNumber::normalized(*number);
    if (idNumber::check(c.number, today) != idNumber::Problem::None)
        return cardError(QStringLiteral("card text: ID number fails its checks"));
    if (idNumber::birthDate(c.number) != c.birthDate)
        return cardError(QStringLiteral("card text: birth date differs from the ID number"));
    if ((c.sexCode == u"1" || c.sexCode == u"2") && idNumber::isMale(c.number) != (c.sexCode == u"1"))
        return cardError(QStringLiteral("card text: sex differs from the ID number"));
    return c;
}

Result<IdCardData> parseReadData(const QByteArray &data, const QDate &today)
{
    if (data.size() < 4)
        return cardError(QStringLiteral("read data: %1 bytes, no length header").arg(data.size()));
    const int textLen = qFromBigEndian<quint16>(data.constData());
    const int photoLen = qFromBigEndian<quint16>(data.constData() + 2);
    if (textLen != kTextSize || photoLen > kPhotoSize || data.size() < 4 + textLen + photoLen)
        return cardError(
            QStringLiteral("read data: text %1, photo %2, total %3 bytes").arg(textLen).arg(photoLen).arg(data.size()));
    auto card = parseCardText(data.mid(4, textLen), today);
    if (!card)
        return card;
    card->photoWlt = data.mid(4 + textLen, photoLen);
    return card;
}

QByteArray encodeCardText(const IdCardData &c)
{
    QByteArray text(kTextSize, '\0');
    for (int i = 0; i < kTextSize; i += 2)
        text[i] = ' ';
    writeField(text, kName, c.name);
    writeField(text, kSex, c.sexCode);
    writeField(text, kEthnicity, c.ethnicityCode);
    writeField(text, kBirth, c.birthDate.toString(QStringLiteral("yyyyMMdd")));
    writeField(text, kAddress, c.address);
    writeField(text, kNumber, c.number);
    writeField(text, kIssuer, c.issuer);
    writeField(text, kValidFrom, c.validFrom.toString(QStringLiteral("yyyyMMdd")));
    writeField(text, kValidUntil,
               c.validUntil.isValid() ? c.validUntil.toString(QStringLiteral("yyyyMMdd")) : QStringLiteral("长期"));
    return text;
}

QByteArray encodeReadData(const IdCardData &c)
{
    QByteArray photo = c.photoWlt.left(kPhotoSize);
    photo.append(QByteArray(kPhotoSize - photo.size(), '\0'));
    QByteArray out(4, '\0');
    qToBigEndian<quint16>(kTextSize, out.data());
    qToBigEndian<quint16>(kPhotoSize, out.data() + 2);
    return out + encodeCardText(c) + photo;
}

} // namespace ow::scan::ga467
