#pragma once
// Inline SVG charts of the HTML report: no script, no external resource,
// colours as presentation attributes (no style attributes), so the page
// renders the same in a browser, a mail client or on paper.
//
// Thread safety: pure functions.

#include <array>
#include <string>

#include "config/timezone.h"
#include "store/store.h"

namespace ww {

// Latency (and gateway) over time as polylines, broken where a point has no
// data; a dashed line at threshold_ms when it is within the axis.
std::string LatencyChartSvg(const HistorySeries& series, const LocalZone& zone,
                            double threshold_ms);

// Six bars: 0-10, 10-25, 25-50, 50-100, 100-200, 200+ ms.
std::string DistributionSvg(const std::array<double, 6>& counts);

}  // namespace ww
