#include "tui/layout.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ww::tui {
namespace {

const WallTime kNow = FromUnixMillis(1'800'000'000'000);  // 2027-01-15 08:00:00 UTC

TargetStats Target(std::string name, std::string address, double avg) {
  TargetStats t;
  t.name = std::move(name);
  t.address = std::move(address);
  t.window_count = 60;
  t.avg_ms = t.min_ms = t.max_ms = avg;
  Sample s;
  s.ok = true;
  s.rtt_ms = avg;
  t.last = s;
  return t;
}

DropRecord Drop(int minutes_ago, double duration, std::string why) {
  DropRecord d;
  d.start = kNow - std::chrono::minutes(minutes_ago);
  d.end = d.start + std::chrono::seconds(static_cast<int>(duration));
  d.duration_sec = duration;
  d.diagnosis.text = std::move(why);
  return d;
}

ViewData Populated(bool utf8 = true) {
  auto snap = std::make_shared<Snapshot>();
  snap->generated_at = kNow;
  snap->session_start = kNow - std::chrono::seconds(3725);
  snap->health_score = 95;
  snap->health_grade = "A+";
  snap->uptime_pct = 99.98;
  snap->avg_latency = 12.3;
  snap->min_latency = 10.1;
  snap->max_latency = 40.2;
  snap->jitter = 1.5;
  snap->total_pings = 1234;
  snap->diagnosis = Diagnosis{DiagnosisCode::kAllClear, "All clear", ""};
  snap->gateway_address = "192.0.2.1";
  snap->targets = {Target("1.1.1.1", "1.1.1.1", 12.3), Target("8.8.8.8", "8.8.8.8", 14.0),
                   Target("gateway", "192.0.2.1", 0.8)};
  ViewData data;
  data.snapshot = snap;
  data.now = kNow;
  data.version = "0.1.0";
  data.status = "08:00:00 info network: eth0 up";
  data.utf8 = utf8;
  data.drops = {Drop(50, 12, "Local network issue"), Drop(20, 65, "ISP/upstream issue")};
  const DataPlan plan = PlanData(120, 40);
  data.history.step = plan.step;
  for (int i = 0; i < plan.spark_columns; ++i) {
    data.history.times.push_back(kNow - plan.span + i * plan.step);
    data.history.latency.push_back(10.0 + i % 7);
    data.history.gateway.push_back(i % 11 == 0 ? std::nullopt : std::optional<double>(0.8));
  }
  return data;
}

void ExpectExactSize(const Frame& frame, int width, int height) {
  ASSERT_EQ(static_cast<int>(frame.lines.size()), height) << width << "x" << height;
  for (const Line& line : frame.lines) {
    ASSERT_EQ(line.Width(), width) << width << "x" << height << ": [" << line.Text() << "]";
  }
}

const Line* FindLine(const Frame& frame, const std::string& needle) {
  for (const Line& line : frame.lines) {
    if (line.Text().find(needle) != std::string::npos) return &line;
  }
  return nullptr;
}

TEST(TuiLayout, EveryWidthFrom40To200FillsTheScreenExactly) {
  for (bool utf8 : {true, false}) {
    const ViewData data = Populated(utf8);
    for (int width = kMinWidth; width <= 200; ++width) {
      for (int height : {kMinHeight, 24, 60}) {
        ExpectExactSize(LayoutScreen(data, width, height), width, height);
      }
    }
  }
}

TEST(TuiLayout, ShowsHealthTargetsSparklinesDropsAndStatus) {
  const Frame frame = LayoutScreen(Populated(), 120, 30);
  const std::string text = frame.Text();
  for (const char* needle : {"wanwatch 0.1.0",
                             "session 1h 02m",
                             "All clear",
                             "08:00:00",
                             "Health 95 A+",
                             "Uptime 99.98%",
                             "Loss 0.0%",
                             "avg 12.3",
                             "max 40.2 ms",
                             "Probes 1234",
                             "NAME",
                             "1.1.1.1",
                             "8.8.8.8",
                             "192.0.2.1",
                             "Internet",
                             "Gateway",
                             "Recent drops",
                             "Local network issue",
                             "ISP/upstream issue",
                             "network: eth0 up",
                             "q quit"}) {
    EXPECT_NE(text.find(needle), std::string::npos) << needle << "\n" << text;
  }
  EXPECT_NE(text.find("\u2588"), std::string::npos) << "sparkline blocks";
  // Drops newest first; the status bar is the last row.
  EXPECT_LT(text.find("ISP/upstream issue"), text.find("Local network issue"));
  EXPECT_NE(frame.lines.back().Text().find("network: eth0 up"), std::string::npos);
  EXPECT_EQ(frame.lines.back().spans.front().tone, Tone::kStatus);
  const Line* header = FindLine(frame, "All clear");
  ASSERT_NE(header, nullptr);
  bool green = false;
  for (const Span& s : header->spans) green |= s.text == "All clear" && s.tone == Tone::kGood;
  EXPECT_TRUE(green);
}

TEST(TuiLayout, BeforeTheFirstRound) {
  ViewData data;
  data.now = kNow;
  data.version = "0.1.0";
  for (int width : {40, 80, 200}) {
    const Frame frame = LayoutScreen(data, width, 20);
    ExpectExactSize(frame, width, 20);
    EXPECT_NE(FindLine(frame, "waiting for the first round"), nullptr);
    EXPECT_NE(FindLine(frame, "Waiting for the first probe round"), nullptr);
    EXPECT_NE(FindLine(frame, "none recorded"), nullptr);
    EXPECT_EQ(FindLine(frame, "Gateway"), nullptr);  // no gateway known
  }
  // A snapshot without targets (nothing configured yet) says so.
  data.snapshot = std::make_shared<Snapshot>();
  EXPECT_NE(FindLine(LayoutScreen(data, 80, 20), "no targets"), nullptr);
}

TEST(TuiLayout, TooSmallShowsAMessage) {
  const ViewData data = Populated();
  for (auto [w, h] : {std::pair{39, 30}, {80, 11}, {10, 3}, {1, 1}}) {
    const Frame frame = LayoutScreen(data, w, h);
    ExpectExactSize(frame, w, h);
    EXPECT_EQ(FindLine(frame, "Health"), nullptr);
  }
  const Frame frame = LayoutScreen(data, 39, 30);
  EXPECT_NE(FindLine(frame, "Terminal too small"), nullptr);
  EXPECT_NE(FindLine(frame, "39x30, needs 40x12"), nullptr);
  EXPECT_TRUE(LayoutScreen(data, 0, 10).lines.empty());
  EXPECT_TRUE(LayoutScreen(data, 80, 0).lines.empty());
}

TEST(TuiLayout, TargetsThatDoNotFitAreCounted) {
  ViewData data = Populated();
  auto snap = std::make_shared<Snapshot>(*data.snapshot);
  snap->targets.clear();
  for (int i = 0; i < 30; ++i) {
    snap->targets.push_back(
        Target("host-" + std::to_string(i), "198.51.100." + std::to_string(i), 5));
  }
  data.snapshot = snap;
  const Frame frame = LayoutScreen(data, 100, 24);
  ExpectExactSize(frame, 100, 24);
  int shown = 0;
  for (const Line& l : frame.lines) shown += l.Text().find(" host-") != std::string::npos;
  const Line* more = FindLine(frame, "more (enlarge");
  ASSERT_NE(more, nullptr) << frame.Text();
  EXPECT_NE(more->Text().find(std::to_string(30 - shown) + " more"), std::string::npos)
      << more->Text();
  EXPECT_NE(FindLine(frame, "Recent drops"), nullptr);  // drops keep at least one row
}

TEST(TuiLayout, OngoingDropIsOnTopHighlightedAndNotRepeated) {
  ViewData data = Populated();
  auto snap = std::make_shared<Snapshot>(*data.snapshot);
  DropRecord ongoing;
  ongoing.id = 7;
  ongoing.start = kNow - std::chrono::seconds(42);
  ongoing.diagnosis.text = "Local network issue";
  snap->current_drop = ongoing;
  snap->is_down = true;
  snap->diagnosis = Diagnosis{DiagnosisCode::kLocalNetwork, "Local network issue", "gw silent"};
  data.snapshot = snap;
  data.drops.push_back(ongoing);  // the store already has its row
  const Frame frame = LayoutScreen(data, 100, 30);
  const std::string text = frame.Text();
  const auto first = text.find("ONGOING");
  ASSERT_NE(first, std::string::npos) << text;
  EXPECT_EQ(text.find("ONGOING", first + 1), std::string::npos);
  EXPECT_LT(first, text.find("ISP/upstream issue"));
  const Line* row = FindLine(frame, "ONGOING");
  EXPECT_NE(row->Text().find("42s"), std::string::npos) << row->Text();
  for (const Span& s : row->spans) EXPECT_EQ(s.tone, Tone::kAlert);
  EXPECT_NE(FindLine(frame, "DOWN"), nullptr);
  // Only the ongoing row and the two finished drops: the stored copy is skipped.
  int drop_rows = 0;
  for (const Line& l : frame.lines) {
    const std::string t = l.Text();
    drop_rows += t.find("issue") != std::string::npos && t.find("session") == std::string::npos;
  }
  EXPECT_EQ(drop_rows, 3) << text;
}

TEST(TuiLayout, GatewaySparklineOnlyWithAGateway) {
  ViewData data = Populated();
  EXPECT_NE(FindLine(LayoutScreen(data, 80, 24), " Gateway"), nullptr);
  auto snap = std::make_shared<Snapshot>(*data.snapshot);
  snap->gateway_address.reset();
  data.snapshot = snap;
  std::fill(data.history.gateway.begin(), data.history.gateway.end(), std::nullopt);
  EXPECT_EQ(FindLine(LayoutScreen(data, 80, 24), " Gateway"), nullptr);
}

TEST(TuiLayout, AsciiTerminalsGetOnlyAscii) {
  ViewData data = Populated(false);
  auto snap = std::make_shared<Snapshot>(*data.snapshot);
  snap->targets[0].name = "caf\u00e9-\u2603-server";
  data.snapshot = snap;
  const std::string text = LayoutScreen(data, 120, 30).Text();
  for (unsigned char c : text) ASSERT_LT(c, 0x80) << text;
  EXPECT_NE(text.find("caf?-?-server"), std::string::npos);
}

TEST(TuiLayout, HostileTextCannotMoveTheCursor) {
  ViewData data = Populated();
  data.status = "evil \x1b[2J\x1b[H line\r\n";
  auto snap = std::make_shared<Snapshot>(*data.snapshot);
  snap->diagnosis.text = "bad\x07\x1b]0;title\x07";
  data.snapshot = snap;
  const std::string text = LayoutScreen(data, 100, 24).Text();
  for (unsigned char c : text) {
    if (c != '\n') {
      ASSERT_GE(c, 0x20) << "control character in the frame";
    }
  }
}

TEST(TuiLayout, DataPlanCoversTheLastMinutes) {
  for (int width = kMinWidth; width <= 200; ++width) {
    const DataPlan plan = PlanData(width, 30);
    EXPECT_GE(plan.span.count(), 300) << width;
    EXPECT_LT(plan.span.count(), 300 + plan.step.count() * 2 + plan.spark_columns) << width;
    EXPECT_EQ(plan.span, plan.step * plan.spark_columns);
    EXPECT_EQ(plan.drops, 30u);
  }
}

}  // namespace
}  // namespace ww::tui
