#pragma once

#include <thread>

namespace ow::ui {

// Reads the font configuration and the system's font caches (fontconfig's FcInit) on a thread of
// its own, beside the loading of the QML types, instead of on the path to the first frame, where
// Qt would otherwise read them when the first text is laid out. Qt's own FcInit() then finds the
// configuration in place. Call once FONTCONFIG_FILE is final, before QGuiApplication; the thread
// is joined when the returned object goes out of scope.
[[nodiscard]] std::jthread warmUpFonts();

} // namespace ow::ui
