#include "speedtest/bufferbloat_grade.h"

#include <algorithm>
#include <cmath>

namespace ww {

std::string BufferbloatGrade(double increase_ms) {
  if (std::isnan(increase_ms)) return "";
  if (increase_ms < 5) return "A+";
  if (increase_ms < 30) return "A";
  if (increase_ms < 60) return "B";
  if (increase_ms < 200) return "C";
  if (increase_ms < 400) return "D";
  return "F";
}

std::string BufferbloatGradeOf(std::optional<double> idle_ms, std::optional<double> download_ms,
                               std::optional<double> upload_ms) {
  if (!idle_ms || (!download_ms && !upload_ms)) return "";
  const double loaded = std::max(download_ms.value_or(-INFINITY), upload_ms.value_or(-INFINITY));
  return BufferbloatGrade(std::max(0.0, loaded - *idle_ms));
}

}  // namespace ww
