#include "config/validate.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

TEST(ValidateConfig, DefaultsAreValid) {
  EXPECT_EQ(ValidateConfig(Config{}), std::vector<std::string>{});
}

// One rule per case: a change to the defaults and the exact message it must produce.
struct RuleCase {
  const char* name;
  std::function<void(Config&)> change;
  std::string message;
};

void PrintTo(const RuleCase& c, std::ostream* os) { *os << c.name; }

class ValidationRule : public testing::TestWithParam<RuleCase> {};

TEST_P(ValidationRule, ReportsExactlyThisMessage) {
  Config c;
  GetParam().change(c);
  EXPECT_EQ(ValidateConfig(c), std::vector<std::string>{GetParam().message});
}

const RuleCase kRules[] = {
    {"WebPort", [](Config& c) { c.web.port = 0; }, "web.port: must be 1-65535, got 0"},
    {"WebThreads", [](Config& c) { c.web.threads = 0; }, "web.threads: must be 1-64, got 0"},
    {"WebBind", [](Config& c) { c.web.bind = "localhost"; },
     "web.bind: \"localhost\" is not an IP address"},
    {"AllowedNetworkNotCidr",
     [](Config& c) {
       c.web.allowed_networks = {"10.0.0.0/8", "lan"};
     },
     "web.allowed_networks[1]: \"lan\" is not an IP network (address/prefix, e.g. 10.0.0.0/8)"},
    {"AllowedNetworkHostBits", [](Config& c) { c.web.allowed_networks = {"192.168.1.0/16"}; },
     "web.allowed_networks[0]: \"192.168.1.0/16\" has host bits set (network 192.168.0.0/16)"},
    {"TrustedProxyPrefix", [](Config& c) { c.web.trusted_proxies = {"::1/129"}; },
     "web.trusted_proxies[0]: \"::1/129\" has an invalid prefix length (0-128)"},
    {"ProbeInterval", [](Config& c) { c.probe.interval = milliseconds{50}; },
     "probe.interval_ms: must be 100-60000, got 50"},
    {"IcmpTimeoutRange", [](Config& c) { c.probe.icmp_timeout = milliseconds{5}; },
     "probe.icmp_timeout_ms: must be 10-60000, got 5"},
    {"IcmpTimeoutVsInterval",
     [](Config& c) {
       c.probe.interval = milliseconds{100};
       c.probe.tcp_interval = c.probe.dns_interval = milliseconds{5000};
     },
     "probe.icmp_timeout_ms: must not exceed 10 x probe.interval_ms (1000), got 2000"},
    {"TcpIntervalMultiple", [](Config& c) { c.probe.tcp_interval = milliseconds{5500}; },
     "probe.tcp_interval_ms: must be a multiple of probe.interval_ms (1000), got 5500"},
    {"TcpTimeoutVsInterval",
     [](Config& c) {
       c.probe.tcp_interval = milliseconds{1000};
       c.probe.tcp_timeout = milliseconds{10'001};
     },
     "probe.tcp_timeout_ms: must not exceed 10 x probe.tcp_interval_ms (10000), got 10001"},
    {"DnsTimeoutVsInterval",
     [](Config& c) {
       c.probe.dns_interval = milliseconds{1000};
       c.probe.dns_timeout = milliseconds{20'000};
     },
     "probe.dns_timeout_ms: must not exceed 10 x probe.dns_interval_ms (10000), got 20000"},
    {"HttpTimeoutVsInterval",
     [](Config& c) {
       c.probe.http_interval = milliseconds{1000};
       c.probe.http_timeout = milliseconds{15'000};
     },
     "probe.http_timeout_ms: must not exceed 10 x probe.http_interval_ms (10000), got 15000"},
    {"HttpIntervalRange", [](Config& c) { c.probe.http_interval = milliseconds{4'000'000}; },
     "probe.http_interval_ms: must be 100-3600000, got 4000000"},
    {"TargetsEmpty", [](Config& c) { c.probe.targets.clear(); },
     "probe.targets: must list at least one target"},
    {"TargetNotAHost", [](Config& c) { c.probe.targets[2] = "1.1.1."; },
     "probe.targets[2]: \"1.1.1.\" is not an IP address or host name"},
    {"TargetDuplicate", [](Config& c) { c.probe.targets.push_back("1.1.1.1"); },
     "probe.targets[3]: duplicate of probe.targets[0]"},
    {"TargetNamedGateway", [](Config& c) { c.probe.targets[0] = "gateway"; },
     "probe.targets[0]: \"gateway\" is the name of the gateway target; use its address"},
    {"Gateway", [](Config& c) { c.probe.gateway = "router"; },
     "probe.gateway: must be \"auto\", \"none\" or an IP address, got \"router\""},
    {"TcpTargetWithoutPort", [](Config& c) { c.probe.tcp_targets = {"192.0.2.1"}; },
     "probe.tcp_targets[0]: \"192.0.2.1\" is not host:port (port 1-65535; IPv6 as [addr]:port)"},
    {"TcpTargetPortZero", [](Config& c) { c.probe.tcp_targets = {"192.0.2.1:0"}; },
     "probe.tcp_targets[0]: \"192.0.2.1:0\" is not host:port (port 1-65535; IPv6 as "
     "[addr]:port)"},
    {"TcpTargetDuplicate", [](Config& c) { c.probe.tcp_targets.push_back("1.1.1.1:53"); },
     "probe.tcp_targets[3]: duplicate of probe.tcp_targets[0]"},
    {"DnsServer", [](Config& c) { c.probe.dns_servers.push_back("dns.google"); },
     "probe.dns_servers[1]: \"dns.google\" is not \"system\", an IP address or address:port"},
    {"DnsQuery", [](Config& c) { c.probe.dns_query = "bad_name"; },
     "probe.dns_query: \"bad_name\" is not a host name"},
    {"HttpUrlScheme", [](Config& c) { c.probe.http_urls = {"ftp://example.com/"}; },
     "probe.http_urls[0]: \"ftp://example.com/\" is not an http:// or https:// URL with a host"},
    {"Interface", [](Config& c) { c.probe.interface = "eth0/1"; },
     "probe.interface: \"eth0/1\" is not an interface name (1-15 characters, no '/', ':' or "
     "spaces)"},
    {"LogLevel", [](Config& c) { c.general.log_level = "verbose"; },
     "general.log_level: must be one of trace, debug, info, warn, error, off, got \"verbose\""},
    {"Timezone", [](Config& c) { c.general.timezone = "CET"; },
     "general.timezone: must be \"UTC\", \"local\" or an offset from -12:00 to +14:00 like "
     "\"+05:30\", got \"CET\""},
    {"Window", [](Config& c) { c.engine.window = minutes{0}; },
     "engine.window_minutes: must be 1-1440, got 0"},
    {"DropThreshold", [](Config& c) { c.engine.drop_threshold = 0; },
     "engine.drop_threshold: must be 1-100, got 0"},
    {"HighLoss", [](Config& c) { c.engine.high_loss_pct = 150; },
     "engine.high_loss_pct: must be 0-100, got 150"},
    {"HighLossNaN", [](Config& c) { c.engine.high_loss_pct = std::nan(""); },
     "engine.high_loss_pct: must be 0-100, got nan"},
    {"HighLatency", [](Config& c) { c.engine.high_latency_ms = 0; },
     "engine.high_latency_ms: must be 1-60000, got 0"},
    {"RawRetention", [](Config& c) { c.store.raw_retention_days = 0; },
     "store.raw_retention_days: must be 1-3650, got 0"},
    {"RollupShorterThanRaw", [](Config& c) { c.store.rollup_retention_days = 3; },
     "store.rollup_retention_days: must be at least store.raw_retention_days (7), got 3"},
    {"ApiKeyTooShort", [](Config& c) { c.security.api_key = "0123456789"; },
     "security.api_key: must be at least 32 characters (got 10)"},
    {"RateLimit", [](Config& c) { c.security.rate_limit_per_minute = -1; },
     "security.rate_limit_per_minute: must be 0-100000, got -1"},
    {"CorsOrigin", [](Config& c) { c.security.cors_origins = {"https://a.example/path"}; },
     "security.cors_origins[0]: \"https://a.example/path\" is not \"*\" or an origin like "
     "https://example.com"},
    {"SpeedtestServerUrl", [](Config& c) { c.speedtest.servers = {"ftp://speed.example"}; },
     "speedtest.servers[0]: \"ftp://speed.example\" is not an http:// or https:// URL with a "
     "host"},
    {"SpeedtestServerDuplicate",
     [](Config& c) {
       c.speedtest.servers = {"http://192.0.2.1/", "http://192.0.2.1/"};
     },
     "speedtest.servers[1]: duplicate of speedtest.servers[0]"},
    {"SpeedtestProtocol", [](Config& c) { c.speedtest.protocol = "fast"; },
     "speedtest.protocol: \"fast\" is not one of auto, librespeed, cloudflare, ookla, iperf3"},
    {"SpeedtestStreams", [](Config& c) { c.speedtest.streams = 33; },
     "speedtest.streams: must be 1-32, got 33"},
    {"SpeedtestInterval", [](Config& c) { c.speedtest.interval_minutes = 4; },
     "speedtest.interval_minutes: must be 5-1440, got 4"},
    {"SpeedtestExporter",
     [](Config& c) {
       c.speedtest.enabled_exporters = {"csv", "graphite"};
     },
     "speedtest.enabled_exporters[1]: \"graphite\" is not one of csv, sqlite, prometheus, loki, "
     "influxdb"},
    {"SpeedtestWarmupVsDuration", [](Config& c) { c.speedtest.warmup = milliseconds{10'000}; },
     "speedtest.warmup_ms: must be shorter than speedtest.duration_seconds (10000 ms), got 10000"},
    {"SpeedtestLineRateFactor", [](Config& c) { c.speedtest.line_rate_factor = 0.5; },
     "speedtest.line_rate_factor: must be 1-2, got 0.5"},
    {"SpeedtestInterface", [](Config& c) { c.speedtest.interface = "eth0:1"; },
     "speedtest.interface: \"eth0:1\" is not an interface name (1-15 characters, no '/', ':' or "
     "spaces)"},
    {"SpeedtestServerMaxRequest", [](Config& c) { c.speedtest_server.max_request_mb = 0; },
     "speedtest_server.max_request_mb: must be 1-16384, got 0"},
};

INSTANTIATE_TEST_SUITE_P(Rules, ValidationRule, testing::ValuesIn(kRules),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ValidateConfig, ReturnsEveryErrorNotJustTheFirst) {
  Config c;
  c.web.port = 0;
  c.probe.targets = {"1.1.1."};
  c.security.api_key = "short";
  EXPECT_EQ(ValidateConfig(c), (std::vector<std::string>{
                                   "web.port: must be 1-65535, got 0",
                                   "probe.targets[0]: \"1.1.1.\" is not an IP address or host name",
                                   "security.api_key: must be at least 32 characters (got 5)"}));
}

TEST(ValidateConfig, AcceptsTheValidVariants) {
  Config c;
  c.general.timezone = "-03:00";
  c.general.log_level = "off";
  c.web.bind = "::";
  c.probe.targets = {"192.0.2.1", "2001:db8::1", "example.com", "a-b.example."};
  c.probe.gateway = "192.0.2.254";
  c.probe.tcp_targets = {"example.com:443", "[2001:db8::1]:80"};
  c.probe.dns_servers = {"system", "192.0.2.53:5353", "2001:db8::53", "[2001:db8::54]:53"};
  c.probe.http_urls = {"http://192.0.2.1:8080/health?x=1", "HTTPS://[2001:db8::1]/"};
  c.probe.interface = "wlan0";
  c.security.api_key = std::string(32, 'k');
  c.security.cors_origins = {"*", "http://localhost:5173"};
  c.security.rate_limit_per_minute = 0;
  c.web.allowed_networks = {"192.0.2.0/24", "2001:db8::/32", "198.51.100.7", "0.0.0.0/0"};
  c.web.trusted_proxies = {"127.0.0.1", "::1/128"};
  c.engine.high_loss_pct = 0;
  EXPECT_EQ(ValidateConfig(c), std::vector<std::string>{});
  c.general.timezone = "local";
  c.probe.gateway = "none";
  c.probe.targets = {"gateway"};  // no gateway target, so the name is free
  EXPECT_EQ(ValidateConfig(c), std::vector<std::string>{});
}

TEST(ValidateConfig, ProbesMayOverlapUpToTenIntervals) {
  // The lab's settings: fast rounds, DNS every second with the default 2 s timeout.
  Config c;
  c.probe.interval = milliseconds{200};
  c.probe.dns_interval = milliseconds{1000};
  c.probe.http_interval = milliseconds{1000};
  EXPECT_EQ(ValidateConfig(c), std::vector<std::string>{});
}

TEST(ValidateConfig, NoTimingCascadeWhenTheBaseIntervalIsOutOfRange) {
  Config c;
  c.probe.interval = milliseconds{70'000};  // nothing is a multiple of it
  EXPECT_EQ(ValidateConfig(c),
            std::vector<std::string>{"probe.interval_ms: must be 100-60000, got 70000"});
}

TEST(ValidateConfig, DnsQueryIsOnlyCheckedWhenDnsIsProbed) {
  Config c;
  c.probe.dns_servers.clear();
  c.probe.dns_query = "";
  EXPECT_EQ(ValidateConfig(c), std::vector<std::string>{});
}

}  // namespace
}  // namespace ww
