#include "Translations.h"

#include <QCoreApplication>
#include <QTranslator>

namespace ow {

QString installTranslations(QCoreApplication &app, const QString &language)
{
    QString lang = language;
    if (lang.isEmpty())
        lang = qEnvironmentVariable("OW_LANG");
    if (lang.isEmpty())
        lang = QStringLiteral("zh_CN");
    if (lang.startsWith(QLatin1String("en")))
        lang = QStringLiteral("en");
    else
        lang = QStringLiteral("zh_CN");
    auto *translator = new QTranslator(&app);
    if (translator->load(QStringLiteral(":/i18n/onewindow_%1.qm").arg(lang)))
        QCoreApplication::installTranslator(translator);
    else
        delete translator;
    return lang;
}

} // namespace ow
