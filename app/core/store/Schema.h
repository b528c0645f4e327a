#pragma once

#include "store/Database.h"

namespace ow::schema {

constexpr int kCurrentVersion = 8;

// Brings the database to `target` (default: current) step by step, each step in its own
// transaction together with its user_version bump.
Status migrate(Database &db, int target = kCurrentVersion);
Result<int> version(Database &db);

} // namespace ow::schema
