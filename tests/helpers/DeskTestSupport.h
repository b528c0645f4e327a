#pragma once

// Shared by the desk's GUI tests and the end-to-end test's desk (header-only; include it from
// targets that link the desk or the UI layer): finding what is on screen, where screenshots go,
// and what a clerk fills in with the citizen where an application's answers stop.
#include "ui/FormController.h"

#include <QDir>
#include <QQuickItem>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace ow::test {

// The item called `name`, searched depth-first (shown or not).
inline QQuickItem *findItem(QQuickItem *root, const QString &name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name)
        return root;
    for (QQuickItem *child : root->childItems()) {
        if (QQuickItem *found = findItem(child, name))
            return found;
    }
    return nullptr;
}

// Visible and with a size: something a clerk can see and click.
inline bool shown(QQuickItem *item)
{
    return item && item->isVisible() && item->width() > 0 && item->height() > 0;
}

// build/<preset>/tests/desk/screenshots, made when missing.
inline QString deskScreenshotDir()
{
    const QString dir = qEnvironmentVariable("OW_BINARY_DIR") + QStringLiteral("/tests/desk/screenshots");
    QDir().mkpath(dir);
    return dir;
}

// Plausible answers (a fictitious applicant's) for every visible field of `form` left empty;
// answers already given (the identity's own, a kiosk's) stay. Returns how many were given.
inline int answerEmptyFields(FormController &form)
{
    int given = 0;
    for (int i = 0; i < form.rowCount(); ++i) {
        const QModelIndex index = form.index(i);
        if (!index.data(FormController::VisibleRole).toBool())
            continue;
        const QVariant value = index.data(FormController::ValueRole);
        if (value.isValid() && !value.isNull() && !value.toString().isEmpty())
            continue;
        const QString type = index.data(FormController::TypeRole).toString();
        const QVariantList options = index.data(FormController::OptionsRole).toList();
        QVariant answer;
        if (type == QLatin1String("mobile"))
            answer = QStringLiteral("13905501234");
        else if (type == QLatin1String("yesNo"))
            answer = false;
        else if (type == QLatin1String("choice") && !options.isEmpty())
            answer = options.first().toMap().value(QStringLiteral("value"));
        else if (type == QLatin1String("multiChoice") && !options.isEmpty())
            answer = QStringList{options.first().toMap().value(QStringLiteral("value")).toString()};
        else if (type == QLatin1String("region"))
            answer = QStringLiteral("341125");
        else if (type == QLatin1String("address"))
            answer = QStringLiteral("定远县炉桥镇高塘村12号");
        else if (type == QLatin1String("bankCard"))
            answer = QStringLiteral("6230 5100 1234 5678 903");
        else if (type == QLatin1String("money") || type == QLatin1String("number"))
            answer = QStringLiteral("300");
        else if (type == QLatin1String("date"))
            answer = QStringLiteral("1946-05-01");
        else if (type == QLatin1String("signature"))
            answer = QStringLiteral("sig:1");
        else if (type == QLatin1String("text") || type == QLatin1String("multiline"))
            answer = QStringLiteral("演示");
        if (answer.isValid()) {
            form.setValue(i, answer);
            ++given;
        }
    }
    return given;
}

} // namespace ow::test
