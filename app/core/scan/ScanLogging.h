#pragma once

#include <QLoggingCategory>

// Scanning logs say what happened to a code, never what the code said: no payloads, ID numbers,
// names or licence numbers.
Q_DECLARE_LOGGING_CATEGORY(lcScan)
Q_DECLARE_LOGGING_CATEGORY(lcIdCard)
