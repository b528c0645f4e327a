#pragma once

#include <QString>

#include <optional>

namespace ow::scan {

// Tells a scanner gun (a USB HID scanner that "types" its code) from a person at the keyboard
// by the time between keys: a gun sends a whole code in a burst a few milliseconds apart, people
// are an order of magnitude slower. Pure: times come from the caller, so tests need no display.
//
// Keys are held back while undecided (at most maxInterKeyMs, unnoticeable when typing); a run
// of at least minLength quick keys is a scan and none of its keys reach the text field; a run
// that stays short is released to the field in order.
class WedgeBurstClassifier
{
public:
    struct Config
    {
        int maxInterKeyMs = 30; // keys closer than this may belong to a scan
        int burstGapMs = 60;    // inside a scan, a longer pause ends it (USB stalls included)
        int minLength = 6;      // shortest code the service hall reads is the 6-digit region code
        int maxLength = 4096;   // longer bursts are cut and delivered as they are
    };

    struct Output
    {
        bool hold = false;        // keep this key back (undecided, or part of a scan)
        bool releaseHeld = false; // deliver the keys held so far, in order, before this one
        bool dropHeld = false;    // the held keys are part of a scan: discard them
        std::optional<QString> scanned;
    };

    WedgeBurstClassifier() = default;
    explicit WedgeBurstClassifier(Config config)
        : m_config(config)
    {}

    // A key that types text (one or more characters).
    Output text(const QString &text, qint64 ms);
    // Enter or Tab: the suffix most guns send after a code.
    Output terminator(qint64 ms);
    // Any other key (arrows, Backspace, Ctrl/Alt shortcuts): ends an undecided run.
    Output otherKey(qint64 ms);
    // Call when the deadline passed (or any time after it).
    Output tick(qint64 ms);
    // When tick() has something to decide; nullopt when idle.
    std::optional<qint64> deadline() const;

    bool inScan() const { return m_state == State::Scan; }
    bool undecided() const { return m_state == State::Undecided; }

private:
    enum class State { Idle, Undecided, Scan };
    Output finishScan();

    Config m_config;
    State m_state = State::Idle;
    QString m_text;
    qint64 m_last = 0;
};

} // namespace ow::scan
