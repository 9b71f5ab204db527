#include "tui/text_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace ww::tui {
namespace {

struct CodePoint {
  long value;  // -1: an invalid byte
  std::size_t length;
};

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// One UTF-8 sequence at `pos` (RFC 3629: no overlongs, no surrogates, <= U+10FFFF).
CodePoint Decode(std::string_view s, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return {-1, 1};
  }
  if (pos + len > s.size()) return {-1, 1};
  const auto b1 = static_cast<unsigned char>(s[pos + 1]);
  if (b1 < lo || b1 > hi) return {-1, 1};
  long value = b0 & (0x7F >> len);
  for (std::size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if (!IsContinuation(b)) return {-1, 1};
    value = (value << 6) | (b & 0x3F);
  }
  return {value, len};
}

bool IsControl(long cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0); }

}  // namespace

int DisplayWidth(std::string_view text) {
  int width = 0;
  for (std::size_t pos = 0; pos < text.size(); pos += Decode(text, pos).length) ++width;
  return width;
}

std::string Sanitize(std::string_view text, bool utf8) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const CodePoint cp = Decode(text, pos);
    if (cp.value < 0 || IsControl(cp.value) || (!utf8 && cp.value >= 0x80)) {
      out += '?';
    } else {
      out.append(text.substr(pos, cp.length));
    }
    pos += cp.length;
  }
  return out;
}

std::string TakeColumns(std::string_view text, int columns) {
  std::size_t pos = 0;
  for (int kept = 0; kept < columns && pos < text.size(); ++kept) pos += Decode(text, pos).length;
  return std::string(text.substr(0, pos));
}

std::string Truncate(std::string_view text, int width, bool utf8) {
  const std::string safe = Sanitize(text, utf8);
  if (DisplayWidth(safe) <= width) return safe;
  if (width <= 0) return "";
  return TakeColumns(safe, width - 1) + (utf8 ? "\u2026" : "~");
}

std::string Fit(std::string_view text, int width, bool utf8, Align align) {
  std::string cut = Truncate(text, width, utf8);
  const std::string pad(static_cast<std::size_t>(std::max(0, width - DisplayWidth(cut))), ' ');
  return align == Align::kLeft ? cut + pad : pad + cut;
}

std::string FormatMs(std::optional<double> ms) {
  if (!ms || !std::isfinite(*ms)) return "-";
  const double v = std::max(0.0, *ms);
  char buf[32];
  if (v < 1) {
    std::snprintf(buf, sizeof buf, "%.3f", v);
  } else if (v < 9.995) {
    std::snprintf(buf, sizeof buf, "%.2f", v);
  } else if (v < 99.95) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else if (v < 99999.5) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.0fk", std::min(v / 1000, 99999.0));
  }
  return buf;
}

std::string FormatPct(double pct, int decimals) {
  if (!std::isfinite(pct)) return "-";
  pct = std::clamp(pct, 0.0, 100.0);
  if (pct == 100) return "100%";
  decimals = std::clamp(decimals, 0, 3);
  const double unit = std::pow(10.0, -decimals);
  double shown = std::round(pct / unit) * unit;
  if (shown >= 100) shown = 100 - unit;
  if (pct > 0 && shown <= 0) shown = unit;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, shown);
  return buf;
}

std::string FormatDuration(double seconds) {
  const auto s = static_cast<long long>(std::isfinite(seconds) ? std::max(0.0, seconds) : 0.0);
  char buf[48];
  if (s < 60) {
    std::snprintf(buf, sizeof buf, "%llds", s);
  } else if (s < 3600) {
    std::snprintf(buf, sizeof buf, "%lldm %02llds", s / 60, s % 60);
  } else if (s < 86400) {
    std::snprintf(buf, sizeof buf, "%lldh %02lldm", s / 3600, s % 3600 / 60);
  } else {
    std::snprintf(buf, sizeof buf, "%lldd %02lldh", s / 86400, s % 86400 / 3600);
  }
  return buf;
}

std::string FormatClockTime(WallTime t, std::chrono::minutes utc_offset, bool with_date) {
  const std::time_t secs =
      std::chrono::duration_cast<std::chrono::seconds>((t + utc_offset).time_since_epoch()).count();
  std::tm tm{};
  if (!gmtime_r(&secs, &tm)) return "?";
  char buf[32];
  std::strftime(buf, sizeof buf, with_date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S", &tm);
  return buf;
}

}  // namespace ww::tui
