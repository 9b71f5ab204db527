#pragma once
// Shared helpers for the store tests: a temporary directory, sample and target
// builders, a bounded wait, and direct SQL inspection of the database file.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "../common/targets.h"
#include "../common/temp_dir.h"
#include "core/clock.h"
#include "core/sample.h"
#include "core/target.h"

namespace ww::testing {

class TempDir : public unit_test::TempDir {
 public:
  TempDir() : unit_test::TempDir("ww-store") {}
  std::filesystem::path db() const { return path() / "wanwatch.db"; }
};

// 2027-01-15 08:00:00 UTC: on an hour boundary, and FakeClock's default start.
inline WallTime BaseTime() { return WallTime{std::chrono::seconds{1'800'000'000}}; }

inline WallTime At(std::int64_t offset_ms) {
  return BaseTime() + std::chrono::milliseconds(offset_ms);
}

inline Sample Ok(TargetId target, WallTime t, double rtt_ms) {
  Sample s;
  s.target = target;
  s.sent_at = t;
  s.ok = true;
  s.rtt_ms = rtt_ms;
  return s;
}

inline Sample Lost(TargetId target, WallTime t) {
  Sample s;
  s.target = target;
  s.sent_at = t;
  s.ok = false;
  s.error = ProbeError::kTimeout;
  return s;
}

inline TargetSpec Target(std::string name, TargetRole role, bool connectivity,
                         ProbeKind kind = ProbeKind::kIcmp) {
  return unit_test::MakeTarget(std::move(name), role, connectivity, kind);
}

// 0, 1: external connectivity; 2: gateway; 3: a DNS check (external, not connectivity).
inline std::vector<TargetSpec> StandardTargets() {
  return {Target("1.1.1.1", TargetRole::kExternal, true),
          Target("8.8.8.8", TargetRole::kExternal, true),
          Target("gateway", TargetRole::kGateway, false),
          Target("dns 9.9.9.9", TargetRole::kExternal, false, ProbeKind::kDns)};
}

// Polls `done` until it holds or `limit` passes; for effects of another thread.
inline bool WaitFor(const std::function<bool()>& done,
                    std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

// Reads one integer through a separate connection.
inline std::int64_t QueryInt(const std::filesystem::path& db, const std::string& sql) {
  SQLite::Database conn(db.string(), SQLite::OPEN_READONLY);
  return conn.execAndGet(sql).getInt64();
}

}  // namespace ww::testing
