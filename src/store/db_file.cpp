#include "store/db_file.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <ctime>
#include <string>
#include <system_error>

#include "store/schema.h"

namespace ww {
namespace {

namespace fs = std::filesystem;

enum class OpenOutcome { kOk, kCorrupt, kFailed };

struct Attempt {
  OpenOutcome outcome = OpenOutcome::kFailed;
  std::string message;
  OpenedDatabase opened;
};

bool IsCorruption(const SQLite::Exception& e) {
  const int code = e.getErrorCode() & 0xff;
  return code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
}

Attempt TryOpen(const fs::path& path, bool verify) {
  Attempt a;
  try {
    a.opened.db = std::make_unique<SQLite::Database>(
        path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    if (verify) {
      // Until the file is known to be sound, closing must not checkpoint (or
      // delete) its WAL: a corrupt database is moved aside exactly as found.
      sqlite3_db_config(a.opened.db->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
      SQLite::Statement check(*a.opened.db, "PRAGMA quick_check");
      std::string verdict;
      while (check.executeStep()) {
        if (!verdict.empty()) verdict += "; ";
        verdict += check.getColumn(0).getString();
      }
      if (verdict != "ok") {
        a.outcome = OpenOutcome::kCorrupt;
        a.message = "quick_check: " + verdict.substr(0, 500);
        return a;
      }
      sqlite3_db_config(a.opened.db->getHandle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, nullptr);
      a.opened.verified = true;
    }
  } catch (const SQLite::Exception& e) {
    a.outcome = IsCorruption(e) ? OpenOutcome::kCorrupt : OpenOutcome::kFailed;
    a.message = e.what();
    return a;
  }
  if (Status s = ConfigureWriteConnection(*a.opened.db); !s) {
    a.message = s.message();
    return a;
  }
  auto version = Migrate(*a.opened.db);
  if (!version) {
    a.message = version.error();
    return a;
  }
  a.opened.schema_version = *version;
  a.outcome = OpenOutcome::kOk;
  return a;
}

std::string CompactUtc(WallTime now) {
  const std::time_t t = WallClock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// Moves db, -wal and -shm aside under one suffix; the db itself must move.
Result<fs::path> MoveAside(const fs::path& path, WallTime now) {
  const fs::path aside = AsideName(path, now);
  std::error_code ec;
  fs::rename(path, aside, ec);
  if (ec) {
    return Result<fs::path>::Error("cannot move corrupt database " + path.string() + " to " +
                                   aside.string() + ": " + ec.message());
  }
  for (const char* suffix : {"-wal", "-shm"}) {
    fs::path side = path;
    side += suffix;
    fs::path side_aside = aside;
    side_aside += suffix;
    if (!fs::exists(side, ec)) continue;
    fs::rename(side, side_aside, ec);
    if (ec) {
      return Result<fs::path>::Error("cannot move " + side.string() + " aside: " + ec.message());
    }
  }
  return aside;
}

}  // namespace

fs::path AsideName(const fs::path& path, WallTime now) {
  const std::string base = path.string() + ".corrupt-" + CompactUtc(now);
  std::error_code ec;
  fs::path candidate = base;
  for (int n = 2; fs::exists(candidate, ec) && n < 1000; ++n) {
    candidate = base + "-" + std::to_string(n);
  }
  return candidate;
}

Result<OpenedDatabase> OpenAndVerify(const fs::path& path, WallTime now) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    return Result<OpenedDatabase>::Error("cannot create data directory " +
                                         path.parent_path().string() + ": " + ec.message());
  }
  if (fs::exists(path, ec) && !fs::is_regular_file(path, ec)) {
    return Result<OpenedDatabase>::Error("database " + path.string() + " is not a regular file");
  }
  Attempt first = TryOpen(path, /*verify=*/true);
  if (first.outcome == OpenOutcome::kOk) return std::move(first.opened);
  if (first.outcome == OpenOutcome::kFailed) {
    return Result<OpenedDatabase>::Error("cannot open database " + path.string() + ": " +
                                         first.message);
  }
  first.opened.db.reset();  // close before renaming
  auto aside = MoveAside(path, now);
  if (!aside) return aside.status();
  spdlog::error("database {} is corrupt ({}); moved it aside to {} and started a new one",
                path.string(), first.message, aside->string());
  Attempt second = TryOpen(path, /*verify=*/true);
  if (second.outcome != OpenOutcome::kOk) {
    return Result<OpenedDatabase>::Error("cannot create database " + path.string() +
                                         " after moving the corrupt one aside: " + second.message);
  }
  second.opened.moved_aside = *aside;
  return std::move(second.opened);
}

Result<OpenedDatabase> Reopen(const fs::path& path) {
  Attempt a = TryOpen(path, /*verify=*/false);
  if (a.outcome != OpenOutcome::kOk) {
    return Result<OpenedDatabase>::Error("cannot reopen database " + path.string() + ": " +
                                         a.message);
  }
  return std::move(a.opened);
}

Result<std::unique_ptr<SQLite::Database>> OpenStoreConnection(const fs::path& path, bool durable) {
  using R = Result<std::unique_ptr<SQLite::Database>>;
  std::unique_ptr<SQLite::Database> db;
  try {
    db = std::make_unique<SQLite::Database>(
        path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
  } catch (const SQLite::Exception& e) {
    return R::Error("cannot open database " + path.string() + ": " + e.what());
  }
  if (Status s = ConfigureWriteConnection(*db); !s) return s;
  if (durable) {
    try {
      db->exec("PRAGMA synchronous = FULL");
    } catch (const SQLite::Exception& e) {
      return R::Error(DatabaseError(*db, "PRAGMA synchronous", e));
    }
  }
  if (Result<std::int64_t> v = Migrate(*db); !v) return v.status();
  return db;
}

std::string DatabaseError(const SQLite::Database& db, const char* what,
                          const SQLite::Exception& e) {
  return "database " + db.getFilename() + ": " + what + ": " + e.what();
}

}  // namespace ww
