#pragma once

#include "identity/Action.h"
#include "sync/OperatorClient.h"

#include <QJsonObject>
#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

#include <functional>

namespace ow {

class DeskSession;

// The hall supervisor's statistics page (大厅运行统计): the hub's figures for today or this month
// over every device of the county (GET /v1/stats, counted by the hub's database), as headline
// tiles, bars by item, department, channel and rating, and the most overdue case numbers; and
// the same figures exported as CSV (UTF-8 with a BOM, so a Chinese Excel opens it) into the
// desk's exports folder. Asked of the Authorizer (ViewHallStatistics, ExportStatistics) first.
class HallStatistics : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The desk session owns the hall statistics")
    Q_PROPERTY(QString period READ period WRITE setPeriod NOTIFY periodChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(bool loaded READ loaded NOTIFY figuresChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)
    Q_PROPERTY(bool messageIsError READ messageIsError NOTIFY messageChanged)
    Q_PROPERTY(QString rangeLabel READ rangeLabel NOTIFY figuresChanged)
    // Headline tiles: {key, label, value, note, tone: "normal" | "good" | "warning" | "bad"}.
    Q_PROPERTY(QVariantList tiles READ tiles NOTIFY figuresChanged)
    // Bars: {label, count, fraction (of the largest)}.
    Q_PROPERTY(QVariantList byItem READ byItem NOTIFY figuresChanged)
    Q_PROPERTY(QVariantList byDepartment READ byDepartment NOTIFY figuresChanged)
    Q_PROPERTY(QVariantList byChannel READ byChannel NOTIFY figuresChanged)
    Q_PROPERTY(QVariantList ratings READ ratings NOTIFY figuresChanged)
    // {caseId, dueDate, daysOverdue}
    Q_PROPERTY(QVariantList overdueCases READ overdueCases NOTIFY figuresChanged)
    Q_PROPERTY(QString exportedPath READ exportedPath NOTIFY messageChanged)

public:
    explicit HallStatistics(DeskSession *desk);

    QString period() const { return m_period; }
    void setPeriod(const QString &period);
    bool loading() const { return m_loading; }
    bool loaded() const { return !m_figures.isEmpty(); }
    QString message() const { return m_message; }
    bool messageIsError() const { return m_messageIsError; }
    QString rangeLabel() const;
    QVariantList tiles() const;
    QVariantList byItem() const;
    QVariantList byDepartment() const;
    QVariantList byChannel() const;
    QVariantList ratings() const;
    QVariantList overdueCases() const;
    QString exportedPath() const { return m_exportedPath; }

    // Where "Export CSV" writes (DeskProgram: <data>/exports).
    void setExportDir(const QString &dir) { m_exportDir = dir; }

    Q_INVOKABLE void refresh();
    // Writes the figures on screen; the path is shown after saving. False when refused or failed.
    Q_INVOKABLE bool exportCsv();
    Q_INVOKABLE void clearMessage();
    // Forgets the figures (sign-out).
    void reset();

Q_SIGNALS:
    void periodChanged();
    void loadingChanged();
    void figuresChanged();
    void messageChanged();

private:
    bool authorize(Action action);
    void setMessage(const QString &message, bool isError);
    QVariantList bars(const QString &field, const std::function<QString(const QString &)> &label) const;
    QString itemName(const QString &itemId) const;
    QString departmentName(const QString &code) const;
    static QString channelName(const QString &key);
    static QString ratingName(const QString &key);
    QString onTimeText() const;
    QString averageDaysText() const;

    DeskSession *m_desk;
    QString m_period = QStringLiteral("today");
    QJsonObject m_figures;
    QString m_message;
    bool m_messageIsError = false;
    bool m_loading = false;
    int m_generation = 0;
    QString m_exportDir;
    QString m_exportedPath;
};

} // namespace ow
