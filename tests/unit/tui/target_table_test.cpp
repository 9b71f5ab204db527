#include "tui/target_table.h"

#include <gtest/gtest.h>

namespace ww::tui {
namespace {

std::vector<std::string> Headings(const std::vector<Column>& columns) {
  std::vector<std::string> out;
  for (const Column& c : columns) out.push_back(c.heading);
  return out;
}

int RowWidth(const std::vector<Column>& columns) {
  int width = 0;
  for (const Column& c : columns) width += 1 + c.width;
  return width;
}

TargetStats Target(std::string name, std::string address) {
  TargetStats t;
  t.name = std::move(name);
  t.address = std::move(address);
  t.window_count = 100;
  t.window_lost = 2;
  t.loss_pct = 2;
  t.avg_ms = 12.34;
  t.min_ms = 10.01;
  t.max_ms = 40.5;
  t.jitter_ms = 1.2;
  t.p95_ms = 20.0;
  Sample last;
  last.ok = true;
  last.rtt_ms = 11.1;
  t.last = last;
  return t;
}

TEST(TuiTargetTable, ColumnsFitEveryWidthFrom40To200) {
  for (int width = 40; width <= 200; ++width) {
    const auto columns = ChooseColumns(width);
    ASSERT_FALSE(columns.empty());
    EXPECT_EQ(columns.front().id, ColumnId::kName) << width;
    EXPECT_LE(RowWidth(columns), width) << width;
    for (std::size_t i = 1; i < columns.size(); ++i) {
      EXPECT_LT(columns[i - 1].id, columns[i].id) << "display order at " << width;
    }
  }
}

TEST(TuiTargetTable, NarrowKeepsTheEssentials) {
  EXPECT_EQ(Headings(ChooseColumns(40)),
            (std::vector<std::string>{"NAME", "LOSS", "AVG", "MAX", "LAST"}));
  EXPECT_EQ(Headings(ChooseColumns(70)),
            (std::vector<std::string>{"NAME", "ADDRESS", "LOSS", "AVG", "MIN", "MAX", "JITTER",
                                      "P95", "LAST"}));
  EXPECT_EQ(ChooseColumns(80).size(), 10u);
  // Columns narrower than the minimum: the name stays, overflowing, and the rest goes.
  EXPECT_EQ(Headings(ChooseColumns(5)), (std::vector<std::string>{"NAME"}));
}

TEST(TuiTargetTable, WideTerminalsGiveNamesAndIPv6AddressesRoom) {
  const auto columns = ChooseColumns(200);
  EXPECT_EQ(columns[0].width, 32);
  EXPECT_EQ(columns[1].width, 39);  // a full IPv6 address
}

TEST(TuiTargetTable, LongNamesAreTruncated) {
  const std::string name = "a-very-long-target-name-that-goes-on-and-on.example.net";
  for (int width : {40, 80, 120, 200}) {
    const auto columns = ChooseColumns(width);
    const Line row = TargetRow(Target(name, "2001:db8::1"), columns, width, true);
    EXPECT_EQ(row.Width(), width);
    const std::string text = row.Text();
    EXPECT_EQ(text.find(name), std::string::npos) << text;
    EXPECT_NE(text.find("a-very-l"), std::string::npos) << text;
    EXPECT_NE(text.find("\u2026"), std::string::npos) << text;
  }
}

TEST(TuiTargetTable, RowShowsTheNumbers) {
  const Line row = TargetRow(Target("1.1.1.1", "1.1.1.1"), ChooseColumns(200), 200, true);
  const std::string text = row.Text();
  for (const char* cell :
       {"1.1.1.1", "icmp", "2.0%", "12.3", "10.0", "40.5", "1.20", "20.0", "11.1"}) {
    EXPECT_NE(text.find(cell), std::string::npos) << cell << " in " << text;
  }
  const Line heading = TableHeading(ChooseColumns(200), 200, true);
  EXPECT_EQ(heading.Width(), 200);
  EXPECT_NE(heading.Text().find("JITTER"), std::string::npos);
}

TEST(TuiTargetTable, NoSamplesYetShowsDashes) {
  TargetStats t;
  t.name = "gateway";
  const std::string text = TargetRow(t, ChooseColumns(120), 120, true).Text();
  EXPECT_NE(text.find("gateway"), std::string::npos);
  EXPECT_EQ(text.find('%'), std::string::npos) << text;  // no loss figure without samples
  EXPECT_NE(text.find(" - "), std::string::npos) << text;
}

TEST(TuiTargetTable, LastResultNamesTheFailure) {
  EXPECT_EQ(LastResultText(std::nullopt), "-");
  Sample s;
  s.ok = true;
  s.rtt_ms = 0.0421;
  EXPECT_EQ(LastResultText(s), "0.042");
  s.ok = false;
  s.error = ProbeError::kTimeout;
  EXPECT_EQ(LastResultText(s), "timeout");
  s.error = ProbeError::kHttpStatus;
  s.code = 503;
  EXPECT_EQ(LastResultText(s), "http 503");
  s.error = ProbeError::kDnsRcode;
  s.code = 3;
  EXPECT_EQ(LastResultText(s), "nxdomain");
  s.code = 4095;  // extended rcodes (EDNS) still fit
  EXPECT_EQ(LastResultText(s), "rc 4095");
  s.error = ProbeError::kNoAddress;
  EXPECT_EQ(LastResultText(s), "no addr");
  for (int e = 0; e <= static_cast<int>(ProbeError::kTlsError); ++e) {
    s.error = static_cast<ProbeError>(e);
    for (int code : {0, 3, 99, 404, 4095, 65535}) {
      s.code = code;
      EXPECT_LE(LastResultText(s).size(), 8u) << e << " " << code;
    }
  }
}

TEST(TuiTargetTable, LossColours) {
  EXPECT_EQ(LossTone(0), Tone::kGood);
  EXPECT_EQ(LossTone(0.5), Tone::kWarn);
  EXPECT_EQ(LossTone(5), Tone::kBad);
}

}  // namespace
}  // namespace ww::tui
