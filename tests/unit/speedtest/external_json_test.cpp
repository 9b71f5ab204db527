#include "speedtest/external_json.h"

#include <gtest/gtest.h>

namespace ww {
namespace {

// As Ookla's speedtest CLI 1.2 prints it with --format=json (one line; wrapped here).
constexpr const char* kOokla =
    R"({"type":"result","timestamp":"2026-11-28T10:00:00Z",)"
    R"("ping":{"jitter":0.412,"latency":8.734,"low":8.251,"high":9.503},)"
    R"("download":{"bandwidth":11843750,"bytes":142110480,"elapsed":12004,)"
    R"("latency":{"iqm":24.117,"low":9.1,"high":221.3,"jitter":3.2}},)"
    R"("upload":{"bandwidth":2470000,"bytes":29640000,"elapsed":12000,)"
    R"("latency":{"iqm":61.5,"low":8.9,"high":300.1,"jitter":7.7}},)"
    R"("packetLoss":0.5,"isp":"Example Fibre",)"
    R"("interface":{"internalIp":"192.168.1.20","name":"eth0","macAddr":"00:11:22:33:44:55",)"
    R"("isVpn":false,"externalIp":"203.0.113.7"},)"
    R"("server":{"id":31470,"host":"speedtest.example.net","port":8080,"name":"Example Net",)"
    R"("location":"Berlin","country":"Germany","ip":"198.51.100.20"},)"
    R"("result":{"id":"d3b0c6f4","url":"https://www.speedtest.net/result/c/d3b0c6f4",)"
    R"("persisted":true}})";

TEST(OoklaJson, BandwidthIsBytesPerSecond) {
  const auto r = ParseOoklaJson(kOokla);
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ(r->engine, "ookla");
  EXPECT_TRUE(r->ok);
  EXPECT_DOUBLE_EQ(*r->download_mbps, 94.75);  // 11,843,750 B/s × 8 / 1e6
  EXPECT_DOUBLE_EQ(*r->upload_mbps, 19.76);
  EXPECT_DOUBLE_EQ(*r->ping_ms, 8.734);
  EXPECT_DOUBLE_EQ(*r->jitter_ms, 0.412);
  EXPECT_DOUBLE_EQ(*r->packet_loss_pct, 0.5);
  EXPECT_DOUBLE_EQ(*r->download_latency_ms, 24.117);
  EXPECT_DOUBLE_EQ(*r->upload_latency_ms, 61.5);
  EXPECT_EQ(r->bytes_downloaded, 142110480u);
  EXPECT_EQ(r->bytes_uploaded, 29640000u);
  EXPECT_EQ(r->isp, "Example Fibre");
  EXPECT_EQ(r->client_ip, "203.0.113.7");
  EXPECT_EQ(r->server_id, "31470");
  EXPECT_EQ(r->server_name, "Example Net");
  EXPECT_EQ(r->server_location, "Berlin, Germany");
  EXPECT_EQ(r->server_url, "https://www.speedtest.net/result/c/d3b0c6f4");
}

TEST(OoklaJson, MissingPacketLossIsUnknownNotZero) {
  std::string text = kOokla;
  text.replace(text.find(R"("packetLoss":0.5,)"), 17, "");
  const auto r = ParseOoklaJson(text);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->packet_loss_pct);
}

TEST(OoklaJson, ErrorLogLinesBecomeTheError) {
  const auto r = ParseOoklaJson(
      "{\"type\":\"log\",\"timestamp\":\"2026-11-28T10:00:00Z\",\"message\":\"Configuration - "
      "Couldn't resolve host name (HostNotFoundException)\",\"level\":\"error\"}\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("Couldn't resolve host name"), std::string::npos);
}

TEST(OoklaJson, GarbageIsAnErrorNotACrash) {
  for (const char* text : {"", "not json", "{}", "[1]", R"({"type":"result"})",
                           R"({"type":"result","download":{"bandwidth":"fast"}})"}) {
    EXPECT_FALSE(ParseOoklaJson(text).ok()) << text;
  }
}

// iperf3 3.12 -J, trimmed to the parts a client reads.
constexpr const char* kIperf3 = R"({
  "start": {"connected": [{"socket": 5, "local_host": "10.0.0.2", "local_port": 40000,
             "remote_host": "10.0.0.1", "remote_port": 5201}],
            "version": "iperf 3.12", "test_start": {"protocol": "TCP", "num_streams": 4,
             "blksize": 131072, "omit": 2, "duration": 8, "reverse": 1}},
  "intervals": [],
  "end": {"streams": [],
          "sum_sent": {"start": 0, "end": 8.0004, "seconds": 8.0004, "bytes": 95683584,
                       "bits_per_second": 95677000.5, "retransmits": 12, "sender": true},
          "sum_received": {"start": 0, "end": 8.0004, "seconds": 8.0004, "bytes": 95420416,
                           "bits_per_second": 95413000.25, "sender": true},
          "cpu_utilization_percent": {"host_total": 3.1, "remote_total": 1.2}}
})";

TEST(Iperf3Json, ReceivedRateAndSentBytes) {
  const auto d = ParseIperf3Json(kIperf3);
  ASSERT_TRUE(d.ok()) << d.error();
  EXPECT_DOUBLE_EQ(d->mbps, 95.41300025);
  EXPECT_EQ(d->bytes, 95683584u);
}

TEST(Iperf3Json, ErrorFieldIsTheError) {
  const auto d = ParseIperf3Json(
      R"({"start":{},"intervals":[],"end":{},"error":"unable to connect to server: Connection refused"})");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error(), "iperf3: unable to connect to server: Connection refused");
}

TEST(Iperf3Json, GarbageIsAnError) {
  for (const char* text : {"", "iperf3: error", "{}", R"({"end":{"sum_received":{}}})",
                           R"({"end":{"sum_received":{"bits_per_second":"x"}}})"}) {
    EXPECT_FALSE(ParseIperf3Json(text).ok()) << text;
  }
}

}  // namespace
}  // namespace ww
