#include "scan/ReaderSimulator.h"

#include "scan/ScanLogging.h"

#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

namespace ow::scan {

ReaderSimulator::ReaderSimulator()
{
    m_master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m_master < 0 || grantpt(m_master) != 0 || unlockpt(m_master) != 0) {
        qCWarning(lcIdCard) << "reader simulator: no pseudo-terminal:" << strerror(errno);
        return;
    }
    char name[128];
    if (ptsname_r(m_master, name, sizeof name) != 0)
        return;
    m_slavePath = QString::fromLocal8Bit(name);
    // Raw line discipline, as a serial port has; and keep one slave descriptor open so the
    // master does not see a hang-up before the reader under test opens its side.
    m_slaveKeepAlive = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
    termios tio{};
    tcgetattr(m_slaveKeepAlive, &tio);
    cfmakeraw(&tio);
    tcsetattr(m_slaveKeepAlive, TCSANOW, &tio);
    fcntl(m_master, F_SETFL, fcntl(m_master, F_GETFL) | O_NONBLOCK);
    m_notifier = std::make_unique<QSocketNotifier>(m_master, QSocketNotifier::Read);
    connect(m_notifier.get(), &QSocketNotifier::activated, this, &ReaderSimulator::onReadable);
}

ReaderSimulator::~ReaderSimulator()
{
    unplug();
}

void ReaderSimulator::unplug()
{
    m_notifier.reset();
    if (m_master >= 0)
        ::close(m_master);
    if (m_slaveKeepAlive >= 0)
        ::close(m_slaveKeepAlive);
    m_master = -1;
    m_slaveKeepAlive = -1;
}

void ReaderSimulator::placeCard(const ga467::IdCardData &card)
{
    m_card = card;
}

int ReaderSimulator::commandsSeen(quint8 cmd, quint8 para) const
{
    return m_seen.value((cmd << 8) | para);
}

void ReaderSimulator::onReadable()
{
    char buf[512];
    for (;;) {
        const ssize_t n = ::read(m_master, buf, sizeof buf);
        if (n <= 0)
            break;
        m_parser.feed(QByteArray(buf, n));
    }
    while (const auto item = m_parser.next()) {
        if (item->kind == ga467::FrameParser::Kind::Frame)
            answer(item->body);
        if (m_master < 0)
            return;
    }
}

void ReaderSimulator::write(const QByteArray &bytes)
{
    if (m_master < 0)
        return;
    QByteArray out = m_garbage ? QByteArray("\x00\x13\xAA\xAA\x55 noise ", 14) + bytes : bytes;
    const int chunk = m_chunk > 0 ? m_chunk : int(out.size());
    for (qsizetype at = 0; at < out.size(); at += chunk) {
        const qsizetype n = qMin<qsizetype>(chunk, out.size() - at);
        qsizetype done = 0;
        while (done < n) {
            const ssize_t w = ::write(m_master, out.constData() + at + done, size_t(n - done));
            if (w < 0 && errno != EAGAIN)
                return;
            if (w > 0)
                done += w;
            else
                QThread::usleep(200);
        }
        if (m_chunk > 0)
            QThread::usleep(2000); // the line is slower than the reader
    }
}

void ReaderSimulator::answer(const QByteArray &body)
{
    if (body.size() < 2)
        return;
    const quint8 cmd = quint8(body[0]);
    const quint8 para = quint8(body[1]);
    ++m_seen[(cmd << 8) | para];
    ga467::Response r;
    if (cmd == ga467::CmdFindCard && para == ga467::ParaFindCard) {
        r.sw3 = m_card ? ga467::SwCardFound : ga467::SwNoCard;
        r.data = QByteArray(4, '\0');
    } else if (cmd == ga467::CmdFindCard && para == ga467::ParaSelectCard) {
        r.sw3 = m_card ? ga467::SwOk : ga467::SwSelectFailed;
        r.data = QByteArray(8, '\0');
    } else if (cmd == ga467::CmdRead && para == ga467::ParaReadBase) {
        if (!m_card) {
            r.sw3 = ga467::SwReadFailed;
        } else {
            r.sw3 = ga467::SwOk;
            r.data = ga467::encodeReadData(*m_card);
            QByteArray frame = ga467::encodeResponse(r);
            if (m_unplugDuringRead) {
                write(frame.left(frame.size() / 2));
                unplug();
                return;
            }
            if (m_truncateRead) {
                m_truncateRead = false;
                write(frame.left(frame.size() / 2));
                return;
            }
            if (m_corruptReads > 0) {
                --m_corruptReads;
                frame[frame.size() - 1] = char(frame[frame.size() - 1] ^ 0x5A);
                write(frame);
                return;
            }
            m_card.reset(); // read once; lift and place it again to read it again
            write(frame);
            return;
        }
    } else if (cmd == ga467::CmdSamStatus) {
        r.sw3 = ga467::SwOk;
    } else {
        r.sw3 = 0x21; // unknown command
    }
    write(ga467::encodeResponse(r));
}

} // namespace ow::scan
