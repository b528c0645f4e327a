#pragma once

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

namespace ow {

class Store;

namespace sync {
class EnrolledDevice;
}

// 评价: the citizen rates one case (好差评, GB/T 39734's five levels) at the kiosk. Either the case
// just submitted (from the receipt), or a case whose receipt code is scanned on the rating screen:
// only a receipt this kiosk signed, for a case in this kiosk's own store, can be rated here;
// rating cases of other kiosks and windows needs the county hub, and the screen says so. One
// rating per case (RatingRepository refuses a second). Cleared with the visit.
//
// A bad rating (不满意, 非常不满意) is only stored here; its follow-up belongs to the desk.
class RatingStep : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Owned by KioskSession")
    Q_PROPERTY(Phase phase READ phase NOTIFY changed FINAL)
    Q_PROPERTY(QString caseNumber READ caseNumber NOTIFY changed FINAL)
    Q_PROPERTY(QString message READ message NOTIFY changed FINAL)
    Q_PROPERTY(QString ratedLevel READ ratedLevel NOTIFY changed FINAL)
    Q_PROPERTY(QVariantList levels READ levels NOTIFY changed FINAL)

public:
    enum class Phase {
        Scan,   // waiting for a receipt code
        Choose, // a case is known: the five levels
        Thanks, // saved
    };
    Q_ENUM(Phase)

    explicit RatingStep(QObject *parent = nullptr);

    void setStore(Store *store) { m_store = store; }
    void setDevice(const sync::EnrolledDevice *device) { m_device = device; }

    Phase phase() const { return m_phase; }
    QString caseNumber() const { return m_caseNumber; }
    // Why the code or the rating was not taken (translated); empty otherwise.
    QString message() const { return m_message; }
    // The level saved, as its key, in the Thanks phase.
    QString ratedLevel() const { return m_ratedLevel; }
    // [{key, label, bad}], best first, labels in the language on screen.
    QVariantList levels() const;

    // The case the citizen just submitted at this kiosk.
    void startForCase(const QString &caseNumber);
    // From the home tile: a receipt code comes next.
    void startScan();
    // A receipt code from the scanner or camera, in the Scan phase.
    void acceptCode(const QByteArray &payload);
    // The citizen's choice, by level key. True when it is saved.
    Q_INVOKABLE bool rate(const QString &levelKey);
    void clear();

Q_SIGNALS:
    void changed();
    void rated(const QString &caseNumber, const QString &levelKey);

private:
    bool alreadyRated(const QString &caseNumber);
    void setMessage(const QString &message);

    Store *m_store = nullptr;
    const sync::EnrolledDevice *m_device = nullptr;
    Phase m_phase = Phase::Scan;
    QString m_caseNumber;
    QString m_message;
    QString m_ratedLevel;
};

} // namespace ow
