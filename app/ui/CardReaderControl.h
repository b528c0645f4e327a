#pragma once

#include "scan/Ga467.h"

#include <QObject>
#include <QQmlEngine>
#include <QTimer>

#include <memory>

namespace ow {

class Clock;

namespace scan {
class IdCardReader;
class ReaderSimulator;
} // namespace scan

// Who takes what a card read holds: the kiosk's IdentityEntry, the desk's WindowDesk. The card's
// number is checked there; true when it was accepted. The card's data must not be logged.
class IdCardSink
{
public:
    virtual ~IdCardSink() = default;
    virtual bool takeCard(const scan::ga467::IdCardData &card) = 0;

protected:
    IdCardSink() = default;
    IdCardSink(const IdCardSink &) = default;
    IdCardSink &operator=(const IdCardSink &) = default;
};

// The ID card reader of a kiosk or a window (GA 467 on a serial line, --card-reader
// /dev/ttyUSB0): a card read while its owner accepts cards (the kiosk's identify screen, the
// desk's acceptance page) goes to the sink (number checked there, the name only masked on
// screen). The card's bytes (text and photo) are held here until the visit or the case ends, and
// wipe() overwrites them and the reader's line buffer. A reader that is missing or unplugged is
// said clearly and typing still works; a reader plugged back in is found again.
//
// Demonstration devices without a reader use the pty simulator of app/core/scan with made-up
// cards: tapDemoCard() lays one on the simulated reader and it is read through the real path.
class CardReaderControl : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by the kiosk's or the desk's session")
    // "none" (no reader configured), "ready", "unplugged".
    Q_PROPERTY(QString state READ state NOTIFY changed)
    // What the citizen (or the clerk) should know about the reader (translated); empty when all is well.
    Q_PROPERTY(QString message READ message NOTIFY changed)
    Q_PROPERTY(bool simulated READ simulated NOTIFY changed)
    // A demo card lies on the simulated reader and has not been read yet.
    Q_PROPERTY(bool waitingForDemoCard READ waitingForDemoCard NOTIFY changed)

public:
    // How often a missing reader is looked for again.
    static constexpr int ReopenIntervalMs = 3000;

    // Whose words the messages are in: the citizen's at a kiosk (the keypad), the clerk's at a
    // window (the typed fields).
    enum class Audience { Citizen, Clerk };

    explicit CardReaderControl(IdCardSink *sink, Audience audience = Audience::Citizen, QObject *parent = nullptr);
    ~CardReaderControl() override;

    void setClock(const Clock *clock) { m_clock = clock; }

    // The reader on a serial device. False when it cannot be opened now (message() says so
    // kindly); it is looked for again every few seconds.
    bool open(const QString &portName);
    // Demonstration: the pty simulator with demo cards, read by the real reader code.
    bool openSimulator();
    void close();

    QString state() const;
    QString message() const { return m_message; }
    bool simulated() const { return m_simulator != nullptr; }
    bool waitingForDemoCard() const { return m_demoPending; }

    // Cards are taken only while the identify screen is up; one tapped elsewhere is dropped.
    void setAccepting(bool accepting);

    // Lays the next demo card on the simulated reader (demonstration devices only).
    Q_INVOKABLE void tapDemoCard();

    // The end of a visit: the held card's bytes and the reader's buffers overwritten.
    void wipe();

    // What is held of the last card (tests check that wipe() overwrote it).
    bool holdsCard() const { return m_card.has_value(); }
    QByteArray cardPhoto() const { return m_card ? m_card->photoWlt : QByteArray(); }
    QString cardName() const { return m_card ? m_card->name : QString(); }
    scan::IdCardReader *reader() const { return m_reader.get(); }
    scan::ReaderSimulator *simulator() const { return m_simulator.get(); }

    // Made-up cards for demonstrations: valid numbers (check digit computed), names 演示用户….
    static QList<scan::ga467::IdCardData> demoCards();

Q_SIGNALS:
    void changed();
    // A card was read and given to the sink.
    void cardAccepted();

private:
    bool openPort();
    void onCard(const scan::ga467::IdCardData &card);
    void onFailed(const QString &message);
    void onDisconnected();
    void wipeCard();
    void setMessage(const QString &message);

    QString notConnectedMessage() const;
    QString unpluggedMessage() const;

    IdCardSink *m_sink;
    Audience m_audience;
    const Clock *m_clock;
    std::unique_ptr<scan::ReaderSimulator> m_simulator;
    std::unique_ptr<scan::IdCardReader> m_reader;
    std::optional<scan::ga467::IdCardData> m_card;
    QTimer m_reopen;
    QString m_port;
    QString m_message;
    bool m_unplugged = false;
    bool m_accepting = false;
    bool m_demoPending = false;
    int m_nextDemo = 0;
};

} // namespace ow
