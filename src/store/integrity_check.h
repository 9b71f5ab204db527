#pragma once
// The store's self-check for /api/health: PRAGMA quick_check hourly and the
// size of the database (db + WAL file), on a thread of their own with a
// connection of their own. In WAL mode that reader never blocks the writer,
// and no request ever waits for a check: Current() returns the latest result.
//
// The check at start-up is the one OpenAndVerify already ran before the
// database was accepted; its result seeds Current() so the same file is not
// read twice in the first seconds of the daemon.
//
// Timing: deadlines come from the Clock; real waits are capped at `poll` so
// the thread notices a FakeClock moving. Stop() interrupts a running check.
//
// Thread safety: every public method may be called from any thread.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"

namespace ww {

struct IntegrityTuning {
  Duration check_every = std::chrono::hours(1);
  Duration size_every = std::chrono::seconds(30);
  Duration poll = std::chrono::seconds(1);
};

struct IntegrityStatus {
  std::optional<bool> ok;  // empty until a check finished
  std::string detail;      // "ok", or the first problems reported
  std::optional<WallTime> at;
  std::uint64_t db_bytes = 0;
};

// PRAGMA quick_check on a new read-only connection to `db`: "ok", or the
// problems it lists (joined by "; ", at most 500 characters), or why it could
// not run. `cancel` (may be null) aborts a running check when it turns true.
struct QuickCheckResult {
  bool ok = false;
  std::string detail;
};
QuickCheckResult RunQuickCheck(const std::filesystem::path& db,
                               const std::atomic<bool>* cancel = nullptr);

// Size of `db` plus its -wal file (a missing file counts 0).
std::uint64_t DatabaseBytes(const std::filesystem::path& db);

class IntegrityChecker {
 public:
  // `initial`: the verdict of the check made at open, if any; the first check
  // of the thread then waits check_every, else it runs at once.
  IntegrityChecker(std::filesystem::path db, const Clock& clock, IntegrityTuning tuning,
                   std::optional<IntegrityStatus> initial);
  ~IntegrityChecker();  // Stop()

  IntegrityChecker(const IntegrityChecker&) = delete;
  IntegrityChecker& operator=(const IntegrityChecker&) = delete;

  IntegrityStatus Current() const;
  void Stop();

 private:
  void Run(MonoTime start);

  const std::filesystem::path db_;
  const Clock& clock_;
  const IntegrityTuning tuning_;
  const bool checked_at_open_;

  mutable std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> cancel_{false};
  IntegrityStatus status_;

  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace ww
