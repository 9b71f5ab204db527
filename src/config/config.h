#pragma once
// wanwatch's configuration: plain structs with their defaults. Built once at
// start-up (embedded defaults, then the TOML file, then WANWATCH_* and Hermes
// environment variables, then command-line flags), validated completely, and
// immutable afterwards (shared as shared_ptr<const Config>).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/target.h"

namespace ww {

struct GeneralConfig {
  std::filesystem::path data_dir;  // resolved by ResolveDataDir when empty
  std::string log_level = "info";  // trace, debug, info, warn, error, off
  // Hours of the heatmap and reports: "UTC", "local", or a fixed offset "+05:30".
  std::string timezone = "UTC";
  bool headless = false;
};

struct WebConfig {
  std::string bind = "0.0.0.0";
  std::uint16_t port = 8080;
  int threads = 2;            // a slow ?live=1 round holds one; the other keeps serving
  int max_connections = 256;  // further connections get 503 and are closed
  // Time a client has to send its request headers, and an idle keep-alive
  // connection is kept: slow or silent clients cannot hold connections.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  // Networks (CIDR) that may read /logs, /reports and CSV exports: loopback,
  // RFC 1918, link-local and unique local addresses.
  std::vector<std::string> allowed_networks{"127.0.0.0/8",   "::1/128",        "10.0.0.0/8",
                                            "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16",
                                            "fe80::/10",     "fc00::/7"};
  // Reverse proxies (CIDR) whose X-Forwarded-For is believed; empty: none.
  std::vector<std::string> trusted_proxies;
};

// The probes. Names, not addresses, are how targets appear in the API.
struct ProbeConfig {
  std::chrono::milliseconds interval{1000};  // one round; every external ICMP target each round
  std::chrono::milliseconds icmp_timeout{2000};
  // External ICMP targets (--target replaces them). Host names are resolved at start.
  std::vector<std::string> targets{"1.1.1.1", "8.8.8.8", "9.9.9.9"};
  // "auto": the default route's gateway, rediscovered on change; "none"; or an address.
  std::string gateway = "auto";
  // TCP connect targets "host:port" (Hermes's outage quorum). Also the
  // connectivity probes when ICMP sockets are not available.
  std::vector<std::string> tcp_targets{"1.1.1.1:53", "8.8.8.8:53", "9.9.9.9:53"};
  std::chrono::milliseconds tcp_interval{5000};
  std::chrono::milliseconds tcp_timeout{3000};
  // DNS checks: each resolver is asked for dns_query. "system" = resolv.conf's servers.
  std::vector<std::string> dns_servers{"system"};
  std::string dns_query = "google.com";
  std::chrono::milliseconds dns_interval{5000};
  std::chrono::milliseconds dns_timeout{2000};
  // HTTP(S) checks.
  std::vector<std::string> http_urls;
  std::chrono::milliseconds http_interval{30000};
  std::chrono::milliseconds http_timeout{10000};
  std::string interface;  // bind probes to this device; empty = routing decides
};

struct EngineConfig {
  std::chrono::minutes window{15};  // statistics window of /api/status and /api/targets
  int drop_threshold = 3;           // consecutive all-failed rounds that confirm a drop
  double high_loss_pct = 5;         // diagnosis "High packet loss" at or above
  double high_latency_ms = 100;     // diagnosis "High latency" above (the original's warning)
};

struct StoreConfig {
  int raw_retention_days = 7;
  int rollup_retention_days = 400;
  int log_retention_days = 30;  // CSV logs in <data_dir>/logs, by the date in their names
};

// HTML reports in <data_dir>/reports.
struct ReportConfig {
  bool daily = true;        // write the previous local day's report shortly after midnight
  int retention_days = 30;  // report files older than this (date in the name) are removed
};

// Hermes's security settings (enforced by the HTTP layer issue; stored now).
struct SecurityConfig {
  std::string api_key;                    // API_KEY; empty = no auth
  int rate_limit_per_minute = 60;         // RATE_LIMIT_PER_MINUTE; 0 = off
  std::vector<std::string> cors_origins;  // CORS_ORIGINS, comma separated in the env
};

// One [[uplinks]] entry (isp-status). Thresholds left unset take the
// [engine] values high_loss_pct and high_latency_ms; hysteresis_rounds left
// unset takes [uplink_defaults] hysteresis_rounds (UplinksConfig).
struct UplinkConfig {
  std::string name;              // required, unique; spaces and parentheses allowed
  std::string interface;         // bind to this device (SO_BINDTODEVICE); empty: routing decides
  std::string source;            // bind to this source address; empty: none
  std::string gateway = "auto";  // "auto" (default route of `interface`), "none", or an address
  bool nat = false;              // gateway may stay silent without making the uplink DOWN
  std::vector<std::string> ping_targets{"1.1.1.1", "8.8.8.8", "9.9.9.9"};
  std::vector<std::string> http_urls;
  std::optional<double> high_loss_pct;
  std::optional<double> high_latency_ms;
  std::optional<int> hysteresis_rounds;  // rounds that must agree before the state changes
};

// [[uplinks]] and [uplink_defaults].
struct UplinksConfig {
  std::vector<UplinkConfig> list;  // empty: one implicit uplink from [probe]
  // /api/status?live=1 runs at most one probe round per this interval; calls
  // in between share the latest live round.
  std::chrono::milliseconds live_min_interval{10'000};
  int hysteresis_rounds = 3;  // of the implicit uplink, and of entries that set none
};

// Scheduled speed tests (Hermes). interval_minutes, scanning_enabled and
// enabled_exporters are also runtime settings: PUT /api/config changes them,
// the change is stored in the database and wins over this file at the next
// start until changed again through the API.
struct SpeedtestConfig {
  // Servers tried in order; the first that answers is measured. "auto"
  // protocol: a URL ending in "/__down" or with host speed.cloudflare.com is
  // Cloudflare-style, any other LibreSpeed (garbage, empty, getIP under it).
  std::vector<std::string> servers{"https://speed.cloudflare.com"};
  std::string protocol = "auto";           // auto, librespeed, cloudflare, ookla, iperf3
  int streams = 4;                         // parallel connections per direction
  int duration_seconds = 10;               // per direction, warm-up included
  std::chrono::milliseconds warmup{2000};  // discarded start of each direction
  int interval_minutes = 60;               // 5-1440
  bool scanning_enabled = true;            // false: only triggered tests run
  // csv, sqlite, prometheus, loki, influxdb (Hermes's names; sqlite is always kept).
  std::vector<std::string> enabled_exporters{"csv", "sqlite"};
  // Line rate = goodput x this: Ethernet + IPv4 + TCP with timestamps carry
  // 1448 payload bytes in 1514 on the wire (1538 with preamble and gap).
  double line_rate_factor = 1514.0 / 1448.0;
  std::string interface;  // bind the test to this device; empty = routing decides
};

// The test endpoints the daemon serves for other wanwatch (or LibreSpeed /
// Cloudflare-style) clients: off unless enabled.
struct SpeedtestServerConfig {
  bool enabled = false;
  int max_request_mb = 1024;          // largest download or upload of one request, MiB
  int max_concurrent_transfers = 32;  // further test requests get 503 + Retry-After
};

// Hermes outage detection (SEMANTICS.md §3): rounds of TCP connects to the
// targets on a thread of their own; a round fails when `quorum` (or all, if
// fewer) fail, an outage starts after `confirm_rounds` failed rounds. The
// enrichment sources are off (empty) unless set; they are asked once an
// outage has ended.
struct OutagesConfig {
  bool enabled = true;
  std::vector<std::string> targets{"1.1.1.1:53", "8.8.8.8:53", "9.9.9.9:53"};  // host:port
  int interval_seconds = 30;                                                   // 5-3600
  std::chrono::milliseconds timeout{3000};                                     // per connect
  int quorum = 2;
  int confirm_rounds = 2;
  std::string public_ip_url;           // JSON {ip, org, asn?}: isp_name (ipinfo-style)
  std::string ripestat_url;            // e.g. https://stat.ripe.net: asn, bgp_unstable
  std::string cloudflare_radar_url;    // e.g. https://api.cloudflare.com/client/v4/radar
  std::string cloudflare_radar_token;  // Bearer token; never shown by a GET
};

// Alerts (issue 6): the start values of the settings PUT /api/alerts changes
// at run time (what the API stored wins at the next start). Provider fields
// as in notify/alert_settings.h. URLs here are checked for syntax and scheme
// only (the file is trusted); the SSRF guard still checks every send against
// allow_cidrs.
struct AlertsConfig {
  bool enabled = true;
  int failure_threshold = 3;  // consecutive failed speed tests; 0 = off
  int cooldown_minutes = 60;  // per alert kind
  bool on_drops = true;
  bool on_outages = true;
  bool on_uplink_changes = true;
  double min_download_mbps = 0;  // a speed test under this alerts; 0 = off
  double min_upload_mbps = 0;
  double max_ping_ms = 0;  // a speed test over this alerts; 0 = off
  // Private networks alert URLs may reach (e.g. a LAN ntfy); file only, never the API.
  std::vector<std::string> allow_cidrs;
  int timeout_seconds = 10;  // per request to a provider
  struct Webhook {
    bool enabled = false;
    std::string url;
  } webhook;
  struct Ntfy {
    bool enabled = false;
    std::string url = "https://ntfy.sh";
    std::string topic;
    std::string token;
    int priority = 3;
    std::string tags;
  } ntfy;
  struct Gotify {
    bool enabled = false;
    std::string url;
    std::string token;
    int priority = 5;
  } gotify;
  struct Apprise {
    bool enabled = false;
    std::string url;
    std::vector<std::string> urls;
  } apprise;
  Webhook discord;
  Webhook slack;
};

struct Config {
  GeneralConfig general;
  WebConfig web;
  ProbeConfig probe;
  EngineConfig engine;
  StoreConfig store;
  ReportConfig report;
  SecurityConfig security;
  UplinksConfig uplinks;
  SpeedtestConfig speedtest;
  SpeedtestServerConfig speedtest_server;
  OutagesConfig outages;
  AlertsConfig alerts;
};

}  // namespace ww
