#include "notify/address_class.h"

#include <array>
#include <cstdint>
#include <initializer_list>

namespace ww {
namespace {

// A network written as its leading bytes and prefix length, e.g. {{10}, 8}.
struct Block {
  std::array<std::uint8_t, 16> prefix;
  int bits;
  std::string_view name;
};

bool Matches(const IpAddress& address, const Block& block) {
  const std::uint8_t* bytes = address.bytes();
  for (int bit = 0; bit < block.bits; bit += 8) {
    const int kept = block.bits - bit >= 8 ? 8 : block.bits - bit;
    const auto mask = static_cast<std::uint8_t>(0xff00u >> kept);
    if ((bytes[bit / 8] & mask) != (block.prefix[static_cast<std::size_t>(bit / 8)] & mask)) {
      return false;
    }
  }
  return true;
}

std::optional<std::string_view> FirstMatch(const IpAddress& address,
                                           std::initializer_list<Block> blocks) {
  for (const Block& block : blocks) {
    if (Matches(address, block)) return block.name;
  }
  return std::nullopt;
}

// First match wins: the narrower, better-named networks come first.
std::optional<std::string_view> Ipv4Class(const IpAddress& a) {
  return FirstMatch(a, {
                           {{255, 255, 255, 255}, 32, "broadcast"},
                           {{169, 254, 169, 254}, 32, "cloud metadata"},
                           {{0}, 8, "unspecified (this network)"},
                           {{127}, 8, "loopback"},
                           {{10}, 8, "private"},
                           {{172, 16}, 12, "private"},
                           {{192, 168}, 16, "private"},
                           {{169, 254}, 16, "link-local"},
                           {{100, 64}, 10, "shared (CGNAT)"},
                           {{192, 0, 0}, 24, "IETF protocol assignment"},
                           {{192, 0, 2}, 24, "documentation"},
                           {{198, 51, 100}, 24, "documentation"},
                           {{203, 0, 113}, 24, "documentation"},
                           {{198, 18}, 15, "benchmarking"},
                           {{192, 88, 99}, 24, "6to4 relay anycast"},
                           {{224}, 4, "multicast"},
                           {{240}, 4, "reserved"},
                       });
}

IpAddress V4At(const IpAddress& a, std::size_t offset) {
  return IpAddress::FromBytes(IpAddress::Family::kV4, a.bytes() + offset);
}

// The IPv4 address inside an embedding IPv6 form, when it is one we judge by it.
std::optional<IpAddress> EmbeddedIpv4(const IpAddress& a) {
  static constexpr Block kMapped{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96, ""};
  static constexpr Block kNat64{{0, 0x64, 0xff, 0x9b}, 96, ""};
  static constexpr Block k6to4{{0x20, 0x02}, 16, ""};
  if (Matches(a, kMapped) || Matches(a, kNat64)) return V4At(a, 12);
  if (Matches(a, k6to4)) return V4At(a, 2);
  return std::nullopt;
}

std::optional<std::string_view> Ipv6Class(const IpAddress& a) {
  const std::optional<std::string_view> named =
      FirstMatch(a, {
                        {{}, 128, "unspecified"},
                        {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128, "loopback"},
                        {{}, 96, "IPv4-compatible (deprecated)"},
                        {{0, 0x64, 0xff, 0x9b, 0, 1}, 48, "NAT64 local-use"},
                        {{0x01}, 64, "discard-only"},
                        {{0x20, 0x01, 0, 0}, 32, "Teredo"},
                        {{0x20, 0x01, 0x0d, 0xb8}, 32, "documentation"},
                        {{0x3f, 0xff}, 20, "documentation"},
                        {{0x20, 0x01}, 23, "IETF protocol assignment"},
                        {{0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54},
                         128,
                         "cloud metadata"},
                        {{0xfc}, 7, "private (unique local)"},
                        {{0xfe, 0x80}, 10, "link-local"},
                        {{0xfe, 0xc0}, 10, "site-local (deprecated)"},
                        {{0xff}, 8, "multicast"},
                    });
  if (named) return named;
  static constexpr Block kGlobalUnicast{{0x20}, 3, ""};
  if (!Matches(a, kGlobalUnicast)) return "reserved";
  return std::nullopt;
}

}  // namespace

AddressJudgement JudgeAddress(const IpAddress& address) {
  if (address.is_v4()) return {Ipv4Class(address), std::nullopt};
  if (const std::optional<IpAddress> embedded = EmbeddedIpv4(address)) {
    return {Ipv4Class(*embedded), embedded};
  }
  return {Ipv6Class(address), std::nullopt};
}

std::optional<std::string_view> BlockedAddressClass(const IpAddress& address) {
  return JudgeAddress(address).blocked_class;
}

}  // namespace ww
