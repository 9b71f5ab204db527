// /api/health: the store, machine, process and scheduler checks (see health_checks.h).

#include "api/health_checks.h"

#include <algorithm>

namespace ww {
namespace {

double PercentOf(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? 0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

std::string Mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

std::string PctText(double pct) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", pct);
  return buf;
}

// Appends `why` to the detail and the problems, and marks the check not ok.
void Fail(CheckResult& r, std::string_view check, std::string& detail, const std::string& why) {
  r.ok = false;
  detail += (detail.empty() ? "" : "; ") + why;
  r.problems.push_back(std::string(check) + ": " + why);
}

// The body of a check whose figures could not be read.
CheckResult Unreadable(std::string_view check, Json figures, const std::string& error) {
  CheckResult r;
  r.ok = false;
  r.body = Json{{"ok", false}};
  for (auto& [key, value] : figures.items()) r.body[key] = value;
  r.body["error"] = error;
  r.body["detail"] = "cannot read: " + error;
  r.problems.push_back(std::string(check) + ": cannot read: " + error);
  return r;
}

}  // namespace

CheckResult SqliteCheck(const StoreHealth& s, StoreGrowth grew) {
  CheckResult r;
  std::string detail;
  if (!s.open) Fail(r, "sqlite", detail, "the database is not open");
  if (s.open && !s.writable) {
    Fail(r, "sqlite", detail, "the database is not writable: " + s.last_error);
  }
  if (s.quick_check_ok == false) {
    Fail(r, "sqlite", detail, "PRAGMA quick_check failed: " + s.quick_check_detail);
  }
  if (grew.write_errors) {
    Fail(r, "sqlite", detail,
         std::to_string(s.write_errors) + " write errors, the last within " +
             std::to_string(kHealthCounterWindow.count()) + " min");
  }
  if (grew.queue_dropped) {
    Fail(r, "sqlite", detail,
         std::to_string(s.queue_dropped) + " samples dropped (writer behind), the last within " +
             std::to_string(kHealthCounterWindow.count()) + " min");
  }
  const Json quick_check = s.quick_check_ok ? Json(s.quick_check_detail) : Json();
  r.body = Json{
      {"ok", r.ok},
      {"open", s.open},
      {"writable", s.writable},
      {"quick_check", quick_check},
      {"quick_check_ok", s.quick_check_ok ? Json(*s.quick_check_ok) : Json()},
      {"quick_check_at", s.quick_check_at ? Json(Iso(*s.quick_check_at)) : Json()},
      {"last_error", s.last_error.empty() ? Json() : Json(s.last_error)},
      {"write_errors", s.write_errors},
      {"queue_dropped", s.queue_dropped},
      {"schema_version", s.schema_version},
      {"db_bytes", s.db_bytes},
      {"last_commit", s.last_commit ? Json(Iso(*s.last_commit)) : Json()},
      {"detail", detail},
  };
  return r;
}

CheckResult DiskCheck(const std::filesystem::path& dir, const Result<DiskSpace>& disk) {
  const Json limits{{"limit_free_pct", kHealthDiskMinFreePct},
                    {"limit_free_bytes", kHealthDiskMinFreeBytes}};
  if (!disk.ok()) {
    Json figures{{"path", dir.string()}};
    figures.update(limits);
    return Unreadable("disk", std::move(figures), disk.error());
  }
  const double free_pct = PercentOf(disk->free_bytes, disk->total_bytes);
  CheckResult r;
  std::string detail;
  if (free_pct < kHealthDiskMinFreePct || disk->free_bytes < kHealthDiskMinFreeBytes) {
    Fail(r, "disk", detail,
         Mib(disk->free_bytes) + " (" + PctText(free_pct) + ") free on " + dir.string() +
             " (limit " + PctText(kHealthDiskMinFreePct) + " and " + Mib(kHealthDiskMinFreeBytes) +
             ")");
  }
  r.body = Json{{"ok", r.ok},
                {"path", dir.string()},
                {"free_bytes", disk->free_bytes},
                {"total_bytes", disk->total_bytes},
                {"free_pct", Pct(free_pct)}};
  r.body.update(limits);
  r.body["detail"] = detail;
  return r;
}

CheckResult MemoryCheck(const Result<MemoryInfo>& memory) {
  if (!memory.ok()) {
    return Unreadable("memory", Json{{"limit_available_pct", kHealthMemoryMinAvailablePct}},
                      memory.error());
  }
  const double available_pct = PercentOf(memory->available_bytes, memory->total_bytes);
  CheckResult r;
  std::string detail;
  if (available_pct < kHealthMemoryMinAvailablePct) {
    Fail(r, "memory", detail,
         Mib(memory->available_bytes) + " (" + PctText(available_pct) + ") available (limit " +
             PctText(kHealthMemoryMinAvailablePct) + ")");
  }
  r.body = Json{
      {"ok", r.ok},
      {"total_bytes", memory->total_bytes},
      {"available_bytes", memory->available_bytes},
      {"available_pct", Pct(available_pct)},
      {"limit_available_pct", kHealthMemoryMinAvailablePct},
      {"detail", detail},
  };
  return r;
}

CheckResult ProcessCheck(const Result<ProcessMemory>& process) {
  if (!process.ok()) {
    return Unreadable("process", Json{{"limit_bytes", kHealthProcessRssLimitBytes}},
                      process.error());
  }
  CheckResult r;
  std::string detail;
  if (process->rss_bytes > kHealthProcessRssLimitBytes) {
    Fail(r, "process", detail,
         "resident set " + Mib(process->rss_bytes) + " (limit " + Mib(kHealthProcessRssLimitBytes) +
             ")");
  }
  r.body = Json{
      {"ok", r.ok},
      {"rss_bytes", process->rss_bytes},
      {"peak_rss_bytes", process->peak_rss_bytes},
      {"limit_bytes", kHealthProcessRssLimitBytes},
      {"detail", detail},
  };
  return r;
}

CheckResult PermissionsCheck(const std::filesystem::path& dir, const Result<DirInfo>& info) {
  if (!info.ok()) return Unreadable("permissions", Json{{"data_dir", dir.string()}}, info.error());
  CheckResult r;
  std::string detail;
  const bool world_writable = (info->mode & 0002) != 0;
  if (!info->writable) Fail(r, "permissions", detail, dir.string() + " is not writable by us");
  if (world_writable) {
    Fail(r, "permissions", detail,
         dir.string() + " is world-writable (mode " + ModeString(info->mode) + ")");
  }
  r.body = Json{
      {"ok", r.ok},
      {"data_dir", dir.string()},
      {"writable", info->writable},
      {"mode", ModeString(info->mode)},
      {"owner_uid", info->owner_uid},
      {"world_writable", world_writable},
      {"detail", detail},
  };
  return r;
}

CheckResult SchedulerCheck(const std::optional<ProbeLoopHealth>& loop, WallTime now,
                           WallTime started_at) {
  const Duration limit =
      std::max<Duration>(kHealthSchedulerStallLimit,
                         kHealthSchedulerIntervals * (loop ? loop->round_interval : Millis{0}));
  const double limit_s = std::chrono::duration<double>(limit).count();
  CheckResult r;
  std::string detail;
  std::optional<double> age_s;
  if (!loop) {
    Fail(r, "scheduler", detail, "the daemon has no probe loop");
  } else {
    // Before the first round, the time since the start counts.
    const WallTime since = loop->last_round_at.value_or(started_at);
    age_s = std::chrono::duration<double>(now - since).count();
    if (!loop->running) {
      Fail(r, "scheduler", detail, "the probe loop is not running");
    } else if (*age_s > limit_s) {
      Fail(r, "scheduler", detail,
           std::string(loop->last_round_at ? "no probe sent for " : "no probe sent since start, ") +
               Secs(*age_s).dump() + " s (limit " + Secs(limit_s).dump() + " s)");
    }
  }
  r.body = Json{
      {"ok", r.ok},
      {"running", loop && loop->running},
      {"round", loop ? loop->round : -1},
      {"last_round_at", loop && loop->last_round_at ? Json(Iso(*loop->last_round_at)) : Json()},
      {"last_round_age_seconds", loop && loop->last_round_at ? Secs(*age_s) : Json()},
      {"limit_seconds", Secs(limit_s)},
      {"samples_delivered", loop ? loop->samples_delivered : 0},
      {"detail", detail},
  };
  return r;
}

CheckResult ComponentsCheck(const std::vector<ComponentInput>& components) {
  CheckResult r;
  r.body = Json::array();
  for (const ComponentInput& c : components) {
    const bool ok = c.health.ok && !c.failures_grew;
    std::string detail = c.health.detail;
    if (c.failures_grew) {
      detail += std::string(detail.empty() ? "" : "; ") + "failures grew within the last " +
                std::to_string(kHealthCounterWindow.count()) + " min";
    }
    if (!ok) {
      r.ok = false;
      r.problems.push_back("components: " + c.health.name + ": " + detail);
    }
    r.body.push_back(Json{
        {"name", c.health.name},
        {"ok", ok},
        {"detail", detail},
        {"failures", c.health.failures},
    });
  }
  return r;
}

}  // namespace ww
