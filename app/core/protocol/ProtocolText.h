#pragma once

#include <QCoreApplication>

namespace ow::protocol {

// Translation context of the protocol layer.
class ProtocolText
{
    Q_DECLARE_TR_FUNCTIONS(ProtocolText)
};

} // namespace ow::protocol
