#include "AdminPin.h"

#include "common/Clock.h"
#include "crypto/PasswordHash.h"
#include "store/AuditLog.h"
#include "store/Repositories.h"
#include "store/Store.h"

#include <QLocale>
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcKiosk)

namespace ow {

namespace {
const QString HashKey = QStringLiteral("kiosk.adminPin.hash");
const QString FailuresKey = QStringLiteral("kiosk.adminPin.failures");
const QString LockedUntilKey = QStringLiteral("kiosk.adminPin.lockedUntil");
const QString AuditAction = QStringLiteral("kiosk.maintenance.unlock");
} // namespace

AdminPin::AdminPin(Store &store, const Clock &clock, int iterations)
    : m_store(store)
    , m_clock(clock)
    , m_iterations(iterations)
{}

QString AdminPin::formatProblem(const QString &pin)
{
    bool digits = !pin.isEmpty();
    for (const QChar c : pin)
        digits = digits && c >= QLatin1Char('0') && c <= QLatin1Char('9');
    if (!digits || pin.size() < MinDigits || pin.size() > MaxDigits)
        return tr("The admin PIN must be %1 to %2 digits.").arg(MinDigits).arg(MaxDigits);
    return {};
}

QString AdminPin::lockedMessage(const QDateTime &until)
{
    return tr("Too many wrong PINs. Maintenance is locked until %1.")
        .arg(QLocale().toString(until.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")));
}

Status AdminPin::set(const QString &pin)
{
    const QString problem = formatProblem(pin);
    if (!problem.isEmpty())
        return makeError(ErrorCode::Invalid, problem, QStringLiteral("admin PIN: not 6 to 12 digits"));
    const QString hash = crypto::hashSecret(pin.toLatin1(), m_iterations);
    if (hash.isEmpty()) {
        return makeError(ErrorCode::Crypto, tr("The admin PIN could not be saved."),
                         QStringLiteral("admin PIN: hashing failed"));
    }
    if (Status s = m_store.settings().setValue(HashKey, hash.toLatin1()); !s.ok())
        return s;
    if (Status s = record(0, {}); !s.ok())
        return s;
    const Actor actor{m_store.deviceId(), QStringLiteral("admin")};
    const auto audited =
        m_store.audit().append(actor, QStringLiteral("kiosk.maintenance.setPin"), {}, {}, QStringLiteral("ok"), {});
    if (!audited.ok())
        return audited.error();
    qCInfo(lcKiosk) << "admin PIN set";
    return {};
}

Result<bool> AdminPin::isSet()
{
    auto stored = m_store.settings().value(HashKey);
    if (!stored.ok())
        return stored.error();
    return stored->has_value() && !(*stored)->isEmpty();
}

Result<int> AdminPin::failures()
{
    auto stored = m_store.settings().value(FailuresKey);
    if (!stored.ok())
        return stored.error();
    return stored->has_value() ? (*stored)->toInt() : 0;
}

QDateTime AdminPin::lockedUntil()
{
    auto stored = m_store.settings().value(LockedUntilKey);
    if (!stored.ok() || !stored->has_value() || (*stored)->isEmpty())
        return {};
    const QDateTime until = QDateTime::fromString(QString::fromLatin1(**stored), Qt::ISODate);
    return until.isValid() && until > m_clock.now() ? until : QDateTime();
}

Status AdminPin::record(int failures, const QDateTime &lockedUntil)
{
    if (Status s = m_store.settings().setValue(FailuresKey, QByteArray::number(failures)); !s.ok())
        return s;
    return m_store.settings().setValue(
        LockedUntilKey, lockedUntil.isValid() ? lockedUntil.toUTC().toString(Qt::ISODate).toLatin1() : QByteArray());
}

void AdminPin::audit(const QString &outcome, const QString &reason)
{
    const Actor actor{m_store.deviceId(), QStringLiteral("admin")};
    const auto audited = m_store.audit().append(actor, AuditAction, {}, {}, outcome, reason);
    if (!audited.ok())
        qCWarning(lcKiosk) << "maintenance unlock not audited:" << audited.error().logDetail;
}

AdminPin::Attempt AdminPin::check(const QString &pin)
{
    Attempt out;
    const QString failed = tr("The PIN could not be checked on this kiosk. Please try again.");
    auto hash = m_store.settings().value(HashKey);
    if (!hash.ok()) {
        qCWarning(lcKiosk) << "admin PIN not read:" << hash.error().logDetail;
        out.message = failed;
        audit(QStringLiteral("failed"), QStringLiteral("store"));
        return out;
    }
    if (!hash->has_value() || (*hash)->isEmpty()) {
        out.outcome = Outcome::NotSet;
        out.message = tr("No admin PIN is set on this kiosk. Set one with \"onewindow-kiosk --set-admin-pin\".");
        audit(QStringLiteral("denied"), QStringLiteral("no PIN set"));
        return out;
    }
    const QLocale locale;
    if (const QDateTime until = lockedUntil(); until.isValid()) {
        out.outcome = Outcome::Locked;
        out.lockedUntil = until;
        out.message = lockedMessage(until);
        audit(QStringLiteral("denied"), QStringLiteral("locked"));
        qCInfo(lcKiosk) << "maintenance unlock refused: locked";
        return out;
    }
    auto count = failures();
    if (!count.ok()) {
        out.message = failed;
        return out;
    }
    if (crypto::verifySecret(pin.toLatin1(), QString::fromLatin1(**hash))) {
        if (Status s = record(0, {}); !s.ok())
            qCWarning(lcKiosk) << "wrong-PIN count not cleared:" << s.error().logDetail;
        out.outcome = Outcome::Accepted;
        audit(QStringLiteral("ok"), {});
        qCInfo(lcKiosk) << "maintenance unlocked";
        return out;
    }
    const int wrong = *count + 1;
    QDateTime until;
    if (wrong >= FreeTries) {
        const int doublings = std::min(wrong - FreeTries, 20);
        const qint64 seconds = std::min<qint64>(qint64(FirstLockSeconds) << doublings, MaxLockSeconds);
        until = m_clock.now().addSecs(seconds);
    }
    if (Status s = record(wrong, until); !s.ok())
        qCWarning(lcKiosk) << "wrong-PIN count not saved:" << s.error().logDetail;
    audit(QStringLiteral("denied"), QStringLiteral("wrong PIN"));
    qCInfo(lcKiosk) << "maintenance unlock refused: wrong PIN" << wrong << "in a row";
    if (until.isValid()) {
        out.outcome = Outcome::Locked;
        out.lockedUntil = until;
        out.message = tr("Wrong PIN. Too many wrong PINs: maintenance is locked until %1.")
                          .arg(locale.toString(until.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        return out;
    }
    out.outcome = Outcome::Wrong;
    out.triesLeft = FreeTries - wrong;
    out.message = tr("Wrong PIN. %n more wrong PIN(s) will lock maintenance.", nullptr, out.triesLeft);
    return out;
}

} // namespace ow
