#include "export/report_scheduler.h"

#include <spdlog/spdlog.h>

#include <system_error>

#include "export/dated_files.h"
#include "export/report_writer.h"

namespace ww {

DailyReportDue NextDailyReport(WallTime now, const LocalZone& zone, Duration delay) {
  // The report of day D is due at the start of D+1 plus the delay.
  LocalDay covered = LocalDayOf(now, zone) - std::chrono::days(1);
  for (int i = 0; i < 3; ++i, covered += std::chrono::days(1)) {
    const WallTime due = StartOfLocalDay(covered + std::chrono::days(1), zone) +
                         std::chrono::duration_cast<WallClock::duration>(delay);
    if (due > now) return {due, covered};
  }
  return {now, covered};  // unreachable for delays under a day
}

ReportScheduler::ReportScheduler(ReportSchedulerOptions options, const Store& store,
                                 std::unique_ptr<LocalZone> zone, const Clock& clock)
    : options_(std::move(options)), store_(store), zone_(std::move(zone)), clock_(clock) {}

ReportScheduler::~ReportScheduler() { Stop(); }

void ReportScheduler::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void ReportScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Status ReportScheduler::WriteDaily(LocalDay day) {
  const auto path = ReportPath(options_.reports_dir, day, "daily");
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    ReportRequest request;
    request.from = StartOfLocalDay(day, *zone_);
    request.to = StartOfLocalDay(day + std::chrono::days(1), *zone_);
    request.range_label = "daily " + FormatDay(day);
    request.zone = zone_.get();
    request.timezone_label = TimezoneLabel(options_.timezone, *zone_, request.from);
    request.high_latency_ms = options_.high_latency_ms;
    request.generated_at = clock_.WallNow();
    if (Status s = WriteReportFile(store_, request, path); !s.ok()) return s;
    spdlog::info("reports: wrote {}", path.string());
  }
  const PruneResult pruned = PruneDatedFiles(options_.reports_dir, {"report_"},
                                             options_.retention_days, day + std::chrono::days(1));
  for (const std::string& e : pruned.errors) spdlog::warn("reports: {}", e);
  return Status::Ok();
}

void ReportScheduler::Run() {
  DailyReportDue next = NextDailyReport(clock_.WallNow(), *zone_, options_.delay_after_midnight);
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (clock_.WallNow() >= next.due) {
      lock.unlock();
      const Status s = WriteDaily(next.day);
      lock.lock();
      if (s.ok()) {
        next = NextDailyReport(clock_.WallNow(), *zone_, options_.delay_after_midnight);
      } else {
        // Retried (and logged) once a minute until it works or the next day is due.
        spdlog::error("reports: daily report of {}: {} (retrying in a minute)", FormatDay(next.day),
                      s.message());
        next.due = clock_.WallNow() + std::chrono::minutes(1);
      }
    }
    cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_; });
  }
}

}  // namespace ww
