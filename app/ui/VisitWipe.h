#pragma once

#include <QByteArray>
#include <QString>

#include <cstring>

namespace ow::visitWipe {

// Overwrites the bytes of a visit's personal data where they are, then lets go. Unlike
// wipeBytes() this does not detach: every copy that shares the buffer (a QML binding, a signal's
// argument) is overwritten too, which is the point at the end of a visit.
inline void bytes(QByteArray &data)
{
    if (data.data_ptr().isMutable() && !data.isEmpty())
        std::memset(const_cast<char *>(data.constData()), 0, size_t(data.size()));
    data.clear();
}

inline void text(QString &data)
{
    if (data.data_ptr().isMutable() && !data.isEmpty())
        std::memset(static_cast<void *>(const_cast<QChar *>(data.constData())), 0, size_t(data.size()) * sizeof(QChar));
    data.clear();
}

} // namespace ow::visitWipe
