#include "tui/target_table.h"

#include <algorithm>
#include <array>

namespace ww::tui {
namespace {

struct ColumnRule {
  ColumnId id;
  const char* heading;
  int min_width;
  int max_width;  // larger than min_width for the flexible columns
  Align align;
  int priority;  // 0 is kept longest
};

// Display order. Numbers take 6 columns (FormatMs), the last result 8.
constexpr std::array<ColumnRule, 10> kRules = {{
    {ColumnId::kName, "NAME", 8, 32, Align::kLeft, 0},
    {ColumnId::kAddress, "ADDRESS", 9, 39, Align::kLeft, 5},
    {ColumnId::kKind, "KIND", 4, 4, Align::kLeft, 9},
    {ColumnId::kLoss, "LOSS", 6, 6, Align::kRight, 2},
    {ColumnId::kAvg, "AVG", 6, 6, Align::kRight, 3},
    {ColumnId::kMin, "MIN", 6, 6, Align::kRight, 8},
    {ColumnId::kMax, "MAX", 6, 6, Align::kRight, 4},
    {ColumnId::kJitter, "JITTER", 6, 6, Align::kRight, 7},
    {ColumnId::kP95, "P95", 6, 6, Align::kRight, 6},
    {ColumnId::kLast, "LAST", 8, 8, Align::kRight, 1},
}};
constexpr int kNamePreferred = 20;
constexpr int kAddressPreferred = 15;

// Gives `column` up to `limit` columns out of `spare`.
void Grow(std::vector<Column>& columns, ColumnId id, int limit, int& spare) {
  for (Column& c : columns) {
    if (c.id != id || c.width >= limit) continue;
    const int add = std::min(spare, limit - c.width);
    c.width += add;
    spare -= add;
  }
}

// RFC 1035 4.1.1 names of the common codes; others by number, in 8 columns.
std::string DnsRcodeText(int rcode) {
  switch (rcode) {
    case 1:
      return "formerr";
    case 2:
      return "servfail";
    case 3:
      return "nxdomain";
    case 4:
      return "notimp";
    case 5:
      return "refused";
    default:
      return "rc " + std::to_string(std::clamp(rcode, 0, 99999));
  }
}

std::string Cell(const TargetStats& t, ColumnId id) {
  switch (id) {
    case ColumnId::kName:
      return t.name;
    case ColumnId::kAddress:
      return t.address.empty() ? "-" : t.address;
    case ColumnId::kKind:
      return std::string(ToString(t.kind));
    case ColumnId::kLoss:
      return t.window_count == 0 ? "-" : FormatPct(t.loss_pct);
    case ColumnId::kAvg:
      return FormatMs(t.avg_ms);
    case ColumnId::kMin:
      return FormatMs(t.min_ms);
    case ColumnId::kMax:
      return FormatMs(t.max_ms);
    case ColumnId::kJitter:
      return FormatMs(t.jitter_ms);
    case ColumnId::kP95:
      return FormatMs(t.p95_ms);
    case ColumnId::kLast:
      return LastResultText(t.last);
  }
  return "";
}

Tone CellTone(const TargetStats& t, ColumnId id) {
  switch (id) {
    case ColumnId::kAddress:
    case ColumnId::kKind:
      return Tone::kDim;
    case ColumnId::kLoss:
      return t.window_count == 0 ? Tone::kDim : LossTone(t.loss_pct);
    case ColumnId::kLast:
      if (!t.last) return Tone::kDim;
      return t.last->ok ? Tone::kNormal : Tone::kBad;
    default:
      return Tone::kNormal;
  }
}

}  // namespace

std::vector<Column> ChooseColumns(int width) {
  std::array<bool, kRules.size()> keep{};
  std::array<std::size_t, kRules.size()> by_priority{};
  for (std::size_t i = 0; i < kRules.size(); ++i) by_priority[i] = i;
  std::sort(by_priority.begin(), by_priority.end(),
            [](std::size_t a, std::size_t b) { return kRules[a].priority < kRules[b].priority; });
  int used = 0;  // the name column always stays, even when it overflows
  for (std::size_t i : by_priority) {
    const int need = 1 + kRules[i].min_width;
    if (kRules[i].id != ColumnId::kName && used + need > width) continue;
    keep[i] = true;
    used += need;
  }
  std::vector<Column> columns;
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (!keep[i]) continue;
    columns.push_back(
        Column{kRules[i].id, kRules[i].heading, kRules[i].min_width, kRules[i].align});
  }
  int spare = std::max(0, width - used);
  Grow(columns, ColumnId::kName, kNamePreferred, spare);
  Grow(columns, ColumnId::kAddress, kAddressPreferred, spare);
  Grow(columns, ColumnId::kName, kRules[0].max_width, spare);
  Grow(columns, ColumnId::kAddress, kRules[1].max_width, spare);
  return columns;
}

Line TableHeading(const std::vector<Column>& columns, int width, bool utf8) {
  Line line;
  for (const Column& c : columns)
    line.Add(" " + Fit(c.heading, c.width, utf8, c.align), Tone::kHeader);
  return FitLine(std::move(line), width, utf8, Tone::kHeader);
}

Line TargetRow(const TargetStats& target, const std::vector<Column>& columns, int width,
               bool utf8) {
  Line line;
  for (const Column& c : columns) {
    line.Add(" ");
    line.Add(Fit(Cell(target, c.id), c.width, utf8, c.align), CellTone(target, c.id));
  }
  return FitLine(std::move(line), width, utf8);
}

std::string LastResultText(const std::optional<Sample>& last) {
  if (!last) return "-";
  if (last->ok) return FormatMs(last->rtt_ms);
  switch (last->error) {
    case ProbeError::kTimeout:
      return "timeout";
    case ProbeError::kUnreachable:
      return "unreach";
    case ProbeError::kRefused:
      return "refused";
    case ProbeError::kSendFailed:
      return "sendfail";
    case ProbeError::kNoAddress:
      return "no addr";
    case ProbeError::kBadReply:
      return "bad rply";
    case ProbeError::kDnsRcode:
      return DnsRcodeText(last->code);
    case ProbeError::kHttpStatus:
      return "http " + std::to_string(last->code < 0 ? 0 : last->code % 1000);
    case ProbeError::kUnavailable:
      return "n/a";
    case ProbeError::kTlsError:
      return "tls err";
    case ProbeError::kNone:
      break;
  }
  return "failed";
}

Tone LossTone(double loss_pct) {
  if (!(loss_pct > 0)) return Tone::kGood;
  return loss_pct < 5 ? Tone::kWarn : Tone::kBad;
}

}  // namespace ww::tui
