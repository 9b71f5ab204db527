#include "responder_state.h"

#include <sstream>

namespace ww::lab {

bool ResponderState::Handle(Protocol p, std::uint32_t target, MonoTime received_at,
                            std::function<void()> send) {
  const Decision d = impairments_.Decide(p, target, received_at);
  if (d.drop) {
    ++counters(p).dropped;
    return false;
  }
  if (d.delay.count() == 0) {
    send();
  } else {
    loop_.At(received_at + d.delay, std::move(send));
  }
  return true;
}

DnsMode ResponderState::dns_mode(std::uint32_t target) const {
  auto it = dns_modes_.find(target);
  if (it == dns_modes_.end()) it = dns_modes_.find(0);
  return it == dns_modes_.end() ? DnsMode::kAnswer : it->second;
}

void ResponderState::set_dns_mode(std::uint32_t target, DnsMode m) {
  if (target == 0) dns_modes_.clear();
  dns_modes_[target] = m;
}

int ResponderState::http_status(std::uint32_t target) const {
  auto it = http_statuses_.find(target);
  if (it == http_statuses_.end()) it = http_statuses_.find(0);
  return it == http_statuses_.end() ? 200 : it->second;
}

void ResponderState::set_http_status(std::uint32_t target, int status) {
  if (target == 0) http_statuses_.clear();
  http_statuses_[target] = status;
}

void ResponderState::Reset() {
  impairments_.Reset();
  dns_modes_.clear();
  http_statuses_.clear();
}

std::string ResponderState::StatsJson() const {
  std::ostringstream out;
  out << "{";
  for (int i = 0; i < kProtocolCount; ++i) {
    const Counters& c = counters_[i];
    out << (i ? "," : "") << "\"" << ProtocolName(static_cast<Protocol>(i)) << "\":{"
        << "\"received\":" << c.received << ",\"answered\":" << c.answered
        << ",\"dropped\":" << c.dropped << ",\"malformed\":" << c.malformed
        << ",\"send_errors\":" << c.send_errors << "}";
  }
  out << "}";
  return out.str();
}

}  // namespace ww::lab
