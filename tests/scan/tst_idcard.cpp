// ID card readers: the GA 467 frame codec and card text (tables, hostile bytes), then the real
// serial reader against a simulator on a pseudo-terminal: normal reads, bad checksums, answers
// cut short, garbage and dribbled bytes on the line, and a reader unplugged mid-read.
#include "scan/Ga467.h"
#include "scan/IdCardReader.h"
#include "scan/ReaderSimulator.h"

#include "common/Clock.h"

#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace ow;
using namespace ow::scan;

namespace {

ga467::IdCardData sampleCard()
{
    ga467::IdCardData c;
    c.name = QStringLiteral("欧阳娜娜");
    c.sexCode = QStringLiteral("2");
    c.ethnicityCode = QStringLiteral("01");
    c.birthDate = QDate(1949, 12, 31);
    c.address = QStringLiteral("北京市朝阳区建国路88号院3号楼2单元501室");
    c.number = QStringLiteral("11010519491231002X");
    c.issuer = QStringLiteral("北京市公安局朝阳分局");
    c.validFrom = QDate(2015, 6, 1);
    c.validUntil = QDate(); // 长期
    c.photoWlt = QByteArray(1024, '\x5A');
    return c;
}

const QDate kToday(2026, 3, 15);
const ManualClock kClock(QDateTime(kToday, QTime(2, 0), QTimeZone::utc()));

QByteArray withField(const ga467::IdCardData &card, int offset, const QString &value)
{
    QByteArray text = ga467::encodeCardText(card);
    for (int i = 0; i < value.size(); ++i) {
        text[offset + 2 * i] = char(value[i].unicode() & 0xFF);
        text[offset + 2 * i + 1] = char(value[i].unicode() >> 8);
    }
    return text;
}

} // namespace

#define OW_OPEN(reader, sim)                                                                                           \
    do {                                                                                                               \
        const Status owOpen_ = (reader).open((sim).slavePath());                                                       \
        QVERIFY2(owOpen_.ok(), owOpen_.ok() ? "" : qPrintable(owOpen_.error().logDetail));                             \
    } while (false)

class TestIdCard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void frameRoundTrip()
    {
        const QByteArray cmd = ga467::encodeCommand(0x20, 0x01);
        QCOMPARE(cmd.toHex(' '), QByteArray("aa aa aa 96 69 00 03 20 01 22"));
        ga467::FrameParser p;
        p.feed(cmd);
        const auto item = p.next();
        QVERIFY(item);
        QCOMPARE(item->kind, ga467::FrameParser::Kind::Frame);
        QCOMPARE(item->body, QByteArray("\x20\x01", 2));
        QVERIFY(!p.next());
        QVERIFY(!p.hasPartialFrame());
    }

    void parserTable_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QString>("expected"); // F frame, C bad checksum, L bad length

        const QByteArray ok = ga467::encodeResponse({0, 0, 0x90, QByteArray("data")});
        QByteArray badSum = ok;
        badSum[badSum.size() - 1] = char(badSum[badSum.size() - 1] ^ 1);
        QTest::newRow("one frame") << ok << QStringLiteral("F");
        QTest::newRow("two frames") << ok + ok << QStringLiteral("FF");
        QTest::newRow("garbage before") << QByteArray("\x01\xAA\xAA\x96junk", 8) + ok << QStringLiteral("F");
        QTest::newRow("bad checksum, then good") << badSum + ok << QStringLiteral("CF");
        QTest::newRow("length zero") << QByteArray("\xAA\xAA\xAA\x96\x69\x00\x00", 7) + ok << QStringLiteral("LF");
        QTest::newRow("length too large") << QByteArray("\xAA\xAA\xAA\x96\x69\xFF\xFF", 7) + ok << QStringLiteral("LF");
        QTest::newRow("half a frame") << ok.left(9) << QString();
        // A preamble inside a frame's data does not confuse the next frame.
        const QByteArray tricky = ga467::encodeResponse({0, 0, 0x90, QByteArray(ga467::kPreamble, 5) + "\x00\x05"});
        QTest::newRow("preamble inside data") << tricky + ok << QStringLiteral("FF");
    }

    void parserTable()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QString, expected);
        // Whole, and byte by byte: the same items.
        for (int step : {int(stream.size()), 1}) {
            ga467::FrameParser p;
            QString seen;
            for (qsizetype at = 0; at < stream.size(); at += step) {
                p.feed(stream.mid(at, step));
                while (const auto item = p.next())
                    seen += item->kind == ga467::FrameParser::Kind::Frame         ? u'F'
                            : item->kind == ga467::FrameParser::Kind::BadChecksum ? u'C'
                                                                                  : u'L';
            }
            QCOMPARE(seen, expected);
        }
    }

    void parserMemoryIsBounded()
    {
        ga467::FrameParser p;
        QRandomGenerator rng(11);
        QByteArray noise(1 << 20, '\0');
        for (char &c : noise)
            c = char(rng.bounded(0x60)); // never 0xAA: no preamble
        for (int i = 0; i < 8; ++i) {
            p.feed(noise);
            while (p.next()) {
            }
        }
        QVERIFY(p.bufferedBytes() < 16);
        // A preamble with a maximal length holds at most one frame's worth.
        p.feed(QByteArray("\xAA\xAA\xAA\x96\x69\x10\x00", 7));
        p.feed(QByteArray(3000, 'x'));
        QVERIFY(!p.next());
        QVERIFY(p.hasPartialFrame());
        QVERIFY(p.bufferedBytes() <= 7 + ga467::kMaxLength);
    }

    void cardTextRoundTrip()
    {
        const ga467::IdCardData card = sampleCard();
        const auto parsed = ga467::parseReadData(ga467::encodeReadData(card), kToday);
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : qPrintable(parsed.error().logDetail));
        QCOMPARE(parsed->name, card.name);
        QCOMPARE(parsed->sex, QStringLiteral("女"));
        QCOMPARE(parsed->ethnicity, QStringLiteral("汉"));
        QCOMPARE(parsed->birthDate, card.birthDate);
        QCOMPARE(parsed->address, card.address);
        QCOMPARE(parsed->number, card.number);
        QCOMPARE(parsed->issuer, card.issuer);
        QCOMPARE(parsed->validFrom, card.validFrom);
        QVERIFY(parsed->validUntil.isNull());
        QCOMPARE(parsed->photoWlt.size(), 1024);

        ga467::IdCardData tenYears = card;
        tenYears.validUntil = QDate(2025, 6, 1);
        tenYears.ethnicityCode = QStringLiteral("29");
        const auto p2 = ga467::parseCardText(ga467::encodeCardText(tenYears), kToday);
        QVERIFY(p2.ok());
        QCOMPARE(p2->validUntil, QDate(2025, 6, 1));
        QCOMPARE(p2->ethnicity, QStringLiteral("柯尔克孜"));
    }

    void cardTextHostile_data()
    {
        QTest::addColumn<QByteArray>("text");
        const ga467::IdCardData card = sampleCard();
        QTest::newRow("too short") << ga467::encodeCardText(card).left(200);
        QTest::newRow("sex contradicts the number") << withField(card, 30, QStringLiteral("1"));
        QTest::newRow("birth date contradicts the number") << withField(card, 36, QStringLiteral("19491230"));
        QTest::newRow("wrong check digit") << withField(card, 122, QStringLiteral("110105194912310021"));
        QTest::newRow("impossible birth date") << withField(card, 36, QStringLiteral("19490231"));
        QTest::newRow("unknown ethnicity") << withField(card, 32, QStringLiteral("77"));
        QTest::newRow("lone surrogate in the name") << withField(card, 0, QString(QChar(0xD800)));
        QTest::newRow("control character in the address") << withField(card, 52, QStringLiteral("\u0007"));
        QTest::newRow("validity ends before it starts") << withField(card, 204, QStringLiteral("20100101"));
        QTest::newRow("empty name") << withField(card, 0, QString(15, u' '));
        QTest::newRow("all zero") << QByteArray(256, '\0');
        QTest::newRow("all 0xFF") << QByteArray(256, '\xFF');
    }

    void cardTextHostile()
    {
        QFETCH(QByteArray, text);
        const auto r = ga467::parseCardText(text, kToday);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().userMessage.isEmpty());
        // The log detail says what was wrong, never what the card said.
        QVERIFY(!r.error().logDetail.contains(QStringLiteral("1101")));
        QVERIFY(!r.error().logDetail.contains(QStringLiteral("欧阳")));
    }

    void readDataHostile()
    {
        QVERIFY(!ga467::parseReadData(QByteArray(), kToday).ok());
        QByteArray data = ga467::encodeReadData(sampleCard());
        QVERIFY(!ga467::parseReadData(data.left(100), kToday).ok());
        data[0] = char(0x7F); // a text length of 32 KB
        QVERIFY(!ga467::parseReadData(data, kToday).ok());
    }

    // --- the reader over a pseudo-terminal ---

    void readerReadsACard()
    {
        ReaderSimulator sim;
        QVERIFY(sim.isOpen());
        IdCardReader reader(kClock);
        reader.setPollIntervalMs(20);
        QSignalSpy read(&reader, &IdCardReader::cardRead);
        QSignalSpy failed(&reader, &IdCardReader::readFailed);
        QVERIFY(read.isValid());
        QVERIFY(failed.isValid());
        OW_OPEN(reader, sim);
        QTRY_VERIFY_WITH_TIMEOUT(sim.commandsSeen(ga467::CmdFindCard, ga467::ParaFindCard) >= 2, 5000);
        QCOMPARE(read.count(), 0);
        sim.placeCard(sampleCard());
        QTRY_COMPARE_WITH_TIMEOUT(read.count(), 1, 5000);
        const auto card = read.at(0).at(0).value<ga467::IdCardData>();
        QCOMPARE(card.name, QStringLiteral("欧阳娜娜"));
        QCOMPARE(card.number, QStringLiteral("11010519491231002X"));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(reader.state(), IdCardReader::State::Polling);
        // Read once: the reader does not report the same card again while it lies there.
        const int finds = sim.commandsSeen(ga467::CmdFindCard, ga467::ParaFindCard);
        QTRY_VERIFY_WITH_TIMEOUT(sim.commandsSeen(ga467::CmdFindCard, ga467::ParaFindCard) >= finds + 3, 5000);
        QCOMPARE(read.count(), 1);
    }

    void readerRetriesABadChecksum()
    {
        ReaderSimulator sim;
        sim.placeCard(sampleCard());
        sim.setCorruptReads(1);
        IdCardReader reader(kClock);
        QSignalSpy read(&reader, &IdCardReader::cardRead);
        QSignalSpy failed(&reader, &IdCardReader::readFailed);
        QVERIFY(read.isValid());
        QVERIFY(failed.isValid());
        OW_OPEN(reader, sim);
        QTRY_COMPARE_WITH_TIMEOUT(read.count(), 1, 5000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(sim.commandsSeen(ga467::CmdRead, ga467::ParaReadBase), 2);
    }

    void readerGivesUpOnPersistentBadChecksums()
    {
        ReaderSimulator sim;
        sim.placeCard(sampleCard());
        sim.setCorruptReads(3);
        IdCardReader reader(kClock);
        reader.setMaxRetries(2);
        QSignalSpy read(&reader, &IdCardReader::cardRead);
        QSignalSpy failed(&reader, &IdCardReader::readFailed);
        QVERIFY(read.isValid());
        QVERIFY(failed.isValid());
        OW_OPEN(reader, sim);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QCOMPARE(failed.at(0).at(0).value<Error>().code, ErrorCode::Corrupt);
        // It keeps polling: the card is still there, and the fourth read is clean.
        QTRY_COMPARE_WITH_TIMEOUT(read.count(), 1, 5000);
        QCOMPARE(sim.commandsSeen(ga467::CmdRead, ga467::ParaReadBase), 4);
    }

    void readerTimesOutOnAPartialFrame()
    {
        ReaderSimulator sim;
        sim.placeCard(sampleCard());
        sim.setTruncateNextRead(true);
        IdCardReader reader(kClock);
        reader.setResponseTimeoutMs(300);
        reader.setMaxRetries(0);
        QSignalSpy read(&reader, &IdCardReader::cardRead);
        QSignalSpy failed(&reader, &IdCardReader::readFailed);
        QVERIFY(read.isValid());
        QVERIFY(failed.isValid());
        OW_OPEN(reader, sim);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        const Error e = failed.at(0).at(0).value<Error>();
        QCOMPARE(e.code, ErrorCode::Io);
        QVERIFY(e.logDetail.contains(QStringLiteral("incomplete")));
        QTRY_COMPARE_WITH_TIMEOUT(read.count(), 1, 5000);
    }

    void readerCopesWithGarbageAndSlowLines()
    {
        ReaderSimulator sim;
        sim.placeCard(sampleCard());
        sim.setGarbageBeforeAnswers(true);
        sim.setChunkSize(37);
        IdCardReader reader(kClock);
        QSignalSpy read(&reader, &IdCardReader::cardRead);
        QSignalSpy failed(&reader, &IdCardReader::readFailed);
        QVERIFY(read.isValid());
        QVERIFY(failed.isValid());
        OW_OPEN(reader, sim);
        QTRY_COMPARE_WITH_TIMEOUT(read.count(), 1, 10000);
        QCOMPARE(failed.count(), 0);
    }

    void readerUnpluggedMidRead()
    {
        ReaderSimulator sim;
        sim.placeCard(sampleCard());
        sim.setUnplugDuringRead(true);
        IdCardReader reader(kClock);
        reader.setResponseTimeoutMs(3000);
        QSignalSpy read(&reader, &IdCardReader::cardRead);
        QSignalSpy gone(&reader, &IdCardReader::disconnected);
        QVERIFY(read.isValid());
        QVERIFY(gone.isValid());
        OW_OPEN(reader, sim);
        QTRY_COMPARE_WITH_TIMEOUT(gone.count(), 1, 5000);
        QCOMPARE(reader.state(), IdCardReader::State::Disconnected);
        QCOMPARE(read.count(), 0);
        QVERIFY(!gone.at(0).at(0).value<Error>().userMessage.isEmpty());
    }

    void openingAMissingPortFails()
    {
        IdCardReader reader(kClock);
        const Status s = reader.open(QStringLiteral("/dev/ow-no-such-reader"));
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, ErrorCode::Io);
        QCOMPARE(reader.state(), IdCardReader::State::Closed);
    }
};

QTEST_GUILESS_MAIN(TestIdCard)
#include "tst_idcard.moc"
