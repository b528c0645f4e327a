#pragma once

#include "protocol/Messages.h"

#include <QObject>
#include <QPointer>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <memory>

namespace ow {

class CatalogService;
class Clock;

namespace scan {
class TrustStore;
}

namespace sync {
class DeviceIdentity;
class Transport;
} // namespace sync

// 查询进度: a citizen shows a receipt code (scanner, camera or the demo's last receipt) and sees
// where the case stands: each step with its department and time, paused clocks shown paused,
// and who used the case's data at the hub. The code is checked here first (a code that is not a
// OneWindow receipt is named as such at once); the hub verifies its signature and answers
// without personal data. Wiped with the visit.
class ProgressLookup : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Created by the kiosk session")
    Q_PROPERTY(bool available READ available CONSTANT FINAL)
    Q_PROPERTY(bool busy READ busy NOTIFY changed FINAL)
    Q_PROPERTY(QString error READ error NOTIFY changed FINAL)
    Q_PROPERTY(QVariantMap result READ result NOTIFY changed FINAL)

public:
    explicit ProgressLookup(CatalogService *catalog, QObject *parent = nullptr);
    ~ProgressLookup() override;

    // Without a link (no hub, not enrolled) a lookup says the kiosk cannot ask the county hub.
    void setLink(sync::Transport *transport, const sync::DeviceIdentity *device, const Clock *clock);
    // The county's device keys known here (KioskSync::receiptTrust): while the hub cannot be
    // reached, a receipt they verify is named genuine, with its case number. Null: none known.
    void setTrust(const scan::TrustStore *trust) { m_trust = trust; }

    bool available() const { return m_transport && m_device; }
    bool busy() const { return m_busy; }
    QString error() const { return m_error; }
    // {caseNumber, item, state, stateLabel, paused, procedure, department, receivedAt, updatedAt,
    //  steps: [{label, department, at, paused, procedure}], dataUse: [{at, who, what}]}; empty
    // before an answer. `procedure`: a special procedure's kind and expected end, else empty.
    QVariantMap result() const;

    // Looks a receipt code up; the answer arrives later (busy meanwhile).
    Q_INVOKABLE void lookUp(const QString &code);
    Q_INVOKABLE void clear();

Q_SIGNALS:
    void changed();

private:
    void finish(const Result<protocol::ProgressAnswer> &answer, quint64 generation);
    QString genuineButOffline() const;

    CatalogService *m_catalog;
    sync::Transport *m_transport = nullptr;
    const sync::DeviceIdentity *m_device = nullptr;
    const Clock *m_clock = nullptr;
    const scan::TrustStore *m_trust = nullptr;
    QString m_verifiedCase; // the case number of a receipt the known keys verified; for the offline message
    bool m_busy = false;
    QString m_error;
    std::optional<protocol::ProgressAnswer> m_answer;
    quint64 m_generation = 0; // a wipe while a query runs drops its answer
};

} // namespace ow
