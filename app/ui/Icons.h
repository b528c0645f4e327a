#pragma once

#include <QObject>
#include <QString>
#include <QUrl>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace ow {

// The product's icons for QML: Icons.source("home", light) is the address of one, drawn from its
// SVG into pixels at build time (resources/CMakeLists.txt) and served by an image provider that
// this singleton installs in its engine. Through the provider, not a qrc: address to an image
// file, because Qt Quick 6.4 loads every image-format plugin (SVG, GIF, JPEG, ICO…) on the first
// image it reads from a file, and decoding costs time before the first frame.
class Icons : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON

public:
    static Icons *create(QQmlEngine *engine, QJSEngine *);

    // image://owicons/NAME or image://owicons/NAME-light (white, for coloured surfaces).
    Q_INVOKABLE QUrl source(const QString &name, bool light) const;

private:
    // No default constructor: Qt 6.4 would use one and never call create().
    explicit Icons(QQmlEngine *engine);
};

} // namespace ow
