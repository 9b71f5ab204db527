#include "http/cidr_gate.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/config.h"
#include "http/client_address.h"

namespace ww {
namespace {

std::vector<Cidr> Nets(const std::vector<std::string>& texts) {
  std::vector<Cidr> out;
  for (const auto& t : texts) {
    Result<Cidr> c = Cidr::Parse(t);
    EXPECT_TRUE(c.ok()) << c.error();
    if (c.ok()) out.push_back(*c);
  }
  return out;
}

HttpRequest From(std::string peer, std::string path = "/logs",
                 std::optional<std::string> forwarded = std::nullopt) {
  HttpRequest r;
  r.method = "GET";
  r.path = std::move(path);
  r.peer = std::move(peer);
  if (forwarded) r.headers["x-forwarded-for"] = *forwarded;
  return r;
}

std::string Client(const HttpRequest& r, const std::vector<Cidr>& trusted) {
  const auto a = ClientAddress(r, trusted);
  return a ? a->ToString() : "<unknown>";
}

TEST(ClientAddress, PeerWhenNoProxyIsTrusted) {
  EXPECT_EQ(Client(From("203.0.113.9"), {}), "203.0.113.9");
  EXPECT_EQ(Client(From("203.0.113.9", "/", "10.0.0.1"), {}), "203.0.113.9")
      << "X-Forwarded-For from an untrusted peer is ignored";
  EXPECT_EQ(Client(From("::ffff:203.0.113.9"), {}), "203.0.113.9");
  EXPECT_EQ(Client(From("fe80::1%eth0"), {}), "fe80::1");
  EXPECT_EQ(Client(From(""), {}), "<unknown>");
}

TEST(ClientAddress, RightmostUntrustedHopBehindTrustedProxies) {
  const auto trusted = Nets({"10.0.0.0/8", "::1"});
  // The worked example of client_address.h.
  EXPECT_EQ(Client(From("10.0.0.2", "/", "203.0.113.9, 198.51.100.7, 10.0.0.1"), trusted),
            "198.51.100.7");
  EXPECT_EQ(Client(From("10.0.0.2", "/", "198.51.100.7"), trusted), "198.51.100.7");
  EXPECT_EQ(Client(From("::1", "/", "198.51.100.7,10.9.9.9"), trusted), "198.51.100.7");
  // Repeated headers arrive joined with ", " in the order received.
  EXPECT_EQ(Client(From("10.0.0.2", "/", "192.0.2.1, 198.51.100.7"), trusted), "198.51.100.7");
  // Every hop a proxy: the leftmost; no header: the proxy itself.
  EXPECT_EQ(Client(From("10.0.0.2", "/", "10.0.0.5, 10.0.0.1"), trusted), "10.0.0.5");
  EXPECT_EQ(Client(From("10.0.0.2"), trusted), "10.0.0.2");
  EXPECT_EQ(Client(From("10.0.0.2", "/", " , "), trusted), "10.0.0.2");
}

TEST(ClientAddress, ForwardedEntriesWithPortsMappedOrGarbage) {
  const auto trusted = Nets({"127.0.0.1"});
  EXPECT_EQ(Client(From("127.0.0.1", "/", "198.51.100.7:4711"), trusted), "198.51.100.7");
  EXPECT_EQ(Client(From("127.0.0.1", "/", "[2001:db8::7]:443"), trusted), "2001:db8::7");
  EXPECT_EQ(Client(From("127.0.0.1", "/", "2001:db8::7"), trusted), "2001:db8::7");
  EXPECT_EQ(Client(From("127.0.0.1", "/", "::ffff:192.168.1.1"), trusted), "192.168.1.1");
  EXPECT_EQ(Client(From("::ffff:127.0.0.1", "/", "192.0.2.1"), trusted), "192.0.2.1")
      << "a mapped peer is matched against IPv4 proxies";
  EXPECT_EQ(Client(From("127.0.0.1", "/", "unknown"), trusted), "<unknown>");
  EXPECT_EQ(Client(From("127.0.0.1", "/", "10.0.0.1, bogus"), trusted), "<unknown>")
      << "garbage from the nearest hop: nothing to the left of it can be believed";
  EXPECT_EQ(Client(From("127.0.0.1", "/", "[2001:db8::7"), trusted), "<unknown>");
}

TEST(CidrGate, RestrictedPaths) {
  for (const char* p : {"/logs", "/logs/", "/logs/2024-05-01.csv", "/reports", "/reports/x.html",
                        "/api/history.csv", "/api/v1/history.csv", "/export/x.CSV"}) {
    EXPECT_TRUE(IsRestrictedPath(p)) << p;
  }
  for (const char* p : {"/", "/api/status", "/logsx", "/reportsfoo", "/api/logs", "/csv",
                        "/x.csv.txt", "/api/history"}) {
    EXPECT_FALSE(IsRestrictedPath(p)) << p;
  }
}

TEST(CidrGate, DefaultNetworksMayReadOthersGet403) {
  const CidrGate gate(Nets(WebConfig{}.allowed_networks), {});
  for (const char* peer :
       {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.254", "192.168.1.20",
        "169.254.1.1", "fe80::1", "fd12:3456::1", "::ffff:192.168.1.20"}) {
    EXPECT_FALSE(gate.Check(From(peer, "/logs/today.csv"))) << peer;
  }
  for (const char* peer : {"203.0.113.9", "172.32.0.1", "2001:db8::1", "::ffff:8.8.4.4", ""}) {
    const auto r = gate.Check(From(peer, "/api/history.csv"));
    ASSERT_TRUE(r) << peer;
    EXPECT_EQ(r->status, 403);
    EXPECT_EQ(nlohmann::json::parse(r->body)["detail"],
              "Forbidden: /api/history.csv is only available from allowed networks");
  }
  EXPECT_FALSE(gate.Check(From("203.0.113.9", "/api/status"))) << "other paths are public";
}

TEST(CidrGate, ForwardedForCountsOnlyThroughTrustedProxies) {
  const CidrGate open_proxy(Nets({"192.168.0.0/16"}), {});
  EXPECT_TRUE(open_proxy.Check(From("203.0.113.9", "/reports", "192.168.1.1")))
      << "an outsider cannot claim an inside address";
  const CidrGate gate(Nets({"192.168.0.0/16"}), Nets({"127.0.0.1"}));
  EXPECT_FALSE(gate.Check(From("127.0.0.1", "/reports", "192.168.1.1")));
  EXPECT_TRUE(gate.Check(From("127.0.0.1", "/reports", "203.0.113.9")))
      << "the proxy forwards an outsider";
  EXPECT_TRUE(gate.Check(From("127.0.0.1", "/reports", "192.168.1.1, 203.0.113.9")))
      << "an outsider's own X-Forwarded-For entry is not believed";
  EXPECT_TRUE(gate.Check(From("127.0.0.1", "/reports"))) << "the proxy itself is not inside";
  EXPECT_TRUE(gate.Check(From("127.0.0.1", "/reports", "junk")));
}

TEST(CidrGate, EmptyAllowListClosesTheRestrictedPaths) {
  const CidrGate gate({}, {});
  EXPECT_TRUE(gate.Check(From("127.0.0.1", "/logs")));
  EXPECT_FALSE(gate.Check(From("127.0.0.1", "/api/status")));
}

}  // namespace
}  // namespace ww
