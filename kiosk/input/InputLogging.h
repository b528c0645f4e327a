#pragma once

#include <QLoggingCategory>

// Input logs say what the engine did, never what was typed: no letters, candidates or keys.
Q_DECLARE_LOGGING_CATEGORY(lcInput)
