#include "api/uplink_json.h"

namespace ww {
namespace {

Json TimeOrNull(const std::optional<WallTime>& t) { return t ? Json(Iso(*t)) : Json(nullptr); }

Json ErrorOrNull(const UplinkCheck& c) { return c.error.empty() ? Json(nullptr) : Json(c.error); }

Json PingJson(const UplinkCheck& c) {
  return {{"target", c.target},
          {"ok", c.ok},
          {"rtt_ms", Ms(c.rtt_ms)},
          {"error", ErrorOrNull(c)},
          {"at", TimeOrNull(c.at)}};
}

Json HttpJson(const UplinkCheck& c) {
  return {{"url", c.target},         {"ok", c.ok},
          {"ms", Ms(c.rtt_ms)},      {"status", c.status ? Json(*c.status) : Json(nullptr)},
          {"error", ErrorOrNull(c)}, {"at", TimeOrNull(c.at)}};
}

}  // namespace

Json UplinkJson(const UplinkStatus& u) {
  Json out = Json::object();
  out["name"] = u.name;
  out["state"] = static_cast<int>(u.state);
  out["state_label"] = std::string(UplinkStateLabel(u.state));
  out["state_reason"] = u.reason;
  out["state_reason_text"] = u.reason_text;
  out["state_since"] = TimeOrNull(u.state_since);
  out["pending_state"] = u.pending ? Json(static_cast<int>(*u.pending)) : Json(nullptr);
  out["pending_state_label"] =
      u.pending ? Json(std::string(UplinkStateLabel(*u.pending))) : Json(nullptr);
  out["pending_rounds"] = u.pending_rounds;
  out["iface"] = u.iface.empty() ? Json(nullptr) : Json(u.iface);
  out["iface_state"] = u.iface_state;
  out["nat"] = u.nat;
  out["gw_ping"] = u.gw_ping ? PingJson(*u.gw_ping) : Json(nullptr);
  Json ping = Json::array();
  for (const UplinkCheck& c : u.ping) ping.push_back(PingJson(c));
  out["ping"] = std::move(ping);
  Json http = Json::array();
  for (const UplinkCheck& c : u.http) http.push_back(HttpJson(c));
  out["http"] = std::move(http);
  out["loss_pct"] = Pct(u.loss_pct);
  out["avg_ms"] = Ms(u.avg_ms);
  out["checked_at"] = TimeOrNull(u.checked_at);
  return out;
}

Json UplinksJson(const std::vector<UplinkStatus>& uplinks) {
  Json out = Json::array();
  for (const UplinkStatus& u : uplinks) out.push_back(UplinkJson(u));
  return out;
}

}  // namespace ww
