#pragma once
// An IPv4 or IPv6 address as plain bytes: cheap to copy and compare, no
// socket headers needed by its users.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ww {

class IpAddress {
 public:
  enum class Family : std::uint8_t { kV4, kV6 };

  IpAddress() = default;
  static IpAddress V4(std::uint32_t host_order);
  static IpAddress FromBytes(Family family, const std::uint8_t* bytes);
  // Numeric literal only ("192.0.2.1", "2001:db8::1"); no name resolution.
  static std::optional<IpAddress> Parse(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  const std::uint8_t* bytes() const { return bytes_.data(); }
  std::size_t size() const { return is_v4() ? 4 : 16; }
  bool IsLoopback() const;
  std::string ToString() const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;

 private:
  Family family_ = Family::kV4;
  std::array<std::uint8_t, 16> bytes_{};
};

}  // namespace ww
