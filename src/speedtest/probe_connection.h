#pragma once
// One kept-alive connection for small requests: the first contact with a server
// (does it answer at all, with which names), getIP, and the latency probes.
// RTT = CURLINFO_STARTTRANSFER_TIME_T − the connect (or TLS) time: from the
// connection being ready to the first byte of the answer, without DNS, connect or
// TLS, so a probe that had to reconnect measures the same thing as one that did not.
//
// Each connection has its own multi handle (and so its own connection cache),
// apart from the bulk transfers: a probe never waits behind a 100 MiB chunk
// on a shared connection.
// Thread safety: one thread at a time.

#include <atomic>
#include <map>
#include <optional>
#include <string>

#include "core/clock.h"
#include "speedtest/curl_handles.h"

namespace ww {

struct FetchReply {
  bool ok = false;     // a 2xx answer arrived in time
  long http_code = 0;  // 0 when none arrived
  std::string error;   // when !ok: "HTTP 404", "Timeout was reached", "cancelled", ...
  std::optional<double> rtt_ms;
  std::string body;  // the first 64 KiB
  std::map<std::string, std::string> headers;
};

class ProbeConnection {
 public:
  ProbeConnection(const CurlLibrary& curl, std::string interface);

  // GET `url`, waiting at most `timeout`; `stop` (may be null) ends the wait
  // within ~50 ms.
  FetchReply Fetch(const std::string& url, Duration timeout, const Clock& clock,
                   const std::atomic<bool>* stop);

 private:
  static size_t OnBody(char* data, size_t size, size_t count, void* self);
  static size_t OnHeader(char* data, size_t size, size_t count, void* self);

  const CurlLibrary& curl_;
  std::string interface_;
  CurlMulti multi_;
  CurlEasy easy_;
  FetchReply* reply_ = nullptr;  // the one being filled by the callbacks
};

}  // namespace ww
