#pragma once

#include <QString>

class QCoreApplication;

namespace ow {

// Loads the embedded translation for `language` ("zh_CN" or "en"); an empty language means
// OW_LANG from the environment, else Simplified Chinese. Returns the language in use.
QString installTranslations(QCoreApplication &app, const QString &language = {});

} // namespace ow
