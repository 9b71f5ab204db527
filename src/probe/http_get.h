#pragma once
// A small blocking HTTP(S) GET for the outage enrichment sources (public IP
// service, RIPEstat, Cloudflare Radar): through libcurl (curl_library.h),
// http and https only, no redirects, a total timeout and a body cap.
//
// Thread safety: Get may be called from any thread; each call has its own
// handles. Meant for a worker thread, never the probe loop.

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace ww {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpGetter {
 public:
  virtual ~HttpGetter() = default;
  // The body of a 2xx answer; any other outcome is an error naming the URL's
  // host and what happened (never a header value: tokens stay secret).
  virtual Result<std::string> Get(const std::string& url, const HttpHeaders& headers) = 0;
};

class CurlHttpGetter final : public HttpGetter {
 public:
  explicit CurlHttpGetter(Millis timeout = Millis(10'000), std::size_t max_body = 1 << 20)
      : timeout_(timeout), max_body_(max_body) {}
  Result<std::string> Get(const std::string& url, const HttpHeaders& headers) override;

 private:
  Millis timeout_;
  std::size_t max_body_;
};

}  // namespace ww
