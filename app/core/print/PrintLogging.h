#pragma once

#include <QLoggingCategory>

// Printing logs say which document went where and why it failed, never what it said: no names,
// ID numbers or codes.
Q_DECLARE_LOGGING_CATEGORY(lcPrint)
