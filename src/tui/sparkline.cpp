#include "tui/sparkline.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace ww::tui {
namespace {

constexpr int kLevels = 8;
constexpr std::array<std::string_view, kLevels> kBlocks = {"\u2581", "\u2582", "\u2583", "\u2584",
                                                           "\u2585", "\u2586", "\u2587", "\u2588"};
constexpr std::string_view kAsciiLevels = "_.-~=+*#";

int Level(double ms, double max_ms) {
  if (!(ms > 0) || !(max_ms > 0)) return 0;
  const int level = static_cast<int>(std::ceil(ms / max_ms * kLevels)) - 1;
  return std::clamp(level, 0, kLevels - 1);
}

// Appends to the last span when the tone is the same, so a row is a few spans.
void Append(Line& line, std::string_view glyph, Tone tone) {
  if (!line.spans.empty() && line.spans.back().tone == tone) {
    line.spans.back().text += glyph;
  } else {
    line.Add(std::string(glyph), tone);
  }
}

}  // namespace

std::vector<SparkPoint> SparkPointsFrom(const std::vector<WallTime>& times,
                                        const std::vector<std::optional<double>>& values,
                                        std::chrono::seconds step, WallTime session_start) {
  std::vector<SparkPoint> points;
  const std::size_t n = std::min(times.size(), values.size());
  points.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    SparkPoint p;
    if (values[i] && std::isfinite(*values[i])) {
      p.state = SparkPoint::State::kValue;
      p.ms = *values[i];
    } else if (times[i] + step > session_start) {
      p.state = SparkPoint::State::kLost;
    }
    points.push_back(p);
  }
  return points;
}

Sparkline RenderSparkline(const std::vector<SparkPoint>& points, int width, bool utf8) {
  Sparkline out;
  width = std::max(0, width);
  const std::size_t shown = std::min(points.size(), static_cast<std::size_t>(width));
  const auto first = points.end() - static_cast<std::ptrdiff_t>(shown);
  for (auto it = first; it != points.end(); ++it) {
    if (it->state != SparkPoint::State::kValue) continue;
    out.max_ms = std::max(out.max_ms.value_or(it->ms), it->ms);
    out.last_ms = it->ms;
  }
  if (static_cast<int>(shown) < width) {
    out.line.Add(std::string(static_cast<std::size_t>(width) - shown, ' '), Tone::kDim);
  }
  for (auto it = first; it != points.end(); ++it) {
    switch (it->state) {
      case SparkPoint::State::kNoData:
        Append(out.line, " ", Tone::kDim);
        break;
      case SparkPoint::State::kLost:
        ++out.lost;
        Append(out.line, utf8 ? "\u00d7" : "x", Tone::kBad);
        break;
      case SparkPoint::State::kValue: {
        const int level = Level(it->ms, out.max_ms.value_or(0));
        Append(out.line,
               utf8 ? kBlocks[static_cast<std::size_t>(level)]
                    : kAsciiLevels.substr(static_cast<std::size_t>(level), 1),
               Tone::kGood);
        break;
      }
    }
  }
  return out;
}

}  // namespace ww::tui
