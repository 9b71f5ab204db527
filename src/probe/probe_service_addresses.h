#pragma once
// Where each target's probe is sent: its literal address, the current result
// of resolving its host name, or, for the gateway role, the address the app
// discovered (SetGateway). HTTP targets need none: libcurl resolves the URL.
//
// Pure bookkeeping for the probe service; the lookups themselves are done by
// AddressResolver, timed by each NameState.
//
// Thread safety: none; the probe loop owns it.

#include <optional>
#include <vector>

#include <map>
#include <string>
#include "core/ip_address.h"

#include "core/result.h"
#include "core/target.h"
#include "probe/address_resolver.h"

namespace ww {

class TargetAddressBook {
 public:
  // Fails, naming the target, when a target that needs an address has no
  // host (only the gateway may start without one).
  static Result<TargetAddressBook> Create(const std::vector<TargetSpec>& targets);

  // True unless the prober finds its own way (HTTP).
  bool NeedsAddress(TargetId target) const { return entries_[target].needs_address; }
  // The address to probe now, if known.
  std::optional<IpAddress> For(TargetId target) const;

  // From now on every gateway target is probed at `address`; empty means no
  // route: those targets yield kNoAddress. Before the first call, a gateway
  // target uses its configured host, if any.
  // Applies to the gateway targets of `uplink` (TargetSpec::uplink) only.
  void SetGateway(std::optional<IpAddress> address, const std::string& uplink = "");

  // Distinct host names to resolve (targets sharing a name share one entry).
  std::vector<NameState>& names() { return names_; }
  const std::vector<NameState>& names() const { return names_; }

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    bool needs_address = true;
    bool gateway = false;
    std::string uplink;  // of a gateway target
    std::optional<IpAddress> literal;
    std::optional<std::size_t> name;  // into names_
  };

  std::vector<Entry> entries_;
  std::vector<NameState> names_;
  // Discovered gateways by uplink ("" = the default route's); absent: not set yet.
  std::map<std::string, std::optional<IpAddress>, std::less<>> gateways_;
};

}  // namespace ww
