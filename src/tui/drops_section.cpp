// The "Recent drops" part of the terminal view (declared in sections.h).
#include <algorithm>
#include <chrono>

#include "tui/sections.h"
#include "tui/text_format.h"

namespace ww::tui {
namespace {

constexpr int kWideDropTimes = 60;  // from this width the start shows its date too

bool SameStart(const DropRecord& a, const DropRecord& b) {
  return ToUnixMillis(a.start) == ToUnixMillis(b.start) && a.uplink == b.uplink;
}

Line DropRow(const DropRecord& drop, bool ongoing, const ViewData& data, int width) {
  const std::string start = FormatClockTime(drop.start, data.utc_offset, width >= kWideDropTimes);
  const double seconds =
      ongoing ? std::chrono::duration<double>(data.now - drop.start).count() : drop.duration_sec;
  std::string diagnosis = Sanitize(drop.diagnosis.text, data.utf8);
  if (!drop.uplink.empty()) diagnosis += " [" + Sanitize(drop.uplink, data.utf8) + "]";
  Line line;
  if (ongoing) {
    line.Add(" " + start + "  " + Fit(FormatDuration(seconds), 7, data.utf8, Align::kRight) +
                 "  ONGOING  " + diagnosis,
             Tone::kAlert);
    return FitLine(std::move(line), width, data.utf8, Tone::kAlert);
  }
  line.Add(" " + start + "  ");
  line.Add(Fit(FormatDuration(seconds), 7, data.utf8, Align::kRight), Tone::kWarn);
  line.Add("  " + diagnosis, Tone::kDim);
  return FitLine(std::move(line), width, data.utf8);
}

}  // namespace

Line DropsTitle(const ViewData& data, int width) {
  Line line;
  line.Add(" Recent drops", Tone::kTitle);
  if (data.snapshot) {
    line.Add(" (" + std::to_string(data.snapshot->drops_this_session) + " this session)",
             Tone::kDim);
  }
  return FitLine(std::move(line), width, data.utf8);
}

std::vector<Line> DropRows(const ViewData& data, int width, std::size_t rows) {
  std::vector<Line> lines;
  const std::optional<DropRecord>& current =
      data.snapshot ? data.snapshot->current_drop : std::optional<DropRecord>{};
  if (current && lines.size() < rows) lines.push_back(DropRow(*current, true, data, width));
  for (auto it = data.drops.rbegin(); it != data.drops.rend() && lines.size() < rows; ++it) {
    if (current && SameStart(*it, *current)) continue;  // the store's copy of the ongoing drop
    lines.push_back(DropRow(*it, false, data, width));
  }
  if (lines.empty() && rows > 0) {
    lines.push_back(FitLine(Line().Add(" none recorded", Tone::kDim), width, data.utf8));
  }
  return lines;
}

}  // namespace ww::tui
