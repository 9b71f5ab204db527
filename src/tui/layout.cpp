#include "tui/layout.h"

#include <algorithm>

#include "tui/sections.h"
#include "tui/target_table.h"
#include "tui/text_format.h"

namespace ww::tui {
namespace {

constexpr std::chrono::seconds kSparkSpan{300};  // "the last minutes"
constexpr int kMaxSpacers = 3;

Frame TooSmall(int width, int height, bool utf8) {
  const std::vector<std::string> text = {
      " Terminal too small",
      " " + std::to_string(width) + "x" + std::to_string(height) + ", needs " +
          std::to_string(kMinWidth) + "x" + std::to_string(kMinHeight),
      " q quits"};
  Frame frame;
  for (int row = 0; row < height; ++row) {
    const bool has_text = static_cast<std::size_t>(row) < text.size();
    Line line;
    if (has_text)
      line.Add(text[static_cast<std::size_t>(row)], row == 0 ? Tone::kWarn : Tone::kDim);
    frame.lines.push_back(FitLine(std::move(line), width, utf8));
  }
  return frame;
}

// At most `limit` rows (limit >= 1); the last says how many did not fit.
std::vector<Line> TargetRows(const ViewData& data, const std::vector<Column>& columns, int width,
                             std::size_t limit) {
  std::vector<Line> rows;
  auto note = [&](std::string text) {
    rows.push_back(FitLine(Line().Add(std::move(text), Tone::kDim), width, data.utf8));
  };
  if (!data.snapshot) {
    note(" waiting for the first round");
    return rows;
  }
  const std::vector<TargetStats>& targets = data.snapshot->targets;
  if (targets.empty()) {
    note(" no targets");
    return rows;
  }
  const bool all_fit = targets.size() <= limit;
  const std::size_t shown = all_fit ? targets.size() : limit - 1;
  for (std::size_t i = 0; i < shown; ++i) {
    rows.push_back(TargetRow(targets[i], columns, width, data.utf8));
  }
  if (!all_fit) {
    note((data.utf8 ? " \u2026 " : " ... ") + std::to_string(targets.size() - shown) +
         " more (enlarge the terminal to see them)");
  }
  return rows;
}

Line Blank(int width, bool utf8) { return FitLine(Line(), width, utf8); }

}  // namespace

DataPlan PlanData(int width, int height) {
  DataPlan plan;
  plan.spark_columns = std::max(1, width - kSparkLabelWidth - SparkInfoWidth(width));
  const auto columns = static_cast<std::int64_t>(plan.spark_columns);
  plan.step =
      std::chrono::seconds(std::max<std::int64_t>(1, (kSparkSpan.count() + columns - 1) / columns));
  plan.span = plan.step * columns;
  plan.drops = static_cast<std::size_t>(std::max(0, height));
  return plan;
}

Frame LayoutScreen(const ViewData& data, int width, int height) {
  if (width < 1 || height < 1) return Frame{};
  if (width < kMinWidth || height < kMinHeight) return TooSmall(width, height, data.utf8);

  const std::vector<Column> columns = ChooseColumns(width);
  std::vector<Line> spark = SparklineSection(data, width);
  const int fixed = 3 + 1 + static_cast<int>(spark.size()) + 1 + 1;  // + heading, drops title, bar
  const int free_rows = height - fixed;  // >= 1 at kMinHeight: spare rows go to targets then drops
  std::vector<Line> targets =
      TargetRows(data, columns, width, static_cast<std::size_t>(std::max(1, free_rows - 1)));
  const int drop_budget = std::max(1, free_rows - static_cast<int>(targets.size()));
  std::vector<Line> drops = DropRows(data, width, static_cast<std::size_t>(drop_budget));
  int spacers = std::clamp(drop_budget - static_cast<int>(drops.size()), 0, kMaxSpacers);

  Frame frame;
  auto add = [&frame](Line line) { frame.lines.push_back(std::move(line)); };
  auto spacer = [&] {
    if (spacers-- > 0) add(Blank(width, data.utf8));
  };
  add(HeaderLine(data, width));
  add(HealthLine(data, width));
  add(LatencyLine(data, width));
  spacer();
  add(TableHeading(columns, width, data.utf8));
  for (Line& l : targets) add(std::move(l));
  spacer();
  for (Line& l : spark) add(std::move(l));
  spacer();
  add(DropsTitle(data, width));
  for (Line& l : drops) add(std::move(l));
  while (static_cast<int>(frame.lines.size()) < height - 1) add(Blank(width, data.utf8));
  frame.lines.resize(static_cast<std::size_t>(height - 1));  // never more: the bar is the last row
  add(StatusBar(data, width));
  return frame;
}

}  // namespace ww::tui
