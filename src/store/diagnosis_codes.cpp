#include "store/diagnosis_codes.h"

#include <array>
#include <utility>

namespace ww {
namespace {

constexpr std::array<std::pair<DiagnosisCode, std::string_view>, 8> kNames = {{
    {DiagnosisCode::kInitializing, "initializing"},
    {DiagnosisCode::kAllClear, "all_clear"},
    {DiagnosisCode::kLocalNetwork, "local_network"},
    {DiagnosisCode::kUpstream, "upstream"},
    {DiagnosisCode::kUnusual, "unusual"},
    {DiagnosisCode::kDns, "dns"},
    {DiagnosisCode::kHighLoss, "high_loss"},
    {DiagnosisCode::kHighLatency, "high_latency"},
}};

}  // namespace

std::string_view DiagnosisCodeName(DiagnosisCode code) {
  for (const auto& [c, name] : kNames) {
    if (c == code) return name;
  }
  return "unknown";
}

std::optional<DiagnosisCode> ParseDiagnosisCode(std::string_view name) {
  for (const auto& [c, n] : kNames) {
    if (n == name) return c;
  }
  return std::nullopt;
}

}  // namespace ww
