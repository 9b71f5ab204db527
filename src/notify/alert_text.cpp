#include "notify/alert_text.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

namespace ww::alert_text {
namespace {

// Length of the UTF-8 sequence that starts with `lead` (1 for a stray byte,
// so invalid input still advances).
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Byte offset just past the first `chars` code points of `s`.
std::size_t PrefixBytes(std::string_view s, std::size_t chars) {
  std::size_t pos = 0;
  for (std::size_t n = 0; n < chars && pos < s.size(); ++n) {
    pos += SequenceLength(static_cast<unsigned char>(s[pos]));
  }
  return pos < s.size() ? pos : s.size();
}

bool IsUnreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

std::size_t CharCount(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size(); ++n) {
    pos += SequenceLength(static_cast<unsigned char>(s[pos]));
  }
  return n;
}

std::string Truncate(std::string_view s, std::size_t max_chars) {
  if (CharCount(s) <= max_chars) return std::string(s);
  if (max_chars == 0) return "";
  std::string out(s.substr(0, PrefixBytes(s, max_chars - 1)));
  out += "\u2026";
  return out;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16 |
                            static_cast<unsigned char>(bytes[i + 1]) << 8 |
                            static_cast<unsigned char>(bytes[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += kAlphabet[(v >> shift) & 0x3F];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 0x3F];
    out += kAlphabet[(v >> 12) & 0x3F];
    out += rest == 2 ? kAlphabet[(v >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

std::string HeaderValue(std::string_view s) {
  std::string clean;
  bool ascii = true;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) {
      clean += ' ';
    } else {
      if (c >= 0x80) ascii = false;
      clean += ch;
    }
  }
  if (ascii) return clean;
  return "=?UTF-8?B?" + Base64(clean) + "?=";
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (IsUnreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0x0F];
    }
  }
  return out;
}

std::string_view WithoutTrailingSlash(std::string_view url) {
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  return url;
}

std::string DumpJson(const nlohmann::ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string FormatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  char buf[64];
  if (seconds < 10) {
    std::snprintf(buf, sizeof buf, "%.1f s", seconds);
    return buf;
  }
  const auto total = static_cast<std::int64_t>(std::llround(seconds));
  const std::int64_t h = total / 3600, m = total % 3600 / 60, s = total % 60;
  if (h > 0) {
    std::snprintf(buf, sizeof buf, "%lld h %lld min %lld s", static_cast<long long>(h),
                  static_cast<long long>(m), static_cast<long long>(s));
  } else if (m > 0) {
    std::snprintf(buf, sizeof buf, "%lld min %lld s", static_cast<long long>(m),
                  static_cast<long long>(s));
  } else {
    std::snprintf(buf, sizeof buf, "%lld s", static_cast<long long>(s));
  }
  return buf;
}

std::vector<AlertField> EvidenceFields(const AlertEvent& event) {
  std::vector<AlertField> out;
  auto add = [&out](std::string name, std::string value) {
    if (!name.empty() && !value.empty()) out.push_back({std::move(name), std::move(value)});
  };
  add("Uplink", event.uplink);
  add("Diagnosis", event.diagnosis);
  if (event.duration_seconds) add("Duration", FormatDuration(*event.duration_seconds));
  if (event.consecutive_failures > 0) {
    add("Consecutive failures", std::to_string(event.consecutive_failures));
  }
  add("Error", event.error);
  for (const AlertField& f : event.fields) add(f.name, f.value);
  return out;
}

std::string PlainBody(const AlertEvent& event) {
  std::string out = event.message.empty() ? event.title : event.message;
  const std::vector<AlertField> fields = EvidenceFields(event);
  if (!fields.empty()) out += "\n";
  for (const AlertField& f : fields) out += "\n" + f.name + ": " + f.value;
  return out;
}

std::string MarkdownBody(const AlertEvent& event) {
  std::string out = event.message.empty() ? event.title : event.message;
  const std::vector<AlertField> fields = EvidenceFields(event);
  if (!fields.empty()) out += "\n";
  for (const AlertField& f : fields) out += "\n- **" + f.name + ":** " + f.value;
  return out;
}

}  // namespace ww::alert_text
