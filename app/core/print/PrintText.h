#pragma once

#include <QCoreApplication>

namespace ow {

// Translation context of everything printed on paper and said about printing.
class PrintText
{
    Q_DECLARE_TR_FUNCTIONS(PrintText)
};

} // namespace ow
