#include "probe/probe_service_addresses.h"

#include <algorithm>
#include <string>

namespace ww {

Result<TargetAddressBook> TargetAddressBook::Create(const std::vector<TargetSpec>& targets) {
  TargetAddressBook book;
  std::string errors;
  for (const TargetSpec& spec : targets) {
    Entry e;
    e.needs_address = spec.kind != ProbeKind::kHttp;
    e.gateway = spec.role == TargetRole::kGateway;
    if (e.gateway) e.uplink = spec.uplink;
    if (!spec.host.empty()) {
      e.literal = IpAddress::Parse(spec.host);
      if (!e.literal) {
        auto it = std::find_if(book.names_.begin(), book.names_.end(),
                               [&](const NameState& n) { return n.host() == spec.host; });
        e.name = static_cast<std::size_t>(it - book.names_.begin());
        if (it == book.names_.end()) book.names_.emplace_back(spec.host);
      }
    } else if (e.needs_address && !e.gateway) {
      errors += (errors.empty() ? "" : "; ") + ("target '" + spec.name + "': no host to probe");
    }
    book.entries_.push_back(e);
  }
  if (!errors.empty()) return Result<TargetAddressBook>::Error(errors);
  return book;
}

std::optional<IpAddress> TargetAddressBook::For(TargetId target) const {
  const Entry& e = entries_[target];
  if (e.gateway) {
    if (auto it = gateways_.find(e.uplink); it != gateways_.end()) return it->second;
  }
  if (e.literal) return e.literal;
  if (e.name) return names_[*e.name].address();
  return std::nullopt;
}

void TargetAddressBook::SetGateway(std::optional<IpAddress> address, const std::string& uplink) {
  gateways_[uplink] = address;
}

}  // namespace ww
