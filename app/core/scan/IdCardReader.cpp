#include "scan/IdCardReader.h"

#include "scan/ScanLogging.h"
#include "scan/ScanText.h"

#include "common/SecretBytes.h"

#include <QSerialPort>

namespace ow::scan {

namespace {

Error damaged(const QString &detail)
{
    return makeError(ErrorCode::Corrupt,
                     ScanText::tr("The ID card reader sent damaged data; place the card on the reader again."), detail);
}

} // namespace

IdCardReader::IdCardReader(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{
    qRegisterMetaType<ow::scan::ga467::IdCardData>();
    qRegisterMetaType<ow::Error>();
    m_pollTimer.setSingleShot(true);
    m_timeoutTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &IdCardReader::poll);
    connect(&m_timeoutTimer, &QTimer::timeout, this, &IdCardReader::onTimeout);
}

IdCardReader::~IdCardReader()
{
    close();
}

Status IdCardReader::open(const QString &portName, qint32 baudRate)
{
    close();
    m_port = new QSerialPort(portName, this);
    m_port->setBaudRate(baudRate);
    m_port->setDataBits(QSerialPort::Data8);
    m_port->setParity(QSerialPort::NoParity);
    m_port->setStopBits(QSerialPort::OneStop);
    m_port->setFlowControl(QSerialPort::NoFlowControl);
    if (!m_port->open(QIODevice::ReadWrite)) {
        const QString why = m_port->errorString();
        delete m_port;
        m_port = nullptr;
        return makeError(ErrorCode::Io, ScanText::tr("The ID card reader cannot be opened; check its cable."),
                         QStringLiteral("id card reader %1: %2").arg(portName, why));
    }
    connect(m_port, &QSerialPort::readyRead, this, &IdCardReader::onReadyRead);
    connect(m_port, &QSerialPort::errorOccurred, this, &IdCardReader::onPortError);
    m_parser.reset();
    qCInfo(lcIdCard) << "reader opened on" << portName;
    setState(State::Polling);
    m_pollTimer.start(0);
    return {};
}

void IdCardReader::close()
{
    m_pollTimer.stop();
    m_timeoutTimer.stop();
    m_step = Step::None;
    if (m_port) {
        m_port->disconnect(this);
        m_port->close();
        m_port->deleteLater();
        m_port = nullptr;
    }
    if (m_state != State::Disconnected)
        setState(State::Closed);
}

void IdCardReader::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void IdCardReader::poll()
{
    if (!m_port)
        return;
    m_retries = 0;
    send(Step::Find);
}

void IdCardReader::send(Step step)
{
    m_step = step;
    QByteArray frame;
    switch (step) {
    case Step::Find:
        frame = ga467::encodeCommand(ga467::CmdFindCard, ga467::ParaFindCard);
        break;
    case Step::Select:
        frame = ga467::encodeCommand(ga467::CmdFindCard, ga467::ParaSelectCard);
        break;
    case Step::Read:
        frame = ga467::encodeCommand(ga467::CmdRead, ga467::ParaReadBase);
        break;
    case Step::None:
        return;
    }
    m_port->write(frame);
    m_timeoutTimer.start(m_timeoutMs);
}

void IdCardReader::onReadyRead()
{
    if (!m_port)
        return;
    m_parser.feed(m_port->readAll());
    while (m_port && m_step != Step::None) {
        auto item = m_parser.next();
        if (!item)
            return;
        if (item->kind != ga467::FrameParser::Kind::Frame) {
            m_parser.reset();
            retryOrFail(damaged(item->kind == ga467::FrameParser::Kind::BadChecksum
                                    ? QStringLiteral("frame with a bad checksum")
                                    : QStringLiteral("frame with an impossible length")));
            return;
        }
        auto response = ga467::responseFromBody(item->body);
        if (!response) {
            retryOrFail(damaged(QStringLiteral("response shorter than its status bytes")));
            return;
        }
        onResponse(*response);
        // A read's answer carries the card's text and photo: no copy of it is left behind.
        wipeBytes(item->body);
        wipeBytes(response->data);
    }
}

void IdCardReader::onResponse(const ga467::Response &r)
{
    m_timeoutTimer.stop();
    const Step step = m_step;
    m_step = Step::None;
    switch (step) {
    case Step::Find:
        if (r.sw3 == ga467::SwCardFound) {
            setState(State::Reading);
            m_retries = 0;
            send(Step::Select);
            return;
        }
        // 0x80: no (new) card. Anything else: the reader is busy; ask again later.
        if (r.sw3 != ga467::SwNoCard)
            qCDebug(lcIdCard) << "find card answered with status" << Qt::hex << r.sw3;
        break;
    case Step::Select:
        if (r.sw3 == ga467::SwOk) {
            m_retries = 0;
            send(Step::Read);
            return;
        }
        failCard(makeError(ErrorCode::Io, ScanText::tr("The ID card moved while it was read; place it again."),
                           QStringLiteral("select card failed with status 0x%1").arg(r.sw3, 2, 16, QLatin1Char('0'))));
        return;
    case Step::Read: {
        if (r.sw3 != ga467::SwOk) {
            failCard(makeError(ErrorCode::Io, ScanText::tr("The ID card moved while it was read; place it again."),
                               QStringLiteral("read failed with status 0x%1").arg(r.sw3, 2, 16, QLatin1Char('0'))));
            return;
        }
        auto card = ga467::parseReadData(r.data, m_clock.now().toOffsetFromUtc(8 * 3600).date());
        if (!card) {
            failCard(card.error());
            return;
        }
        qCInfo(lcIdCard) << "card read";
        setState(State::Polling);
        Q_EMIT cardRead(*card);
        break;
    }
    case Step::None:
        qCDebug(lcIdCard) << "unsolicited frame ignored";
        return;
    }
    setState(State::Polling);
    m_pollTimer.start(m_pollIntervalMs);
}

void IdCardReader::retryOrFail(const Error &error)
{
    m_timeoutTimer.stop();
    if (!m_port)
        return;
    if (m_step != Step::None && m_retries < m_maxRetries) {
        ++m_retries;
        qCInfo(lcIdCard).noquote() << error.logDetail << "- retrying";
        // Let the line go quiet before asking again, so the rest of a broken answer is dropped.
        const Step step = m_step;
        m_step = Step::None;
        QTimer::singleShot(50, this, [this, step] {
            if (m_port) {
                m_port->clear(QSerialPort::Input);
                m_parser.reset();
                send(step);
            }
        });
        return;
    }
    failCard(error);
}

void IdCardReader::failCard(const Error &error)
{
    qCWarning(lcIdCard).noquote() << error.logDetail;
    m_step = Step::None;
    m_parser.reset();
    setState(State::Polling);
    Q_EMIT readFailed(error);
    m_pollTimer.start(m_pollIntervalMs);
}

void IdCardReader::onTimeout()
{
    const bool partial = m_parser.hasPartialFrame();
    m_parser.reset();
    retryOrFail(makeError(ErrorCode::Io, ScanText::tr("The ID card reader did not answer; check its cable."),
                          partial ? QStringLiteral("timeout with an incomplete frame")
                                  : QStringLiteral("timeout without an answer")));
}

void IdCardReader::onPortError()
{
    if (!m_port)
        return;
    const auto e = m_port->error();
    if (e == QSerialPort::NoError || e == QSerialPort::TimeoutError)
        return;
    const QString detail = QStringLiteral("serial port error %1: %2").arg(int(e)).arg(m_port->errorString());
    qCWarning(lcIdCard).noquote() << detail;
    close();
    setState(State::Disconnected);
    Q_EMIT disconnected(makeError(ErrorCode::Io, ScanText::tr("The ID card reader was disconnected."), detail));
}

} // namespace ow::scan
