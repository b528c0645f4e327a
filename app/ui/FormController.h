#pragma once

#include "catalog/FormState.h"

#include <QAbstractListModel>
#include <QQmlEngine>
#include <QSet>
#include <QTimer>

#include <memory>
#include <optional>

namespace ow {

// Renders any item's form from the catalog rules: the list of entries on the current page
// (group headers, row headers, fields, "add a row" buttons) with everything the screen needs
// per entry. All decisions (visible, required, valid, masked) come from FormState; QML only
// shows them. Kiosk: one question group per page. Desk: every group on one dense page.
class FormController : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString itemId READ itemId WRITE setItemId NOTIFY itemChanged FINAL)
    Q_PROPERTY(QString itemName READ itemName NOTIFY itemChanged FINAL)
    Q_PROPERTY(QString loadError READ loadError NOTIFY itemChanged FINAL)
    Q_PROPERTY(bool kiosk READ kiosk WRITE setKiosk NOTIFY pageChanged FINAL)
    Q_PROPERTY(bool preview READ preview WRITE setPreview NOTIFY pageChanged FINAL)
    Q_PROPERTY(bool onePerPage READ onePerPage WRITE setOnePerPage NOTIFY pageChanged FINAL)
    Q_PROPERTY(int pageCount READ pageCount NOTIFY pageChanged FINAL)
    Q_PROPERTY(int currentPage READ currentPage WRITE setCurrentPage NOTIFY pageChanged FINAL)
    Q_PROPERTY(QString pageTitle READ pageTitle NOTIFY pageChanged FINAL)
    Q_PROPERTY(bool showErrors READ showErrors NOTIFY showErrorsChanged FINAL)
    Q_PROPERTY(int problemCount READ problemCount NOTIFY valuesChanged FINAL)
    Q_PROPERTY(QVariantList materials READ materials NOTIFY valuesChanged FINAL)

public:
    enum Role {
        KindRole = Qt::UserRole + 1, // header, row, field, addRow
        FieldIdRole,
        GroupIdRole,
        RowRole,
        TypeRole,
        LabelRole,
        HelpRole,
        RequiredRole,
        VisibleRole,
        ValueRole,
        DisplayValueRole,
        ErrorRole,
        OptionsRole,
        MaxLengthRole,
        ReadOnlyRole,
    };
    Q_ENUM(Role)

    explicit FormController(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString itemId() const { return m_itemId; }
    void setItemId(const QString &id);
    // Uses an explicit item version (a case filled with an older version).
    void setItem(std::shared_ptr<const ServiceItem> item);
    QString itemName() const;
    QString loadError() const { return m_loadError; }
    bool kiosk() const { return m_kiosk; }
    void setKiosk(bool kiosk);
    // Catalog preview: every group and field is shown whatever its conditions, with one row
    // in each repeatable group, so authors (and tests) see the whole form.
    bool preview() const { return m_preview; }
    void setPreview(bool preview);
    // Kiosk elder mode: one question per page instead of one group. The answers read from the ID
    // card are confirmed together on one page of their group, fields sharing a catalog `question`
    // are one page, a repeatable group stays one page. Next checks the question on the page, as it
    // checks a group otherwise. A choice alone on its page moves on by itself once it is answered
    // (a moment later, so that the answer is seen), except on the last page.
    bool onePerPage() const { return m_onePerPage; }
    void setOnePerPage(bool onePerPage);
    int pageCount() const;
    int currentPage() const { return m_page; }
    void setCurrentPage(int page);
    QString pageTitle() const;
    bool showErrors() const { return m_showErrors; }
    int problemCount() const;
    // The materials needed now: [{name, reused}] where reused means a held e-licence replaces it.
    QVariantList materials() const;

    const FormState *form() const { return m_form.get(); }

    Q_INVOKABLE void setValue(int index, const QVariant &value);
    Q_INVOKABLE void markTouched(int index);
    Q_INVOKABLE bool next();
    Q_INVOKABLE void back();
    Q_INVOKABLE void addRow(const QString &groupId);
    Q_INVOKABLE void removeRow(const QString &groupId, int row);
    Q_INVOKABLE bool validateAll();
    Q_INVOKABLE QVariantMap submission() const;
    // Fills identity fields (prefill "identity.*") from an ID card or e-ID.
    Q_INVOKABLE void prefillIdentity(const QVariantMap &identity);
    // The applicant's e-licences [{type, fields: {...}}]: prefill "eLicence:*" fields and mark
    // the materials they replace.
    Q_INVOKABLE void setHeldLicences(const QVariantList &licences);
    // Empties every answer (the kiosk session ended).
    Q_INVOKABLE void clear();
    // The shell answers with a camera capture, a scan or a file; the form only asks.
    Q_INVOKABLE void requestAttachment(int index);
    // The citizen takes an attachment back: the answer is emptied and the shell lets go of the file.
    Q_INVOKABLE void removeAttachment(int index);
    // The shell's answer to attachmentRequested (references to what it holds, never the bytes).
    void setFieldValue(const QString &fieldId, int row, const QVariant &value);
    // Answers saved elsewhere (a kiosk draft taken over at the window), in the shape of
    // FormState::submission(); the fields are checked as usual when the form is validated.
    void restoreAnswers(const QJsonObject &answers);

Q_SIGNALS:
    void itemChanged();
    void pageChanged();
    void valuesChanged();
    void showErrorsChanged();
    void attachmentRequested(const QString &fieldId, int row, const QStringList &accept);
    void attachmentRemoved(const QString &fieldId, int row, const QStringList &references);

private:
    struct Entry
    {
        QString kind;
        QString groupId;
        QString fieldId;
        int row = -1;
    };

    // One page of the kiosk form: a group, or some of its fields (one-per-page mode).
    struct Page
    {
        const FieldGroup *group = nullptr;
        QStringList fields; // empty: the whole group
    };

    QList<Page> pages() const;
    QList<const FieldGroup *> pageGroups() const;
    QList<const FieldGroup *> visibleGroups() const;
    void rebuild();
    void refresh();
    const Field *fieldOf(const Entry &e) const;
    // Starts the move to the next page after `f` was answered, when `f` is a choice alone on a
    // page that is not the last.
    void advanceAfterChoice(const Field &f);

    QString m_itemId;
    QString m_loadError;
    std::unique_ptr<FormState> m_form;
    QList<Entry> m_entries;
    QSet<QString> m_touched;
    QList<ELicence> m_licences;
    bool m_kiosk = true;
    bool m_preview = false;
    bool m_onePerPage = false;
    QSet<QString> m_prefilled; // fields filled from the ID card, confirmed on one page
    bool m_showErrors = false;
    int m_page = 0;
    QTimer m_advance; // the move on after a choice (one-per-page mode)
    int m_advanceFrom = -1;
};

} // namespace ow
