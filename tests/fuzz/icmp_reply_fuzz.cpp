// Fuzz target for the ICMP reply parsers (src/probe/icmp_packet.h). The first
// byte picks the socket the bytes came from: bit 0 IPv6, bit 1 raw IPv4 framing
// (IP header first), bit 2 an error-queue message (ParseQuotedRequest). The rest
// is the message. Whatever the input, parsing must not read out of bounds, and
// every span it returns must lie inside the input.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "probe/icmp_packet.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ww;
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  // An exact-size copy, so the sanitizer sees any read past the end.
  const std::size_t n = size - 1;
  std::unique_ptr<std::uint8_t[]> copy(new std::uint8_t[n == 0 ? 1 : n]);
  if (n > 0) std::memcpy(copy.get(), data + 1, n);
  const std::span<const std::uint8_t> bytes(copy.get(), n);
  const IpAddress::Family family = (mode & 1) ? IpAddress::Family::kV6 : IpAddress::Family::kV4;
  const icmp::Framing framing = (mode & 2) ? icmp::Framing::kIpv4Header : icmp::Framing::kIcmpOnly;
  const Result<icmp::ParsedMessage> m = (mode & 4) ? icmp::ParseQuotedRequest(family, bytes)
                                                   : icmp::ParseMessage(family, framing, bytes);
  if (!m.ok()) {
    if (m.error().empty()) std::abort();  // errors must say what is wrong
    return 0;
  }
  const auto& payload = m->payload;
  if (!payload.empty() &&
      (payload.data() < bytes.data() || payload.data() + payload.size() > bytes.data() + n)) {
    std::abort();
  }
  unsigned sum = 0;
  for (std::uint8_t b : payload) sum += b;  // touch every byte
  if (const auto header = icmp::ReadPayloadHeader(payload)) sum += header->token & 1;
  sum += icmp::PayloadPatternIntact(payload) ? 1 : 0;
  if (m->kind == icmp::MessageKind::kEchoReply && m->original_destination) std::abort();
  return static_cast<int>(sum & 0);
}
