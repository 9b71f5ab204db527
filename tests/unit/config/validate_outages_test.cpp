// The [outages] section's rules (config/validate_outages.h): one bad value
// each, with the exact message that names the key.
#include <gtest/gtest.h>

#include <functional>

#include "config/layered_config.h"
#include "config/overrides.h"
#include "config/toml_config.h"
#include "config/validate.h"

namespace ww {
namespace {

struct OutageRuleCase {
  const char* name;
  std::function<void(OutagesConfig&)> change;
  std::string message;
};

void PrintTo(const OutageRuleCase& c, std::ostream* os) { *os << c.name; }

class OutagesRule : public testing::TestWithParam<OutageRuleCase> {};

TEST_P(OutagesRule, ReportsExactlyThisMessage) {
  Config c;
  GetParam().change(c.outages);
  EXPECT_EQ(ValidateConfig(c), std::vector<std::string>{GetParam().message});
}

const OutageRuleCase kOutageRules[] = {
    {"IntervalTooShort", [](OutagesConfig& o) { o.interval_seconds = 4; },
     "outages.interval_seconds: must be 5-3600, got 4"},
    {"IntervalTooLong", [](OutagesConfig& o) { o.interval_seconds = 3601; },
     "outages.interval_seconds: must be 5-3600, got 3601"},
    {"TimeoutTooShort", [](OutagesConfig& o) { o.timeout = std::chrono::milliseconds(99); },
     "outages.timeout_ms: must be 100-60000, got 99"},
    {"TimeoutNotShorterThanInterval",
     [](OutagesConfig& o) {
       o.interval_seconds = 5;
       o.timeout = std::chrono::milliseconds(5000);
     },
     "outages.timeout_ms: must be shorter than outages.interval_seconds (5000 ms), got 5000"},
    {"QuorumZero", [](OutagesConfig& o) { o.quorum = 0; }, "outages.quorum: must be 1-100, got 0"},
    {"QuorumAboveTargets", [](OutagesConfig& o) { o.quorum = 4; },
     "outages.quorum: must not exceed the number of outages.targets (3), got 4"},
    {"ConfirmRoundsZero", [](OutagesConfig& o) { o.confirm_rounds = 0; },
     "outages.confirm_rounds: must be 1-100, got 0"},
    {"TargetWithoutPort",
     [](OutagesConfig& o) {
       o.targets = {"1.1.1.1", "8.8.8.8:53"};
     },
     "outages.targets[0]: \"1.1.1.1\" is not host:port (port 1-65535; IPv6 as [addr]:port)"},
    {"TargetDuplicate",
     [](OutagesConfig& o) {
       o.targets = {"[2001:db8::1]:53", "[2001:db8::1]:53"};
     },
     "outages.targets[1]: duplicate of outages.targets[0]"},
    {"PublicIpUrlNotHttp", [](OutagesConfig& o) { o.public_ip_url = "ftp://example.com/"; },
     "outages.public_ip_url: \"ftp://example.com/\" is not an http:// or https:// URL with a host"},
    {"RipestatUrlNotAUrl", [](OutagesConfig& o) { o.ripestat_url = "stat.ripe.net"; },
     "outages.ripestat_url: \"stat.ripe.net\" is not an http:// or https:// URL with a host"},
    {"RadarUrlNotAUrl", [](OutagesConfig& o) { o.cloudflare_radar_url = "https://"; },
     "outages.cloudflare_radar_url: \"https://\" is not an http:// or https:// URL with a host"},
    {"RadarTokenWithoutUrl", [](OutagesConfig& o) { o.cloudflare_radar_token = "secret"; },
     "outages.cloudflare_radar_token: set, but outages.cloudflare_radar_url is not"},
};

INSTANTIATE_TEST_SUITE_P(Outages, OutagesRule, testing::ValuesIn(kOutageRules),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(OutagesConfig, DefaultsAreHermesAndEnrichmentIsOff) {
  const OutagesConfig o;
  EXPECT_TRUE(o.enabled);
  EXPECT_EQ(o.targets, (std::vector<std::string>{"1.1.1.1:53", "8.8.8.8:53", "9.9.9.9:53"}));
  EXPECT_EQ(o.interval_seconds, 30);
  EXPECT_EQ(o.timeout, std::chrono::milliseconds(3000));
  EXPECT_EQ(o.quorum, 2);
  EXPECT_EQ(o.confirm_rounds, 2);
  EXPECT_TRUE(o.public_ip_url.empty());
  EXPECT_TRUE(o.ripestat_url.empty());
  EXPECT_TRUE(o.cloudflare_radar_url.empty());
}

TEST(OutagesConfig, TomlSectionIsRead) {
  LayeredConfig l;
  ApplyToml(
      "[outages]\ntargets = [\"127.0.0.1:1053\", \"[::1]:53\"]\ninterval_seconds = 5\n"
      "timeout_ms = 500\nquorum = 1\nconfirm_rounds = 3\n"
      "ripestat_url = \"http://127.0.0.1:9/\"\n",
      "test", l);
  ASSERT_EQ(l.errors, std::vector<std::string>{});
  EXPECT_EQ(l.config.outages.targets, (std::vector<std::string>{"127.0.0.1:1053", "[::1]:53"}));
  EXPECT_EQ(l.config.outages.interval_seconds, 5);
  EXPECT_EQ(l.config.outages.timeout, std::chrono::milliseconds(500));
  EXPECT_EQ(l.config.outages.quorum, 1);
  EXPECT_EQ(l.config.outages.confirm_rounds, 3);
  EXPECT_EQ(ValidateConfig(l.config), std::vector<std::string>{});
}

TEST(OutagesConfig, UnknownKeyIsAnError) {
  LayeredConfig l;
  ApplyToml("[outages]\nintervall_seconds = 5\n", "test", l);
  ASSERT_EQ(l.errors.size(), 1u);
  EXPECT_NE(l.errors[0].find("outages.intervall_seconds"), std::string::npos) << l.errors[0];
}

TEST(OutagesConfig, TargetFlagEmptiesThePublicDefaultsButKeepsWhatTheFileSet) {
  CommandLineOverrides flags;
  flags.targets = {"127.0.0.1"};
  LayeredConfig defaults;
  ApplyCommandLine(flags, defaults);
  EXPECT_TRUE(defaults.config.outages.targets.empty());
  EXPECT_EQ(ValidateConfig(defaults.config), std::vector<std::string>{});

  LayeredConfig from_file;
  ApplyToml("[outages]\ntargets = [\"127.0.0.1:9\"]\nquorum = 1\n", "test", from_file);
  ApplyCommandLine(flags, from_file);
  EXPECT_EQ(from_file.config.outages.targets, std::vector<std::string>{"127.0.0.1:9"});
}

}  // namespace
}  // namespace ww
