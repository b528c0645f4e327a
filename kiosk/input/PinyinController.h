#pragma once

#include "KeypadRules.h"

#include <QAbstractListModel>
#include <QPointer>
#include <QStringList>
#include <QtQml/qqmlregistration.h>

namespace ow {

class PinyinEngine;

// The on-screen keyboard's logic: what a key does in the current mode, the letters typed so far,
// the page of candidates on offer (the rows of this model) and the text to put into the field.
// The keyboard in QML only shows this and forwards taps and hardware keys here.
//
// Modes: pinyin (letters become Chinese through the candidate bar), letters (typed as they are),
// and the keypads digits, idNumber and phone, chosen from a catalog field type; which keypad key
// may be typed is decided by KeypadRules against the field's current text.
//
// The Pinyin engine is one per process (the library keeps global state): main() gives it with
// setSharedEngine(); without one the first controller opens one of its own for the process. When
// the dictionary is missing, `available` is false, `unavailableReason` says why and only letters
// can be typed.
class PinyinController : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Mode mode READ mode WRITE setMode NOTIFY modeChanged)
    Q_PROPERTY(QString fieldType READ fieldType WRITE setFieldType NOTIFY fieldTypeChanged)
    Q_PROPERTY(QString fieldText READ fieldText WRITE setFieldText NOTIFY fieldTextChanged)
    Q_PROPERTY(bool keypadOnly READ isKeypadOnly NOTIFY fieldTypeChanged)
    Q_PROPERTY(int maxLength READ maxLength NOTIFY modeChanged)
    Q_PROPERTY(QStringList keypadKeys READ keypadKeys NOTIFY modeChanged)
    Q_PROPERTY(QString letters READ letters NOTIFY compositionChanged)
    Q_PROPERTY(QString composing READ composing NOTIFY compositionChanged)
    Q_PROPERTY(int page READ page NOTIFY pageChanged)
    Q_PROPERTY(int pageCount READ pageCount NOTIFY pageChanged)
    Q_PROPERTY(int pageSize READ pageSize WRITE setPageSize NOTIFY pageChanged)
    Q_PROPERTY(bool canPageUp READ canPageUp NOTIFY pageChanged)
    Q_PROPERTY(bool canPageDown READ canPageDown NOTIFY pageChanged)
    Q_PROPERTY(QObject *target READ target WRITE setTarget NOTIFY targetChanged)
    Q_PROPERTY(bool available READ isAvailable NOTIFY availableChanged)
    Q_PROPERTY(QString unavailableReason READ unavailableReason NOTIFY availableChanged)

public:
    enum class Mode { Pinyin, Letters, Digits, IdNumber, Phone };
    Q_ENUM(Mode)
    enum Role { TextRole = Qt::UserRole + 1, IndexRole };

    explicit PinyinController(QObject *parent = nullptr);
    // With a given engine; it is opened here if it is not open yet.
    explicit PinyinController(PinyinEngine *engine, QObject *parent = nullptr);
    ~PinyinController() override;

    // The process's engine for controllers created from QML; not owned.
    static void setSharedEngine(PinyinEngine *engine);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    QString fieldType() const { return m_fieldType; }
    // From a catalog field type (KeypadRules::forFieldType): idNumber, mobile, integer, number,
    // money get a keypad, anything else the Pinyin keyboard.
    void setFieldType(const QString &fieldType);
    QString fieldText() const { return m_fieldText; }
    void setFieldText(const QString &text);
    // Whether the field's type allows only its keypad (no switching to the letters).
    bool isKeypadOnly() const;
    QStringList keypadKeys() const;
    // The longest text the keypad builds (18 for an ID number, 11 for a phone); 0 when unlimited.
    int maxLength() const { return rules().maxLength(); }
    // The field the keyboard types into: its hardware key presses come here first, so a physical
    // keypad or keyboard types through the same rules and candidates as the screen.
    QObject *target() const { return m_target; }
    void setTarget(QObject *target);

    QString letters() const;
    QString composing() const;
    int page() const { return m_page; }
    int pageCount() const;
    int pageSize() const { return m_pageSize; }
    void setPageSize(int size);
    bool canPageUp() const { return m_page > 0; }
    bool canPageDown() const { return m_page + 1 < pageCount(); }
    bool isAvailable() const { return m_available; }
    QString unavailableReason() const { return m_unavailableReason; }

    // Whether a keypad key may be typed now (always true on the letters keyboards).
    Q_INVOKABLE bool accepts(const QString &key) const;
    // A key: a letter (or apostrophe) in pinyin mode joins the letters; anything else is committed
    // as typed if the mode accepts it. False if nothing happened.
    Q_INVOKABLE bool typeKey(const QString &key);
    // Removes the last letter, or asks the field to erase a character when there are none.
    Q_INVOKABLE void backspace();
    // Chooses candidate `row` of the current page.
    Q_INVOKABLE bool choose(int row);
    Q_INVOKABLE void pageUp();
    Q_INVOKABLE void pageDown();
    // Commits the first candidate, or the letters, or a space when nothing is being typed.
    Q_INVOKABLE void space();
    // Commits the letters as typed; with none, the field's own enter (submitted()).
    Q_INVOKABLE void enter();
    // Drops the letters and choices; learned phrases stay.
    Q_INVOKABLE void clear();
    // The idle wipe: forgets what was learned this session and clears the letters.
    Q_INVOKABLE void forgetSession();
    // A hardware key: letters compose, digits 1-9 choose a candidate, -/= and Page Up/Down page,
    // space, enter, backspace and escape act on the letters; keypads refuse what they do not
    // accept. True if the key was used (or refused) here, false if the field should have it.
    bool handleKey(int key, Qt::KeyboardModifiers modifiers, const QString &text);

Q_SIGNALS:
    // Text to insert into the focused field.
    void commit(const QString &text);
    // The field should erase the character before its cursor.
    void erase();
    // Enter with nothing being composed: the field's own return key.
    void submitted();
    void modeChanged();
    void fieldTypeChanged();
    void fieldTextChanged();
    void compositionChanged();
    void pageChanged();
    void availableChanged();
    void targetChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void attach(PinyinEngine *engine);
    bool composesPinyin() const { return m_mode == Mode::Pinyin && m_available; }
    KeypadRules rules() const;
    // Searches the letters again and shows the first page.
    void refresh();
    void showPage(int page);
    void commitText(const QString &text);

    PinyinEngine *m_engine = nullptr;
    QPointer<QObject> m_target;
    bool m_available = false;
    QString m_unavailableReason;
    Mode m_mode = Mode::Pinyin;
    QString m_fieldType;
    QString m_fieldText;
    // The letters typed, when the engine is not composing them (letters mode needs none).
    QString m_letters;
    QStringList m_shown;
    int m_page = 0;
    int m_pageSize = 6;
    int m_candidateCount = 0;
};

} // namespace ow
