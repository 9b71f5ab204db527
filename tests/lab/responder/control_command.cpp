#include "control_command.h"

#include <arpa/inet.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

namespace ww::lab {
namespace {

constexpr std::int64_t kMaxDelayMs = 600'000;
constexpr double kMaxDownSeconds = 86'400;

Result<double> Number(const std::string& word, const std::string& value, double lo, double hi) {
  double v = 0;
  const char* end = value.data() + value.size();
  auto [ptr, ec] = std::from_chars(value.data(), end, v);
  if (ec != std::errc() || ptr != end || value.empty() || !std::isfinite(v)) {
    return Result<double>::Error("'" + word + "': '" + value + "' is not a number");
  }
  if (v < lo || v > hi) {
    std::ostringstream msg;
    msg << "'" << word << "': " << value << " is outside " << lo << ".." << hi;
    return Result<double>::Error(msg.str());
  }
  return v;
}

std::optional<std::optional<Protocol>> ParseScope(const std::string& word) {
  if (word == "all") return std::optional<Protocol>{};
  for (Protocol p : {Protocol::kIcmp, Protocol::kTcp, Protocol::kDns, Protocol::kHttp}) {
    if (word == ProtocolName(p)) return std::optional<Protocol>{p};
  }
  return std::nullopt;
}

// Applies one "key=value" or bare word of an impairment command.
Status ApplySetting(ControlCommand& c, const std::vector<std::string>& words, std::size_t& i) {
  const std::string& w = words[i];
  const auto eq = w.find('=');
  const std::string key = w.substr(0, eq);
  const std::string value = eq == std::string::npos ? "" : w.substr(eq + 1);
  if (key == "down" && eq == std::string::npos) {
    c.down_ms = -1;
    if (i + 1 < words.size() && words[i + 1].find('=') == std::string::npos &&
        !words[i + 1].empty() && (std::isdigit(static_cast<unsigned char>(words[i + 1][0])))) {
      auto s = Number("down", words[++i], 0, kMaxDownSeconds);
      if (!s) return s.status();
      c.down_ms = std::llround(*s * 1000);
    }
    return Status::Ok();
  }
  if (key == "up" && eq == std::string::npos) {
    c.up = true;
    return Status::Ok();
  }
  if (eq == std::string::npos) return Status::Error("unknown word '" + w + "'");
  if (key == "target") {
    auto t = ParseIpv4Address(value);
    if (!t || *t == 0) return Status::Error("'" + w + "': not an IPv4 address");
    c.target = *t;
  } else if (key == "delay") {
    auto v = Number(w, value, 0, kMaxDelayMs);
    if (!v) return v.status();
    c.delay_ms = std::llround(*v);
  } else if (key == "loss") {
    auto v = Number(w, value, 0, 100);
    if (!v) return v.status();
    c.loss_pct = *v;
  } else if (key == "down") {
    auto v = Number(w, value, 0, kMaxDownSeconds);
    if (!v) return v.status();
    c.down_ms = std::llround(*v * 1000);
  } else if (key == "mode") {
    if (c.protocol != Protocol::kDns) return Status::Error("'" + w + "': mode is for dns only");
    auto m = ParseDnsMode(value);
    if (!m) return m.status();
    c.dns_mode = *m;
  } else if (key == "status") {
    if (c.protocol != Protocol::kHttp) return Status::Error("'" + w + "': status is for http only");
    auto v = Number(w, value, 100, 599);
    if (!v) return v.status();
    if (*v != std::floor(*v)) return Status::Error("'" + w + "': not an integer status code");
    c.http_status = static_cast<int>(*v);
  } else {
    return Status::Error("unknown setting '" + key + "'");
  }
  return Status::Ok();
}

}  // namespace

std::optional<std::uint32_t> ParseIpv4Address(const std::string& text) {
  in_addr a{};
  if (inet_pton(AF_INET, text.c_str(), &a) != 1) return std::nullopt;
  return ntohl(a.s_addr);
}

Result<ControlCommand> ParseControlCommand(const std::string& line) {
  using R = Result<ControlCommand>;
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  if (words.empty()) return R::Error("control: empty command");
  ControlCommand c;
  const std::string& head = words[0];
  using K = ControlCommand::Kind;
  for (auto [name, kind] : {std::pair{"reset", K::kReset}, std::pair{"stats", K::kStats},
                            std::pair{"rules", K::kRules}, std::pair{"ping", K::kPing}}) {
    if (head != name) continue;
    if (words.size() > 1) return R::Error("control: '" + head + "' takes no arguments");
    c.kind = kind;
    return c;
  }
  auto scope = ParseScope(head);
  if (!scope) {
    return R::Error("control: unknown command '" + head +
                    "' (expected icmp, tcp, dns, http, all, reset, stats, rules or ping)");
  }
  c.kind = K::kImpair;
  c.protocol = *scope;
  for (std::size_t i = 1; i < words.size(); ++i) {
    Status s = ApplySetting(c, words, i);
    if (!s) return R::Error("control: " + s.message() + " in '" + line + "'");
  }
  if (!c.delay_ms && !c.loss_pct && !c.down_ms && !c.up && !c.dns_mode && !c.http_status) {
    return R::Error("control: '" + line + "' changes nothing (give delay=, loss=, down, up, " +
                    "mode= or status=)");
  }
  if (c.up && c.down_ms) return R::Error("control: both down and up in '" + line + "'");
  return c;
}

}  // namespace ww::lab
