#pragma once

#include "common/Result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace ow {

class Clock;
class Store;

// The kiosk's admin PIN, which opens the maintenance screen. Kept only as a salted slow hash
// (crypto::hashSecret) in the encrypted store's settings. Five wrong PINs in a row lock it for
// a minute; each further wrong PIN doubles the lock, up to a day. The count and the lock are
// in the store too, so a restart does not reset them. Every attempt is audited
// ("kiosk.maintenance.unlock", ok or denied) without the PIN.
class AdminPin
{
    Q_DECLARE_TR_FUNCTIONS(AdminPin)

public:
    static constexpr int MinDigits = 6;
    static constexpr int MaxDigits = 12;
    static constexpr int FreeTries = 5;
    static constexpr int FirstLockSeconds = 60;
    static constexpr int MaxLockSeconds = 24 * 3600;
    static constexpr int DefaultIterations = 120000;

    enum class Outcome { Accepted, Wrong, Locked, NotSet, Failed };
    struct Attempt
    {
        Outcome outcome = Outcome::Failed;
        int triesLeft = 0;     // before the lock, after a wrong PIN
        QDateTime lockedUntil; // when locked
        QString message;       // for the person at the keypad (translated); empty when accepted
    };

    AdminPin(Store &store, const Clock &clock, int iterations = DefaultIterations);

    // What is wrong with `pin` as a new PIN (translated); empty when it is 6 to 12 digits.
    static QString formatProblem(const QString &pin);
    // Replaces the PIN; the wrong-PIN count and any lock are cleared. Audited.
    Status set(const QString &pin);
    Result<bool> isSet();
    Attempt check(const QString &pin);
    // "Locked until …" for the keypad (translated).
    static QString lockedMessage(const QDateTime &until);
    // When the current lock ends; invalid when not locked.
    QDateTime lockedUntil();

private:
    Result<int> failures();
    Status record(int failures, const QDateTime &lockedUntil);
    void audit(const QString &outcome, const QString &reason);

    Store &m_store;
    const Clock &m_clock;
    int m_iterations;
};

} // namespace ow
