#include "tui/frame.h"

#include "tui/text_format.h"

namespace ww::tui {

Line& Line::Add(std::string text, Tone tone) {
  if (!text.empty()) spans.push_back(Span{std::move(text), tone});
  return *this;
}

int Line::Width() const {
  int width = 0;
  for (const Span& s : spans) width += DisplayWidth(s.text);
  return width;
}

std::string Line::Text() const {
  std::string text;
  for (const Span& s : spans) text += s.text;
  return text;
}

std::string Frame::Text() const {
  std::string text;
  for (const Line& l : lines) {
    text += l.Text();
    text += '\n';
  }
  return text;
}

Line FitLine(Line line, int width, bool utf8, Tone pad_tone) {
  Line out;
  int used = 0;
  const bool cut = line.Width() > width;
  for (Span& s : line.spans) {
    const int room = width - used;
    if (room <= 0) break;
    const int w = DisplayWidth(s.text);
    if (!cut || used + w < width) {
      used += w;
      out.Add(std::move(s.text), s.tone);
      continue;
    }
    // The span that crosses the edge (or ends exactly on it while more follows)
    // carries the ellipsis.
    std::string text = TakeColumns(s.text, room - 1);
    text += utf8 ? "\u2026" : "~";
    used += DisplayWidth(text);
    out.Add(std::move(text), s.tone);
    break;
  }
  if (used < width) out.Add(std::string(static_cast<std::size_t>(width - used), ' '), pad_tone);
  return out;
}

}  // namespace ww::tui
