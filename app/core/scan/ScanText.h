#pragma once

#include <QCoreApplication>

namespace ow {

// Translation context of everything the scanning code tells the person at the screen.
class ScanText
{
    Q_DECLARE_TR_FUNCTIONS(ScanText)
};

} // namespace ow
