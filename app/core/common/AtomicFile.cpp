#include "common/AtomicFile.h"

#include "common/Tr.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ow {

namespace {

QString errnoText(int err)
{
    return QString::fromLocal8Bit(std::strerror(err));
}

Error ioError(const QString &what, const QString &path, int err)
{
    const bool full = err == ENOSPC || err == EFBIG || err == EDQUOT;
    return makeError(full ? ErrorCode::DiskFull : ErrorCode::Io,
                     full ? FilesText::tr("The disk is full. Nothing was changed; free some "
                                          "space and try again.")
                          : FilesText::tr("A file could not be written. Nothing was changed."),
                     QStringLiteral("%1 %2: %3").arg(what, path, errnoText(err)));
}

} // namespace

Status fsyncDirectoryOf(const QString &path)
{
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return ioError(QStringLiteral("open dir"), QString::fromLocal8Bit(dir), errno);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0)
        return ioError(QStringLiteral("fsync dir"), QString::fromLocal8Bit(dir), err);
    return {};
}

Status writeFileAtomically(const QString &path, const QByteArray &content, int mode)
{
    const QByteArray target = QFile::encodeName(path);
    const QByteArray temp = target + ".tmp-" + QByteArray::number(::getpid());
    const int fd = ::open(temp.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return ioError(QStringLiteral("create"), QString::fromLocal8Bit(temp), errno);
    ::fchmod(fd, static_cast<mode_t>(mode));
    qsizetype written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.constData() + written, static_cast<size_t>(content.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            ::unlink(temp.constData());
            return ioError(QStringLiteral("write"), QString::fromLocal8Bit(temp), err);
        }
        written += n;
    }
    if (::fsync(fd) != 0) {
        const int err = errno;
        ::close(fd);
        ::unlink(temp.constData());
        return ioError(QStringLiteral("fsync"), QString::fromLocal8Bit(temp), err);
    }
    ::close(fd);
    if (::rename(temp.constData(), target.constData()) != 0) {
        const int err = errno;
        ::unlink(temp.constData());
        return ioError(QStringLiteral("rename"), path, err);
    }
    return fsyncDirectoryOf(path);
}

Status renameDurably(const QString &from, const QString &to)
{
    if (::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) != 0)
        return ioError(QStringLiteral("rename"), from, errno);
    return fsyncDirectoryOf(to);
}

Status removeDurably(const QString &path)
{
    if (::unlink(QFile::encodeName(path).constData()) != 0 && errno != ENOENT)
        return ioError(QStringLiteral("unlink"), path, errno);
    return fsyncDirectoryOf(path);
}

} // namespace ow
