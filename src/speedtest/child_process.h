#pragma once
// Runs a program (no shell: argv[0] is looked up in PATH) with a deadline and
// collects what it prints. Used for Ookla's `speedtest` CLI and iperf3.
// The child is killed (SIGKILL) when the timeout passes or `cancel` is set; both
// are noticed within ~100 ms.
// Thread safety: reentrant; blocks the calling thread.

#include <atomic>
#include <cstddef>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace ww {

struct ChildOutput {
  int exit_code = -1;  // -1: killed by a signal
  std::string out;
  std::string err;
};

struct ChildLimits {
  Duration timeout = std::chrono::seconds{60};
  std::size_t max_output = 8u << 20;  // each of stdout and stderr; the rest is dropped
};

// Errors: "<prog>: not installed" (not in PATH), "<prog>: timed out after N s",
// "cancelled", or the spawn error.
Result<ChildOutput> RunChild(const std::vector<std::string>& argv, const ChildLimits& limits,
                             const Clock& clock, const std::atomic<bool>* cancel);

}  // namespace ww
