#pragma once

#include <QCoreApplication>

namespace ow::hub {

// Translation context of what an administrator reads from onewindow-hub (command-line output).
// Log lines and the HTTP API's error details are English and not translated.
class HubText
{
    Q_DECLARE_TR_FUNCTIONS(HubText)
};

} // namespace ow::hub
