#pragma once
// The SSRF guard: every URL an alert is sent to (set in the config file or
// through PUT /api/alerts) passes here, at validation and again at every send.
//
// A URL is allowed when it is http(s) (http_url.h says what else is refused),
// its host is not a localhost name, and every address the host stands for is
// public (address_class.h) or inside the config file's allowlist
// (alerts.allow_cidrs, e.g. 192.168.1.0/24 for a LAN ntfy; never settable over
// the API). Numeric hosts are read in every notation curl and browsers accept
// (host_literal.h); names are resolved and *all* their addresses judged, so a
// name with one public and one private address is refused. The client then
// connects only to the addresses judged here (safe_http_client.h), which closes
// the DNS-rebinding gap between check and use.
//
// Thread safety: pure functions apart from the resolver, which is called once
// per guarded URL; SystemHostResolver may be called from any thread.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/cidr.h"
#include "core/ip_address.h"
#include "core/result.h"
#include "notify/address_class.h"

namespace ww {

// All addresses (A and AAAA) of a host name; an error when it does not resolve.
using HostResolver = std::function<Result<std::vector<IpAddress>>(const std::string& host)>;

// getaddrinfo: /etc/hosts, then DNS. Blocking.
HostResolver SystemHostResolver();

struct UrlGuardPolicy {
  std::vector<Cidr> allow;  // config-file-only allowlist (alerts.allow_cidrs)
};

struct GuardedUrl {
  std::string scheme;  // "http" or "https"
  std::string host;    // canonical: lower-case name, dotted IPv4, or IPv6 without brackets
  int port = 0;
  std::string path_and_query;
  std::vector<IpAddress> addresses;  // all checked; the only ones to connect to
  bool host_is_address = false;      // the URL named an address, not a host name

  // The host as a URL writes it: "[2001:db8::1]" for an IPv6 address.
  std::string HostForUrl() const;
  // "https://ntfy.sh": what error texts and logs may name (no path, no token).
  std::string Origin() const;
};

// GuardUrl's answer with the two kinds of failure kept apart.
struct UrlVerdict {
  std::optional<GuardedUrl> url;  // set when allowed
  std::string error;              // set when not, e.g. "refused: 10.0.0.1 is a private address"
  // The host name did not resolve (no DNS, no such name): retrying may help,
  // where a refusal never will.
  bool unresolved = false;
};

UrlVerdict JudgeUrl(std::string_view url, const UrlGuardPolicy& policy,
                    const HostResolver& resolve);

// Syntax, scheme, literal-address notations, resolution and every resolved
// address. The error is what PUT /api/alerts puts in {"detail"} after the
// field name, e.g. "refused: 10.0.0.1 is a private address" or "only http and
// https URLs are allowed".
Result<GuardedUrl> GuardUrl(std::string_view url, const UrlGuardPolicy& policy,
                            const HostResolver& resolve);

// For validation at PUT time: like GuardUrl, but a name that cannot be
// resolved *now* (no DNS, no such name yet) is accepted: it is checked again
// at every send.
Status CheckUrlForStorage(std::string_view url, const UrlGuardPolicy& policy,
                          const HostResolver& resolve);

}  // namespace ww
