#include "config/cidr.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace ww {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

bool IsMapped(const IpAddress& a) {
  return !a.is_v4() && std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), a.bytes());
}

// The address with every bit after the first `prefix_length` cleared.
IpAddress Masked(const IpAddress& address, int prefix_length) {
  std::array<std::uint8_t, 16> bytes{};
  std::copy_n(address.bytes(), address.size(), bytes.begin());
  for (std::size_t i = 0; i < address.size(); ++i) {
    const int bits_kept = std::clamp(prefix_length - static_cast<int>(i) * 8, 0, 8);
    bytes[i] &= static_cast<std::uint8_t>(0xff00u >> bits_kept);
  }
  return IpAddress::FromBytes(address.family(), bytes.data());
}

std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

}  // namespace

IpAddress Unmap(const IpAddress& address) {
  if (!IsMapped(address)) return address;
  return IpAddress::FromBytes(IpAddress::Family::kV4, address.bytes() + kMappedPrefix.size());
}

Result<Cidr> Cidr::Parse(std::string_view text) {
  const std::size_t slash = text.find('/');
  const std::optional<IpAddress> address = IpAddress::Parse(text.substr(0, slash));
  if (!address) {
    return Result<Cidr>::Error(Quoted(text) +
                               " is not an IP network (address/prefix, e.g. 10.0.0.0/8)");
  }
  const int max_length = static_cast<int>(address->size() * 8);
  int length = max_length;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || length < 0 ||
        length > max_length) {
      return Result<Cidr>::Error(Quoted(text) + " has an invalid prefix length (0-" +
                                 std::to_string(max_length) + ")");
    }
  }
  const IpAddress network = Masked(*address, length);
  if (!(network == *address)) {
    return Result<Cidr>::Error(Quoted(text) + " has host bits set (network " +
                               Cidr(network, length).ToString() + ")");
  }
  if (IsMapped(network) && length >= 96) return Cidr(Unmap(network), length - 96);
  return Cidr(network, length);
}

bool Cidr::Contains(const IpAddress& address) const {
  const IpAddress a = Unmap(address);
  return a.family() == network_.family() && Masked(a, prefix_length_) == network_;
}

std::string Cidr::ToString() const {
  return network_.ToString() + "/" + std::to_string(prefix_length_);
}

}  // namespace ww
