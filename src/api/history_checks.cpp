// /api/health: history_freshness and history_gaps (see health_checks.h).

#include <algorithm>

#include "api/health_checks.h"

namespace ww {
namespace {

std::int64_t FloorMinute(std::int64_t ms) {
  const std::int64_t r = ms % kMinuteMs;
  return r < 0 ? ms - r - kMinuteMs : ms - r;
}

std::int64_t WholeSeconds(Duration d) {
  return std::chrono::duration_cast<std::chrono::seconds>(d).count();
}

}  // namespace

CheckResult FreshnessCheck(std::optional<std::int64_t> newest_minute_ms, WallTime now,
                           WallTime started_at) {
  const std::int64_t uptime_s = WholeSeconds(now - started_at);
  const std::int64_t started_ms = ToUnixMillis(started_at);
  // A minute that ended before the start is the previous run's.
  const bool own_minute = newest_minute_ms && *newest_minute_ms + kMinuteMs > started_ms;
  const bool starting = now - started_at < kHealthStartupGrace && !own_minute;
  std::optional<std::int64_t> age_s;
  if (newest_minute_ms) age_s = WholeSeconds(now - FromUnixMillis(*newest_minute_ms));

  CheckResult r;
  std::string detail;
  if (starting) {
    detail = "starting: the daemon has run " + std::to_string(uptime_s) +
             " s and has not stored a minute yet (allowed for the first " +
             std::to_string(kHealthStartupGrace.count()) + " s)";
  } else if (!age_s) {
    r.ok = false;
    detail = "no uplink minute has been stored";
  } else if (*age_s > kHealthFreshnessLimit.count()) {
    r.ok = false;
    detail = "the newest stored minute is " + std::to_string(*age_s) + " s old (limit " +
             std::to_string(kHealthFreshnessLimit.count()) + " s)";
  } else if (*age_s < -kMinuteMs / 1000) {
    detail = "the newest stored minute is in the future: the clock went back?";
  }
  r.body = Json{
      {"ok", r.ok},
      {"newest_minute", newest_minute_ms ? Json(Iso(FromUnixMillis(*newest_minute_ms))) : Json()},
      {"age_seconds", age_s ? Json(*age_s) : Json()},
      {"limit_seconds", kHealthFreshnessLimit.count()},
      {"starting", starting},
      {"detail", detail},
  };
  if (!r.ok) r.problems.push_back("history_freshness: " + detail);
  return r;
}

std::int64_t GapGridEnd(WallTime now) { return FloorMinute(ToUnixMillis(now)) - kMinuteMs; }

UplinkGap LargestGap(std::string name, const std::vector<UplinkMinute>& minutes,
                     std::int64_t end_ms) {
  std::vector<std::int64_t> starts;
  starts.reserve(minutes.size());
  for (const UplinkMinute& m : minutes) starts.push_back(FloorMinute(m.start_ms));
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());

  UplinkGap gap;
  gap.name = std::move(name);
  gap.stored_minutes = static_cast<int>(starts.size());
  if (starts.empty() || starts.front() >= end_ms) return gap;
  auto consider = [&gap](std::int64_t from_ms, std::int64_t to_ms) {
    // The minutes [from_ms, to_ms) are missing.
    const auto missing = static_cast<int>((to_ms - from_ms) / kMinuteMs);
    if (missing > gap.largest_gap_minutes) {
      gap.largest_gap_minutes = missing;
      gap.gap_start_ms = from_ms;
    }
  };
  for (std::size_t i = 1; i < starts.size(); ++i) {
    const std::int64_t hole_end = std::min(starts[i], end_ms);
    if (starts[i - 1] + kMinuteMs < hole_end) consider(starts[i - 1] + kMinuteMs, hole_end);
    if (starts[i] >= end_ms) return gap;
  }
  if (starts.back() + kMinuteMs < end_ms) consider(starts.back() + kMinuteMs, end_ms);
  return gap;
}

CheckResult GapsCheck(const std::vector<UplinkGap>& uplinks, WallTime now, WallTime started_at) {
  CheckResult r;
  Json per_uplink = Json::array();
  const UplinkGap* worst = nullptr;
  for (const UplinkGap& g : uplinks) {
    if (!worst || g.largest_gap_minutes > worst->largest_gap_minutes) worst = &g;
    const bool ok = g.largest_gap_minutes < kHealthGapLimitMinutes;
    per_uplink.push_back(Json{
        {"name", g.name},
        {"ok", ok},
        {"largest_gap_minutes", g.largest_gap_minutes},
        {"gap_start", g.gap_start_ms ? Json(Iso(FromUnixMillis(*g.gap_start_ms))) : Json()},
        {"stored_minutes", g.stored_minutes},
    });
    if (!ok) {
      r.ok = false;
      r.problems.push_back(
          "history_gaps: uplink '" + g.name + "' has " + std::to_string(g.largest_gap_minutes) +
          " consecutive minutes missing from " + Iso(FromUnixMillis(*g.gap_start_ms)) + " (limit " +
          std::to_string(kHealthGapLimitMinutes) + ")");
    }
    // An uplink the daemon has judged for minutes without storing one.
    if (g.stored_minutes == 0 && now - started_at >= kHealthStartupGrace) {
      r.ok = false;
      r.problems.push_back("history_gaps: uplink '" + g.name +
                           "' has no minute stored in the last " +
                           std::to_string(kHealthGapWindow.count()) + " h");
    }
  }
  std::string detail;
  for (const std::string& p : r.problems) {
    detail += (detail.empty() ? "" : "; ") + p.substr(p.find(':') + 2);
  }
  r.body = Json{
      {"ok", r.ok},
      {"largest_gap_minutes", worst ? worst->largest_gap_minutes : 0},
      {"uplink", worst && worst->largest_gap_minutes > 0 ? Json(worst->name) : Json()},
      {"limit_minutes", kHealthGapLimitMinutes},
      {"window_hours", kHealthGapWindow.count()},
      {"uplinks", std::move(per_uplink)},
      {"detail", detail},
  };
  return r;
}

}  // namespace ww
