#include "ui/Icons.h"

#include <QImage>
#include <QLoggingCategory>
#include <QQmlEngine>
#include <QQuickImageProvider>
#include <QResource>

#include <cstring>

Q_LOGGING_CATEGORY(lcIcons, "ow.ui.icons")

namespace ow {

namespace {

constexpr auto kProvider = "owicons";

// Shows :/icons/NAME.icon (resources/IconBake.cpp): premultiplied pixels, stored uncompressed,
// so the image is the resource's own memory, neither decoded nor copied. Scaled to the item's size
// when drawn.
class IconProvider : public QQuickImageProvider
{
public:
    IconProvider()
        : QQuickImageProvider(QQuickImageProvider::Image)
    {}

    QImage requestImage(const QString &id, QSize *size, const QSize &) override
    {
        const QResource resource(QStringLiteral(":/icons/%1.icon").arg(id));
        constexpr qint64 kHeader = 16;
        const uchar *data = resource.data();
        quint32 dims[3] = {0, 0, 0};
        if (data && resource.size() > kHeader && resource.compressionAlgorithm() == QResource::NoCompression &&
            std::memcmp(data, "OWI1", 4) == 0)
            std::memcpy(dims, data + 4, sizeof dims);
        if (dims[0] == 0 || dims[1] == 0 || qint64(dims[2]) * dims[1] != resource.size() - kHeader) {
            qCWarning(lcIcons) << "no icon named" << id;
            return {};
        }
        const QImage image(data + kHeader, int(dims[0]), int(dims[1]), int(dims[2]),
                           QImage::Format_ARGB32_Premultiplied);
        if (size)
            *size = image.size();
        return image;
    }
};

} // namespace

Icons::Icons(QQmlEngine *engine)
    : QObject(engine)
{}

Icons *Icons::create(QQmlEngine *engine, QJSEngine *)
{
    if (!engine->imageProvider(QLatin1String(kProvider)))
        engine->addImageProvider(QLatin1String(kProvider), new IconProvider);
    return new Icons(nullptr); // owned by the engine, as singletons from create() are
}

QUrl Icons::source(const QString &name, bool light) const
{
    if (name.isEmpty())
        return {};
    return QUrl(QStringLiteral("image://%1/%2%3")
                    .arg(QLatin1String(kProvider), name, light ? QStringLiteral("-light") : QString()));
}

} // namespace ow
