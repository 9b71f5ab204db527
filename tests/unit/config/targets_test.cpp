#include "config/targets.h"

#include <gtest/gtest.h>

#include "config/validate.h"

namespace ww {
namespace {

using std::chrono::milliseconds;
using Strings = std::vector<std::string>;

Strings Names(const std::vector<TargetSpec>& targets) {
  Strings names;
  for (const TargetSpec& t : targets) names.push_back(t.name);
  return names;
}

constexpr std::string_view kResolvConf =
    "# generated\n"
    "search example.net\n"
    "nameserver 192.0.2.53\n"
    "nameserver\t2001:db8::53 ; second\n"
    "nameserverx 192.0.2.99\n"
    "options edns0\n";

TEST(BuildTargets, DefaultsInDocumentedOrderWithStableNames) {
  const auto targets = BuildTargets(Config{}, kResolvConf);
  EXPECT_EQ(Names(targets),
            (Strings{"gateway", "1.1.1.1", "8.8.8.8", "9.9.9.9", "tcp 1.1.1.1:53", "tcp 8.8.8.8:53",
                     "tcp 9.9.9.9:53", "dns 192.0.2.53", "dns 2001:db8::53"}));
}

TEST(BuildTargets, FieldsOfEachKind) {
  Config c;
  c.probe.targets = {"192.0.2.1"};
  c.probe.gateway = "192.0.2.254";
  c.probe.tcp_targets = {"[2001:db8::1]:443"};
  c.probe.dns_servers = {"192.0.2.53:5353"};
  c.probe.dns_query = "example.org";
  c.probe.http_urls = {"https://example.com/health"};
  ASSERT_EQ(ValidateConfig(c), Strings{});
  const auto t = BuildTargets(c);
  ASSERT_EQ(t.size(), 5u);

  EXPECT_EQ(t[0].name, "gateway");
  EXPECT_EQ(t[0].role, TargetRole::kGateway);
  EXPECT_EQ(t[0].kind, ProbeKind::kIcmp);
  EXPECT_EQ(t[0].host, "192.0.2.254");
  EXPECT_FALSE(t[0].connectivity);
  EXPECT_EQ(t[0].interval, milliseconds{1000});

  EXPECT_EQ(t[1].name, "192.0.2.1");
  EXPECT_EQ(t[1].kind, ProbeKind::kIcmp);
  EXPECT_EQ(t[1].role, TargetRole::kExternal);
  EXPECT_EQ(t[1].host, "192.0.2.1");
  EXPECT_TRUE(t[1].connectivity);
  EXPECT_EQ(t[1].interval, milliseconds{1000});
  EXPECT_EQ(t[1].timeout, milliseconds{2000});

  EXPECT_EQ(t[2].name, "tcp [2001:db8::1]:443");
  EXPECT_EQ(t[2].kind, ProbeKind::kTcp);
  EXPECT_EQ(t[2].host, "2001:db8::1");
  EXPECT_EQ(t[2].port, 443);
  EXPECT_FALSE(t[2].connectivity);
  EXPECT_EQ(t[2].interval, milliseconds{5000});
  EXPECT_EQ(t[2].timeout, milliseconds{3000});

  EXPECT_EQ(t[3].name, "dns 192.0.2.53:5353");
  EXPECT_EQ(t[3].kind, ProbeKind::kDns);
  EXPECT_EQ(t[3].host, "192.0.2.53");
  EXPECT_EQ(t[3].port, 5353);
  EXPECT_EQ(t[3].dns_query, "example.org");
  EXPECT_EQ(t[3].interval, milliseconds{5000});
  EXPECT_EQ(t[3].timeout, milliseconds{2000});

  EXPECT_EQ(t[4].name, "https://example.com/health");
  EXPECT_EQ(t[4].kind, ProbeKind::kHttp);
  EXPECT_EQ(t[4].url, "https://example.com/health");
  EXPECT_EQ(t[4].host, "example.com");
  EXPECT_EQ(t[4].port, 443);
  EXPECT_EQ(t[4].interval, milliseconds{30000});
  EXPECT_EQ(t[4].timeout, milliseconds{10000});
}

TEST(BuildTargets, GatewayAutoHasNoHostAndNoneHasNoTarget) {
  Config c;
  EXPECT_EQ(BuildTargets(c).front().host, "");
  c.probe.gateway = "none";
  EXPECT_EQ(BuildTargets(c).front().name, "1.1.1.1");
}

TEST(BuildTargets, SystemResolverExpandsAndDuplicatesAreProbedOnce) {
  Config c;
  c.probe.dns_servers = {"192.0.2.53", "system", "192.0.2.54:53"};
  c.probe.tcp_targets.clear();
  c.probe.gateway = "none";
  c.probe.targets = {"192.0.2.1"};
  EXPECT_EQ(Names(BuildTargets(c, "nameserver 192.0.2.53\nnameserver 192.0.2.54\n")),
            (Strings{"192.0.2.1", "dns 192.0.2.53", "dns 192.0.2.54"}));
}

TEST(ResolvConf, NameserversInOrderAtMostThree) {
  EXPECT_EQ(ParseResolvConfNameservers(kResolvConf), (Strings{"192.0.2.53", "2001:db8::53"}));
  EXPECT_EQ(ParseResolvConfNameservers("nameserver 192.0.2.1\nnameserver 192.0.2.2\n"
                                       "nameserver 192.0.2.3\nnameserver 192.0.2.4\n"),
            (Strings{"192.0.2.1", "192.0.2.2", "192.0.2.3"}));
  EXPECT_EQ(ParseResolvConfNameservers("  nameserver   192.0.2.9  # comment"),
            Strings{"192.0.2.9"});
}

TEST(ResolvConf, NoNameserverMeansTheLocalResolverAsInGlibc) {
  EXPECT_EQ(ParseResolvConfNameservers(""), Strings{"127.0.0.1"});
  EXPECT_EQ(ParseResolvConfNameservers("nameserver bogus\n# nameserver 192.0.2.1\n"),
            Strings{"127.0.0.1"});
}

TEST(PromoteTcpToConnectivity, TcpExternalsBecomeTheConnectivityProbes) {
  Config c;
  c.probe.interval = milliseconds{500};
  auto targets = BuildTargets(c, "nameserver 192.0.2.53\n");
  const Strings names_before = Names(targets);
  PromoteTcpToConnectivity(targets);
  EXPECT_EQ(Names(targets), names_before);
  for (const TargetSpec& t : targets) {
    SCOPED_TRACE(t.name);
    EXPECT_EQ(t.connectivity, t.kind == ProbeKind::kTcp);
    if (t.kind == ProbeKind::kTcp) {
      EXPECT_EQ(t.interval, milliseconds{500});
      EXPECT_EQ(t.timeout, milliseconds{3000});
    }
    if (t.kind == ProbeKind::kDns) {
      EXPECT_EQ(t.interval, milliseconds{5000});
    }
  }
}

}  // namespace
}  // namespace ww
