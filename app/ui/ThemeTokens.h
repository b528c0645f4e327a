#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace ow {

// Theme.qml's token groups (Theme.typeScale, Theme.space, Theme.radius). They are C++ types with
// FINAL properties, not QtObjects declared in Theme.qml, so that the QML compiler knows every
// token's type and that no derived object can shadow it: bindings such as
// `spacing: Theme.space.m` are then compiled to C++ ahead of time instead of being interpreted at
// every start (qmllint --compiler reports those it cannot compile).

// The kiosk's type scale in pixels at 1080 px across the short side; elder mode's sizes are
// 1.5 times larger. Chinese needs a larger size than Latin text to read at arm's length: body
// text is never below 26.
class ThemeTypeScale : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool elder READ elder WRITE setElder NOTIFY elderChanged FINAL)
    Q_PROPERTY(int display READ display NOTIFY elderChanged FINAL)   // the home screen's greeting
    Q_PROPERTY(int headline READ headline NOTIFY elderChanged FINAL) // a screen's title
    Q_PROPERTY(int title READ title NOTIFY elderChanged FINAL)       // a tile, a section
    Q_PROPERTY(int subtitle READ subtitle NOTIFY elderChanged FINAL) // list rows, big buttons
    Q_PROPERTY(int body READ body NOTIFY elderChanged FINAL)
    Q_PROPERTY(int label READ label NOTIFY elderChanged FINAL) // captions under icons, hints
    Q_PROPERTY(int small READ small NOTIFY elderChanged FINAL) // the fine print, never instructions

public:
    using QObject::QObject;

    bool elder() const { return m_elder; }
    void setElder(bool elder);

    int display() const { return m_elder ? 96 : 64; }
    int headline() const { return m_elder ? 72 : 48; }
    int title() const { return m_elder ? 57 : 38; }
    int subtitle() const { return m_elder ? 48 : 32; }
    int body() const { return m_elder ? 42 : 28; }
    int label() const { return m_elder ? 39 : 26; }
    int small() const { return m_elder ? 33 : 22; }

Q_SIGNALS:
    void elderChanged();

private:
    bool m_elder = false;
};

// Spacing steps: use these, not numbers.
class ThemeSpace : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int xs READ xs CONSTANT FINAL)
    Q_PROPERTY(int s READ s CONSTANT FINAL)
    Q_PROPERTY(int m READ m CONSTANT FINAL)
    Q_PROPERTY(int l READ l CONSTANT FINAL)
    Q_PROPERTY(int xl READ xl CONSTANT FINAL)
    Q_PROPERTY(int xxl READ xxl CONSTANT FINAL)
    Q_PROPERTY(int xxxl READ xxxl CONSTANT FINAL)

public:
    using QObject::QObject;

    static int xs() { return 4; }
    static int s() { return 8; }
    static int m() { return 16; }
    static int l() { return 24; }
    static int xl() { return 32; }
    static int xxl() { return 48; }
    static int xxxl() { return 64; }
};

// Corner radii.
class ThemeRadius : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(int small READ small CONSTANT FINAL)
    Q_PROPERTY(int medium READ medium CONSTANT FINAL)
    Q_PROPERTY(int large READ large CONSTANT FINAL)
    Q_PROPERTY(int pill READ pill CONSTANT FINAL)

public:
    using QObject::QObject;

    static int small() { return 8; }
    static int medium() { return 16; }
    static int large() { return 28; }
    static int pill() { return 999; }
};

// How keypad focus reaches a button: by Tab (the kiosk's keypad, an accessibility keyboard), never
// by a tap, so that a tap leaves the focus ring where it was. Theme.keypad.focusPolicy instead of
// Qt.TabFocus in QML: a binding the compiler cannot compile resolves Qt.TabFocus through the
// whole Qt namespace's enumerations the first time one is read, about 6 M instructions on the
// path to the kiosk's first frame.
class ThemeKeypad : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(Qt::FocusPolicy focusPolicy READ focusPolicy CONSTANT FINAL)

public:
    using QObject::QObject;

    static Qt::FocusPolicy focusPolicy() { return Qt::TabFocus; }
};

// The reading direction of the language shown: a right-to-left translation sets the
// application's layout direction, and the screens mirror (LayoutMirroring) when it does.
class ThemeDirection : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool rightToLeft READ rightToLeft NOTIFY changed FINAL)

public:
    explicit ThemeDirection(QObject *parent = nullptr);

    static bool rightToLeft();

Q_SIGNALS:
    void changed();
};

} // namespace ow
