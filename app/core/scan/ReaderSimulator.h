#pragma once

#include "scan/Ga467.h"

#include <QHash>
#include <QObject>
#include <QSocketNotifier>
#include <QString>

#include <memory>
#include <optional>

namespace ow::scan {

// An ID card reader on a pseudo-terminal: IdCardReader opens slavePath() like a serial port and
// the simulator answers GA 467 commands on the master side, as a reader's SAM module would. The
// kiosk's demonstration mode reads demo cards through it (the real reader's whole path); the
// tests add faults on demand: bad checksums, answers cut short, garbage on the line, answers
// dribbled out in small pieces, and the cable pulled in the middle of an answer. POSIX only.
class ReaderSimulator : public QObject
{
    Q_OBJECT

public:
    ReaderSimulator();
    ~ReaderSimulator() override;

    bool isOpen() const { return m_master >= 0; }
    QString slavePath() const { return m_slavePath; }

    // A card lies on the reader until it has been read once (as real readers report it).
    void placeCard(const ga467::IdCardData &card);
    void setCorruptReads(int count) { m_corruptReads = count; }
    void setTruncateNextRead(bool truncate) { m_truncateRead = truncate; }
    void setUnplugDuringRead(bool unplug) { m_unplugDuringRead = unplug; }
    void setGarbageBeforeAnswers(bool garbage) { m_garbage = garbage; }
    void setChunkSize(int bytes) { m_chunk = bytes; }
    void unplug();

    int commandsSeen(quint8 cmd, quint8 para) const;

private:
    void onReadable();
    void answer(const QByteArray &commandBody);
    void write(const QByteArray &bytes);

    int m_master = -1;
    int m_slaveKeepAlive = -1;
    QString m_slavePath;
    std::unique_ptr<QSocketNotifier> m_notifier;
    ga467::FrameParser m_parser;
    std::optional<ga467::IdCardData> m_card;
    int m_corruptReads = 0;
    bool m_truncateRead = false;
    bool m_unplugDuringRead = false;
    bool m_garbage = false;
    int m_chunk = 0;
    QHash<int, int> m_seen;
};

} // namespace ow::scan
