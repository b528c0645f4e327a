import QtQuick

// One of the product's icons (resources/icons), blue or, with `light`, white.
Image {
    id: root

    property string name
    property bool light: false
    property int size: 48

    width: size
    height: size
    source: name === "" ? "" : "qrc:/icons/" + name + (light ? "-light" : "") + ".svg"
    sourceSize: Qt.size(size * 2, size * 2)
    fillMode: Image.PreserveAspectFit
    smooth: true
    // Arrows point the way the reading goes: mirrored in a right-to-left layout.
    mirror: LayoutMirroring.enabled && (name === "back" || name === "chevron" || name === "next")
}
