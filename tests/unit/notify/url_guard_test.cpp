#include "notify/url_guard.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace ww {
namespace {

IpAddress Ip(const std::string& text) { return *IpAddress::Parse(text); }

// Names the tests resolve; anything else "does not exist". Counts lookups so a
// test can tell that literal hosts never reach the resolver.
class FakeResolver {
 public:
  explicit FakeResolver(std::map<std::string, std::vector<std::string>> names)
      : names_(std::move(names)) {}
  HostResolver AsResolver() {
    return [this](const std::string& host) -> Result<std::vector<IpAddress>> {
      ++lookups_;
      const auto found = names_.find(host);
      if (found == names_.end()) {
        return Result<std::vector<IpAddress>>::Error("Name or service not known");
      }
      std::vector<IpAddress> addresses;
      for (const std::string& a : found->second) addresses.push_back(Ip(a));
      return addresses;
    };
  }
  int lookups() const { return lookups_; }

 private:
  std::map<std::string, std::vector<std::string>> names_;
  int lookups_ = 0;
};

FakeResolver StandardNames() {
  return FakeResolver({
      {"ntfy.example.com", {"93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:1d53"}},
      {"internal.example.com", {"10.1.2.3"}},
      {"rebind.example.com", {"93.184.215.14", "192.168.1.20"}},  // one public, one private
      {"metadata.example.com", {"169.254.169.254"}},
      {"v6only.example.com", {"fd00:ec2::254"}},
      {"mapped.example.com", {"::ffff:127.0.0.1"}},
      {"lan-ntfy.home.arpa", {"192.168.1.20"}},
  });
}

struct RefusedCase {
  const char* url;
  const char* expected;  // a piece of the error naming the reason
};

// Every notation, scheme and trick the issue lists: each must be refused, and
// for the reason given (not merely fail somewhere).
const RefusedCase kRefused[] = {
    // Loopback, in every notation curl, glibc or a browser reads as 127.0.0.1.
    {"http://127.0.0.1/", "127.0.0.1 is a loopback address"},
    {"http://2130706433/", "127.0.0.1 is a loopback address"},
    {"http://0177.0.0.1/", "127.0.0.1 is a loopback address"},
    {"http://0x7f.1/", "127.0.0.1 is a loopback address"},
    {"http://0x7f000001/", "127.0.0.1 is a loopback address"},
    {"http://0X7F.0.0.1/", "127.0.0.1 is a loopback address"},
    {"http://127.1/", "127.0.0.1 is a loopback address"},
    {"http://127.0.1/", "127.0.0.1 is a loopback address"},
    {"http://0177.0x0.1/", "127.0.0.1 is a loopback address"},  // mixed octal and hex
    {"http://0000177.0.0.01/", "127.0.0.1 is a loopback address"},
    {"http://127.0.0.1./", "127.0.0.1 is a loopback address"},  // trailing dot
    {"HTTP://127.0.0.1/", "127.0.0.1 is a loopback address"},   // upper-case scheme
    {"http://127.0.0.1:8080/path?q=1", "127.0.0.1 is a loopback address"},
    {"http://[::1]/", "::1 is a loopback address"},
    {"http://[0:0:0:0:0:0:0:1]/", "::1 is a loopback address"},
    {"http://[::ffff:127.0.0.1]/", "embedding 127.0.0.1) is a loopback address"},
    {"http://[::ffff:7f00:1]/", "embedding 127.0.0.1) is a loopback address"},
    {"http://[0:0:0:0:0:ffff:127.0.0.1]/", "embedding 127.0.0.1) is a loopback address"},
    {"http://[64:ff9b::7f00:1]/", "embedding 127.0.0.1) is a loopback address"},  // NAT64
    {"http://[2002:7f00:1::]/", "embedding 127.0.0.1) is a loopback address"},    // 6to4
    {"http://[::127.0.0.1]/", "IPv4-compatible"},
    {"http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "Teredo"},
    // Userinfo and fragment tricks: the host is what follows the "@".
    {"http://evil@127.0.0.1/", "127.0.0.1 is a loopback address"},
    {"http://example.com@127.0.0.1/", "127.0.0.1 is a loopback address"},
    {"http://127.0.0.1#@example.com/", "127.0.0.1 is a loopback address"},
    {"http://127.0.0.1?@example.com/", "127.0.0.1 is a loopback address"},
    {"http://a@b@127.0.0.1/", "more than one \"@\""},
    {"http://user:pass@example.com/", "user names and passwords"},
    {"http://127.0.0.1\\@example.com/", "backslashes"},
    {"http:\\\\127.0.0.1/", "backslashes"},
    {"http://localhost/", "localhost is a loopback name"},
    {"http://LOCALHOST./", "localhost is a loopback name"},
    {"http://api.localhost/", "api.localhost is a loopback name"},
    // Private, link-local, metadata, CGNAT.
    {"http://10.0.0.1/", "10.0.0.1 is a private address"},
    {"http://10.1/", "10.0.0.1 is a private address"},
    {"http://167772161/", "10.0.0.1 is a private address"},
    {"http://172.16.5.4/", "172.16.5.4 is a private address"},
    {"http://172.31.255.255/", "172.31.255.255 is a private address"},
    {"http://192.168.0.1/", "192.168.0.1 is a private address"},
    {"http://0xc0.0xa8.0.1/", "192.168.0.1 is a private address"},
    {"http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"},
    {"http://0xa9fea9fe/", "169.254.169.254 is a cloud metadata address"},
    {"http://169.254.1.1/", "169.254.1.1 is a link-local address"},
    {"http://100.64.0.1/", "100.64.0.1 is a shared (CGNAT) address"},
    {"http://100.127.255.254/", "is a shared (CGNAT) address"},
    {"http://[fd00:ec2::254]/", "fd00:ec2::254 is a cloud metadata address"},
    {"http://[fc00::1]/", "fc00::1 is a private (unique local) address"},
    {"http://[fe80::1]/", "fe80::1 is a link-local address"},
    {"http://[fe80::1%25eth0]/", "fe80::1 is a link-local address"},
    {"http://[fec0::1]/", "site-local"},
    // Unspecified, multicast, reserved, documentation, benchmarking.
    {"http://0.0.0.0/", "0.0.0.0 is an unspecified (this network) address"},
    {"http://0/", "0.0.0.0 is an unspecified (this network) address"},
    {"http://[::]/", ":: is an unspecified address"},
    {"http://224.0.0.1/", "224.0.0.1 is a multicast address"},
    {"http://[ff02::1]/", "ff02::1 is a multicast address"},
    {"http://240.0.0.1/", "240.0.0.1 is a reserved address"},
    {"http://255.255.255.255/", "255.255.255.255 is a broadcast address"},
    {"http://4294967295/", "255.255.255.255 is a broadcast address"},
    {"http://192.0.0.8/", "IETF protocol assignment"},
    {"http://192.0.2.1/", "192.0.2.1 is a documentation address"},
    {"http://198.51.100.7/", "198.51.100.7 is a documentation address"},
    {"http://203.0.113.9/", "203.0.113.9 is a documentation address"},
    {"http://[2001:db8::1]/", "2001:db8::1 is a documentation address"},
    {"http://198.18.0.1/", "198.18.0.1 is a benchmarking address"},
    {"http://[100::1]/", "100::1 is a discard-only address"},
    {"http://[4000::1]/", "4000::1 is a reserved address"},
    // Names that resolve inside.
    {"https://internal.example.com/hook", "internal.example.com resolves to 10.1.2.3, a private"},
    {"https://rebind.example.com/", "rebind.example.com resolves to 192.168.1.20, a private"},
    {"https://metadata.example.com/", "resolves to 169.254.169.254, a cloud metadata"},
    {"https://v6only.example.com/", "resolves to fd00:ec2::254, a cloud metadata"},
    {"https://mapped.example.com/", "resolves to ::ffff:127.0.0.1 (embedding 127.0.0.1)"},
    {"https://INTERNAL.Example.COM./", "internal.example.com resolves to 10.1.2.3"},
    // Schemes.
    {"file:///etc/passwd", "only http and https"},
    {"ftp://ftp.example.com/", "only http and https"},
    {"gopher://127.0.0.1:25/", "only http and https"},
    {"data:text/plain,hello", "only http and https"},
    {"javascript:alert(1)", "only http and https"},
    {"dict://127.0.0.1:11211/", "only http and https"},
    {"//ntfy.example.com/", "only http and https"},
    {"ntfy.example.com/topic", "only http and https"},
    {"http:/ntfy.example.com/", "must start with http://"},
    // Malformed hosts and ports.
    {"http:///path", "no host"},
    {"http://:80/", "no host"},
    {"http://ntfy.example.com:0/", "port is out of range"},
    {"http://ntfy.example.com:65536/", "port is out of range"},
    {"http://ntfy.example.com:99999999999999999999/", "port is out of range"},
    {"http://ntfy.example.com:80a/", "port is not a number"},
    {"http://::1/", "must be written in brackets"},
    {"http://[::1/", "no closing bracket"},
    {"http://1.2.3.4.5/", "is not a valid IPv4 address"},
    {"http://08.0.0.1/", "is not a valid IPv4 address"},  // 8 is not an octal digit
    {"http://256.0.0.1/", "is not a valid IPv4 address"},
    {"http://example.0x1/", "is not a valid IPv4 address"},
    {"http://127.0.0.1%2f/", "is not a valid host name"},
    {"http://%31%32%37.0.0.1/", "is not a valid host name"},
    {"http://exa mple.com/", "space"},
    {"http://127.0.0.1\t/", "control"},
    {" http://ntfy.example.com/", "space"},
    {"http://ex\xc3\xa4mple.com/", "non-ASCII"},
    {"", "empty"},
};

class RefusedUrlTest : public ::testing::TestWithParam<RefusedCase> {};

TEST_P(RefusedUrlTest, IsRefusedForItsReason) {
  FakeResolver names = StandardNames();
  const Result<GuardedUrl> guarded = GuardUrl(GetParam().url, {}, names.AsResolver());
  ASSERT_FALSE(guarded.ok()) << GetParam().url << " was allowed";
  EXPECT_NE(guarded.error().find(GetParam().expected), std::string::npos)
      << GetParam().url << ": " << guarded.error();
  // The same URL is refused for storage too: none of these is a mere DNS miss.
  EXPECT_FALSE(CheckUrlForStorage(GetParam().url, {}, names.AsResolver()).ok());
}

INSTANTIATE_TEST_SUITE_P(Table, RefusedUrlTest, ::testing::ValuesIn(kRefused));

TEST(UrlGuardTest, TheTableIsLargeEnough) { EXPECT_GE(std::size(kRefused), 40u); }

TEST(UrlGuardTest, AcceptsAPublicLiteralWithoutResolving) {
  FakeResolver names = StandardNames();
  const Result<GuardedUrl> guarded =
      GuardUrl("https://93.184.215.14:8443/message?token=abc#frag", {}, names.AsResolver());
  ASSERT_TRUE(guarded.ok()) << guarded.error();
  EXPECT_EQ(guarded->scheme, "https");
  EXPECT_EQ(guarded->host, "93.184.215.14");
  EXPECT_EQ(guarded->port, 8443);
  EXPECT_EQ(guarded->path_and_query, "/message?token=abc");  // fragment never sent
  EXPECT_EQ(guarded->addresses, std::vector<IpAddress>{Ip("93.184.215.14")});
  EXPECT_TRUE(guarded->host_is_address);
  EXPECT_EQ(guarded->Origin(), "https://93.184.215.14");
  EXPECT_EQ(names.lookups(), 0);
}

TEST(UrlGuardTest, AcceptsPublicNotationsAsTheAddressTheyMean) {
  FakeResolver names = StandardNames();
  for (const char* url : {"http://1572394766/", "http://0x5d.0xb8.0xd7.0x0e/",
                          "http://93.12113678/", "http://[2606:4700:4700::1111]/",
                          "http://[::ffff:93.184.215.14]/", "http://[64:ff9b::5db8:d70e]/"}) {
    const Result<GuardedUrl> guarded = GuardUrl(url, {}, names.AsResolver());
    EXPECT_TRUE(guarded.ok()) << url << ": " << guarded.error();
  }
  EXPECT_EQ(GuardUrl("http://1572394766/", {}, names.AsResolver())->host, "93.184.215.14");
}

TEST(UrlGuardTest, AcceptsAPublicNameAndKeepsEveryAddress) {
  FakeResolver names = StandardNames();
  const Result<GuardedUrl> guarded =
      GuardUrl("HTTPS://Ntfy.Example.com./alerts", {}, names.AsResolver());
  ASSERT_TRUE(guarded.ok()) << guarded.error();
  EXPECT_EQ(guarded->host, "ntfy.example.com");
  EXPECT_EQ(guarded->port, 443);
  EXPECT_EQ(guarded->path_and_query, "/alerts");
  EXPECT_EQ(guarded->addresses.size(), 2u);
  EXPECT_FALSE(guarded->host_is_address);
  EXPECT_EQ(guarded->Origin(), "https://ntfy.example.com");
  EXPECT_EQ(names.lookups(), 1);
}

TEST(UrlGuardTest, DefaultPathAndPortsAndEmptyPort) {
  FakeResolver names = StandardNames();
  EXPECT_EQ(GuardUrl("http://ntfy.example.com", {}, names.AsResolver())->path_and_query, "/");
  EXPECT_EQ(GuardUrl("http://ntfy.example.com?x=1", {}, names.AsResolver())->path_and_query,
            "/?x=1");
  EXPECT_EQ(GuardUrl("http://ntfy.example.com:/", {}, names.AsResolver())->port, 80);
  EXPECT_EQ(GuardUrl("http://ntfy.example.com:00080/", {}, names.AsResolver())->port, 80);
}

UrlGuardPolicy Allow(std::initializer_list<const char*> cidrs) {
  UrlGuardPolicy policy;
  for (const char* c : cidrs) policy.allow.push_back(*Cidr::Parse(c));
  return policy;
}

TEST(UrlGuardTest, TheAllowlistLetsListedPrivateAddressesThrough) {
  FakeResolver names = StandardNames();
  const UrlGuardPolicy lan = Allow({"192.168.1.0/24"});
  EXPECT_TRUE(GuardUrl("http://192.168.1.20/", lan, names.AsResolver()).ok());
  EXPECT_TRUE(GuardUrl("http://lan-ntfy.home.arpa/", lan, names.AsResolver()).ok());
  EXPECT_TRUE(GuardUrl("http://[::ffff:192.168.1.20]/", lan, names.AsResolver()).ok());
  // A name with one public address and one listed private address passes.
  EXPECT_TRUE(GuardUrl("http://rebind.example.com/", lan, names.AsResolver()).ok());
  // Only what is listed: the rest of the private ranges stay closed.
  EXPECT_FALSE(GuardUrl("http://192.168.2.1/", lan, names.AsResolver()).ok());
  EXPECT_FALSE(GuardUrl("http://10.0.0.1/", lan, names.AsResolver()).ok());
  EXPECT_FALSE(GuardUrl("http://169.254.169.254/", lan, names.AsResolver()).ok());

  const UrlGuardPolicy loopback = Allow({"127.0.0.0/8"});
  EXPECT_TRUE(GuardUrl("http://127.0.0.1:9/", loopback, names.AsResolver()).ok());
  EXPECT_TRUE(GuardUrl("http://0x7f.1:9/", loopback, names.AsResolver()).ok());
  EXPECT_TRUE(GuardUrl("https://mapped.example.com/", loopback, names.AsResolver()).ok());
  EXPECT_FALSE(GuardUrl("http://[::1]/", loopback, names.AsResolver()).ok());
  // Names and syntax are judged whatever the list says.
  EXPECT_FALSE(GuardUrl("http://localhost/", loopback, names.AsResolver()).ok());
  EXPECT_FALSE(GuardUrl("http://evil@127.0.0.1/", loopback, names.AsResolver()).ok());
  EXPECT_FALSE(GuardUrl("gopher://127.0.0.1/", loopback, names.AsResolver()).ok());
}

TEST(UrlGuardTest, ZoneIdsAreRefusedEvenWhenTheAddressIsAllowed) {
  FakeResolver names = StandardNames();
  const Result<GuardedUrl> guarded =
      GuardUrl("http://[fe80::1%25eth0]/", Allow({"fe80::/10"}), names.AsResolver());
  ASSERT_FALSE(guarded.ok());
  EXPECT_NE(guarded.error().find("zone"), std::string::npos) << guarded.error();
}

TEST(UrlGuardTest, AnUnresolvableNameIsStorableButNotSendable) {
  FakeResolver names = StandardNames();
  const UrlVerdict verdict = JudgeUrl("https://gotify.not-yet.example/", {}, names.AsResolver());
  EXPECT_FALSE(verdict.url);
  EXPECT_TRUE(verdict.unresolved);
  EXPECT_NE(verdict.error.find("cannot resolve gotify.not-yet.example"), std::string::npos)
      << verdict.error;
  EXPECT_FALSE(GuardUrl("https://gotify.not-yet.example/", {}, names.AsResolver()).ok());
  EXPECT_TRUE(CheckUrlForStorage("https://gotify.not-yet.example/", {}, names.AsResolver()).ok());
  // A refusal is not a DNS miss: storage refuses it too.
  const Status refused =
      CheckUrlForStorage("https://internal.example.com/", {}, names.AsResolver());
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.message().find("private"), std::string::npos);
}

TEST(UrlGuardTest, ANameWithNoAddressesIsUnresolved) {
  const HostResolver empty = [](const std::string&) {
    return Result<std::vector<IpAddress>>(std::vector<IpAddress>{});
  };
  const UrlVerdict verdict = JudgeUrl("https://nothing.example/", {}, empty);
  EXPECT_FALSE(verdict.url);
  EXPECT_TRUE(verdict.unresolved);
}

TEST(UrlGuardTest, ErrorsNeverCarryThePathOrQuery) {
  FakeResolver names = StandardNames();
  for (const char* url : {"http://10.0.0.1/secret-path?token=s3cr3t",
                          "https://internal.example.com/secret-path?token=s3cr3t",
                          "https://nowhere.example/secret-path?token=s3cr3t",
                          "http://user:s3cr3t@ntfy.example.com/secret-path"}) {
    const Result<GuardedUrl> guarded = GuardUrl(url, {}, names.AsResolver());
    ASSERT_FALSE(guarded.ok()) << url;
    EXPECT_EQ(guarded.error().find("s3cr3t"), std::string::npos) << guarded.error();
    EXPECT_EQ(guarded.error().find("secret-path"), std::string::npos) << guarded.error();
  }
}

TEST(AddressClassTest, PublicAddressesAreNotBlocked) {
  for (const char* a :
       {"1.1.1.1", "8.8.8.8", "93.184.215.14", "100.63.255.255", "100.128.0.0", "172.15.255.255",
        "172.32.0.0", "192.169.0.1", "198.17.255.255", "198.20.0.0", "223.255.255.255",
        "2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "2001:4860:4860::8888"}) {
    EXPECT_FALSE(BlockedAddressClass(Ip(a))) << a << ": " << *BlockedAddressClass(Ip(a));
  }
}

TEST(AddressClassTest, EmbeddedFormsAreJudgedByTheirIpv4) {
  const AddressJudgement mapped = JudgeAddress(Ip("::ffff:10.0.0.1"));
  EXPECT_EQ(mapped.blocked_class, "private");
  EXPECT_EQ(mapped.embedded_ipv4, Ip("10.0.0.1"));
  EXPECT_EQ(JudgeAddress(Ip("2002:c0a8:101::1")).blocked_class, "private");  // 6to4 of 192.168.1.1
  EXPECT_FALSE(JudgeAddress(Ip("2002:0808:0808::1")).blocked_class);         // 6to4 of 8.8.8.8
  EXPECT_EQ(JudgeAddress(Ip("64:ff9b:1::1")).blocked_class, "NAT64 local-use");
}

}  // namespace
}  // namespace ww
