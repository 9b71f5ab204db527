#pragma once
// The database schema as an ordered list of migration steps; see schema.cpp
// for the tables. PRAGMA user_version holds the number of steps applied.
//
// Thread safety: functions act on the connection they are given; the caller
// serialises use of that connection.

#include <cstdint>
#include <span>

#include "core/result.h"

namespace SQLite {
class Database;
}

namespace ww {

// The steps of this build, in order (step i brings the schema to version i+1).
std::span<const char* const> SchemaMigrations();
std::int64_t LatestSchemaVersion();

// Applies the missing steps, each in its own transaction together with the
// user_version bump. A database newer than `steps` is refused, never touched.
// Returns the resulting version.
Result<std::int64_t> Migrate(SQLite::Database& db, std::span<const char* const> steps);
inline Result<std::int64_t> Migrate(SQLite::Database& db) {
  return Migrate(db, SchemaMigrations());
}

// Connection settings: WAL, synchronous=NORMAL, busy timeout.
Status ConfigureWriteConnection(SQLite::Database& db);
Status ConfigureReadConnection(SQLite::Database& db);

}  // namespace ww
