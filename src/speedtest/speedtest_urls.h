#pragma once
// Which protocol a server speaks and the URLs of its test endpoints.
//   LibreSpeed  <base>/garbage?ckSize=N (N MiB down), <base>/empty (POST up, GET for
//               latency), <base>/getIP?isp=true (client address and ISP); servers that
//               only have the PHP backend answer 404 there and serve the ".php" names.
//   Cloudflare  <base>/__down?bytes=N (down; bytes=0 for latency and the cf-meta-*
//               headers), <base>/__up (POST up).
// `base` may end with '/' or not; a Cloudflare base may also be given as ".../__down".
// Thread safety: pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "speedtest/speedtest_client.h"

namespace ww {

struct TestUrls {
  SpeedtestProtocol protocol = SpeedtestProtocol::kLibreSpeed;
  std::string base;  // without a trailing '/' (nor "/__down")
  bool php = false;  // LibreSpeed's ".php" names

  std::string Download(std::uint64_t bytes) const;  // LibreSpeed rounds up to whole MiB
  std::string Upload() const;
  std::string Latency() const;
  std::string Info() const;  // getIP, or Cloudflare's bytes=0 whose headers tell
};

TestUrls MakeTestUrls(SpeedtestProtocol protocol, std::string_view base, bool php = false);

// The host of an http(s) URL ("" when it is not one): what server_name shows.
std::string HostOfUrl(std::string_view url);

// An iperf3 server: "host", "host:port", "[v6]:port" or "iperf3://host:port" (port 5201
// when left out).
struct Iperf3Server {
  std::string host;
  std::uint16_t port = 5201;
};
std::optional<Iperf3Server> ParseIperf3Server(std::string_view text);

}  // namespace ww
