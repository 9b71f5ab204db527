// Fuzzes JudgeUrl with a resolver that answers from the name's bytes (public
// or private, v4 or v6), checking two properties besides "no crash":
//  1. an allowed URL's addresses are all public (no allowlist here);
//  2. the URL rebuilt from the guarded parts, as SafeHttpClient hands it to
//     libcurl, is allowed again with the same host, port, path and addresses:
//     the reader and the rebuilt URL cannot disagree on where a request goes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "notify/url_guard.h"

namespace {

ww::Result<std::vector<ww::IpAddress>> Resolve(const std::string& host) {
  std::uint32_t hash = 2166136261u;  // FNV-1a: the same name, the same answer
  for (char c : host) hash = (hash ^ static_cast<std::uint8_t>(c)) * 16777619u;
  if (hash % 5 == 0) return ww::Result<std::vector<ww::IpAddress>>::Error("no such name");
  std::vector<ww::IpAddress> addresses{ww::IpAddress::V4(hash)};
  if (hash % 3 == 0) addresses.push_back(*ww::IpAddress::Parse("2606:4700::1111"));
  return addresses;
}

std::string Rebuilt(const ww::GuardedUrl& url) {
  return url.scheme + "://" + url.HostForUrl() + ":" + std::to_string(url.port) +
         url.path_and_query;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const ww::UrlVerdict verdict = ww::JudgeUrl(input, {}, Resolve);
  if (!verdict.url) {
    if (verdict.error.empty()) std::abort();
    return 0;
  }
  const ww::GuardedUrl& url = *verdict.url;
  if (url.addresses.empty()) std::abort();
  for (const ww::IpAddress& address : url.addresses) {
    if (ww::BlockedAddressClass(address)) std::abort();
  }
  const ww::UrlVerdict again = ww::JudgeUrl(Rebuilt(url), {}, Resolve);
  if (!again.url || again.url->host != url.host || again.url->port != url.port ||
      again.url->path_and_query != url.path_and_query || again.url->addresses != url.addresses) {
    std::abort();
  }
  return 0;
}
