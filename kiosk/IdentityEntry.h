#pragma once

#include "input/KeypadRules.h"
#include "ui/CardReaderControl.h"

#include <QObject>
#include <QQmlEngine>
#include <QString>

namespace ow {

class Clock;

// Who the citizen is, for this visit: the ID number typed on the kiosk's keypad (or read from a
// card), checked here the moment all 18 characters are in. The screen only ever sees the
// number masked; the full number leaves this class only through idNumber() for the form and
// the store. A card read on the reader (CardReaderControl) fills the number and the name.
class IdentityEntry : public QObject, public IdCardSink
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by KioskSession")
    Q_PROPERTY(QString shown READ shown NOTIFY changed FINAL)
    Q_PROPERTY(int length READ length NOTIFY changed FINAL)
    Q_PROPERTY(bool complete READ complete NOTIFY changed FINAL)
    Q_PROPERTY(bool valid READ valid NOTIFY changed FINAL)
    Q_PROPERTY(QString problem READ problem NOTIFY changed FINAL)
    Q_PROPERTY(QString name READ name NOTIFY changed FINAL)
    // The name from a card as the screen may show it: the family name, the rest masked (张**).
    Q_PROPERTY(QString nameShown READ nameShown NOTIFY changed FINAL)
    Q_PROPERTY(QString keys READ keys CONSTANT FINAL)
    Q_PROPERTY(bool fromCard READ fromCard NOTIFY changed FINAL)

public:
    static constexpr int Length = 18;
    // Shown as it grows with the same mask as the finished number (idNumber::masked): the first
    // three characters, the birth date and the rest masked, and the last four in clear while
    // they are typed.
    static constexpr int ClearHead = 3;
    static constexpr int ClearTail = 4;

    explicit IdentityEntry(QObject *parent = nullptr);

    void setClock(const Clock *clock) { m_clock = clock; }

    QString shown() const;
    int length() const { return int(m_number.size()); }
    bool complete() const { return m_number.size() == Length; }
    bool valid() const { return complete() && m_problem.isEmpty(); }
    QString problem() const { return m_problem; }
    QString name() const { return m_name; }
    QString nameShown() const;
    QString keys() const { return m_rules.keys(); }
    bool fromCard() const { return m_fromCard; }
    // The full number, for the form and the store only; never for a log or the screen.
    QString idNumber() const { return valid() ? m_number : QString(); }
    // What the form prefills from ("identity.*").
    QVariantMap identity() const;

    // Appends a key if the ID number's rules allow it there; false when refused.
    Q_INVOKABLE bool press(const QString &key);
    Q_INVOKABLE void backspace();
    // A scanned code (scanner gun or camera): a resident ID number in it fills the entry as if
    // typed. False, changing nothing, for any other code.
    Q_INVOKABLE bool acceptCode(const QByteArray &payload);
    // What an ID card read on the reader holds: the number (checked as if typed), the name and
    // the registered address (offered as the form's address).
    void fillFromCard(const QString &number, const QString &name, const QString &address = {});
    // IdCardSink: a card read on the reader fills the entry; true when its number is valid.
    bool takeCard(const scan::ga467::IdCardData &card) override;
    Q_INVOKABLE void clear();

    // The first demo card's number (valid check digit, made-up person; see CardReaderControl).
    static QString demoIdNumber();

Q_SIGNALS:
    void changed();

private:
    void recheck();

    KeypadRules m_rules{KeypadRules::Kind::IdNumber};
    const Clock *m_clock;
    QString m_number;
    QString m_name;
    QString m_address;
    QString m_problem;
    bool m_fromCard = false;
};

} // namespace ow
