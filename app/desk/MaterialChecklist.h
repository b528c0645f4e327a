#pragma once

#include "domain/MaterialCheck.h"

#include <QAbstractListModel>
#include <QDate>
#include <QQmlEngine>

namespace ow {

// The window clerk's materials checklist: one row per material the application needs (required
// ones first, then the optional ones), each recorded in one of the five ways of MaterialReceipt.
// The rules are materialChecks'; each row shows its own problem once the clerk has tried to accept.
class MaterialChecklist : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The window desk owns its checklist")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,
        RequiredRole,
        ReceiptRole, // "unchecked", "paper", "eLicence", "scan", "missing", "pledge"
        LicenceRole,
        ScanRole, // "image/png · 12 KB" once attached
        DueDateRole,
        PledgeRole,
        ProblemRole,
    };

    explicit MaterialChecklist(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setMaterials(const QList<MaterialCheck> &materials);
    const QList<MaterialCheck> &materials() const { return m_rows; }
    void setToday(const QDate &today) { m_today = today; }
    // Shows each row's problem (after an accept was refused).
    void showProblems();

    Q_INVOKABLE void setReceipt(int row, const QString &receipt);
    Q_INVOKABLE void setLicenceNumber(int row, const QString &number);
    // Reads a scan from a file (a PNG, JPEG or PDF of at most materialChecks::MaxScanBytes); the
    // translated problem, or empty when attached.
    Q_INVOKABLE QString attachScan(int row, const QString &filePath);
    // The same for bytes already in hand (a picture taken at a kiosk, taken over with its draft).
    QString attachScanData(int row, const QByteArray &bytes);
    // The row of a material, or -1.
    int rowOf(const QString &materialId) const;
    Q_INVOKABLE void setDueDate(int row, const QString &isoDate);
    Q_INVOKABLE void setPledgeSigned(int row, bool isSigned);

    QString scanMime(const QString &materialId) const;

    static QString receiptKey(MaterialReceipt receipt);
    static std::optional<MaterialReceipt> receiptFromKey(const QString &key);

Q_SIGNALS:
    void countChanged();

private:
    void changed(int row);

    QList<MaterialCheck> m_rows;
    QHash<QString, QString> m_scanMime; // by material id
    QDate m_today;
    bool m_showProblems = false;
};

} // namespace ow
