#include "ThemeTokens.h"

#include <QGuiApplication>

namespace ow {

void ThemeTypeScale::setElder(bool elder)
{
    if (elder == m_elder)
        return;
    m_elder = elder;
    Q_EMIT elderChanged();
}

ThemeDirection::ThemeDirection(QObject *parent)
    : QObject(parent)
{
    connect(qGuiApp, &QGuiApplication::layoutDirectionChanged, this, &ThemeDirection::changed);
}

bool ThemeDirection::rightToLeft()
{
    return QGuiApplication::layoutDirection() == Qt::RightToLeft;
}

} // namespace ow
