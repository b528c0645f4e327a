#pragma once

#include <QLoggingCategory>

// Hub log categories. Lines are English; never keys, tokens, passwords, ID numbers or names.
Q_DECLARE_LOGGING_CATEGORY(lcHub)
Q_DECLARE_LOGGING_CATEGORY(lcHubDb)
Q_DECLARE_LOGGING_CATEGORY(lcHubHttp)
