#pragma once

// Shared by the kiosk's tests and benchmark (header-only; include it from targets that link the
// kiosk or the UI layer): finding what is on screen, and a fictitious elderly applicant's answers.
#include "ui/FormController.h"

#include <QQuickItem>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace ow::test {

// The visible item called `name`, searched depth-first.
inline QQuickItem *findVisible(QQuickItem *item, const QString &name)
{
    if (!item || !item->isVisible())
        return nullptr;
    if (item->objectName() == name)
        return item;
    for (QQuickItem *child : item->childItems()) {
        if (QQuickItem *found = findVisible(child, name))
            return found;
    }
    return nullptr;
}

// Every visible text, to check what a citizen reads.
inline void collectTexts(QQuickItem *item, QStringList &out)
{
    if (!item || !item->isVisible())
        return;
    if (item->inherits("QQuickText"))
        out.append(item->property("text").toString());
    for (QQuickItem *child : item->childItems())
        collectTexts(child, out);
}

// What a 78-year-old applying alone at the kiosk answers on the elderly allowance and the senior
// citizen card (attachments are left to each test).
inline const QVariantMap &elderlyAnswers()
{
    static const QVariantMap answers{
        {QStringLiteral("applicantName"), QStringLiteral("王秀兰")},
        {QStringLiteral("applicantMobile"), QStringLiteral("13905501234")},
        {QStringLiteral("applicantRegion"), QStringLiteral("341125")},
        {QStringLiteral("applicantAddress"), QStringLiteral("定远县炉桥镇高塘村12号")},
        {QStringLiteral("applicantSex"), QStringLiteral("female")},
        {QStringLiteral("applicantBirthDate"), QStringLiteral("1948-03-02")},
        {QStringLiteral("isLocalHousehold"), true},
        {QStringLiteral("applyByAgent"), false},
        {QStringLiteral("livingArrangement"), QStringLiteral("withFamily")},
        {QStringLiteral("deliveryMethod"), QStringLiteral("village")},
        {QStringLiteral("accountHolderName"), QStringLiteral("王秀兰")},
        {QStringLiteral("bankName"), QStringLiteral("定远县农村商业银行")},
        {QStringLiteral("bankCard"), QStringLiteral("6230 5100 1234 5678 903")},
        {QStringLiteral("applicantSignature"), QStringLiteral("sig:1")},
    };
    return answers;
}

// Answers every empty, shown field of the form's current page found in `answers`; returns how
// many answers were given.
inline int answerPage(FormController &form, const QVariantMap &answers = elderlyAnswers())
{
    int given = 0;
    for (int i = 0; i < form.rowCount(); ++i) {
        const QModelIndex index = form.index(i);
        const QString id = index.data(FormController::FieldIdRole).toString();
        const QVariant value = index.data(FormController::ValueRole);
        const bool empty = !value.isValid() || value.isNull() || value.toString().isEmpty();
        if (answers.contains(id) && empty && index.data(FormController::VisibleRole).toBool()) {
            form.setValue(i, answers.value(id));
            ++given;
        }
    }
    return given;
}

// Answers the form page by page; true when its last page is done.
inline bool answerForm(FormController &form)
{
    for (int page = 0; page < 12; ++page) {
        answerPage(form);
        if (form.next())
            return true;
    }
    return false;
}

} // namespace ow::test
