#include "probe/route_table.h"

#include <bit>
#include <charconv>
#include <cstring>

namespace ww {
namespace {

constexpr std::uint32_t kRtfUp = 0x0001;
constexpr std::uint32_t kRtfGateway = 0x0002;
constexpr std::uint32_t kRtfReject = 0x0200;

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

bool ParseHex32(std::string_view text, std::uint32_t& out) {
  if (text.empty() || text.size() > 8) return false;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
  return ec == std::errc() && ptr == text.data() + text.size();
}

// The kernel printed the network-order word as a native integer: its native
// byte representation is the address.
bool ParseIpv4Word(std::string_view text, IpAddress& out) {
  std::uint32_t word = 0;
  if (text.size() != 8 || !ParseHex32(text, word)) return false;
  std::uint8_t bytes[4];
  std::memcpy(bytes, &word, 4);
  out = IpAddress::FromBytes(IpAddress::Family::kV4, bytes);
  return true;
}

bool ParseIpv6Hex(std::string_view text, IpAddress& out) {
  if (text.size() != 32) return false;
  std::uint8_t bytes[16];
  for (int i = 0; i < 16; ++i) {
    std::uint32_t byte = 0;
    if (!ParseHex32(text.substr(i * 2, 2), byte)) return false;
    bytes[i] = static_cast<std::uint8_t>(byte);
  }
  out = IpAddress::FromBytes(IpAddress::Family::kV6, bytes);
  return true;
}

template <typename LineParser>
RouteTable ParseLines(std::string_view text, std::string_view source, LineParser parse_line) {
  RouteTable table;
  int number = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++number;
    const auto fields = Fields(line);
    if (fields.empty()) continue;
    RouteEntry entry;
    const char* error = parse_line(fields, entry);
    if (error == nullptr) {
      table.routes.push_back(std::move(entry));
    } else if (*error != '\0') {
      table.errors.push_back(std::string(source) + " line " + std::to_string(number) + ": " +
                             error);
    }
  }
  return table;
}

int PrefixLength(std::uint32_t mask_word) { return std::popcount(mask_word); }

}  // namespace

RouteTable ParseIpv4RouteTable(std::string_view text, std::string_view source) {
  return ParseLines(text, source, [](const auto& f, RouteEntry& e) -> const char* {
    if (f[0] == "Iface") return "";  // the header: skipped silently
    if (f.size() < 8) return "expected at least 8 fields";
    IpAddress gateway, mask;
    std::uint32_t mask_word = 0;
    if (!ParseIpv4Word(f[1], e.destination)) return "bad destination";
    if (!ParseIpv4Word(f[2], gateway)) return "bad gateway";
    if (!ParseHex32(f[3], e.flags)) return "bad flags";
    const auto [p, ec] = std::from_chars(f[6].data(), f[6].data() + f[6].size(), e.metric);
    if (ec != std::errc() || p != f[6].data() + f[6].size()) return "bad metric";
    if (f[7].size() != 8 || !ParseHex32(f[7], mask_word)) return "bad mask";
    e.interface = std::string(f[0]);
    e.prefix_length = PrefixLength(mask_word);
    if (e.flags & kRtfGateway) e.gateway = gateway;
    return nullptr;
  });
}

RouteTable ParseIpv6RouteTable(std::string_view text, std::string_view source) {
  return ParseLines(text, source, [](const auto& f, RouteEntry& e) -> const char* {
    if (f.size() != 10) return "expected 10 fields";
    IpAddress gateway;
    std::uint32_t prefix = 0;
    if (!ParseIpv6Hex(f[0], e.destination)) return "bad destination";
    if (f[1].size() != 2 || !ParseHex32(f[1], prefix) || prefix > 128) return "bad prefix length";
    if (!ParseIpv6Hex(f[4], gateway)) return "bad next hop";
    if (f[5].size() != 8 || !ParseHex32(f[5], e.metric)) return "bad metric";
    if (f[8].size() != 8 || !ParseHex32(f[8], e.flags)) return "bad flags";
    e.interface = std::string(f[9]);
    e.prefix_length = static_cast<int>(prefix);
    if (e.flags & kRtfGateway) e.gateway = gateway;
    return nullptr;
  });
}

std::optional<RouteEntry> BestDefaultRoute(const RouteTable& table, std::string_view interface) {
  const RouteEntry* best = nullptr;
  for (const RouteEntry& r : table.routes) {
    if (r.prefix_length != 0 || (r.flags & kRtfUp) == 0 || (r.flags & kRtfReject) != 0) continue;
    if (r.interface == "lo" || r.interface == "*") continue;
    if (!interface.empty() && r.interface != interface) continue;
    if (best == nullptr || r.metric < best->metric) best = &r;
  }
  if (best == nullptr) return std::nullopt;
  return *best;
}

}  // namespace ww
