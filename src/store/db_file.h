#pragma once
// Opening wanwatch.db for the writer: create the directory, configure the
// connection, verify the file (PRAGMA quick_check), migrate the schema.
//
// A file that is not SQLite or fails quick_check is moved aside whole
// (db, -wal, -shm renamed with a ".corrupt-<UTC time>" suffix) and a new
// database is created; it is never silently overwritten. Other failures
// (permissions, locks, a schema newer than this build) are reported and leave
// the file alone.
//
// Thread safety: free functions; the returned connection belongs to the caller.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace ww {

struct OpenedDatabase {
  std::unique_ptr<SQLite::Database> db;
  std::int64_t schema_version = 0;
  std::optional<std::filesystem::path> moved_aside;  // set when a corrupt file was replaced
  bool verified = false;                             // PRAGMA quick_check said "ok" (OpenAndVerify)
};

// At start-up: verifies and, if corrupt, moves the old file aside.
Result<OpenedDatabase> OpenAndVerify(const std::filesystem::path& path, WallTime now);
// After a write error: reconnects and migrates, without verification or moving files.
Result<OpenedDatabase> Reopen(const std::filesystem::path& path);

// A further connection to the same file for a store of its own (speed test
// results, outages, alert log), after OpenAndVerify: opened, configured for
// writing, migrated. `durable`: synchronous = FULL, for rows a client was told
// are stored.
Result<std::unique_ptr<SQLite::Database>> OpenStoreConnection(const std::filesystem::path& path,
                                                              bool durable);

// "database <file>: <what>: <SQLite's message>", for errors of such a store.
std::string DatabaseError(const SQLite::Database& db, const char* what, const SQLite::Exception& e);

// "wanwatch.db.corrupt-20261127T210234Z" (with "-2", "-3"... if that exists).
std::filesystem::path AsideName(const std::filesystem::path& path, WallTime now);

}  // namespace ww
