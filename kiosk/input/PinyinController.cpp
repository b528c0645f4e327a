#include "PinyinController.h"

#include "InputLogging.h"
#include "InputText.h"
#include "PinyinEngine.h"

#include <QKeyEvent>

#include <algorithm>
#include <memory>

namespace ow {

namespace {

PinyinEngine *g_shared = nullptr;

bool isPinyinKey(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'\'';
}

// The engine for controllers made without one: the one main() gave, else one opened here for
// the whole process.
PinyinEngine *processEngine()
{
    if (g_shared)
        return g_shared;
    static std::unique_ptr<PinyinEngine> own = std::make_unique<PinyinEngine>();
    return own.get();
}

} // namespace

PinyinController::PinyinController(QObject *parent)
    : PinyinController(processEngine(), parent)
{}

PinyinController::PinyinController(PinyinEngine *engine, QObject *parent)
    : QAbstractListModel(parent)
{
    attach(engine);
}

PinyinController::~PinyinController()
{
    if (m_available)
        m_engine->reset();
}

void PinyinController::setSharedEngine(PinyinEngine *engine)
{
    g_shared = engine;
}

void PinyinController::attach(PinyinEngine *engine)
{
    m_engine = engine;
    if (!m_engine) {
        m_unavailableReason = InputText::tr("Chinese input is not available.");
        m_mode = Mode::Letters;
        return;
    }
    if (!m_engine->isOpen()) {
        const Status opened = m_engine->open();
        if (!opened.ok()) {
            qCWarning(lcInput) << "keyboard without pinyin:" << opened.error().logDetail;
            m_unavailableReason = opened.error().userMessage;
            m_mode = Mode::Letters;
            return;
        }
    }
    m_available = true;
    m_engine->reset();
}

int PinyinController::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_shown.size());
}

QVariant PinyinController::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
    case TextRole:
        return m_shown.at(index.row());
    case IndexRole:
        return m_page * m_pageSize + index.row();
    default:
        return {};
    }
}

QHash<int, QByteArray> PinyinController::roleNames() const
{
    return {{TextRole, QByteArrayLiteral("candidate")}, {IndexRole, QByteArrayLiteral("candidateIndex")}};
}

void PinyinController::setMode(Mode mode)
{
    if (mode == Mode::Pinyin && !m_available)
        mode = Mode::Letters;
    if (mode == m_mode)
        return;
    clear();
    m_mode = mode;
    Q_EMIT modeChanged();
}

void PinyinController::setFieldType(const QString &fieldType)
{
    if (fieldType != m_fieldType) {
        m_fieldType = fieldType;
        Q_EMIT fieldTypeChanged();
    }
    switch (KeypadRules::forFieldType(fieldType).kind()) {
    case KeypadRules::Kind::IdNumber:
        setMode(Mode::IdNumber);
        break;
    case KeypadRules::Kind::Mobile:
        setMode(Mode::Phone);
        break;
    case KeypadRules::Kind::Digits:
    case KeypadRules::Kind::Decimal:
        setMode(Mode::Digits);
        break;
    case KeypadRules::Kind::Letters:
        setMode(Mode::Pinyin);
        break;
    }
}

void PinyinController::setFieldText(const QString &text)
{
    if (text == m_fieldText)
        return;
    m_fieldText = text;
    Q_EMIT fieldTextChanged();
}

KeypadRules PinyinController::rules() const
{
    switch (m_mode) {
    case Mode::IdNumber:
        return KeypadRules(KeypadRules::Kind::IdNumber);
    case Mode::Phone:
        return KeypadRules(KeypadRules::Kind::Mobile);
    case Mode::Digits:
        return KeypadRules::forFieldType(m_fieldType).kind() == KeypadRules::Kind::Decimal
                   ? KeypadRules(KeypadRules::Kind::Decimal)
                   : KeypadRules(KeypadRules::Kind::Digits);
    case Mode::Pinyin:
    case Mode::Letters:
        break;
    }
    return KeypadRules(KeypadRules::Kind::Letters);
}

bool PinyinController::isKeypadOnly() const
{
    return KeypadRules::forFieldType(m_fieldType).kind() != KeypadRules::Kind::Letters;
}

QStringList PinyinController::keypadKeys() const
{
    QStringList keys;
    for (QChar key : rules().keys())
        keys.append(QString(key));
    return keys;
}

QString PinyinController::letters() const
{
    return m_letters;
}

QString PinyinController::composing() const
{
    if (!composesPinyin() || !m_engine->isComposing())
        return m_letters;
    return m_engine->composedPrefix() + m_engine->remainingLetters();
}

int PinyinController::pageCount() const
{
    return (m_candidateCount + m_pageSize - 1) / m_pageSize;
}

void PinyinController::setPageSize(int size)
{
    if (size < 1 || size == m_pageSize)
        return;
    m_pageSize = size;
    showPage(0);
}

bool PinyinController::accepts(const QString &key) const
{
    if (key.size() != 1)
        return false;
    return rules().accepts(m_fieldText, key.front());
}

bool PinyinController::typeKey(const QString &key)
{
    if (key.size() != 1)
        return false;
    const QChar c = key.front();
    if (composesPinyin() && isPinyinKey(c)) {
        // The syllable separator only separates.
        if (c == u'\'' && (m_letters.isEmpty() || m_letters.endsWith(u'\'')))
            return false;
        m_letters.append(c.toLower());
        refresh();
        return true;
    }
    if (!accepts(key))
        return false;
    // A keypad has upper-case X only; other keys are typed as they are.
    commitText(m_mode == Mode::IdNumber ? key.toUpper() : key);
    return true;
}

void PinyinController::backspace()
{
    if (m_letters.isEmpty()) {
        Q_EMIT erase();
        return;
    }
    if (composesPinyin() && m_engine->cancelLastChoice()) {
        m_candidateCount = m_engine->candidateCount();
        showPage(0);
        Q_EMIT compositionChanged();
        return;
    }
    m_letters.chop(1);
    refresh();
}

bool PinyinController::choose(int row)
{
    if (!composesPinyin() || row < 0 || row >= m_shown.size())
        return false;
    const PinyinEngine::Choice choice = m_engine->choose(m_page * m_pageSize + row);
    if (choice.complete) {
        m_letters.clear();
        m_candidateCount = 0;
        showPage(0);
        Q_EMIT compositionChanged();
        commitText(choice.committed);
        return true;
    }
    m_candidateCount = m_engine->candidateCount();
    showPage(0);
    Q_EMIT compositionChanged();
    return true;
}

void PinyinController::pageUp()
{
    if (canPageUp())
        showPage(m_page - 1);
}

void PinyinController::pageDown()
{
    if (canPageDown())
        showPage(m_page + 1);
}

void PinyinController::space()
{
    if (m_letters.isEmpty()) {
        commitText(QStringLiteral(" "));
        return;
    }
    if (composesPinyin() && m_candidateCount > 0) {
        // The first candidate, step by step until the phrase is complete.
        showPage(0);
        while (!m_letters.isEmpty() && !m_shown.isEmpty()) {
            if (!choose(0))
                break;
        }
        return;
    }
    enter();
}

void PinyinController::enter()
{
    if (m_letters.isEmpty()) {
        Q_EMIT submitted();
        return;
    }
    // The letters as typed (a Latin name, an abbreviation), with what is already composed.
    const QString text = composing();
    clear();
    commitText(text);
}

void PinyinController::clear()
{
    if (m_available)
        m_engine->reset();
    const bool hadLetters = !m_letters.isEmpty();
    m_letters.clear();
    m_candidateCount = 0;
    showPage(0);
    if (hadLetters)
        Q_EMIT compositionChanged();
}

void PinyinController::forgetSession()
{
    clear();
    if (!m_available)
        return;
    const Status forgotten = m_engine->forgetSession();
    if (!forgotten.ok()) {
        // The session dictionary is gone either way; the keyboard goes on with letters only.
        qCWarning(lcInput) << "pinyin after the wipe:" << forgotten.error().logDetail;
        m_available = false;
        m_unavailableReason = forgotten.error().userMessage;
        Q_EMIT availableChanged();
        setMode(Mode::Letters);
    }
}

void PinyinController::setTarget(QObject *target)
{
    if (target == m_target)
        return;
    if (m_target)
        m_target->removeEventFilter(this);
    clear();
    m_target = target;
    if (m_target)
        m_target->installEventFilter(this);
    Q_EMIT targetChanged();
}

bool PinyinController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_target && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        return handleKey(key->key(), key->modifiers(), key->text());
    }
    return QAbstractListModel::eventFilter(watched, event);
}

bool PinyinController::handleKey(int key, Qt::KeyboardModifiers modifiers, const QString &text)
{
    if (modifiers & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
        return false;
    const bool printable = text.size() == 1 && text.front().isPrint();
    if (composesPinyin()) {
        if (printable && isPinyinKey(text.front()) && (text.front() != u'\'' || !m_letters.isEmpty())) {
            typeKey(text);
            return true;
        }
        if (m_letters.isEmpty())
            return false;
        switch (key) {
        case Qt::Key_Backspace:
            backspace();
            return true;
        case Qt::Key_Space:
            space();
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            enter();
            return true;
        case Qt::Key_Escape:
            clear();
            return true;
        case Qt::Key_PageUp:
        case Qt::Key_Minus:
            pageUp();
            return true;
        case Qt::Key_PageDown:
        case Qt::Key_Equal:
            pageDown();
            return true;
        default:
            break;
        }
        if (key >= Qt::Key_1 && key <= Qt::Key_9)
            choose(key - Qt::Key_1);
        // While letters are composed nothing else reaches the field.
        return true;
    }
    if (m_mode == Mode::Letters || !printable)
        return false;
    typeKey(text);
    return true;
}

void PinyinController::refresh()
{
    if (composesPinyin()) {
        m_candidateCount = m_letters.isEmpty() ? 0 : m_engine->search(m_letters);
        if (m_letters.isEmpty())
            m_engine->reset();
    } else {
        m_candidateCount = 0;
    }
    showPage(0);
    Q_EMIT compositionChanged();
}

void PinyinController::showPage(int page)
{
    beginResetModel();
    m_page = std::clamp(page, 0, std::max(pageCount() - 1, 0));
    m_shown = composesPinyin() ? m_engine->candidates(m_page * m_pageSize, m_pageSize) : QStringList();
    endResetModel();
    Q_EMIT pageChanged();
}

void PinyinController::commitText(const QString &text)
{
    if (!text.isEmpty())
        Q_EMIT commit(text);
}

} // namespace ow
