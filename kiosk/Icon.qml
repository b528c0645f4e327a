import QtQuick
import OneWindow.Ui

// One of the product's icons (resources/icons), blue or, with `light`, white.
Image {
    id: root

    property string name
    property bool light: false
    property int size: 48

    width: size
    height: size
    // Drawn from the SVGs at build time into 128-pixel squares (resources/CMakeLists.txt), shown
    // through the Icons provider (app/ui/Icons.h), scaled smoothly to the size on screen.
    source: Icons.source(name, light)
    fillMode: Image.PreserveAspectFit
    smooth: true
    // Arrows point the way the reading goes: mirrored in a right-to-left layout.
    mirror: LayoutMirroring.enabled && (name === "back" || name === "chevron" || name === "next")
}
