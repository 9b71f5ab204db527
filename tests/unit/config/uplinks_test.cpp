// [[uplinks]]: reading, validation, the targets they add and the UplinkSpecs built from them.
#include "config/uplinks.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <set>

#include "config/layered_config.h"
#include "config/targets.h"
#include "config/toml_config.h"
#include "config/validate.h"

namespace ww {
namespace {

using std::chrono::milliseconds;
using Strings = std::vector<std::string>;
using Ids = std::vector<TargetId>;

LayeredConfig Load(std::string_view text) {
  LayeredConfig layered;
  ApplyToml(text, "test.toml", layered);
  return layered;
}

Strings Names(const std::vector<TargetSpec>& targets) {
  Strings names;
  for (const TargetSpec& t : targets) names.push_back(t.name);
  return names;
}

UplinkConfig Uplink(std::string name, std::string interface = "eth1") {
  UplinkConfig u;
  u.name = std::move(name);
  u.interface = std::move(interface);
  u.ping_targets = {"192.0.2.1"};
  return u;
}

// A config that probes little besides its uplinks, so target lists stay short.
Config Minimal() {
  Config c;
  c.probe.targets = {"198.51.100.1"};
  c.probe.gateway = "none";
  c.probe.tcp_targets = {};
  c.probe.dns_servers = {};
  return c;
}

// ---- TOML ----

TEST(UplinksToml, ReadsEveryKeyOfEveryEntry) {
  const LayeredConfig l = Load(R"toml(
[probe]
interval_ms = 500

[[uplinks]]
name = "Liquid (BGP01)"
interface = "eth1"
source = "192.0.2.10"
gateway = "192.0.2.254"
nat = false
ping_targets = ["1.1.1.1", "example.com"]
http_urls = ["https://example.com/"]
high_loss_pct = 2.5
high_latency_ms = 80
hysteresis_rounds = 5

[[uplinks]]
name = "LTE backup (NAT)"
interface = "wwan0"
nat = true
)toml");
  ASSERT_EQ(l.errors, Strings{});
  ASSERT_EQ(l.config.uplinks.list.size(), 2u);
  const UplinkConfig& a = l.config.uplinks.list[0];
  EXPECT_EQ(a.name, "Liquid (BGP01)");
  EXPECT_EQ(a.interface, "eth1");
  EXPECT_EQ(a.source, "192.0.2.10");
  EXPECT_EQ(a.gateway, "192.0.2.254");
  EXPECT_FALSE(a.nat);
  EXPECT_EQ(a.ping_targets, (Strings{"1.1.1.1", "example.com"}));
  EXPECT_EQ(a.http_urls, Strings{"https://example.com/"});
  EXPECT_EQ(a.high_loss_pct, 2.5);
  EXPECT_EQ(a.high_latency_ms, 80.0);  // an integer is fine for a number
  EXPECT_EQ(a.hysteresis_rounds, 5);
  const UplinkConfig& b = l.config.uplinks.list[1];
  EXPECT_EQ(b.name, "LTE backup (NAT)");
  EXPECT_TRUE(b.nat);
  EXPECT_EQ(b.gateway, "auto");  // defaults for what the entry leaves out
  EXPECT_EQ(b.ping_targets, (Strings{"1.1.1.1", "8.8.8.8", "9.9.9.9"}));
  EXPECT_EQ(b.high_loss_pct, std::nullopt);
  EXPECT_EQ(b.hysteresis_rounds, std::nullopt);
  EXPECT_EQ(l.config.probe.interval, milliseconds{500});  // other sections unaffected
  EXPECT_EQ(l.origins.at("uplinks[0].gateway").where, "test.toml:9:11");
  EXPECT_EQ(l.origins.at("uplinks[1]").where, "test.toml:17:1");
}

TEST(UplinksToml, InlineArrayOfTablesWorksToo) {
  const LayeredConfig l =
      Load("uplinks = [{ name = \"a\", interface = \"eth1\" }, { name = \"b\" }]\n");
  ASSERT_EQ(l.errors, Strings{});
  ASSERT_EQ(l.config.uplinks.list.size(), 2u);
  EXPECT_EQ(l.config.uplinks.list[1].name, "b");
}

TEST(UplinksToml, UplinkDefaultsSection) {
  const LayeredConfig l = Load(
      "[uplink_defaults]\nlive_min_interval_ms = 30000\n"
      "hysteresis_rounds = 2\n");
  ASSERT_EQ(l.errors, Strings{});
  EXPECT_EQ(l.config.uplinks.live_min_interval, milliseconds{30000});
  EXPECT_EQ(l.config.uplinks.hysteresis_rounds, 2);
}

TEST(UplinksToml, UnknownKeyNamesTheEntry) {
  const LayeredConfig l = Load(
      "[[uplinks]]\nname = \"a\"\n\n[[uplinks]]\nname = \"b\"\n"
      "iface = \"eth0\"\n");
  EXPECT_EQ(l.errors, Strings{"test.toml:6:9: uplinks[1].iface: unknown key"});
  EXPECT_EQ(l.config.uplinks.list.size(), 2u);  // the entry stays, for validation
}

TEST(UplinksToml, WrongTypesNameEntryAndKey) {
  const LayeredConfig l = Load(R"toml([[uplinks]]
name = 7
nat = "yes"
ping_targets = ["1.1.1.1", 2]
high_loss_pct = "5"
hysteresis_rounds = 2.5
)toml");
  EXPECT_EQ(l.errors, (Strings{
                          "test.toml:2:8: uplinks[0].name: expected a string, got integer",
                          "test.toml:3:7: uplinks[0].nat: expected a boolean, got string",
                          "test.toml:4:28: uplinks[0].ping_targets[1]: expected a string, got "
                          "integer",
                          "test.toml:5:17: uplinks[0].high_loss_pct: expected a number, got string",
                          "test.toml:6:21: uplinks[0].hysteresis_rounds: expected an integer, got "
                          "float",
                      }));
}

TEST(UplinksToml, HugeIntegerIsARangeError) {
  const LayeredConfig l = Load("[[uplinks]]\nname = \"a\"\nhysteresis_rounds = 99999999999\n");
  EXPECT_EQ(l.errors,
            Strings{"test.toml:3:21: uplinks[0].hysteresis_rounds: must be 1-60, got 99999999999"});
}

TEST(UplinksToml, NotAnArrayOfTables) {
  EXPECT_EQ(
      Load("[uplinks]\nname = \"a\"\n").errors,
      Strings{"test.toml:1:1: uplinks: expected an array of tables ([[uplinks]]), got table"});
  EXPECT_EQ(Load("uplinks = [\"a\"]\n").errors,
            Strings{"test.toml:1:12: uplinks[0]: expected a table, got string"});
}

TEST(UplinksToml, ValidationMessagesNameTheFilePosition) {
  LayeredConfig l = Load(
      "[[uplinks]]\nname = \"a\"\ngateway = \"x\"\nping_targets = [\"1.1.1.\"]\n"
      "\n[[uplinks]]\ninterface = \"eth2\"\n");
  ASSERT_EQ(l.errors, Strings{});
  EXPECT_EQ(AnnotateWithOrigins(ValidateConfig(l.config), l),
            (Strings{
                "uplinks[0].gateway: \"x\" is not \"auto\", \"none\" or an IP address (from "
                "test.toml:3:11)",
                "uplinks[0].ping_targets[0]: \"1.1.1.\" is not an IP address or host name (from "
                "test.toml:4:16)",
                "uplinks[1].name: required, 1-64 characters (from test.toml:6:1)",
            }));
}

// ---- validation ----

struct UplinkRule {
  const char* name;
  std::function<void(UplinkConfig&)> change;
  std::string message;  // about uplinks[1]; uplinks[0] is valid
};

void PrintTo(const UplinkRule& c, std::ostream* os) { *os << c.name; }

class UplinkValidation : public testing::TestWithParam<UplinkRule> {};

TEST_P(UplinkValidation, ReportsExactlyThisMessage) {
  Config c;
  c.uplinks.list = {Uplink("Liquid (BGP01)"), Uplink("LTE (NAT)", "wwan0")};
  ASSERT_EQ(ValidateConfig(c), Strings{});
  GetParam().change(c.uplinks.list[1]);
  EXPECT_EQ(ValidateConfig(c), Strings{GetParam().message});
}

const UplinkRule kUplinkRules[] = {
    {"NameMissing", [](UplinkConfig& u) { u.name = ""; },
     "uplinks[1].name: required, 1-64 characters"},
    {"NameDuplicate", [](UplinkConfig& u) { u.name = "Liquid (BGP01)"; },
     "uplinks[1].name: duplicate of uplinks[0].name (\"Liquid (BGP01)\")"},
    {"NameSlash", [](UplinkConfig& u) { u.name = "a/b"; },
     "uplinks[1].name: \"a/b\" contains '/', which separates the uplink from the target in "
     "target names"},
    {"NameControl", [](UplinkConfig& u) { u.name = "a\nb"; },
     "uplinks[1].name: \"a\\x0ab\" contains a control character (U+000A)"},
    {"NameC1Control", [](UplinkConfig& u) { u.name = "a\xc2\x85"; },
     "uplinks[1].name: \"a\xc2\x85\" contains a control character (U+0085)"},
    {"NameBidiOverride", [](UplinkConfig& u) { u.name = "a\xe2\x80\xaex"; },
     "uplinks[1].name: \"a\xe2\x80\xaex\" contains a control character (U+202E)"},
    {"NameNotUtf8", [](UplinkConfig& u) { u.name = "a\xff"; },
     "uplinks[1].name: \"a\xff\" is not valid UTF-8"},
    {"NameOverlongUtf8", [](UplinkConfig& u) { u.name = "\xc0\xaf"; },
     "uplinks[1].name: \"\xc0\xaf\" is not valid UTF-8"},
    {"NameTooLong", [](UplinkConfig& u) { u.name = std::string(65, 'x'); },
     "uplinks[1].name: must be 1-64 characters, got 65"},
    {"NameLeadingSpace", [](UplinkConfig& u) { u.name = " a"; },
     "uplinks[1].name: \" a\" must not start or end with white space"},
    {"Interface", [](UplinkConfig& u) { u.interface = "eth0:1"; },
     "uplinks[1].interface: \"eth0:1\" is not an interface name (1-15 characters, no '/', ':' "
     "or spaces)"},
    {"InterfaceTooLong", [](UplinkConfig& u) { u.interface = "abcdefghijklmnop"; },
     "uplinks[1].interface: \"abcdefghijklmnop\" is not an interface name (1-15 characters, no "
     "'/', ':' or spaces)"},
    {"Source", [](UplinkConfig& u) { u.source = "eth0"; },
     "uplinks[1].source: \"eth0\" is not an IP address"},
    {"Gateway", [](UplinkConfig& u) { u.gateway = "x"; },
     "uplinks[1].gateway: \"x\" is not \"auto\", \"none\" or an IP address"},
    {"GatewayOtherFamily",
     [](UplinkConfig& u) {
       u.source = "192.0.2.10";
       u.gateway = "2001:db8::1";
     },
     "uplinks[1].gateway: \"2001:db8::1\" is IPv6 but source 192.0.2.10 is IPv4"},
    {"PingTargetOtherFamily",
     [](UplinkConfig& u) {
       u.source = "2001:db8::10";
       u.ping_targets = {"example.com", "192.0.2.1"};
     },
     "uplinks[1].ping_targets[1]: \"192.0.2.1\" is IPv4 but source 2001:db8::10 is IPv6"},
    {"PingTarget", [](UplinkConfig& u) { u.ping_targets = {"1.1.1."}; },
     "uplinks[1].ping_targets[0]: \"1.1.1.\" is not an IP address or host name"},
    {"PingTargetDuplicate",
     [](UplinkConfig& u) {
       u.ping_targets = {"a.example", "a.example"};
     },
     "uplinks[1].ping_targets[1]: duplicate of uplinks[1].ping_targets[0]"},
    {"PingTargetNamedGateway", [](UplinkConfig& u) { u.ping_targets = {"gateway"}; },
     "uplinks[1].ping_targets[0]: \"gateway\" is the name of the uplink's gateway target; use "
     "its address"},
    {"NoChecksAtAll", [](UplinkConfig& u) { u.ping_targets = {}; },
     "uplinks[1].ping_targets: must list at least one target when http_urls is empty"},
    {"HttpUrl", [](UplinkConfig& u) { u.http_urls = {"ftp://example.com/"}; },
     "uplinks[1].http_urls[0]: \"ftp://example.com/\" is not an http:// or https:// URL with a "
     "host"},
    {"HttpUrlDuplicate",
     [](UplinkConfig& u) {
       u.http_urls = {"https://example.com/", "https://example.com/"};
     },
     "uplinks[1].http_urls[1]: duplicate of uplinks[1].http_urls[0]"},
    {"HighLoss", [](UplinkConfig& u) { u.high_loss_pct = 101; },
     "uplinks[1].high_loss_pct: must be 0-100, got 101"},
    {"HighLossNan", [](UplinkConfig& u) { u.high_loss_pct = std::nan(""); },
     "uplinks[1].high_loss_pct: must be 0-100, got nan"},
    {"HighLatencyZero", [](UplinkConfig& u) { u.high_latency_ms = 0; },
     "uplinks[1].high_latency_ms: must be greater than 0 and at most 60000, got 0"},
    {"Hysteresis", [](UplinkConfig& u) { u.hysteresis_rounds = 61; },
     "uplinks[1].hysteresis_rounds: must be 1-60, got 61"},
};

INSTANTIATE_TEST_SUITE_P(Rules, UplinkValidation, testing::ValuesIn(kUplinkRules),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(UplinkValidation, AcceptsTheValidVariants) {
  Config c;
  UplinkConfig http_only = Uplink("HTTP only");
  http_only.ping_targets = {};
  http_only.http_urls = {"http://192.0.2.80/health"};
  UplinkConfig unicode = Uplink("Glasfaser München (Ü) — 1 Gbit", "");
  unicode.source = "2001:db8::10";
  unicode.gateway = "none";
  unicode.ping_targets = {"gateway", "2001:db8::1", "example.com"};  // "gateway" ok with none
  UplinkConfig bounds = Uplink(std::string(64, 'x'));
  bounds.high_loss_pct = 0;
  bounds.high_latency_ms = 0.5;
  bounds.hysteresis_rounds = 60;
  bounds.nat = true;
  c.uplinks.list = {http_only, unicode, bounds};
  EXPECT_EQ(ValidateConfig(c), Strings{});
}

TEST(UplinkValidation, UplinkDefaultsRanges) {
  Config c;
  c.uplinks.live_min_interval = milliseconds{999};
  c.uplinks.hysteresis_rounds = 0;
  EXPECT_EQ(ValidateConfig(c),
            (Strings{"uplink_defaults.live_min_interval_ms: must be 1000-3600000, got 999",
                     "uplink_defaults.hysteresis_rounds: must be 1-60, got 0"}));
}

TEST(UplinkValidation, AtMost64Uplinks) {
  Config c;
  for (int i = 0; i < 65; ++i) c.uplinks.list.push_back(Uplink("u" + std::to_string(i)));
  EXPECT_EQ(ValidateConfig(c), Strings{"uplinks: at most 64 entries, got 65"});
  c.uplinks.list.pop_back();
  EXPECT_EQ(ValidateConfig(c), Strings{});
}

TEST(UplinkValidation, ReportsEveryProblemOfEveryEntry) {
  Config c;
  UplinkConfig bad = Uplink("a/b", "bad iface");
  bad.gateway = "x";
  c.uplinks.list = {bad, Uplink("")};
  EXPECT_EQ(ValidateConfig(c).size(), 4u);
}

// ---- BuildTargets ----

TEST(UplinkTargets, AppendedAfterTheProbeTargetsInOrder) {
  Config c = Minimal();
  c.probe.http_urls = {"https://probe.example/"};
  UplinkConfig liquid = Uplink("Liquid (BGP01)");
  liquid.ping_targets = {"1.1.1.1", "8.8.8.8"};
  liquid.http_urls = {"https://example.com/"};
  UplinkConfig lte = Uplink("LTE backup (NAT)", "wwan0");
  lte.nat = true;
  lte.gateway = "192.0.2.254";
  UplinkConfig none = Uplink("No gateway", "eth2");
  none.gateway = "none";
  c.uplinks.list = {liquid, lte, none};
  ASSERT_EQ(ValidateConfig(c), Strings{});
  const auto t = BuildTargets(c);
  EXPECT_EQ(Names(t), (Strings{"198.51.100.1", "https://probe.example/", "Liquid (BGP01)/gateway",
                               "Liquid (BGP01)/1.1.1.1", "Liquid (BGP01)/8.8.8.8",
                               "Liquid (BGP01)/https://example.com/", "LTE backup (NAT)/gateway",
                               "LTE backup (NAT)/192.0.2.1", "No gateway/192.0.2.1"}));
  // The [probe] targets are unchanged and belong to no uplink.
  EXPECT_EQ(t[0].uplink, "");
  EXPECT_EQ(t[0].bind_device, "");
  EXPECT_TRUE(t[0].connectivity);
  EXPECT_EQ(t[1].uplink, "");
}

TEST(UplinkTargets, FieldsOfEachKind) {
  Config c = Minimal();
  c.probe.interval = milliseconds{500};
  c.probe.icmp_timeout = milliseconds{1500};
  c.probe.http_interval = milliseconds{20000};
  c.probe.http_timeout = milliseconds{5000};
  UplinkConfig u = Uplink("Liquid (BGP01)");
  u.source = "192.0.2.10";
  u.http_urls = {"http://192.0.2.80:8080/x"};
  c.uplinks.list = {u};
  ASSERT_EQ(ValidateConfig(c), Strings{});
  const auto t = BuildTargets(c);
  ASSERT_EQ(t.size(), 4u);
  for (std::size_t i = 1; i < t.size(); ++i) {
    EXPECT_EQ(t[i].uplink, "Liquid (BGP01)") << i;
    EXPECT_EQ(t[i].bind_device, "eth1") << i;
    EXPECT_EQ(t[i].source, "192.0.2.10") << i;
    EXPECT_FALSE(t[i].connectivity) << i;
  }
  EXPECT_EQ(t[1].name, "Liquid (BGP01)/gateway");
  EXPECT_EQ(t[1].kind, ProbeKind::kIcmp);
  EXPECT_EQ(t[1].role, TargetRole::kGateway);
  EXPECT_EQ(t[1].host, "");  // "auto": discovered on the uplink's interface
  EXPECT_EQ(t[1].interval, milliseconds{500});
  EXPECT_EQ(t[1].timeout, milliseconds{1500});

  EXPECT_EQ(t[2].name, "Liquid (BGP01)/192.0.2.1");
  EXPECT_EQ(t[2].kind, ProbeKind::kIcmp);
  EXPECT_EQ(t[2].role, TargetRole::kExternal);
  EXPECT_EQ(t[2].host, "192.0.2.1");
  EXPECT_EQ(t[2].interval, milliseconds{500});
  EXPECT_EQ(t[2].timeout, milliseconds{1500});

  EXPECT_EQ(t[3].name, "Liquid (BGP01)/http://192.0.2.80:8080/x");
  EXPECT_EQ(t[3].kind, ProbeKind::kHttp);
  EXPECT_EQ(t[3].url, "http://192.0.2.80:8080/x");
  EXPECT_EQ(t[3].host, "192.0.2.80");
  EXPECT_EQ(t[3].port, 8080);
  EXPECT_EQ(t[3].interval, milliseconds{20000});
  EXPECT_EQ(t[3].timeout, milliseconds{5000});
}

TEST(UplinkTargets, GatewayAddressAndNoBinding) {
  Config c = Minimal();
  UplinkConfig u = Uplink("Static", "");
  u.gateway = "192.0.2.254";
  c.uplinks.list = {u};
  const auto t = BuildTargets(c);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[1].host, "192.0.2.254");
  EXPECT_EQ(t[1].bind_device, "");
  EXPECT_EQ(t[1].source, "");
}

TEST(UplinkTargets, NamesAreUniqueAcrossUplinksWithTheSameTargets) {
  Config c;  // the default [probe] targets too: 1.1.1.1 is probed three ways
  c.uplinks.list = {Uplink("A"), Uplink("B", "eth2")};
  c.uplinks.list[0].ping_targets = c.uplinks.list[1].ping_targets = {"1.1.1.1"};
  const Strings names = Names(BuildTargets(c, "nameserver 192.0.2.53\n"));
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
}

// ---- BuildUplinkSpecs ----

TEST(UplinkSpecs, OneImplicitUplinkWithoutConfiguredOnes) {
  Config c;
  c.probe.interface = "eth0";
  c.probe.http_urls = {"https://example.com/"};
  c.engine.high_loss_pct = 7;
  c.engine.high_latency_ms = 90;
  c.uplinks.hysteresis_rounds = 4;
  const auto targets = BuildTargets(c, "nameserver 192.0.2.53\n");
  // gateway, 3 ICMP, 3 TCP, 1 DNS, 1 HTTP
  ASSERT_EQ(targets.size(), 9u);
  const auto specs = BuildUplinkSpecs(c, targets);
  ASSERT_EQ(specs.size(), 1u);
  const UplinkSpec& s = specs[0];
  EXPECT_TRUE(s.implicit);
  EXPECT_EQ(s.name, "");
  EXPECT_EQ(s.interface, "eth0");
  EXPECT_EQ(s.source, "");
  EXPECT_EQ(s.gateway, "auto");
  EXPECT_FALSE(s.nat);
  EXPECT_EQ(s.gateway_target, TargetId{0});
  EXPECT_EQ(s.ping_targets, (Ids{1, 2, 3}));  // not TCP or DNS
  EXPECT_EQ(s.http_targets, Ids{8});
  EXPECT_EQ(s.high_loss_pct, 7);
  EXPECT_EQ(s.high_latency_ms, 90);
  EXPECT_EQ(s.hysteresis_rounds, 4);
}

TEST(UplinkSpecs, ImplicitUplinkWithoutGateway) {
  Config c = Minimal();
  c.probe.gateway = "none";
  const auto specs = BuildUplinkSpecs(c, BuildTargets(c));
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].gateway, "none");
  EXPECT_EQ(specs[0].gateway_target, std::nullopt);
  EXPECT_EQ(specs[0].ping_targets, Ids{0});
  EXPECT_TRUE(specs[0].http_targets.empty());
}

TEST(UplinkSpecs, OnePerConfiguredUplinkWithItsOwnTargets) {
  Config c = Minimal();  // target 0 is [probe]'s 198.51.100.1, which belongs to no uplink
  c.engine.high_loss_pct = 7;
  c.engine.high_latency_ms = 90;
  c.uplinks.hysteresis_rounds = 4;
  UplinkConfig liquid = Uplink("Liquid (BGP01)");
  liquid.source = "192.0.2.10";
  liquid.ping_targets = {"1.1.1.1", "8.8.8.8"};
  liquid.http_urls = {"https://example.com/"};
  liquid.high_loss_pct = 2;
  liquid.high_latency_ms = 50;
  liquid.hysteresis_rounds = 6;
  UplinkConfig lte = Uplink("LTE backup (NAT)", "wwan0");
  lte.nat = true;
  lte.gateway = "192.0.2.254";
  lte.ping_targets = {};
  lte.http_urls = {"https://example.com/", "https://example.org/"};
  UplinkConfig none = Uplink("No gateway", "eth2");
  none.gateway = "none";
  c.uplinks.list = {liquid, lte, none};
  ASSERT_EQ(ValidateConfig(c), Strings{});
  const auto targets = BuildTargets(c);
  const auto specs = BuildUplinkSpecs(c, targets);
  ASSERT_EQ(specs.size(), 3u);

  EXPECT_FALSE(specs[0].implicit);
  EXPECT_EQ(specs[0].name, "Liquid (BGP01)");
  EXPECT_EQ(specs[0].interface, "eth1");
  EXPECT_EQ(specs[0].source, "192.0.2.10");
  EXPECT_EQ(specs[0].gateway, "auto");
  EXPECT_FALSE(specs[0].nat);
  EXPECT_EQ(specs[0].gateway_target, TargetId{1});
  EXPECT_EQ(specs[0].ping_targets, (Ids{2, 3}));
  EXPECT_EQ(specs[0].http_targets, Ids{4});
  EXPECT_EQ(specs[0].high_loss_pct, 2);
  EXPECT_EQ(specs[0].high_latency_ms, 50);
  EXPECT_EQ(specs[0].hysteresis_rounds, 6);

  EXPECT_EQ(specs[1].name, "LTE backup (NAT)");
  EXPECT_TRUE(specs[1].nat);
  EXPECT_EQ(specs[1].gateway, "192.0.2.254");
  EXPECT_EQ(specs[1].gateway_target, TargetId{5});
  EXPECT_TRUE(specs[1].ping_targets.empty());
  EXPECT_EQ(specs[1].http_targets, (Ids{6, 7}));
  EXPECT_EQ(specs[1].high_loss_pct, 7);  // from [engine]
  EXPECT_EQ(specs[1].high_latency_ms, 90);
  EXPECT_EQ(specs[1].hysteresis_rounds, 4);  // from [uplink_defaults]

  EXPECT_EQ(specs[2].name, "No gateway");
  EXPECT_EQ(specs[2].gateway_target, std::nullopt);
  EXPECT_EQ(specs[2].ping_targets, Ids{8});

  // Every id points at a target of that uplink, by name.
  for (const UplinkSpec& s : specs) {
    if (s.gateway_target) {
      EXPECT_EQ(targets[*s.gateway_target].name, s.name + "/gateway");
    }
    for (TargetId id : s.ping_targets) EXPECT_EQ(targets[id].uplink, s.name);
    for (TargetId id : s.http_targets) EXPECT_EQ(targets[id].kind, ProbeKind::kHttp);
  }
}

TEST(UplinkSpecs, SurviveTcpPromotion) {
  Config c;
  c.uplinks.list = {Uplink("A")};
  auto targets = BuildTargets(c, "nameserver 192.0.2.53\n");
  const auto before = BuildUplinkSpecs(c, targets);
  PromoteTcpToConnectivity(targets);
  const auto after = BuildUplinkSpecs(c, targets);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].gateway_target, before[0].gateway_target);
  EXPECT_EQ(after[0].ping_targets, before[0].ping_targets);
}

TEST(UplinkSpecs, FromTomlEndToEnd) {
  LayeredConfig l = Load(R"toml(
[probe]
targets = ["198.51.100.1"]
gateway = "none"
tcp_targets = []
dns_servers = []

[uplink_defaults]
hysteresis_rounds = 2

[[uplinks]]
name = "Liquid (BGP01)"
interface = "eth1"
ping_targets = ["1.1.1.1"]

[[uplinks]]
name = "LTE backup (NAT)"
interface = "wwan0"
nat = true
ping_targets = ["9.9.9.9"]
hysteresis_rounds = 5
)toml");
  ASSERT_EQ(l.errors, Strings{});
  ASSERT_EQ(ValidateConfig(l.config), Strings{});
  const auto targets = BuildTargets(l.config);
  EXPECT_EQ(Names(targets),
            (Strings{"198.51.100.1", "Liquid (BGP01)/gateway", "Liquid (BGP01)/1.1.1.1",
                     "LTE backup (NAT)/gateway", "LTE backup (NAT)/9.9.9.9"}));
  const auto specs = BuildUplinkSpecs(l.config, targets);
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].hysteresis_rounds, 2);
  EXPECT_EQ(specs[1].hysteresis_rounds, 5);
  EXPECT_TRUE(specs[1].nat);
  EXPECT_EQ(specs[1].interface, "wwan0");
  EXPECT_EQ(specs[1].ping_targets, Ids{4});
}

// ---- names ----

TEST(UplinkName, Rules) {
  EXPECT_EQ(UplinkNameProblem("Liquid (BGP01)"), "");
  EXPECT_EQ(UplinkNameProblem("a"), "");
  EXPECT_EQ(UplinkNameProblem("Ü"), "");
  std::string longest(32, 'x');
  for (int i = 0; i < 32; ++i) longest += "\xc3\x9c";  // Ü: 64 characters in 96 bytes
  EXPECT_EQ(UplinkNameProblem(longest), "");
  EXPECT_EQ(UplinkNameProblem(longest + "x"), "must be 1-64 characters, got 65");
  EXPECT_EQ(UplinkNameProblem("\xed\xa0\x80"), "\"\xed\xa0\x80\" is not valid UTF-8");  // surrogate
  EXPECT_EQ(UplinkNameProblem("\xf4\x90\x80\x80"), "\"\xf4\x90\x80\x80\" is not valid UTF-8");
  EXPECT_EQ(UplinkNameProblem("\xe2\x82"), "\"\xe2\x82\" is not valid UTF-8");  // truncated
  EXPECT_EQ(UplinkNameProblem("a\t"), "\"a\\x09\" contains a control character (U+0009)");
  EXPECT_EQ(UplinkNameProblem("a\x7f"), "\"a\\x7f\" contains a control character (U+007F)");
}

}  // namespace
}  // namespace ww
