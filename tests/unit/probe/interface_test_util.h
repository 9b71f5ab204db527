#pragma once
// Test support for the net probers and the net watcher: run an io_context until
// a condition holds (with a deadline, never a fixed sleep), and run a body on a
// thread of its own inside fresh network and mount namespaces, so that every
// interface, route and sysfs mount it creates vanishes with the thread, also
// when a test fails.

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>

namespace ww::testing {

// Runs handlers until `done()` or `limit` has passed; returns done().
bool RunUntil(boost::asio::io_context& io, const std::function<bool()>& done,
              std::chrono::milliseconds limit = std::chrono::seconds(5));

// Empty when namespaces can be used here; otherwise why not (for GTEST_SKIP).
std::string NetnsUnavailableReason();

// Runs `body` on a new thread after unshare(CLONE_NEWNET | CLONE_NEWNS), with "/"
// made private, lo up, and a fresh sysfs mounted at `sysfs_dir` (its class/net
// shows the new namespace's devices). Returns an error text, or "" when body ran.
std::string RunInFreshNetns(const std::function<void(const std::string& sysfs_dir)>& body);

// Runs a shell command (in the calling thread's namespaces); its exit status.
int Shell(const std::string& command);

}  // namespace ww::testing
