#pragma once
// Helpers for the export tests: a temporary directory, file reading, sample
// and target builders, a bounded wait.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../common/targets.h"
#include "../common/temp_dir.h"
#include "core/clock.h"
#include "core/sample.h"
#include "core/target.h"

namespace ww::export_test {

class TempDir : public unit_test::TempDir {
 public:
  TempDir() : unit_test::TempDir("ww-export") {}
};

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void WriteFile(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

// Lines without their CRLF ends.
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find("\r\n", start);
    if (end == std::string::npos) {
      out.push_back(text.substr(start));
      break;
    }
    out.push_back(text.substr(start, end - start));
    start = end + 2;
  }
  return out;
}

// Splits one CSV line (RFC 4180 quoting).
inline std::vector<std::string> CsvCells(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cells.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  return cells;
}

// 2027-01-15 08:00:00 UTC (FakeClock's default start).
inline WallTime BaseTime() { return WallTime{std::chrono::seconds{1'800'000'000}}; }

inline Sample MakeSample(TargetId target, WallTime t, bool ok, double rtt_ms = 0) {
  Sample s;
  s.target = target;
  s.sent_at = t;
  s.ok = ok;
  s.rtt_ms = ok ? rtt_ms : 0;
  s.error = ok ? ProbeError::kNone : ProbeError::kTimeout;
  return s;
}

using unit_test::MakeTarget;

// Polls `done` until it holds or `timeout` passes (real time).
inline bool WaitFor(const std::function<bool()>& done,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

}  // namespace ww::export_test
