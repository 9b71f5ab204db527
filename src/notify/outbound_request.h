#pragma once
// One HTTP request an alert provider wants sent, and what came of it. The
// providers build requests (pure, unit-tested byte for byte); an HttpSender
// sends them. The daemon's sender is SafeHttpClient (notify/safe_http_client.h:
// SSRF guard, pinned address, no redirects, timeouts); tests use fakes.

#include <string>
#include <utility>
#include <vector>

namespace ww {

struct OutboundRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // in order, e.g. {"Title", "..."}
  std::string body;
};

struct DeliveryOutcome {
  bool ok = false;      // a 2xx answer arrived
  int http_status = 0;  // 0: no HTTP answer (refused by the guard, DNS, connect, timeout)
  std::string error;    // empty when ok; otherwise says what failed, never a secret
  // False when retrying cannot help (the SSRF guard refused the URL, a 4xx
  // other than 408/429): the notifier gives up at once.
  bool retryable = true;
};

class HttpSender {
 public:
  virtual ~HttpSender() = default;
  // Blocking; called from the notifier's own thread, never from probing.
  virtual DeliveryOutcome Send(const OutboundRequest& request) = 0;
};

}  // namespace ww
