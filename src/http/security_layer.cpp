#include "http/security_layer.h"

#include <memory>

#include "http/api_key_auth.h"
#include "http/cidr_gate.h"
#include "http/client_address.h"
#include "http/cors.h"
#include "http/rate_limiter.h"

namespace ww {
namespace {

constexpr std::chrono::seconds kWindow{60};

HttpResponse TooManyRequests(std::chrono::seconds retry_after, std::string_view what) {
  const std::string seconds = std::to_string(retry_after.count());
  HttpResponse r =
      HttpResponse::Error(429, std::string(what) + ". Try again in " + seconds + " seconds.");
  r.headers.emplace_back("Retry-After", seconds);
  return r;
}

// Who a failure or an unauthenticated call is counted against. IPv6 clients
// by their /64: one host usually holds a whole /64 and could rotate within it.
std::string ClientKey(const HttpRequest& request, std::span<const Cidr> trusted_proxies) {
  const std::optional<IpAddress> client = ClientAddress(request, trusted_proxies);
  if (!client) return "peer " + request.peer;
  if (client->is_v4()) return client->ToString();
  std::array<std::uint8_t, 16> bytes{};
  std::copy_n(client->bytes(), 8, bytes.begin());
  return IpAddress::FromBytes(IpAddress::Family::kV6, bytes.data()).ToString() + "/64";
}

Result<std::vector<Cidr>> ParseNetworks(std::string_view key,
                                        const std::vector<std::string>& entries) {
  std::vector<Cidr> out;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    Result<Cidr> cidr = Cidr::Parse(entries[i]);
    if (!cidr.ok()) {
      return Result<std::vector<Cidr>>::Error(std::string(key) + "[" + std::to_string(i) +
                                              "]: " + cidr.error());
    }
    out.push_back(*cidr);
  }
  return out;
}

// State shared by the middleware closures; lives as long as the pipeline.
struct Shared {
  Shared(SecurityOptions o, const Clock& clock)
      : options(std::move(o)),
        cors(options.cors_origins),
        gate(options.allowed_networks, options.trusted_proxies),
        failures({options.auth_failures_per_minute, kWindow, options.max_tracked_clients}, clock),
        calls({options.rate_limit_per_minute, kWindow, options.max_tracked_clients}, clock) {
    if (!options.api_key.empty()) auth.emplace(options.api_key);
  }

  const SecurityOptions options;
  const CorsPolicy cors;
  const CidrGate gate;
  std::optional<ApiKeyAuth> auth;
  SlidingWindowLimiter failures;
  SlidingWindowLimiter calls;
};

}  // namespace

Result<SecurityOptions> SecurityOptionsFromConfig(const Config& config) {
  SecurityOptions out;
  out.api_key = config.security.api_key;
  out.rate_limit_per_minute = config.security.rate_limit_per_minute;
  out.cors_origins = config.security.cors_origins;
  auto allowed = ParseNetworks("web.allowed_networks", config.web.allowed_networks);
  if (!allowed.ok()) return allowed.status();
  auto proxies = ParseNetworks("web.trusted_proxies", config.web.trusted_proxies);
  if (!proxies.ok()) return proxies.status();
  out.allowed_networks = std::move(allowed).value();
  out.trusted_proxies = std::move(proxies).value();
  return out;
}

SecurityLayer MakeSecurityLayer(SecurityOptions options, const Clock& clock) {
  auto s = std::make_shared<Shared>(std::move(options), clock);
  SecurityLayer layer;
  layer.middleware.push_back([s](const HttpRequest& r) { return s->cors.Preflight(r); });
  layer.middleware.push_back([s](const HttpRequest& r) { return s->gate.Check(r); });
  if (s->auth) {
    layer.middleware.push_back([s](const HttpRequest& r) -> std::optional<HttpResponse> {
      if (!IsProtectedMethod(r.method)) return std::nullopt;
      const RateDecision d = s->failures.Check(ClientKey(r, s->options.trusted_proxies));
      if (d.allowed) return std::nullopt;
      return TooManyRequests(d.retry_after, "Too many failed authentication attempts");
    });
    layer.middleware.push_back([s](const HttpRequest& r) {
      std::optional<HttpResponse> refused = s->auth->Check(r);
      if (refused) s->failures.Record(ClientKey(r, s->options.trusted_proxies));
      return refused;
    });
  }
  layer.middleware.push_back([s](const HttpRequest& r) -> std::optional<HttpResponse> {
    if (!IsProtectedMethod(r.method)) return std::nullopt;
    // One key is configured, so "per key" is one budget; without a key, per client.
    const std::string key = s->auth ? "api key" : ClientKey(r, s->options.trusted_proxies);
    const RateDecision d = s->calls.Acquire(key);
    if (d.allowed) return std::nullopt;
    return TooManyRequests(d.retry_after, "Rate limit exceeded");
  });
  layer.filters.push_back(
      [s](const HttpRequest& r, HttpResponse& response) { s->cors.AddHeaders(r, response); });
  return layer;
}

}  // namespace ww
