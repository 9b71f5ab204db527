#include "store/integrity_check.h"

#include <SQLiteCpp/SQLiteCpp.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <system_error>

#include "store/schema.h"

namespace ww {
namespace {

constexpr std::size_t kMaxDetail = 500;
constexpr int kProgressEveryOps = 1'000;

int Cancelled(void* flag) {
  return static_cast<const std::atomic<bool>*>(flag)->load(std::memory_order_relaxed) ? 1 : 0;
}

std::uint64_t FileBytes(const std::filesystem::path& p) {
  std::error_code ec;
  const std::uintmax_t n = std::filesystem::file_size(p, ec);
  return ec ? 0 : static_cast<std::uint64_t>(n);
}

}  // namespace

QuickCheckResult RunQuickCheck(const std::filesystem::path& db, const std::atomic<bool>* cancel) {
  QuickCheckResult r;
  if (cancel && cancel->load()) {
    r.detail = "quick_check interrupted";
    return r;
  }
  try {
    SQLite::Database conn(db.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX);
    if (Status s = ConfigureReadConnection(conn); !s) {
      r.detail = "cannot run quick_check: " + s.message();
      return r;
    }
    if (cancel) {
      sqlite3_progress_handler(conn.getHandle(), kProgressEveryOps, &Cancelled,
                               const_cast<std::atomic<bool>*>(cancel));
    }
    SQLite::Statement check(conn, "PRAGMA quick_check");
    std::string verdict;
    while (check.executeStep() && verdict.size() < kMaxDetail) {
      if (!verdict.empty()) verdict += "; ";
      verdict += check.getColumn(0).getString();
    }
    r.ok = verdict == "ok";
    r.detail = verdict.substr(0, kMaxDetail);
  } catch (const SQLite::Exception& e) {
    r.detail = "cannot run quick_check on " + db.string() + ": " + e.what();
  }
  return r;
}

std::uint64_t DatabaseBytes(const std::filesystem::path& db) {
  return FileBytes(db) + FileBytes(db.string() + "-wal");
}

IntegrityChecker::IntegrityChecker(std::filesystem::path db, const Clock& clock,
                                   IntegrityTuning tuning, std::optional<IntegrityStatus> initial)
    : db_(std::move(db)), clock_(clock), tuning_(tuning), checked_at_open_(initial.has_value()) {
  if (initial) status_ = *initial;
  status_.db_bytes = DatabaseBytes(db_);
  // Deadlines count from construction, not from whenever the thread first runs.
  const MonoTime start = clock_.Now();
  thread_ = std::thread([this, start] { Run(start); });
}

IntegrityChecker::~IntegrityChecker() { Stop(); }

void IntegrityChecker::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cancel_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

IntegrityStatus IntegrityChecker::Current() const {
  std::lock_guard lock(mu_);
  return status_;
}

void IntegrityChecker::Run(MonoTime start) {
  MonoTime next_check = checked_at_open_ ? start + tuning_.check_every : start;
  MonoTime next_size = start + tuning_.size_every;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    MonoTime now = clock_.Now();
    if (now >= next_check) {
      lock.unlock();
      const QuickCheckResult r = RunQuickCheck(db_, &cancel_);
      const WallTime at = clock_.WallNow();
      lock.lock();
      if (stopping_) break;  // a cancelled check says nothing about the file
      if (!r.ok && status_.ok.value_or(true)) {
        spdlog::error("store: quick_check of {} failed: {}", db_.string(), r.detail);
      } else if (r.ok && status_.ok == false) {
        spdlog::info("store: quick_check of {} is ok again", db_.string());
      }
      status_.ok = r.ok;
      status_.detail = r.detail;
      status_.at = at;
      now = clock_.Now();
      next_check = now + tuning_.check_every;
      next_size = now;  // the size too, while we are at it
    }
    if (now >= next_size) {
      status_.db_bytes = DatabaseBytes(db_);
      next_size = now + tuning_.size_every;
    }
    const Duration until = std::min(next_check, next_size) - now;
    wake_.wait_for(lock, std::clamp<Duration>(until, std::chrono::milliseconds(1), tuning_.poll));
  }
}

}  // namespace ww
