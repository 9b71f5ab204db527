#include "api/handlers.h"
#include "api_test_util.h"

namespace ww::test_api {
namespace {

class TargetsTest : public ApiTest {};

TEST_F(TargetsTest, OneObjectPerTargetWithSeedFieldsAndAliases) {
  auto s = std::make_shared<Snapshot>();
  TargetStats a;
  a.id = 0;
  a.name = "cloudflare";
  a.address = "203.0.113.10";
  a.total_pings = 900;
  a.total_success = 897;
  a.window_count = 900;
  a.window_lost = 3;
  a.loss_pct = 0.33333;
  a.avg_ms = 12.3456;
  a.min_ms = 10.0;
  a.max_ms = 30.009;
  a.jitter_ms = 0.5;
  a.p50_ms = 12.0;
  a.p95_ms = 20.0;
  a.p99_ms = 29.0;
  TargetStats gw;
  gw.id = 1;
  gw.name = "gateway";
  gw.role = TargetRole::kGateway;
  TargetStats dns;
  dns.id = 2;
  dns.name = "dns 198.51.100.53";
  dns.kind = ProbeKind::kDns;
  dns.address = "198.51.100.53";
  s->targets = {a, gw, dns};
  snapshot_ = s;

  const auto body = Body(HandleTargets(Context(), Get("/api/targets")));
  ASSERT_TRUE(body.is_array());
  ASSERT_EQ(body.size(), 3u);
  ExpectFields(body[0], {{"target", Kind::kString},
                         {"loss_pct", Kind::kNumber},
                         {"avg_ms", Kind::kNumber},
                         {"min_ms", Kind::kNumber},
                         {"max_ms", Kind::kNumber},
                         {"total_pings", Kind::kInt},
                         {"name", Kind::kString},
                         {"kind", Kind::kString},
                         {"role", Kind::kString},
                         {"jitter_ms", Kind::kNumber},
                         {"p95_ms", Kind::kNumber},
                         {"p99_ms", Kind::kNumber},
                         {"sent", Kind::kInt},
                         {"ok", Kind::kInt},
                         {"loss", Kind::kNumber},
                         {"avg", Kind::kNumber},
                         {"min", Kind::kNumber},
                         {"max", Kind::kNumber}});
  EXPECT_EQ(body[0]["target"], "203.0.113.10");
  EXPECT_DOUBLE_EQ(body[0]["loss_pct"].get<double>(), 0.33);
  EXPECT_DOUBLE_EQ(body[0]["avg_ms"].get<double>(), 12.35);
  EXPECT_DOUBLE_EQ(body[0]["max_ms"].get<double>(), 30.01);
  EXPECT_EQ(body[0]["total_pings"], 900);
  EXPECT_EQ(body[0]["name"], "cloudflare");
  EXPECT_EQ(body[0]["kind"], "icmp");
  EXPECT_EQ(body[0]["role"], "external");
  EXPECT_EQ(body[0]["sent"], 900);
  EXPECT_EQ(body[0]["ok"], 897);
  EXPECT_EQ(body[0]["loss"], body[0]["loss_pct"]);
  EXPECT_EQ(body[0]["avg"], body[0]["avg_ms"]);
  EXPECT_EQ(body[0]["min"], body[0]["min_ms"]);
  EXPECT_EQ(body[0]["max"], body[0]["max_ms"]);

  // An undiscovered gateway: the name stands in for the address, latencies are null.
  EXPECT_EQ(body[1]["target"], "gateway");
  EXPECT_EQ(body[1]["role"], "gateway");
  ExpectFields(body[1], {{"avg_ms", Kind::kNull},
                         {"min_ms", Kind::kNull},
                         {"max_ms", Kind::kNull},
                         {"avg", Kind::kNull},
                         {"p95_ms", Kind::kNull}});
  EXPECT_EQ(body[2]["kind"], "dns");
  EXPECT_EQ(body[2]["target"], "198.51.100.53");
}

// Served through the cache: one body per snapshot, a new one with the next.
TEST_F(TargetsTest, CachedBodyFollowsTheSnapshot) {
  auto first = std::make_shared<Snapshot>();
  first->targets.resize(1);
  first->targets[0].name = "a";
  first->targets[0].total_pings = 5;
  snapshot_ = first;
  SnapshotResponseCache cache;
  const ApiContext context = Context();
  const std::string body = HandleTargetsCached(context, cache, Get("/api/targets")).body;
  EXPECT_EQ(body, HandleTargets(context, Get("/api/targets")).body);
  first->targets[0].total_pings = 6;  // (a snapshot is never changed; here it shows the reuse)
  EXPECT_EQ(HandleTargetsCached(context, cache, Get("/api/targets")).body, body);
  auto second = std::make_shared<Snapshot>(*first);
  snapshot_ = second;
  EXPECT_EQ(Body(HandleTargetsCached(context, cache, Get("/api/targets")))[0]["total_pings"], 6);
}

TEST_F(TargetsTest, NoSnapshotIsAnEmptyArray) {
  EXPECT_EQ(HandleTargets(Context(), Get("/api/targets")).body, "[]");
}

}  // namespace
}  // namespace ww::test_api
