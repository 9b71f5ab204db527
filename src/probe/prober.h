#pragma once
// The one shape every prober has (blackbox_exporter's idea): a request in,
// exactly one Sample out. A name -> Prober map is the whole plug-in system.
//
// Threading: every prober belongs to one probe loop (an Asio io_context run
// by a single thread). Start is called on that thread and `done` runs on it,
// always later than Start returns (never re-entrantly from inside Start).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/ip_address.h"
#include "core/sample.h"
#include "core/target.h"

namespace boost::asio {
class io_context;
}

namespace ww {

struct ProbeRequest {
  TargetId target = 0;
  std::int64_t round = 0;
  const TargetSpec* spec = nullptr;  // outlives the probe
  std::optional<IpAddress> address;  // resolved target (ICMP, TCP, DNS server)
  std::chrono::milliseconds timeout{1000};
  std::string bind_device;          // SO_BINDTODEVICE when non-empty
  std::optional<IpAddress> source;  // bind to this source address when set
};

using ProbeDone = std::function<void(const Sample&)>;

class Prober {
 public:
  virtual ~Prober() = default;
  virtual std::string_view name() const = 0;
  // False when the prober cannot work on this host (say, no ICMP socket);
  // Start then still answers, with ProbeError::kUnavailable.
  virtual bool available() const { return true; }
  virtual void Start(const ProbeRequest& request, ProbeDone done) = 0;
};

}  // namespace ww
