#pragma once

// The kiosk's window in screen tests (header-only; include it from targets that link the kiosk
// and Qt Quick): showing it at a size, and tapping what is visible as a finger would.
#include "KioskTestSupport.h"

#include <QCoreApplication>
#include <QQuickItem>
#include <QQuickView>
#include <QString>
#include <QTest>

namespace ow::test {

// Shows `view` at `size` and waits until its root item has that size; false when it does not.
inline bool showAt(QQuickView &view, QSize size)
{
    view.resize(size);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return false;
    return QTest::qWaitFor([&] { return view.rootObject() && view.rootObject()->size() == QSizeF(size); });
}

// Taps the visible item `name` in its middle, as a finger would; false (with a warning) when
// nothing visible is called so or it is off screen.
inline bool tapVisible(QQuickView &view, const QString &name)
{
    QQuickItem *item = findVisible(view.rootObject(), name);
    if (!item) {
        qWarning("nothing visible is called %s", qPrintable(name));
        return false;
    }
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    if (!QRectF(QPointF(0, 0), view.size()).contains(centre)) {
        qWarning("%s is off screen", qPrintable(name));
        return false;
    }
    QTest::mouseClick(&view, Qt::LeftButton, Qt::NoModifier, centre.toPoint());
    QCoreApplication::processEvents();
    return true;
}

} // namespace ow::test
