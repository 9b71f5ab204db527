#pragma once
// The rows of each part of the terminal view (see layout.h for the order).
// Each function returns lines of exactly `width` columns.
// Thread safety: pure functions.

#include <cstddef>
#include <vector>

#include "tui/frame.h"
#include "tui/layout.h"

namespace ww::tui {

// Row label and right-hand figures around a sparkline.
inline constexpr int kSparkLabelWidth = 10;
int SparkInfoWidth(int width);

Tone DiagnosisTone(const Snapshot& snapshot);
Tone GradeTone(int health_score);

Line HeaderLine(const ViewData& data, int width);
Line HealthLine(const ViewData& data, int width);
Line LatencyLine(const ViewData& data, int width);
Line StatusBar(const ViewData& data, int width);

// Title first, then the latency row and, when there is a gateway, its row.
std::vector<Line> SparklineSection(const ViewData& data, int width);
bool ShowGatewaySparkline(const ViewData& data);

Line DropsTitle(const ViewData& data, int width);
// Newest first: the ongoing drop (highlighted), then stored ones; at most `rows`.
std::vector<Line> DropRows(const ViewData& data, int width, std::size_t rows);

}  // namespace ww::tui
