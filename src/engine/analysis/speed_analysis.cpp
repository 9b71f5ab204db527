#include "engine/analysis/speed_analysis.h"

#include <algorithm>
#include <map>

#include "engine/analysis/utc_calendar.h"
#include "engine/analysis/value_summary.h"

namespace ww {

std::vector<std::vector<AnomalyFlag>> SpeedAnomalies(const std::vector<SpeedSample>& oldest_first,
                                                     std::size_t count,
                                                     const AnomalyOptions& options) {
  std::vector<MetricValues> series;
  series.reserve(oldest_first.size());
  for (const SpeedSample& s : oldest_first) {
    series.push_back({s.download_mbps, s.upload_mbps, s.ping_ms});
  }
  const std::size_t first = oldest_first.size() - std::min(count, oldest_first.size());
  std::vector<std::vector<AnomalyFlag>> flags = ScoreAnomalies(series, first, options);
  std::reverse(flags.begin(), flags.end());
  return flags;
}

std::vector<SpeedHourStats> SpeedTimeOfDay(const std::vector<SpeedSample>& samples) {
  struct Hour {
    std::int64_t results = 0;
    ValueSummary download, upload, ping;
  };
  std::map<int, Hour> hours;
  for (const SpeedSample& s : samples) {
    Hour& h = hours[UtcHourOfDay(s.timestamp)];
    ++h.results;
    h.download.Add(s.download_mbps);
    h.upload.Add(s.upload_mbps);
    h.ping.Add(s.ping_ms);
  }
  std::vector<SpeedHourStats> out;
  out.reserve(hours.size());
  for (const auto& [hour, h] : hours) {
    out.push_back(SpeedHourStats{hour, h.results, h.download.Mean(), h.upload.Mean(), h.ping.Mean(),
                                 h.download.Min(), h.download.Max()});
  }
  return out;
}

}  // namespace ww
