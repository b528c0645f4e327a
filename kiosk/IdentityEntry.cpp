#include "IdentityEntry.h"

#include "ui/VisitWipe.h"

#include "common/Clock.h"
#include "domain/IdNumber.h"
#include "scan/Payload.h"

#include <QVariantMap>

namespace ow {

IdentityEntry::IdentityEntry(QObject *parent)
    : QObject(parent)
    , m_clock(&SystemClock::instance())
{}

QString IdentityEntry::shown() const
{
    if (complete())
        return idNumber::masked(m_number);
    QString out;
    const qsizetype n = m_number.size();
    for (qsizetype i = 0; i < n; ++i)
        out.append(i < ClearHead || i >= Length - ClearTail ? m_number.at(i) : QLatin1Char('*'));
    return out;
}

QVariantMap IdentityEntry::identity() const
{
    if (!valid())
        return {};
    QVariantMap out{{QStringLiteral("idNumber"), m_number}};
    if (!m_name.isEmpty())
        out.insert(QStringLiteral("name"), m_name);
    if (const auto born = idNumber::birthDate(m_number))
        out.insert(QStringLiteral("birthDate"), born->toString(Qt::ISODate));
    out.insert(QStringLiteral("sex"), idNumber::isMale(m_number) ? QStringLiteral("male") : QStringLiteral("female"));
    // The county that issued the number: the usual place of household registration, offered as
    // the form's default (the form keeps it only when the region table can offer that county).
    out.insert(QStringLiteral("region"), m_number.left(6));
    if (!m_address.isEmpty())
        out.insert(QStringLiteral("address"), m_address);
    return out;
}

bool IdentityEntry::press(const QString &key)
{
    if (key.size() != 1 || complete())
        return false;
    const QChar c = key.at(0).toUpper();
    if (!m_rules.accepts(m_number, c))
        return false;
    m_number.append(c);
    m_fromCard = false;
    m_name.clear();
    m_address.clear();
    recheck();
    Q_EMIT changed();
    return true;
}

void IdentityEntry::backspace()
{
    if (m_number.isEmpty())
        return;
    m_number.chop(1);
    m_fromCard = false;
    m_name.clear();
    m_address.clear();
    recheck();
    Q_EMIT changed();
}

QString IdentityEntry::demoIdNumber()
{
    // Region 341125 (Dingyuan county, Anhui), born 1942-03-08, sequence 123 (odd: male).
    const QString first17 = QStringLiteral("34112519420308123");
    return first17 + idNumber::checkDigit(first17);
}

QString IdentityEntry::nameShown() const
{
    if (m_name.isEmpty())
        return {};
    return m_name.left(1) + QString(qMax<qsizetype>(m_name.size() - 1, 1), QLatin1Char('*'));
}

bool IdentityEntry::acceptCode(const QByteArray &payload)
{
    scan::ClassifyContext context;
    context.now = m_clock->now().toUTC();
    const scan::Classification c = scan::parseResidentId(payload, context);
    if (c.kind != scan::PayloadKind::ResidentId || !c.accepted())
        return false;
    const QString number = std::get<scan::ResidentIdInfo>(c.details).number;
    visitWipe::text(m_number);
    visitWipe::text(m_name);
    visitWipe::text(m_address);
    m_number = number;
    m_fromCard = false;
    recheck();
    Q_EMIT changed();
    return true;
}

void IdentityEntry::fillFromCard(const QString &number, const QString &name, const QString &address)
{
    visitWipe::text(m_number);
    visitWipe::text(m_name);
    visitWipe::text(m_address);
    m_number = number.trimmed().toUpper().left(Length);
    m_name = name.trimmed();
    m_address = address.trimmed();
    m_fromCard = true;
    recheck();
    Q_EMIT changed();
}

bool IdentityEntry::takeCard(const scan::ga467::IdCardData &card)
{
    fillFromCard(card.number, card.name, card.address);
    return valid();
}

void IdentityEntry::clear()
{
    visitWipe::text(m_number); // overwrite before letting go
    visitWipe::text(m_name);
    visitWipe::text(m_address);
    m_problem.clear();
    m_fromCard = false;
    Q_EMIT changed();
}

void IdentityEntry::recheck()
{
    m_problem.clear();
    if (!complete())
        return;
    switch (idNumber::check(m_number, m_clock->now().date())) {
    case idNumber::Problem::None:
        break;
    case idNumber::Problem::BirthDate:
        m_problem = tr("The birth date in this ID number is not possible. Please check the number again.");
        break;
    default:
        m_problem = tr("The ID number's check digit does not match. Please check the number again.");
        break;
    }
}

} // namespace ow
