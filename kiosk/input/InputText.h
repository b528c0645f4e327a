#pragma once

#include <QCoreApplication>

namespace ow {

// Translation context of the input layer's user-facing messages.
class InputText
{
    Q_DECLARE_TR_FUNCTIONS(InputText)
};

} // namespace ow
