#pragma once
// The per-target table of the terminal view: which columns fit a width, and
// the text of each cell. Columns drop out by priority as the terminal narrows
// (kind first, then min, jitter, p95, address, max); the name column takes
// what is left over, up to a limit, and long names are cut with an ellipsis.
// Thread safety: pure functions.

#include <string>
#include <vector>

#include "engine/snapshot.h"
#include "tui/frame.h"
#include "tui/text_format.h"

namespace ww::tui {

enum class ColumnId : unsigned char {
  kName,
  kAddress,
  kKind,
  kLoss,
  kAvg,
  kMin,
  kMax,
  kJitter,
  kP95,
  kLast,
};

struct Column {
  ColumnId id;
  std::string heading;
  int width;
  Align align;
};

// In display order; the row (one leading space, one between columns) never
// exceeds `width`. The name column is always there (at least 8 columns wide).
std::vector<Column> ChooseColumns(int width);

Line TableHeading(const std::vector<Column>& columns, int width, bool utf8);
Line TargetRow(const TargetStats& target, const std::vector<Column>& columns, int width, bool utf8);

// The last probe's result in at most 8 columns: "12.3", "timeout", "http 503", "-".
std::string LastResultText(const std::optional<Sample>& last);

// Green without loss, yellow below 5 %, red from 5 % (the engine's default
// "High packet loss" threshold).
Tone LossTone(double loss_pct);

}  // namespace ww::tui
