#pragma once
// The HttpSender the daemon sends alerts with: every send passes the SSRF
// guard (url_guard.h) again, then libcurl is pinned to the addresses the guard
// judged, so a name that resolves to a public address at check time and to an
// inside one a moment later (DNS rebinding) still reaches only the checked one:
//   - CURLOPT_RESOLVE gives curl the checked addresses; curl does no lookup;
//   - an open-socket callback refuses any connection to another address, and
//     CURLINFO_PRIMARY_IP is compared with them afterwards;
//   - redirects are not followed (a 3xx is a failed delivery, not retried),
//     only http and https, no proxy from the environment;
//   - connect and total timeouts; the answer's body is discarded (capped).
// Errors name the scheme and host only: paths and queries hold tokens.
//
// Thread safety: Send may be called from several threads at once (each send
// has its own curl handles); the notifier calls it from its delivery thread.

#include <atomic>
#include <chrono>

#include "notify/outbound_request.h"
#include "notify/url_guard.h"

namespace ww {

class SafeHttpClient final : public HttpSender {
 public:
  struct Options {
    std::chrono::milliseconds timeout{10000};         // whole request, connect included
    std::chrono::milliseconds connect_timeout{5000};  // per connection attempt
    // When set and true, a send in progress ends at the next poll (<= 100 ms):
    // the notifier's shutdown need not wait out a slow server.
    const std::atomic<bool>* stop = nullptr;
  };

  SafeHttpClient(UrlGuardPolicy policy, HostResolver resolve, Options options);

  // Guard, pin, send; never throws. ok only for a 2xx answer.
  DeliveryOutcome Send(const OutboundRequest& request) override;

 private:
  UrlGuardPolicy policy_;
  HostResolver resolve_;
  Options options_;
};

// What an HTTP answer means for a delivery (pure): 2xx ok; 3xx "redirect not
// followed" and 4xx other than 408/429 are not retried; 408, 429, 5xx are.
DeliveryOutcome OutcomeOfHttpStatus(int http_status);

}  // namespace ww
