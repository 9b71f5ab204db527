#pragma once
// HTTP(S) prober: one GET of spec->url through libcurl, run on the probe loop by
// CurlMultiLoop (no extra thread). Success = a response with status < 400
// (status in `code`); >= 400 -> kHttpStatus with the status in `code`. The RTT is
// curl's total time. Redirects are not followed unless the options say so; each
// probe opens a fresh connection and resolves afresh, so the phase timings are
// real. The body is counted and its first bytes kept (see the caps below).
//
// Transport failures: curl's timeout (request.timeout) -> kTimeout; name not
// resolved -> kNoAddress; connect refused -> kRefused; no route -> kUnreachable;
// TLS handshake or certificate -> kTlsError; interface/bind -> kSendFailed;
// anything else the server sent that curl rejects -> kBadReply.
//
// Binding: bind_device -> CURLOPT_INTERFACE "if!<dev>"; source -> "host!<addr>";
// both -> "host!<addr>" plus SO_BINDTODEVICE from CURLOPT_SOCKOPTFUNCTION.
// request.address is not used: curl resolves the URL's host itself (Debian's
// libcurl does so on a short-lived resolver thread of its own; a numeric host
// needs none, and our code adds no thread).
//
// Thread safety: as ww::Prober. Destroying the prober abandons probes in flight
// (their `done` is not called); it must happen on the loop thread.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/clock.h"
#include "probe/http_curl_loop.h"
#include "probe/http_outcome.h"
#include "probe/prober.h"

namespace ww {

struct HttpProbeResult {
  Sample sample;
  HttpTimings timings;
  long status = 0;  // 0 when no response
  std::size_t body_bytes = 0;
  std::string body_head;  // the first kBodyKeepBytes of the body
  std::string detail;     // curl's error text, or empty
};
using HttpProbeDone = std::function<void(const HttpProbeResult&)>;

struct HttpProberOptions {
  bool follow_redirects = false;
  bool verify_tls = true;
  std::string user_agent = "wanwatch-probe/1";
  std::size_t body_keep_bytes = 1024;
  std::size_t max_body_bytes = 8 << 20;  // a larger body aborts the probe (kBadReply)
};

class HttpProber final : public Prober {
 public:
  HttpProber(boost::asio::io_context& io, const Clock& clock, HttpProberOptions options = {});
  ~HttpProber() override;
  std::string_view name() const override { return "http"; }
  bool available() const override { return loop_.ok(); }
  void Start(const ProbeRequest& request, ProbeDone done) override;
  // The same probe, answering with the phase timings (same threading contract).
  void StartDetailed(const ProbeRequest& request, HttpProbeDone done);
  std::size_t in_flight() const { return transfers_.size(); }

  struct Transfer;  // one probe's curl handle and buffers (http_prober.cpp)

 private:
  void FailLater(HttpProbeResult result, HttpProbeDone done);
  void Complete(Transfer* transfer, int curl_code);

  boost::asio::io_context& io_;
  const Clock& clock_;
  const HttpProberOptions options_;
  // Declared before loop_: the loop (which references the easy handles) goes first.
  std::map<Transfer*, std::unique_ptr<Transfer>> transfers_;
  CurlMultiLoop loop_;
};

}  // namespace ww
