// Fuzz target for the DNS reply codec (src/probe/dns_message.h). The input is a
// UDP payload from the "server". Whatever it holds, parsing and judging must
// not read out of bounds or loop, errors must say what is wrong, and the parsed
// shape must respect the limits the parser promises. The same bytes, read as a
// query name, must survive BuildDnsQuery -> ParseDnsReply unchanged.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include "probe/dns_message.h"

namespace {

void CheckName(const std::string& name) {
  // 255 wire octets; escaping (\DDD) can at most quadruple the text.
  if (name.empty() || name.size() > 4 * ww::kDnsMaxNameLength) std::abort();
}

void CheckReply(std::span<const std::uint8_t> bytes) {
  const auto reply = ww::ParseDnsReply(bytes);
  if (!reply.ok()) {
    if (reply.error().empty()) std::abort();
    return;
  }
  if (reply->answers.size() > reply->answer_count) std::abort();
  if (reply->truncated && !reply->answers.empty()) std::abort();
  for (const auto& q : reply->questions) CheckName(q.name);
  for (const auto& a : reply->answers) {
    CheckName(a.name);
    if (a.rdata.size() > bytes.size()) std::abort();
  }
}

void CheckVerdict(std::span<const std::uint8_t> bytes) {
  const std::uint16_t id =
      bytes.size() >= 2 ? static_cast<std::uint16_t>(bytes[0] << 8 | bytes[1]) : 0;
  for (const auto type : {ww::DnsType::kA, ww::DnsType::kAaaa}) {
    const ww::DnsVerdict v = ww::JudgeDnsReply(bytes, id, "example.com", type);
    if (v.detail.empty()) std::abort();
    if (v.kind == ww::DnsVerdict::Kind::kOk && !v.truncated && v.matching_answers == 0)
      std::abort();
  }
}

void CheckRoundTrip(std::string_view name) {
  const auto query = ww::BuildDnsQuery(0xABCD, name, ww::DnsType::kA);
  if (!query.ok()) {
    if (query.error().empty()) std::abort();
    return;
  }
  const auto parsed = ww::ParseDnsReply(*query);
  if (!parsed.ok() || parsed->questions.size() != 1 || parsed->id != 0xABCD) std::abort();
  std::string_view want = name;
  if (want.size() > 1 && want.back() == '.') want.remove_suffix(1);
  if (parsed->questions[0].name != want) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // An exact-size copy, so the sanitizer sees any read past the end.
  std::unique_ptr<std::uint8_t[]> copy(new std::uint8_t[size == 0 ? 1 : size]);
  if (size > 0) std::memcpy(copy.get(), data, size);
  const std::span<const std::uint8_t> bytes(copy.get(), size);
  CheckReply(bytes);
  CheckVerdict(bytes);
  if (size <= 300)
    CheckRoundTrip(std::string_view(reinterpret_cast<const char*>(copy.get()), size));
  return 0;
}
