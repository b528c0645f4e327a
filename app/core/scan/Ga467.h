#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QDate>
#include <QString>

#include <optional>

namespace ow::scan {

// Resident ID card readers (二代证阅读器) speak the framing of GA 467 over a serial line:
//   AA AA AA 96 69 | LEN (2 bytes, big-endian) | body | CHK
// LEN counts the body and the checksum byte; CHK is the XOR of the two LEN bytes and the body.
// A command's body is CMD PARA [data]; a response's body is SW1 SW2 SW3 [data].
namespace ga467 {

constexpr char kPreamble[] = "\xAA\xAA\xAA\x96\x69";
constexpr int kPreambleSize = 5;
constexpr int kMaxLength = 4096; // the longest real response (with fingerprints) is about 2.3 KB

// Commands (CMD, PARA) and the status bytes (SW3) that answer them.
enum : quint8 {
    CmdFindCard = 0x20,
    ParaFindCard = 0x01,
    ParaSelectCard = 0x02,
    CmdRead = 0x30,
    ParaReadBase = 0x01,
    CmdSamStatus = 0x11,
    ParaSamStatus = 0xFF,

    SwOk = 0x90,
    SwCardFound = 0x9F,
    SwNoCard = 0x80,
    SwSelectFailed = 0x81,
    SwReadFailed = 0x41,
};

QByteArray encodeCommand(quint8 cmd, quint8 para, const QByteArray &data = {});

struct Response
{
    quint8 sw1 = 0;
    quint8 sw2 = 0;
    quint8 sw3 = 0;
    QByteArray data;
};
QByteArray encodeResponse(const Response &response);
std::optional<Response> responseFromBody(const QByteArray &body);

// Incremental frame parser: feed whatever the line delivers, take frames out. Garbage between
// frames is skipped, a bad checksum or an impossible length is reported and the parser resyncs
// on the next preamble. Memory stays bounded whatever the input.
class FrameParser
{
public:
    enum class Kind { Frame, BadChecksum, BadLength };
    struct Item
    {
        Kind kind = Kind::Frame;
        QByteArray body; // for Frame: the body without LEN and CHK
    };

    void feed(const QByteArray &bytes);
    std::optional<Item> next();
    // Bytes of a frame that has started but not finished.
    bool hasPartialFrame() const;
    qsizetype bufferedBytes() const { return m_buffer.size(); }
    void reset() { m_buffer.clear(); }
    // As reset(), overwriting every byte the buffer held first (card text passes through it).
    void wipe();

private:
    QByteArray m_buffer;
};

// What the card holds besides the photo: GA 467 text block, 256 bytes of UCS-2LE.
struct IdCardData
{
    QString name;
    QString sexCode; // GB/T 2261.1: 0 unknown, 1 male, 2 female, 9 unstated
    QString sex;
    QString ethnicityCode; // GB/T 3304
    QString ethnicity;
    QDate birthDate;
    QString address;
    QString number;
    QString issuer;
    QDate validFrom;
    QDate validUntil;    // null: long-term 长期
    QByteArray photoWlt; // the encrypted WLT photo, kept opaque: decoding it needs a licensed library
};

constexpr int kTextSize = 256;
constexpr int kPhotoSize = 1024;

// Parses the data of a successful read response: text length, photo length, text, photo.
// Checks the text the way a clerk would: valid ID number, consistent birth date and sex.
Result<IdCardData> parseReadData(const QByteArray &data, const QDate &today);
Result<IdCardData> parseCardText(const QByteArray &text, const QDate &today);
// The simulator's side: the text block of a card.
QByteArray encodeCardText(const IdCardData &card);
QByteArray encodeReadData(const IdCardData &card);

QString ethnicityName(const QString &code);
QString sexName(const QString &code);

} // namespace ga467

} // namespace ow::scan
