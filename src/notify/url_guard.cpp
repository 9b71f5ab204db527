#include "notify/url_guard.h"

#include <algorithm>

#include "notify/http_url.h"

namespace ww {
namespace {

std::string WithArticle(std::string_view noun) {
  const bool vowel =
      !noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

bool InAllowlist(const IpAddress& address, const AddressJudgement& judgement,
                 const UrlGuardPolicy& policy) {
  return std::any_of(policy.allow.begin(), policy.allow.end(), [&](const Cidr& cidr) {
    return cidr.Contains(address) ||
           (judgement.embedded_ipv4 && cidr.Contains(*judgement.embedded_ipv4));
  });
}

// Why `address` is refused, or "" when allowed: "refused: 10.0.0.1 is a private
// address", or with the `name` it came from, "refused: x.example resolves to ...".
std::string Refusal(const IpAddress& address, const UrlGuardPolicy& policy,
                    const std::string& name) {
  const AddressJudgement judgement = JudgeAddress(address);
  if (!judgement.blocked_class || InAllowlist(address, judgement, policy)) return "";
  std::string what = address.ToString();
  if (judgement.embedded_ipv4) what += " (embedding " + judgement.embedded_ipv4->ToString() + ")";
  const std::string kind = WithArticle(*judgement.blocked_class) + " address";
  if (name.empty()) return "refused: " + what + " is " + kind;
  return "refused: " + name + " resolves to " + what + ", " + kind;
}

// RFC 6761 §6.3: these names are loopback whatever a resolver says.
bool IsLocalhostName(std::string_view name) {
  constexpr std::string_view kLocalhost = "localhost";
  constexpr std::string_view kSubdomain = ".localhost";
  return name == kLocalhost || (name.size() > kSubdomain.size() &&
                                name.substr(name.size() - kSubdomain.size()) == kSubdomain);
}

UrlVerdict Refused(std::string error) {
  UrlVerdict verdict;
  verdict.error = std::move(error);
  return verdict;
}

}  // namespace

std::string GuardedUrl::HostForUrl() const {
  const bool v6 = host_is_address && host.find(':') != std::string::npos;
  return v6 ? "[" + host + "]" : host;
}

std::string GuardedUrl::Origin() const { return scheme + "://" + HostForUrl(); }

UrlVerdict JudgeUrl(std::string_view url, const UrlGuardPolicy& policy,
                    const HostResolver& resolve) {
  Result<HttpUrlParts> parts = SplitHttpUrl(url);
  if (!parts) return Refused(parts.error());
  const UrlHost& host = parts->host;

  // The host first: whatever else is wrong, a URL aimed inside says so.
  if (host.address) {
    if (std::string why = Refusal(*host.address, policy, ""); !why.empty()) return Refused(why);
    if (!host.zone.empty()) return Refused("refused: IPv6 zone ids are not allowed");
  } else if (IsLocalhostName(host.canonical)) {
    return Refused("refused: " + host.canonical + " is a loopback name");
  }
  if (parts->has_user_info) {
    return Refused("user names and passwords in the URL are not supported");
  }

  GuardedUrl guarded;
  guarded.scheme = parts->scheme;
  guarded.host = host.canonical;
  guarded.port = parts->port;
  guarded.path_and_query = parts->path_and_query;
  guarded.host_is_address = host.address.has_value();
  if (host.address) {
    guarded.addresses = {*host.address};
  } else {
    Result<std::vector<IpAddress>> addresses = resolve(host.canonical);
    if (!addresses || addresses->empty()) {
      UrlVerdict verdict;
      verdict.error = "cannot resolve " + host.canonical +
                      (addresses ? std::string(": no addresses") : ": " + addresses.error());
      verdict.unresolved = true;
      return verdict;
    }
    for (const IpAddress& address : *addresses) {
      if (std::string why = Refusal(address, policy, host.canonical); !why.empty()) {
        return Refused(why);
      }
    }
    guarded.addresses = std::move(addresses).value();
  }
  UrlVerdict verdict;
  verdict.url = std::move(guarded);
  return verdict;
}

Result<GuardedUrl> GuardUrl(std::string_view url, const UrlGuardPolicy& policy,
                            const HostResolver& resolve) {
  UrlVerdict verdict = JudgeUrl(url, policy, resolve);
  if (!verdict.url) return Result<GuardedUrl>::Error(std::move(verdict.error));
  return std::move(*verdict.url);
}

Status CheckUrlForStorage(std::string_view url, const UrlGuardPolicy& policy,
                          const HostResolver& resolve) {
  const UrlVerdict verdict = JudgeUrl(url, policy, resolve);
  if (verdict.url || verdict.unresolved) return Status::Ok();
  return Status::Error(verdict.error);
}

}  // namespace ww
