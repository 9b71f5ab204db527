#pragma once
// Test helpers for the ICMP socket tests: network namespaces the test creates
// and deletes (also when an assertion fails: the destructor runs), entering one
// on the calling thread, and running an io_context until a condition holds or
// a deadline passes (no fixed sleeps).
//
// Thread safety: a Netns and a NetnsScope belong to the thread that made them.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "probe/prober.h"

namespace ww::testing {

// Empty when namespaces can be used here, else why not (for GTEST_SKIP).
std::string WhyNoNetns();

// Runs a shell command; its exit status (0: success).
int Shell(const std::string& command);
// Output of a shell command (stdout), or empty.
std::string ShellOutput(const std::string& command);

// A network namespace named "wwicmp<pid>-<suffix>" with lo up; deleted with the object.
class Netns {
 public:
  explicit Netns(const std::string& suffix);
  ~Netns();
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  const std::string& name() const { return name_; }
  bool ok() const { return ok_; }
  // Runs `ip netns exec <name> sh -c '<command>'`; false (and a message) on failure.
  bool Exec(const std::string& command);
  void Sysctl(const std::string& key, const std::string& value);
  // A veth pair between this namespace (name `mine`) and `peer` (`theirs`),
  // both up. Interface names get the pid appended so parallel tests never clash.
  void Link(Netns& peer, const std::string& mine, const std::string& theirs);
  // The interface name Link gave `short_name`.
  std::string Ifname(const std::string& short_name) const;
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  std::string name_;
  bool ok_ = false;
  std::vector<std::string> failures_;
};

// Moves the calling thread into a namespace until destroyed; sockets opened
// meanwhile stay in that namespace.
class NetnsScope {
 public:
  explicit NetnsScope(const Netns& netns);
  ~NetnsScope();
  NetnsScope(const NetnsScope&) = delete;
  NetnsScope& operator=(const NetnsScope&) = delete;
  bool ok() const { return ok_; }

 private:
  int original_ = -1;
  bool ok_ = false;
};

// Runs `io` until `done()` or `limit` passes; true when done() held.
bool RunUntil(boost::asio::io_context& io, const std::function<bool()>& done, Duration limit);

// A request for `address` (empty: none) with the given timeout.
ProbeRequest IcmpRequest(TargetId target, const std::string& address,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));

// Collects samples; the callback it hands out checks nothing, the test does.
struct SampleLog {
  std::vector<Sample> samples;
  ProbeDone Callback() {
    return [this](const Sample& s) { samples.push_back(s); };
  }
  std::size_t size() const { return samples.size(); }
};

}  // namespace ww::testing
