#include "scan/WedgeBurst.h"

namespace ow::scan {

WedgeBurstClassifier::Output WedgeBurstClassifier::finishScan()
{
    Output out;
    out.scanned = m_text;
    out.dropHeld = true;
    m_text.clear();
    m_state = State::Idle;
    return out;
}

WedgeBurstClassifier::Output WedgeBurstClassifier::text(const QString &text, qint64 ms)
{
    Output out;
    const qint64 gap = ms - m_last;
    switch (m_state) {
    case State::Scan:
        if (gap <= m_config.burstGapMs) {
            if (m_text.size() + text.size() > m_config.maxLength) {
                // A runaway burst is cut into pieces; the rest is still the gun's, not a person's.
                out = finishScan();
                m_state = State::Scan;
            }
            m_text += text;
            m_last = ms;
            out.hold = true;
            return out;
        }
        out = finishScan();
        break;
    case State::Undecided:
        if (gap <= m_config.maxInterKeyMs) {
            m_text += text;
            m_last = ms;
            out.hold = true;
            if (m_text.size() >= m_config.minLength) {
                m_state = State::Scan;
                out.dropHeld = true;
            }
            return out;
        }
        out.releaseHeld = true;
        m_text.clear();
        m_state = State::Idle;
        break;
    case State::Idle:
        break;
    }
    // This key starts a new run.
    m_state = State::Undecided;
    m_text = text;
    m_last = ms;
    out.hold = true;
    if (m_text.size() >= m_config.minLength) {
        // A single event carrying a whole code (some Bluetooth guns paste it): still a scan.
        m_state = State::Scan;
    }
    return out;
}

WedgeBurstClassifier::Output WedgeBurstClassifier::terminator(qint64 ms)
{
    if (m_state == State::Scan && ms - m_last <= m_config.burstGapMs) {
        Output out = finishScan();
        out.hold = true; // the gun's Enter must not submit the form
        return out;
    }
    return otherKey(ms);
}

WedgeBurstClassifier::Output WedgeBurstClassifier::otherKey(qint64 ms)
{
    Output out;
    if (m_state == State::Scan) {
        out = finishScan();
    } else if (m_state == State::Undecided) {
        out.releaseHeld = true;
        m_text.clear();
        m_state = State::Idle;
    }
    m_last = ms;
    return out;
}

WedgeBurstClassifier::Output WedgeBurstClassifier::tick(qint64 ms)
{
    Output out;
    if (m_state == State::Undecided && ms - m_last > m_config.maxInterKeyMs) {
        out.releaseHeld = true;
        m_text.clear();
        m_state = State::Idle;
    } else if (m_state == State::Scan && ms - m_last > m_config.burstGapMs) {
        out = finishScan();
    }
    return out;
}

std::optional<qint64> WedgeBurstClassifier::deadline() const
{
    switch (m_state) {
    case State::Undecided:
        return m_last + m_config.maxInterKeyMs + 1;
    case State::Scan:
        return m_last + m_config.burstGapMs + 1;
    case State::Idle:
        break;
    }
    return std::nullopt;
}

} // namespace ow::scan
