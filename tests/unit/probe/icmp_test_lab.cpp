#include "icmp_test_lab.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace ww::testing {

std::string WhyNoNetns() {
  if (geteuid() != 0) return "needs root to create network namespaces";
  if (Shell("command -v ip >/dev/null 2>&1") != 0) return "needs the ip command (iproute2)";
  return "";
}

int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string ShellOutput(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  std::array<char, 512> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

Netns::Netns(const std::string& suffix)
    : name_("wwicmp" + std::to_string(getpid()) + "-" + suffix) {
  Shell("ip netns del " + name_ + " 2>/dev/null");
  ok_ = Shell("ip netns add " + name_) == 0;
  if (!ok_) {
    failures_.push_back("ip netns add " + name_);
    return;
  }
  ok_ = Exec("ip link set lo up");
}

Netns::~Netns() {
  if (!name_.empty()) Shell("ip netns del " + name_ + " 2>/dev/null");
}

bool Netns::Exec(const std::string& command) {
  const std::string full = "ip netns exec " + name_ + " sh -c '" + command + "'";
  if (Shell(full) == 0) return true;
  failures_.push_back(full);
  ok_ = false;
  return false;
}

void Netns::Sysctl(const std::string& key, const std::string& value) {
  Exec("sysctl -qw " + key + "=\"" + value + "\"");
}

std::string Netns::Ifname(const std::string& short_name) const {
  return short_name + std::to_string(getpid());
}

void Netns::Link(Netns& peer, const std::string& mine, const std::string& theirs) {
  const std::string a = Ifname(mine);
  const std::string b = peer.Ifname(theirs);
  const std::string cmd = "ip link add " + a + " netns " + name_ + " type veth peer name " + b +
                          " netns " + peer.name();
  if (Shell(cmd) != 0) {
    failures_.push_back(cmd);
    ok_ = false;
    return;
  }
  Exec("ip link set " + a + " up");
  peer.Exec("ip link set " + b + " up");
}

NetnsScope::NetnsScope(const Netns& netns) {
  original_ = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  const int target = open(("/var/run/netns/" + netns.name()).c_str(), O_RDONLY | O_CLOEXEC);
  ok_ = original_ >= 0 && target >= 0 && setns(target, CLONE_NEWNET) == 0;
  if (target >= 0) close(target);
}

NetnsScope::~NetnsScope() {
  if (original_ < 0) return;
  if (ok_) setns(original_, CLONE_NEWNET);
  close(original_);
}

bool RunUntil(boost::asio::io_context& io, const std::function<bool()>& done, Duration limit) {
  const MonoTime deadline = MonoClock::now() + limit;
  while (!done()) {
    const MonoTime now = MonoClock::now();
    if (now >= deadline) return false;
    if (io.stopped()) io.restart();
    const std::size_t ran =
        io.run_one_for(std::min<Duration>(deadline - now, std::chrono::milliseconds(20)));
    // Out of work (nothing pending): poll the condition gently instead of spinning.
    if (ran == 0 && io.stopped()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

ProbeRequest IcmpRequest(TargetId target, const std::string& address,
                         std::chrono::milliseconds timeout) {
  ProbeRequest r;
  r.target = target;
  r.round = 42;
  if (!address.empty()) r.address = IpAddress::Parse(address);
  r.timeout = timeout;
  return r;
}

}  // namespace ww::testing
