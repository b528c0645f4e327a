#pragma once

#include "scan/Ga467.h"

#include "common/Clock.h"
#include "common/Result.h"

#include <QObject>
#include <QTimer>

class QSerialPort;

namespace ow::scan {

// A resident ID card reader on a serial line (USB readers show up as /dev/ttyUSB* or
// /dev/ttyACM*). Polls for a card, selects it, reads the text block and reports it; bad
// checksums are retried, incomplete answers time out, a reader unplugged mid-read is reported as
// disconnected. The card photo stays in its encrypted WLT form (see README: it needs a licensed
// decoder).
class IdCardReader : public QObject
{
    Q_OBJECT

public:
    enum class State { Closed, Polling, Reading, Disconnected };
    Q_ENUM(State)

    explicit IdCardReader(const Clock &clock = SystemClock::instance(), QObject *parent = nullptr);
    ~IdCardReader() override;

    Status open(const QString &portName, qint32 baudRate = 115200);
    void close();
    State state() const { return m_state; }

    // Overwrites what the reader still holds of the last card's bytes (the line's buffer); the
    // kiosk calls it when a visit ends. The reader keeps polling.
    void wipeBuffers() { m_parser.wipe(); }
    qsizetype bufferedBytes() const { return m_parser.bufferedBytes(); }

    void setPollIntervalMs(int ms) { m_pollIntervalMs = ms; }
    void setResponseTimeoutMs(int ms) { m_timeoutMs = ms; }
    void setMaxRetries(int retries) { m_maxRetries = retries; }

Q_SIGNALS:
    void cardRead(const ow::scan::ga467::IdCardData &card);
    // Something went wrong with one card; the reader keeps polling.
    void readFailed(const ow::Error &error);
    // The reader is gone (unplugged, port closed under us); open() again to resume.
    void disconnected(const ow::Error &error);
    void stateChanged(ow::scan::IdCardReader::State state);

private:
    enum class Step { None, Find, Select, Read };
    void poll();
    void send(Step step);
    void onReadyRead();
    void onTimeout();
    void onResponse(const ga467::Response &response);
    void retryOrFail(const Error &error);
    void failCard(const Error &error);
    void onPortError();
    void setState(State state);

    const Clock &m_clock;
    QSerialPort *m_port = nullptr;
    ga467::FrameParser m_parser;
    QTimer m_pollTimer;
    QTimer m_timeoutTimer;
    State m_state = State::Closed;
    Step m_step = Step::None;
    int m_retries = 0;
    int m_pollIntervalMs = 300;
    int m_timeoutMs = 1500;
    int m_maxRetries = 2;
};

} // namespace ow::scan

Q_DECLARE_METATYPE(ow::scan::ga467::IdCardData)
