#include "notify/host_literal.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace ww {
namespace {

constexpr std::size_t kMaxHostName = 253;  // RFC 1035 §2.3.4, without the trailing dot
constexpr std::size_t kMaxLabel = 63;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool HasHexPrefix(std::string_view part) {
  return part.size() >= 2 && part[0] == '0' && (part[1] == 'x' || part[1] == 'X');
}

// WHATWG "ends in a number": the label is all digits, or 0x and hex digits.
// Such a host is read as IPv4 by browsers; curl and inet_aton agree when it is valid.
bool LooksNumeric(std::string_view label) {
  if (label.empty()) return false;
  if (HasHexPrefix(label)) return std::all_of(label.begin() + 2, label.end(), IsHexDigit);
  return std::all_of(label.begin(), label.end(), IsDigit);
}

// One part of an inet_aton address: decimal, octal (leading 0) or hex (0x).
// Values past 32 bits are refused before they can overflow.
std::optional<std::uint64_t> ReadPart(std::string_view part) {
  int base = 10;
  if (HasHexPrefix(part)) {
    base = 16;
    part.remove_prefix(2);
  } else if (part.size() > 1 && part[0] == '0') {
    base = 8;
    part.remove_prefix(1);
  }
  if (part.empty()) return std::nullopt;  // "0x" alone: the readers disagree
  std::uint64_t value = 0;
  for (char c : part) {
    int digit = 0;
    if (IsDigit(c)) {
      digit = c - '0';
    } else if (base == 16 && IsHexDigit(c)) {
      digit = Lower(c) - 'a' + 10;
    } else {
      return std::nullopt;
    }
    if (digit >= base) return std::nullopt;
    value = value * static_cast<std::uint64_t>(base) + static_cast<std::uint64_t>(digit);
    if (value > 0xffffffffu) return std::nullopt;
  }
  return value;
}

std::vector<std::string_view> SplitLabels(std::string_view text) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    labels.push_back(text.substr(start, dot - start));
    if (dot == std::string_view::npos) return labels;
    start = dot + 1;
  }
}

bool IsNameChar(char c) {
  return IsDigit(c) || (Lower(c) >= 'a' && Lower(c) <= 'z') || c == '-' || c == '_' || c == '.';
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

Result<UrlHost> ReadBracketed(std::string_view text) {
  if (text.size() < 3 || text.back() != ']') {
    return Result<UrlHost>::Error(Quoted(text) + " is not a valid IPv6 address");
  }
  std::string_view inner = text.substr(1, text.size() - 2);
  UrlHost host;
  host.kind = UrlHost::Kind::kIpv6;
  // RFC 6874 writes a zone id as %25 in a URL; curl also takes a bare %.
  if (const std::size_t percent = inner.find('%'); percent != std::string_view::npos) {
    std::string_view zone = inner.substr(percent + 1);
    if (zone.substr(0, 2) == "25") zone.remove_prefix(2);
    host.zone = std::string(zone);
    inner = inner.substr(0, percent);
  }
  // inet_pton takes hex, colons and a dotted tail only; IpAddress::Parse would
  // also take a bare IPv4, which has no place inside brackets.
  const bool v6_chars = !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) {
    return IsHexDigit(c) || c == ':' || c == '.';
  });
  const std::optional<IpAddress> address =
      v6_chars ? IpAddress::Parse(inner) : std::optional<IpAddress>();
  if (!address || address->is_v4()) {
    return Result<UrlHost>::Error(Quoted(text) + " is not a valid IPv6 address");
  }
  host.address = *address;
  host.canonical = address->ToString();
  return host;
}

}  // namespace

std::optional<IpAddress> ReadNumericIpv4(std::string_view text) {
  const std::vector<std::string_view> parts = SplitLabels(text);
  if (parts.size() > 4) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::optional<std::uint64_t> part = ReadPart(parts[i]);
    if (!part) return std::nullopt;
    const bool last = i + 1 == parts.size();
    // Every part but the last is one byte; the last fills the bytes left.
    const int bits_left = 8 * (4 - static_cast<int>(i));
    const std::uint64_t limit = last ? (std::uint64_t{1} << bits_left) - 1 : 0xff;
    if (*part > limit) return std::nullopt;
    value |= last ? *part : *part << (bits_left - 8);
  }
  return IpAddress::V4(static_cast<std::uint32_t>(value));
}

Result<UrlHost> ReadUrlHost(std::string_view text) {
  if (text.empty()) return Result<UrlHost>::Error("the URL has no host");
  if (text.front() == '[') return ReadBracketed(text);
  if (!std::all_of(text.begin(), text.end(), IsNameChar)) {
    return Result<UrlHost>::Error(Quoted(text) + " is not a valid host name");
  }
  std::string name(text.size(), '\0');
  std::transform(text.begin(), text.end(), name.begin(), Lower);
  if (name.back() == '.') name.pop_back();  // one trailing dot: the root, same host
  if (name.empty()) return Result<UrlHost>::Error("the URL has no host");

  const std::vector<std::string_view> labels = SplitLabels(name);
  UrlHost host;
  if (LooksNumeric(labels.back())) {
    const std::optional<IpAddress> address = ReadNumericIpv4(name);
    if (!address) return Result<UrlHost>::Error(Quoted(text) + " is not a valid IPv4 address");
    host.kind = UrlHost::Kind::kIpv4;
    host.address = *address;
    host.canonical = address->ToString();
    return host;
  }
  const bool labels_ok = std::all_of(labels.begin(), labels.end(), [](std::string_view label) {
    return !label.empty() && label.size() <= kMaxLabel;
  });
  if (!labels_ok || name.size() > kMaxHostName) {
    return Result<UrlHost>::Error(Quoted(text) + " is not a valid host name");
  }
  host.canonical = std::move(name);
  return host;
}

}  // namespace ww
