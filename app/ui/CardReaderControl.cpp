#include "CardReaderControl.h"

#include "VisitWipe.h"

#include "common/Clock.h"
#include "domain/IdNumber.h"
#include "scan/IdCardReader.h"
#include "scan/ReaderSimulator.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcCard, "ow.card")

namespace ow {

using scan::ga467::IdCardData;

CardReaderControl::CardReaderControl(IdCardSink *sink, Audience audience, QObject *parent)
    : QObject(parent)
    , m_sink(sink)
    , m_audience(audience)
    , m_clock(&SystemClock::instance())
{
    m_reopen.setInterval(ReopenIntervalMs);
    connect(&m_reopen, &QTimer::timeout, this, [this] {
        if (openPort()) {
            m_reopen.stop();
            qCInfo(lcCard) << "ID card reader is back";
        }
    });
}

CardReaderControl::~CardReaderControl()
{
    wipe();
    close();
}

QList<IdCardData> CardReaderControl::demoCards()
{
    const auto card = [](const QString &name, const QString &first17, const QString &sexCode, const QDate &born) {
        IdCardData c;
        c.name = name;
        c.sexCode = sexCode;
        c.ethnicityCode = QStringLiteral("01");
        c.birthDate = born;
        c.address = QStringLiteral("安徽省滁州市定远县演示路1号（演示数据）");
        c.number = first17 + idNumber::checkDigit(first17);
        c.issuer = QStringLiteral("定远县公安局（演示）");
        c.validFrom = QDate(2020, 1, 1);
        c.photoWlt = QByteArray(scan::ga467::kPhotoSize, '\x5A'); // no photo: a filler of the WLT size
        return c;
    };
    // Region 341125 (Dingyuan county); the sequence numbers give the sex (odd: male).
    return {
        card(QStringLiteral("演示用户"), QStringLiteral("34112519420308123"), QStringLiteral("1"), QDate(1942, 3, 8)),
        card(QStringLiteral("演示用户乙"), QStringLiteral("34112519450101998"), QStringLiteral("2"),
             QDate(1945, 1, 1))};
}

bool CardReaderControl::open(const QString &portName)
{
    close();
    m_port = portName;
    if (openPort())
        return true;
    m_reopen.start();
    return false;
}

bool CardReaderControl::openSimulator()
{
    close();
    m_simulator = std::make_unique<scan::ReaderSimulator>();
    if (!m_simulator->isOpen()) {
        m_simulator.reset();
        setMessage(m_audience == Audience::Citizen
                       ? tr("The ID card reader is not working right now. Please type your ID number on the keypad.")
                       : tr("The ID card reader is not working right now. Type the ID number and the name "
                            "instead."));
        return false;
    }
    m_port = m_simulator->slavePath();
    qCInfo(lcCard) << "demonstration: simulated ID card reader with" << demoCards().size() << "demo cards";
    return openPort();
}

bool CardReaderControl::openPort()
{
    auto reader = std::make_unique<scan::IdCardReader>(*m_clock);
    const Status opened = reader->open(m_port);
    if (!opened.ok()) {
        if (!m_unplugged)
            qCWarning(lcCard).noquote() << opened.error().logDetail;
        m_unplugged = true;
        setMessage(notConnectedMessage());
        return false;
    }
    connect(reader.get(), &scan::IdCardReader::cardRead, this, &CardReaderControl::onCard);
    connect(reader.get(), &scan::IdCardReader::readFailed, this,
            [this](const Error &error) { onFailed(error.userMessage); });
    connect(reader.get(), &scan::IdCardReader::disconnected, this, [this] { onDisconnected(); });
    m_reader = std::move(reader);
    m_unplugged = false;
    setMessage({});
    Q_EMIT changed();
    return true;
}

void CardReaderControl::close()
{
    m_reopen.stop();
    if (m_reader) {
        m_reader->wipeBuffers();
        m_reader->close();
        m_reader.reset();
    }
    m_simulator.reset();
    m_unplugged = false;
    m_demoPending = false;
    m_port.clear();
    Q_EMIT changed();
}

QString CardReaderControl::state() const
{
    if (m_unplugged)
        return QStringLiteral("unplugged");
    return m_reader ? QStringLiteral("ready") : QStringLiteral("none");
}

void CardReaderControl::setAccepting(bool accepting)
{
    m_accepting = accepting;
}

void CardReaderControl::tapDemoCard()
{
    if (!m_simulator || !m_reader) {
        qCWarning(lcCard) << "demo card refused: no simulated reader";
        return;
    }
    const QList<IdCardData> cards = demoCards();
    m_simulator->placeCard(cards.at(m_nextDemo % cards.size()));
    ++m_nextDemo;
    m_demoPending = true;
    Q_EMIT changed();
}

void CardReaderControl::onCard(const IdCardData &card)
{
    const bool demo = m_demoPending;
    m_demoPending = false;
    if (!m_accepting) {
        qCInfo(lcCard) << "card read outside identification: dropped";
        m_reader->wipeBuffers();
        Q_EMIT changed();
        return;
    }
    wipeCard();
    m_card = card;
    const bool taken = m_sink->takeCard(*m_card);
    qCInfo(lcCard) << (demo ? "demo card read" : "ID card read") << "- number" << (taken ? "accepted" : "refused");
    setMessage({});
    Q_EMIT changed();
    Q_EMIT cardAccepted();
}

void CardReaderControl::onFailed(const QString &message)
{
    m_demoPending = false;
    setMessage(message);
    Q_EMIT changed();
}

void CardReaderControl::onDisconnected()
{
    m_demoPending = false;
    if (m_reader) {
        m_reader->wipeBuffers();
        // A failure it reports on its way out must not replace what is said about the unplugging.
        QObject::disconnect(m_reader.get(), nullptr, this, nullptr);
        m_reader.release()->deleteLater(); // we are inside its signal
    }
    m_unplugged = true;
    setMessage(unpluggedMessage());
    if (!m_simulator)
        m_reopen.start();
    Q_EMIT changed();
}

void CardReaderControl::wipeCard()
{
    if (!m_card)
        return;
    visitWipe::text(m_card->name);
    visitWipe::text(m_card->number);
    visitWipe::text(m_card->address);
    visitWipe::text(m_card->issuer);
    visitWipe::bytes(m_card->photoWlt);
    m_card.reset();
}

void CardReaderControl::wipe()
{
    wipeCard();
    if (m_reader)
        m_reader->wipeBuffers();
    if (m_unplugged || !m_message.isEmpty()) {
        // A failed read's message belongs to the visit; a missing reader is still missing.
        if (!m_unplugged)
            setMessage({});
    }
    Q_EMIT changed();
}

QString CardReaderControl::notConnectedMessage() const
{
    return m_audience == Audience::Citizen
               ? tr("The ID card reader is not connected. You can type your ID number on the keypad, or ask "
                    "staff for help.")
               : tr("The ID card reader is not connected. Type the ID number and the name instead, and check "
                    "the reader's cable.");
}

QString CardReaderControl::unpluggedMessage() const
{
    return m_audience == Audience::Citizen
               ? tr("The ID card reader was unplugged. You can type your ID number on the keypad, or ask staff "
                    "for help.")
               : tr("The ID card reader was unplugged. Type the ID number and the name instead, and plug the "
                    "reader back in: it is found again by itself.");
}

void CardReaderControl::setMessage(const QString &message)
{
    m_message = message;
}

} // namespace ow
