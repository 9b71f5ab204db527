#pragma once
// The terminal view's output before it meets a terminal: rows of styled text
// spans exactly as they should appear. The layout builds a Frame from data
// and a size; the curses screen only paints it. Keeping the two apart lets
// every width and every edge case be tested without a terminal.
//
// Thread safety: plain values.

#include <string>
#include <string_view>
#include <vector>

namespace ww::tui {

// What a span means; the screen maps it to colours and attributes (or to
// bold/reverse on a terminal without colours).
enum class Tone : unsigned char {
  kNormal,
  kDim,     // labels, placeholders
  kTitle,   // product name, section titles
  kHeader,  // table column headings
  kGood,
  kWarn,
  kBad,
  kAlert,   // an ongoing drop: must catch the eye
  kStatus,  // the status bar at the bottom
};
inline constexpr int kToneCount = 9;

struct Span {
  std::string text;  // UTF-8 (ASCII only when the terminal is not UTF-8), no control characters
  Tone tone = Tone::kNormal;
};

struct Line {
  std::vector<Span> spans;

  Line& Add(std::string text, Tone tone = Tone::kNormal);
  int Width() const;         // display columns
  std::string Text() const;  // the spans' text without styles
};

struct Frame {
  std::vector<Line> lines;   // one per terminal row, none wider than the frame's width
  std::string Text() const;  // rows joined by '\n', for tests and debugging
};

// Cuts `line` to at most `width` columns (an ellipsis marks the cut) and pads
// it with spaces in `pad_tone` to exactly `width`.
Line FitLine(Line line, int width, bool utf8, Tone pad_tone = Tone::kNormal);

}  // namespace ww::tui
