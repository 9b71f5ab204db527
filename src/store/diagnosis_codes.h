#pragma once
// Stable text names for DiagnosisCode as stored in drops.diagnosis_code, so
// the enum may be reordered or grown without rewriting old rows.
//
// Thread safety: pure functions.

#include <optional>
#include <string_view>

#include "engine/snapshot.h"

namespace ww {

std::string_view DiagnosisCodeName(DiagnosisCode code);
// Unknown names (a newer build's, or damaged rows) give nothing.
std::optional<DiagnosisCode> ParseDiagnosisCode(std::string_view name);

}  // namespace ww
