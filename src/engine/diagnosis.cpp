#include "engine/diagnosis.h"

#include <cstdio>
#include <string>
#include <utility>

namespace ww {
namespace {

std::string Format(const char* fmt, double value) {
  char buf[96];
  std::snprintf(buf, sizeof buf, fmt, value);
  return buf;
}

Diagnosis Make(DiagnosisCode code, std::string text, std::string detail = {}) {
  return Diagnosis{code, std::move(text), std::move(detail)};
}

Diagnosis DiagnoseDown(const DiagnosisInputs& in) {
  const char* kLocal = "Local network down (gateway unreachable)";
  if (in.interface_down)
    return Make(DiagnosisCode::kLocalNetwork, kLocal, "network interface is down");
  switch (in.gateway) {
    case GatewayState::kNoRoute:
      return Make(DiagnosisCode::kLocalNetwork, kLocal, "no default route");
    case GatewayState::kFailing:
      return Make(DiagnosisCode::kLocalNetwork, kLocal, "gateway does not answer");
    case GatewayState::kOk:
      return Make(DiagnosisCode::kUpstream, "ISP / upstream issue (gateway OK, internet down)",
                  "gateway answers, no internet target does");
    case GatewayState::kNotMonitored:
      break;
  }
  return Make(DiagnosisCode::kUpstream, "ISP / upstream issue (gateway OK, internet down)",
              "no internet target answers; gateway not monitored");
}

}  // namespace

Diagnosis Diagnose(const DiagnosisInputs& in) {
  if (!in.any_round) return Make(DiagnosisCode::kInitializing, "Initializing...");
  if (in.internet_down) return DiagnoseDown(in);
  if (in.dns_monitored && in.dns_failing) {
    return Make(DiagnosisCode::kDns, "DNS failure (internet reachable, name resolution failing)",
                "every DNS check failed its latest query");
  }
  if (in.loss_pct >= in.high_loss_pct) {
    return Make(DiagnosisCode::kHighLoss, "High packet loss",
                Format("%.1f%% of probes lost in the statistics window", in.loss_pct));
  }
  if (in.avg_ms && *in.avg_ms > in.high_latency_ms) {
    return Make(DiagnosisCode::kHighLatency, "High latency",
                Format("average latency %.1f ms", *in.avg_ms));
  }
  if (in.gateway == GatewayState::kFailing || in.gateway == GatewayState::kNoRoute) {
    return Make(DiagnosisCode::kUnusual, "Unusual state",
                "gateway silent while the internet answers");
  }
  return Make(DiagnosisCode::kAllClear, "All clear");
}

namespace {

constexpr std::pair<DiagnosisCode, std::string_view> kCodeNames[] = {
    {DiagnosisCode::kInitializing, "initializing"},
    {DiagnosisCode::kAllClear, "all_clear"},
    {DiagnosisCode::kLocalNetwork, "local_network"},
    {DiagnosisCode::kUpstream, "upstream"},
    {DiagnosisCode::kUnusual, "unusual"},
    {DiagnosisCode::kDns, "dns"},
    {DiagnosisCode::kHighLoss, "high_loss"},
    {DiagnosisCode::kHighLatency, "high_latency"},
};

}  // namespace

std::string_view DiagnosisCodeName(DiagnosisCode code) {
  for (const auto& [c, name] : kCodeNames) {
    if (c == code) return name;
  }
  return "unknown";
}

std::optional<DiagnosisCode> ParseDiagnosisCode(std::string_view name) {
  for (const auto& [c, n] : kCodeNames) {
    if (n == name) return c;
  }
  return std::nullopt;
}

}  // namespace ww
