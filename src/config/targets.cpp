#include "config/targets.h"

#include <algorithm>

#include "config/net_syntax.h"
#include "config/text_util.h"
#include "core/ip_address.h"

namespace ww {
namespace {

constexpr std::uint16_t kDnsPort = 53;

TargetSpec Icmp(std::string name, std::string host, const ProbeConfig& p) {
  TargetSpec t;
  t.name = std::move(name);
  t.kind = ProbeKind::kIcmp;
  t.host = std::move(host);
  t.interval = p.interval;
  t.timeout = p.icmp_timeout;
  return t;
}

void AddDnsTargets(const ProbeConfig& p, std::string_view resolv_conf_text,
                   std::vector<TargetSpec>& out) {
  std::vector<std::string> servers;
  for (const std::string& entry : p.dns_servers) {
    if (entry == "system") {
      for (std::string& ns : ParseResolvConfNameservers(resolv_conf_text)) {
        servers.push_back(std::move(ns));
      }
    } else {
      servers.push_back(entry);
    }
  }
  std::vector<std::string> seen;
  for (const std::string& server : servers) {
    const auto hp = ParseHostPort(server, kDnsPort);
    if (!hp) continue;  // validated already; resolv.conf junk is skipped
    const std::string key = hp->host + "#" + std::to_string(hp->port);
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    TargetSpec t;
    t.name = "dns " + server;
    t.kind = ProbeKind::kDns;
    t.host = hp->host;
    t.port = hp->port;
    t.dns_query = p.dns_query;
    t.interval = p.dns_interval;
    t.timeout = p.dns_timeout;
    out.push_back(std::move(t));
  }
}

TargetSpec Http(std::string name, const std::string& url, const ProbeConfig& p) {
  TargetSpec t;
  t.name = std::move(name);
  t.kind = ProbeKind::kHttp;
  t.url = url;
  if (const auto parsed = ParseHttpUrl(url)) {
    t.host = parsed->host;
    t.port = parsed->port;
  }
  t.interval = p.http_interval;
  t.timeout = p.http_timeout;
  return t;
}

void AddUplinkTargets(const Config& config, std::vector<TargetSpec>& out) {
  const ProbeConfig& p = config.probe;
  for (const UplinkConfig& u : config.uplinks.list) {
    const std::string prefix = u.name + "/";
    const std::size_t first = out.size();
    if (u.gateway != "none") {
      TargetSpec gw = Icmp(prefix + "gateway", u.gateway == "auto" ? "" : u.gateway, p);
      gw.role = TargetRole::kGateway;
      out.push_back(std::move(gw));
    }
    for (const std::string& host : u.ping_targets) out.push_back(Icmp(prefix + host, host, p));
    for (const std::string& url : u.http_urls) {
      if (ParseHttpUrl(url)) out.push_back(Http(prefix + url, url, p));
    }
    for (std::size_t i = first; i < out.size(); ++i) {
      out[i].uplink = u.name;
      out[i].bind_device = u.interface;
      out[i].source = u.source;
    }
  }
}

}  // namespace

std::vector<std::string> ParseResolvConfNameservers(std::string_view text) {
  constexpr std::size_t kMaxNameservers = 3;
  std::vector<std::string> servers;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    line = Trim(line.substr(0, line.find_first_of("#;")));
    if (!line.starts_with("nameserver") || line.size() <= 10 ||
        (line[10] != ' ' && line[10] != '\t')) {
      continue;
    }
    const std::string_view address = Trim(line.substr(10));
    const std::string_view first = address.substr(0, address.find_first_of(" \t"));
    if (IpAddress::Parse(first) && servers.size() < kMaxNameservers) {
      servers.emplace_back(first);
    }
  }
  if (servers.empty()) servers.emplace_back("127.0.0.1");
  return servers;
}

std::vector<TargetSpec> BuildTargets(const Config& config, std::string_view resolv_conf_text) {
  const ProbeConfig& p = config.probe;
  std::vector<TargetSpec> out;
  if (p.gateway != "none") {
    TargetSpec gw = Icmp("gateway", p.gateway == "auto" ? "" : p.gateway, p);
    gw.role = TargetRole::kGateway;
    out.push_back(std::move(gw));
  }
  for (const std::string& host : p.targets) {
    TargetSpec t = Icmp(host, host, p);
    t.connectivity = true;
    out.push_back(std::move(t));
  }
  for (const std::string& entry : p.tcp_targets) {
    const auto hp = ParseHostPort(entry);
    if (!hp) continue;
    TargetSpec t;
    t.name = "tcp " + entry;
    t.kind = ProbeKind::kTcp;
    t.host = hp->host;
    t.port = hp->port;
    t.interval = p.tcp_interval;
    t.timeout = p.tcp_timeout;
    out.push_back(std::move(t));
  }
  AddDnsTargets(p, resolv_conf_text, out);
  for (const std::string& url : p.http_urls) {
    if (ParseHttpUrl(url)) out.push_back(Http(url, url, p));
  }
  AddUplinkTargets(config, out);
  return out;
}

void PromoteTcpToConnectivity(std::vector<TargetSpec>& targets) {
  std::chrono::milliseconds base{0};
  for (const TargetSpec& t : targets) {
    if (t.kind == ProbeKind::kIcmp && (base.count() == 0 || t.interval < base)) base = t.interval;
  }
  for (TargetSpec& t : targets) {
    if (t.role != TargetRole::kExternal) continue;
    if (t.kind == ProbeKind::kIcmp) {
      t.connectivity = false;
    } else if (t.kind == ProbeKind::kTcp) {
      t.connectivity = true;
      if (base.count() > 0) t.interval = base;
    }
  }
}

}  // namespace ww
