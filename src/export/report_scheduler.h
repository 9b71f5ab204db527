#pragma once
// The daily report (config report.daily): shortly after each local midnight
// (general.timezone) it writes the previous local day's report to
// <data_dir>/reports/report_<day>_daily.html on its own thread, then removes
// reports older than retention_days (by the date in their names, the same rule
// as the CSV logs). A failure is logged and retried once a minute; it never
// stops the daemon. No catch-up: a day whose midnight passed while the daemon
// was stopped gets no daily report (`wanwatch report` writes one on demand).
//
// Thread safety: Start and Stop from one thread.

#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/timezone.h"
#include "core/clock.h"
#include "export/local_time.h"
#include "store/store.h"

namespace ww {

struct ReportSchedulerOptions {
  std::filesystem::path reports_dir;  // <data_dir>/reports
  std::string timezone = "UTC";       // general.timezone, for labels
  double high_latency_ms = 100;
  int retention_days = 30;
  Duration delay_after_midnight = std::chrono::minutes(2);  // let the last minute's rollup land
  Duration poll_interval = std::chrono::seconds(30);        // real wait between clock checks
};

// The next daily report after `now`: when it is due and which local day it covers.
struct DailyReportDue {
  WallTime due{};
  LocalDay day{};
};
DailyReportDue NextDailyReport(WallTime now, const LocalZone& zone, Duration delay);

class ReportScheduler {
 public:
  ReportScheduler(ReportSchedulerOptions options, const Store& store,
                  std::unique_ptr<LocalZone> zone, const Clock& clock);
  ~ReportScheduler();
  ReportScheduler(const ReportScheduler&) = delete;
  ReportScheduler& operator=(const ReportScheduler&) = delete;

  void Start();
  void Stop();  // idempotent; returns once the thread has ended

  // Writes the daily report of `day` (skipped when the file exists) and prunes.
  Status WriteDaily(LocalDay day);

 private:
  void Run();

  ReportSchedulerOptions options_;
  const Store& store_;
  std::unique_ptr<LocalZone> zone_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ww
