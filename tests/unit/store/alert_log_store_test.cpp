// AlertLogStore on a temp-dir database: rows round-trip (NULL HTTP status when
// there was no answer), Recent is newest first and limited, the table is
// trimmed to its maximum, and a second connection sees committed rows.

#include "store/alert_log_store.h"

#include <gtest/gtest.h>

#include "store_test_util.h"

namespace ww {
namespace {

using testing::At;
using testing::TempDir;

AlertLogRow Row(std::int64_t offset_ms, std::string provider, bool ok) {
  AlertLogRow row;
  row.timestamp = At(offset_ms);
  row.kind = "outage";
  row.phase = "start";
  row.provider = std::move(provider);
  row.ok = ok;
  row.attempts = ok ? 1 : 3;
  if (ok) row.http_status = 200;
  row.error = ok ? "" : "connect: connection refused";
  row.title = "Connection down: \"ISP\" outage";
  return row;
}

TEST(AlertLogStoreTest, RowsRoundTripNewestFirst) {
  TempDir dir;
  auto store = AlertLogStore::Open(dir.db());
  ASSERT_TRUE(store) << store.error();
  ASSERT_TRUE((*store)->Insert(Row(0, "webhook", true)));
  ASSERT_TRUE((*store)->Insert(Row(2000, "ntfy", false)));
  ASSERT_TRUE((*store)->Insert(Row(1000, "slack", true)));

  auto rows = (*store)->Recent(10);
  ASSERT_TRUE(rows) << rows.error();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].provider, "ntfy");
  EXPECT_EQ((*rows)[1].provider, "slack");
  EXPECT_EQ((*rows)[2].provider, "webhook");
  const AlertLogRow& failed = (*rows)[0];
  EXPECT_EQ(failed.timestamp, At(2000));
  EXPECT_EQ(failed.kind, "outage");
  EXPECT_EQ(failed.phase, "start");
  EXPECT_FALSE(failed.ok);
  EXPECT_EQ(failed.attempts, 3);
  EXPECT_FALSE(failed.http_status.has_value());
  EXPECT_EQ(failed.error, "connect: connection refused");
  EXPECT_EQ(failed.title, "Connection down: \"ISP\" outage");
  EXPECT_EQ((*rows)[1].http_status, 200);
  EXPECT_GT((*rows)[0].id, 0);

  rows = (*store)->Recent(1);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].provider, "ntfy");
  rows = (*store)->Recent(-5);  // nonsense limit: nothing, not an error
  ASSERT_TRUE(rows);
  EXPECT_TRUE(rows->empty());
}

TEST(AlertLogStoreTest, TrimsToItsMaximumKeepingTheNewest) {
  TempDir dir;
  auto store = AlertLogStore::Open(dir.db(), 5);
  ASSERT_TRUE(store) << store.error();
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE((*store)->Insert(Row(i * 1000, "p" + std::to_string(i), true)));
  }
  auto count = (*store)->Count();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 5);
  auto rows = (*store)->Recent(100);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 5u);
  EXPECT_EQ(rows->front().provider, "p11");
  EXPECT_EQ(rows->back().provider, "p7");
}

TEST(AlertLogStoreTest, RowsSurviveReopening) {
  TempDir dir;
  {
    auto store = AlertLogStore::Open(dir.db());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->Insert(Row(0, "gotify", false)));
  }
  auto again = AlertLogStore::Open(dir.db());
  ASSERT_TRUE(again) << again.error();
  auto rows = (*again)->Recent(10);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].provider, "gotify");
}

TEST(AlertLogStoreTest, OpenFailsWithAMessageForAnUnusablePath) {
  TempDir dir;
  auto store = AlertLogStore::Open(dir.path() / "missing-dir" / "wanwatch.db");
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().find("missing-dir"), std::string::npos) << store.error();
}

}  // namespace
}  // namespace ww
