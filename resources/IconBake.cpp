// Build-time tool: draws the product's SVG icons into ready-to-show pixels of one size.
//   ow_iconbake SIZE IN.svg OUT.icon [IN.svg OUT.icon ...]
// OUT.icon is "OWI1", then width, height and bytes per line as 32-bit numbers of this machine,
// then the rows of a premultiplied ARGB32 image (app/ui/Icons.cpp shows them without decoding).
// The kiosk starts without Qt's SVG plugin, draws no vector paths and inflates no PNG before its
// first frame.
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    bool sizeOk = false;
    const int size = args.value(1).toInt(&sizeOk);
    if (!sizeOk || size <= 0 || args.size() < 4 || (args.size() - 2) % 2 != 0) {
        QTextStream(stderr) << "usage: ow_iconbake SIZE IN.svg OUT.icon [IN.svg OUT.icon ...]\n";
        return 2;
    }
    for (int i = 2; i + 1 < args.size(); i += 2) {
        QSvgRenderer svg(args.at(i));
        if (!svg.isValid()) {
            QTextStream(stderr) << "ow_iconbake: not a valid SVG: " << args.at(i) << '\n';
            return 1;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        QFile out(args.at(i + 1));
        const quint32 header[] = {quint32(image.width()), quint32(image.height()), quint32(image.bytesPerLine())};
        if (!out.open(QIODevice::WriteOnly) || out.write("OWI1", 4) != 4 ||
            out.write(reinterpret_cast<const char *>(header), sizeof header) != qint64(sizeof header) ||
            out.write(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes()) != image.sizeInBytes() ||
            !out.flush()) {
            QTextStream(stderr) << "ow_iconbake: cannot write " << args.at(i + 1) << '\n';
            return 1;
        }
    }
    return 0;
}
