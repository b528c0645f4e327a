#pragma once

#include "scan/CodeSigning.h"
#include "scan/Payload.h"
#include "scan/TrustStore.h"

#include "catalog/RegionTable.h"

#include <QStringList>
#include <QtMessageHandler>

namespace ow::test {

// Region table of the catalog in the source tree; fails the test when it cannot be read.
RegionTable loadRegions();

// Collects every log line while it lives, so a test can check what a log would have shown.
class LogCapture
{
public:
    LogCapture();
    ~LogCapture();
    QStringList lines() const;
    bool contains(const QByteArray &needle) const;

private:
    QtMessageHandler m_previous;
};

} // namespace ow::test
