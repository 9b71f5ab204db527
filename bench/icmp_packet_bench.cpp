// Cost of the ICMP packet code per message: parsing what sockets deliver (raw
// IPv4 with header and checksum check, datagram, an error with its quote, IPv6)
// and stamping a request before sendto.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <iterator>
#include <vector>

#include "probe/icmp_packet.h"

namespace ww::icmp {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr auto kV4 = IpAddress::Family::kV4;
constexpr auto kV6 = IpAddress::Family::kV6;

Bytes Ipv4(std::uint8_t protocol, const Bytes& payload) {
  const std::size_t total = 20 + payload.size();
  const std::uint8_t header[20] = {0x45,
                                   0,
                                   static_cast<std::uint8_t>(total >> 8),
                                   static_cast<std::uint8_t>(total),
                                   0,
                                   0,
                                   0x40,
                                   0,
                                   64,
                                   protocol,
                                   0,
                                   0,
                                   127,
                                   0,
                                   0,
                                   1,
                                   127,
                                   0,
                                   0,
                                   1};
  Bytes p(total);
  std::copy(std::begin(header), std::end(header), p.begin());
  std::copy(payload.begin(), payload.end(), p.begin() + 20);
  return p;
}

Bytes Request(IpAddress::Family family, std::size_t payload) {
  Bytes p(kIcmpHeaderSize + payload);
  FillPayloadPattern(std::span(p).subspan(kIcmpHeaderSize));
  WritePayloadHeader(std::span(p).subspan(kIcmpHeaderSize), 42, 1'700'000'000'000'000'000);
  FinishEchoRequest(family, p, 0x1234, 7);
  return p;
}

Bytes Reply(IpAddress::Family family, std::size_t payload) {
  Bytes p = Request(family, payload);
  p[0] = family == kV4 ? 0 : 129;
  p[2] = p[3] = 0;
  if (family == kV4) {
    const std::uint16_t sum = InternetChecksum(p);
    p[2] = static_cast<std::uint8_t>(sum >> 8);
    p[3] = static_cast<std::uint8_t>(sum);
  }
  return p;
}

void Consume(benchmark::State& state, IpAddress::Family family, Framing framing, const Bytes& m) {
  for (auto _ : state) {
    auto parsed = ParseMessage(family, framing, m);
    benchmark::DoNotOptimize(parsed);
    if (parsed.ok()) {
      bool intact = PayloadPatternIntact(parsed->payload);
      benchmark::DoNotOptimize(intact);
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ParseV4RawEchoReply(benchmark::State& state) {
  Consume(state, kV4, Framing::kIpv4Header, Ipv4(1, Reply(kV4, state.range(0))));
}
BENCHMARK(BM_ParseV4RawEchoReply)->Arg(56)->Arg(1400);

void BM_ParseV4DatagramEchoReply(benchmark::State& state) {
  Consume(state, kV4, Framing::kIcmpOnly, Reply(kV4, state.range(0)));
}
BENCHMARK(BM_ParseV4DatagramEchoReply)->Arg(56);

void BM_ParseV6EchoReply(benchmark::State& state) {
  Consume(state, kV6, Framing::kIcmpOnly, Reply(kV6, state.range(0)));
}
BENCHMARK(BM_ParseV6EchoReply)->Arg(56);

void BM_ParseV4RawHostUnreachable(benchmark::State& state) {
  const Bytes quote = Ipv4(1, Request(kV4, 56));
  Bytes icmp(8 + quote.size());
  icmp[0] = 3;
  icmp[1] = 1;
  std::copy(quote.begin(), quote.end(), icmp.begin() + 8);
  const std::uint16_t sum = InternetChecksum(icmp);
  icmp[2] = static_cast<std::uint8_t>(sum >> 8);
  icmp[3] = static_cast<std::uint8_t>(sum);
  Consume(state, kV4, Framing::kIpv4Header, Ipv4(1, icmp));
}
BENCHMARK(BM_ParseV4RawHostUnreachable);

void BM_ParseMalformed(benchmark::State& state) {
  // The error path builds a message: it must stay cheap enough for junk floods.
  Consume(state, kV4, Framing::kIpv4Header, Bytes{0x45, 0, 0, 10});
}
BENCHMARK(BM_ParseMalformed);

void BM_StampV4Request(benchmark::State& state) {
  Bytes p = Request(kV4, 56);
  std::int64_t stamp = 0;
  std::uint16_t seq = 0;
  for (auto _ : state) {
    WritePayloadHeader(std::span(p).subspan(kIcmpHeaderSize), 42, ++stamp);
    FinishEchoRequest(kV4, p, 0x1234, ++seq);
    benchmark::DoNotOptimize(p.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StampV4Request);

}  // namespace
}  // namespace ww::icmp

BENCHMARK_MAIN();
