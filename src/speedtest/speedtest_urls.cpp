#include "speedtest/speedtest_urls.h"

#include <cctype>

#include "config/net_syntax.h"

namespace ww {
namespace {

constexpr std::uint64_t kMiB = 1 << 20;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view LowerHostOf(std::string_view url, std::string& storage) {
  storage = HostOfUrl(url);
  for (char& c : storage) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return storage;
}

}  // namespace

SpeedtestProtocol ParseSpeedtestProtocol(const std::string& name) {
  if (name == "librespeed") return SpeedtestProtocol::kLibreSpeed;
  if (name == "cloudflare") return SpeedtestProtocol::kCloudflare;
  if (name == "ookla") return SpeedtestProtocol::kOokla;
  if (name == "iperf3") return SpeedtestProtocol::kIperf3;
  return SpeedtestProtocol::kAuto;
}

SpeedtestProtocol ResolveProtocol(SpeedtestProtocol protocol, const std::string& server_url) {
  if (protocol != SpeedtestProtocol::kAuto) return protocol;
  if (server_url.rfind("iperf3://", 0) == 0) return SpeedtestProtocol::kIperf3;
  std::string url(server_url);
  while (EndsWith(url, "/")) url.pop_back();
  std::string host;
  if (EndsWith(url, "/__down") || LowerHostOf(url, host) == "speed.cloudflare.com") {
    return SpeedtestProtocol::kCloudflare;
  }
  return SpeedtestProtocol::kLibreSpeed;
}

TestUrls MakeTestUrls(SpeedtestProtocol protocol, std::string_view base, bool php) {
  TestUrls urls;
  urls.protocol = protocol;
  urls.php = php && protocol == SpeedtestProtocol::kLibreSpeed;
  std::string b(base);
  while (EndsWith(b, "/")) b.pop_back();
  if (protocol == SpeedtestProtocol::kCloudflare && EndsWith(b, "/__down")) {
    b.resize(b.size() - 7);
  }
  urls.base = std::move(b);
  return urls;
}

std::string TestUrls::Download(std::uint64_t bytes) const {
  if (protocol == SpeedtestProtocol::kCloudflare) {
    return base + "/__down?bytes=" + std::to_string(bytes);
  }
  const std::uint64_t mib = (bytes + kMiB - 1) / kMiB;
  return base + (php ? "/garbage.php" : "/garbage") + "?ckSize=" + std::to_string(mib);
}

std::string TestUrls::Upload() const {
  if (protocol == SpeedtestProtocol::kCloudflare) return base + "/__up";
  return base + (php ? "/empty.php" : "/empty");
}

std::string TestUrls::Latency() const {
  if (protocol == SpeedtestProtocol::kCloudflare) return base + "/__down?bytes=0";
  return base + (php ? "/empty.php" : "/empty");
}

std::string TestUrls::Info() const {
  if (protocol == SpeedtestProtocol::kCloudflare) return base + "/__down?bytes=0";
  return base + (php ? "/getIP.php" : "/getIP") + "?isp=true";
}

std::string HostOfUrl(std::string_view url) {
  const auto parsed = ParseHttpUrl(url);
  return parsed ? parsed->host : std::string();
}

std::optional<Iperf3Server> ParseIperf3Server(std::string_view text) {
  constexpr std::string_view kScheme = "iperf3://";
  if (text.substr(0, kScheme.size()) == kScheme) text.remove_prefix(kScheme.size());
  while (!text.empty() && text.back() == '/') text.remove_suffix(1);
  const auto hp = ParseHostPort(text, 5201);
  if (!hp || !IsHostOrAddress(hp->host)) return std::nullopt;
  return Iperf3Server{hp->host, hp->port};
}

}  // namespace ww
