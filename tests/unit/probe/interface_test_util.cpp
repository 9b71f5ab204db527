#include "interface_test_util.h"

#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

namespace ww::testing {

bool RunUntil(boost::asio::io_context& io, const std::function<bool()>& done,
              std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  if (io.stopped()) io.restart();
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    if (io.run_one_for(std::chrono::milliseconds(10)) == 0 && io.stopped()) {
      // No work queued: only another thread or process can change anything now.
      io.restart();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  return done();
}

std::string NetnsUnavailableReason() {
  if (::geteuid() != 0) return "needs root for network namespaces";
  if (Shell("ip -V >/dev/null 2>&1") != 0) return "needs the 'ip' command (iproute2)";
  return "";
}

int Shell(const std::string& command) {
  const int rc = std::system(command.c_str());
  return rc == -1 ? -1 : WEXITSTATUS(rc);
}

std::string RunInFreshNetns(const std::function<void(const std::string& sysfs_dir)>& body) {
  char pattern[] = "/tmp/ww_net_sysfs_XXXXXX";
  if (::mkdtemp(pattern) == nullptr) return std::string("mkdtemp: ") + std::strerror(errno);
  const std::string sysfs_dir = pattern;
  std::string error;
  std::thread thread([&] {
    if (::unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) {
      error = std::string("unshare: ") + std::strerror(errno);
      return;
    }
    // Private first, so the sysfs mount below never propagates to the host.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
      error = std::string("make / private: ") + std::strerror(errno);
      return;
    }
    if (::mount("sysfs", sysfs_dir.c_str(), "sysfs", 0, nullptr) != 0) {
      error = std::string("mount sysfs: ") + std::strerror(errno);
      return;
    }
    if (Shell("ip link set lo up") != 0) {
      error = "ip link set lo up failed";
      return;
    }
    body(sysfs_dir);
  });
  thread.join();  // the namespaces (and the mount) go with the thread
  std::error_code ec;
  std::filesystem::remove(sysfs_dir, ec);
  return error;
}

}  // namespace ww::testing
