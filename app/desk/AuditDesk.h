#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QQmlEngine>
#include <QString>

namespace ow {

class DeskSession;
class Store;
namespace sync {
class EnrolledDevice;
}

// One row of the audit browser: either chain, as the auditor reads it.
struct AuditRow
{
    qint64 seq = 0; // place in the chain; 0: not yet sealed (hub)
    qint64 id = 0;  // the hub's entry id (0 for this device's chain)
    QDateTime at;
    QString operatorName; // user name, or the actor as recorded ("device:…", "admin")
    QString action;
    QString target; // case number or other target; never personal data
    QString outcome;
};

// The rows found, newest first; the first broken entry flagged.
class AuditEntryModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("the audit desk's")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        SeqRole = Qt::UserRole + 1,
        TimeRole,
        OperatorRole,
        ActionRole,
        TargetRole,
        OutcomeRole,
        BrokenRole,
    };

    using QAbstractListModel::QAbstractListModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setRows(QList<AuditRow> rows);
    void setBrokenSeq(qint64 seq);
    const QList<AuditRow> &rows() const { return m_rows; }

Q_SIGNALS:
    void countChanged();

private:
    QList<AuditRow> m_rows;
    qint64 m_brokenSeq = 0;
};

// The auditor's page (审计员): this device's audit chain (the encrypted store's AuditLog) and,
// signed in with the hub, the hub's (PROTOCOL.md §12). Search by case number, operator, action
// and date range; verify the chain (OK with the count, or the first broken entry named and
// flagged in the list); export a signed extract (the hub's, or this device's signed with its
// device key) to the desk's data/exports folder. Hub requests run off the GUI thread. Reads of
// this device's chain are themselves audited in it; the hub audits its own.
class AuditDesk : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("owned by DeskSession")
    Q_PROPERTY(QString source READ source WRITE setSource NOTIFY sourceChanged)
    Q_PROPERTY(bool hubAvailable READ hubAvailable NOTIFY sourceChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY messageChanged)
    Q_PROPERTY(AuditEntryModel *entries READ entries CONSTANT)
    Q_PROPERTY(QString chainState READ chainState NOTIFY chainChanged) // "", "intact", "broken"
    Q_PROPERTY(QString chainText READ chainText NOTIFY chainChanged)
    Q_PROPERTY(qint64 brokenSeq READ brokenSeq NOTIFY chainChanged)
    Q_PROPERTY(QString exportedPath READ exportedPath NOTIFY exportedChanged)

public:
    explicit AuditDesk(DeskSession *session);

    void setStore(Store *store) { m_store = store; }
    void setDevice(const sync::EnrolledDevice *device) { m_device = device; }
    void setExportDir(const QString &dir) { m_exportDir = dir; }

    QString source() const { return m_source; }
    void setSource(const QString &source);
    bool hubAvailable() const;
    bool busy() const { return m_busy; }
    QString message() const { return m_message; }
    bool messageIsError() const { return m_messageIsError; }
    AuditEntryModel *entries() { return &m_entries; }
    QString chainState() const { return m_chainState; }
    QString chainText() const { return m_chainText; }
    qint64 brokenSeq() const { return m_brokenSeq; }
    QString exportedPath() const { return m_exportedPath; }

    // Dates as yyyy-MM-dd (this desk's days), both inclusive; empty fields match everything.
    Q_INVOKABLE void search(const QString &caseNumber, const QString &operatorName, const QString &action,
                            const QString &from, const QString &to);
    Q_INVOKABLE void verify();
    Q_INVOKABLE void exportExtract();
    Q_INVOKABLE void clearMessage() { setMessage({}, false); }

    // The session started or ended: the hub's chain is the first shown when it can be read.
    void signedIn();
    void signedOut();

    static constexpr int MaxRows = 500;

Q_SIGNALS:
    void sourceChanged();
    void busyChanged();
    void messageChanged();
    void chainChanged();
    void exportedChanged();

private:
    struct Filter
    {
        QString caseNumber;
        QString operatorName;
        QString action;
        QDateTime from; // inclusive
        QDateTime to;   // exclusive
    };
    bool readFilter(const QString &caseNumber, const QString &operatorName, const QString &action, const QString &from,
                    const QString &to, Filter &out);
    bool allowed(int action);
    void searchDevice(const Filter &filter);
    void searchHub(const Filter &filter);
    QString hubQuery(const Filter &filter, int limit) const;
    void verifyDevice();
    void verifyHub();
    void exportDevice();
    void exportHub();
    bool writeExport(const QByteArray &document, const QString &prefix);
    void noteDeviceRead(const QString &action, const QString &caseNumber);
    void setChain(const QString &state, const QString &text, qint64 brokenSeq);
    void setMessage(const QString &message, bool isError);
    void setBusy(bool busy);

    DeskSession *m_session;
    Store *m_store = nullptr;
    const sync::EnrolledDevice *m_device = nullptr;
    QString m_exportDir;
    QString m_source = QStringLiteral("device");
    AuditEntryModel m_entries;
    Filter m_filter;
    bool m_busy = false;
    QString m_message;
    bool m_messageIsError = false;
    QString m_chainState;
    QString m_chainText;
    qint64 m_brokenSeq = 0;
    QString m_exportedPath;
};

} // namespace ow
