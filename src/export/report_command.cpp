#include "export/report_command.h"

#include "export/dated_files.h"
#include "export/local_time.h"
#include "export/report_writer.h"
#include "store/store.h"

namespace ww {

namespace {
constexpr int kExitWriteFailed = 1;
constexpr int kExitUsage = 2;
}  // namespace

int RunReportCommand(const ReportCommand& command, const Config& config,
                     const std::filesystem::path& data_dir, const Clock& clock, std::ostream& out,
                     std::ostream& err) {
  const auto span = ParseReportRange(command.range);
  if (!span.ok()) {
    err << "wanwatch report: " << span.error() << "\n";
    return kExitUsage;
  }
  auto zone = MakeLocalZone(config.general.timezone);
  if (!zone.ok()) {
    err << "wanwatch report: " << zone.error() << "\n";
    return kExitUsage;
  }
  auto store = Store::OpenReadOnly(data_dir);
  if (!store.ok()) {
    err << "wanwatch report: " << store.error()
        << " (is --data-dir or general.data_dir the daemon's?)\n";
    return kExitUsage;
  }
  const WallTime now = clock.WallNow();
  ReportRequest request;
  request.to = now;
  request.from = now - *span;
  request.range_label = command.range;
  request.zone = zone->get();
  request.timezone_label = TimezoneLabel(config.general.timezone, **zone, now);
  request.high_latency_ms = config.engine.high_latency_ms;
  request.generated_at = now;
  const std::filesystem::path path =
      command.out ? std::filesystem::absolute(*command.out)
                  : ReportPath(data_dir / kReportsDirName, LocalDayOf(now, **zone), command.range);
  if (Status s = WriteReportFile(*store.value(), request, path); !s.ok()) {
    err << "wanwatch report: " << s.message() << "\n";
    return kExitWriteFailed;
  }
  out << path.string() << "\n";
  return 0;
}

}  // namespace ww
