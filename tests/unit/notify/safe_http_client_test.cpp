#include "notify/safe_http_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>

#include "loopback_http_server.h"
#include "notify/pinned_transfer.h"

namespace ww {
namespace {

using testing::CannedReply;
using testing::LoopbackHttpServer;
using testing::ReceivedRequest;

constexpr auto kDeadline = std::chrono::seconds(10);

UrlGuardPolicy AllowLoopback() { return {{*Cidr::Parse("127.0.0.0/8")}}; }

// Any name lookup is a test failure: the URLs below name addresses.
HostResolver NoLookups() {
  return [](const std::string& host) -> Result<std::vector<IpAddress>> {
    ADD_FAILURE() << "unexpected lookup of " << host;
    return Result<std::vector<IpAddress>>::Error("no lookups here");
  };
}

std::string Url(const LoopbackHttpServer& server, const std::string& path = "/") {
  return "http://127.0.0.1:" + std::to_string(server.port()) + path;
}

SafeHttpClient Client(UrlGuardPolicy policy, HostResolver resolve = NoLookups(),
                      SafeHttpClient::Options options = {}) {
  return SafeHttpClient(std::move(policy), std::move(resolve), options);
}

// Proves that no connection attempt reached `server` before now: the server
// accepts in order, so after one more (allowed) request has been served, an
// earlier connection would have been counted first.
void ExpectOnlyOneConnectionAfterAProbe(LoopbackHttpServer& server) {
  const DeliveryOutcome probe = Client(AllowLoopback()).Send({"GET", Url(server), {}, ""});
  ASSERT_TRUE(probe.ok) << probe.error;
  ASSERT_TRUE(server.WaitForRequests(1, kDeadline));
  EXPECT_EQ(server.connections(), 1);
}

TEST(SafeHttpClientTest, DeliversThePostExactlyWhenTheAllowlistCoversTheServer) {
  LoopbackHttpServer server;
  OutboundRequest request;
  request.url = Url(server, "/alerts?token=abc");
  request.headers = {{"Title", "WAN down"}, {"Priority", "4"}, {"Content-Type", "text/plain"}};
  request.body = std::string(3000, 'x') + "\nend";  // past curl's 1 KiB Expect threshold
  const DeliveryOutcome outcome = Client(AllowLoopback()).Send(request);
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(outcome.http_status, 200);
  EXPECT_TRUE(outcome.error.empty());
  ASSERT_TRUE(server.WaitForRequests(1, kDeadline));
  const ReceivedRequest got = server.requests().at(0);
  EXPECT_EQ(got.method, "POST");
  EXPECT_EQ(got.target, "/alerts?token=abc");
  EXPECT_EQ(got.Header("Title"), "WAN down");
  EXPECT_EQ(got.Header("Priority"), "4");
  EXPECT_EQ(got.Header("Content-Type"), "text/plain");
  EXPECT_EQ(got.Header("Expect"), "");
  EXPECT_EQ(got.Header("Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(got.body, request.body);
}

TEST(SafeHttpClientTest, SendsOtherMethodsWithTheirBody) {
  LoopbackHttpServer server;
  const DeliveryOutcome outcome =
      Client(AllowLoopback()).Send({"PUT", Url(server, "/x"), {{"X-Empty", ""}}, "{\"a\":1}"});
  EXPECT_TRUE(outcome.ok) << outcome.error;
  ASSERT_TRUE(server.WaitForRequests(1, kDeadline));
  EXPECT_EQ(server.requests().at(0).method, "PUT");
  EXPECT_EQ(server.requests().at(0).body, "{\"a\":1}");
  bool has_empty_header = false;
  const ReceivedRequest got = server.requests().at(0);
  for (const auto& [name, value] : got.headers) {
    has_empty_header |= name == "X-Empty" && value.empty();
  }
  EXPECT_TRUE(has_empty_header);
}

TEST(SafeHttpClientTest, WithoutTheAllowlistNothingReachesTheServer) {
  LoopbackHttpServer server;
  for (const std::string& url :
       {Url(server), "http://0x7f.1:" + std::to_string(server.port()) + "/",
        "http://[::ffff:127.0.0.1]:" + std::to_string(server.port()) + "/"}) {
    const DeliveryOutcome outcome = Client({}).Send({"POST", url, {}, "x"});
    EXPECT_FALSE(outcome.ok);
    EXPECT_EQ(outcome.http_status, 0);
    EXPECT_FALSE(outcome.retryable);
    EXPECT_NE(outcome.error.find("loopback"), std::string::npos) << outcome.error;
  }
  ExpectOnlyOneConnectionAfterAProbe(server);
}

TEST(SafeHttpClientTest, ARedirectIsNotFollowed) {
  LoopbackHttpServer target;
  CannedReply redirect;
  redirect.status = "302 Found";
  redirect.headers = {{"Location", Url(target, "/stolen")}};
  LoopbackHttpServer redirector(redirect);
  const DeliveryOutcome outcome =
      Client(AllowLoopback()).Send({"POST", Url(redirector, "/hook"), {}, "x"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.http_status, 302);
  EXPECT_FALSE(outcome.retryable);
  EXPECT_NE(outcome.error.find("redirect not followed"), std::string::npos) << outcome.error;
  EXPECT_EQ(redirector.requests().size(), 1u);
  ExpectOnlyOneConnectionAfterAProbe(target);
}

// The name answers 127.0.0.1 at the first lookup and 127.0.0.2 afterwards. A
// client that let curl look the name up again would reach the second server.
TEST(SafeHttpClientTest, TheConnectionGoesToTheAddressTheGuardChecked) {
  LoopbackHttpServer first;
  LoopbackHttpServer second({}, "127.0.0.2", first.port());
  std::atomic<int> lookups{0};
  const HostResolver rebinding = [&](const std::string& host) -> Result<std::vector<IpAddress>> {
    EXPECT_EQ(host, "alerts.rebind.test");
    const int n = ++lookups;
    return std::vector<IpAddress>{*IpAddress::Parse(n == 1 ? "127.0.0.1" : "127.0.0.2")};
  };
  SafeHttpClient client = Client(AllowLoopback(), rebinding);
  const std::string url = "http://alerts.rebind.test:" + std::to_string(first.port()) + "/hook";
  const DeliveryOutcome outcome = client.Send({"POST", url, {}, "one"});
  EXPECT_TRUE(outcome.ok) << outcome.error;
  EXPECT_EQ(lookups.load(), 1);
  ASSERT_TRUE(first.WaitForRequests(1, kDeadline));
  EXPECT_EQ(first.requests().at(0).Header("Host"),
            "alerts.rebind.test:" + std::to_string(first.port()));
  EXPECT_EQ(second.connections(), 0);
  // Every send is judged afresh: the next one follows the new (checked) answer.
  EXPECT_TRUE(client.Send({"POST", url, {}, "two"}).ok);
  EXPECT_EQ(lookups.load(), 2);
  ASSERT_TRUE(second.WaitForRequests(1, kDeadline));
  EXPECT_EQ(second.requests().at(0).body, "two");
  EXPECT_EQ(first.requests().size(), 1u);
}

TEST(SafeHttpClientTest, ANameResolvingInsideIsRefusedBeforeAnyConnection) {
  LoopbackHttpServer server;
  const HostResolver inside = [](const std::string&) -> Result<std::vector<IpAddress>> {
    return std::vector<IpAddress>{*IpAddress::Parse("127.0.0.1")};
  };
  const DeliveryOutcome outcome =
      Client({}, inside)
          .Send({"POST", "http://hook.example:" + std::to_string(server.port()) + "/", {}, "x"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_FALSE(outcome.retryable);
  EXPECT_NE(outcome.error.find("hook.example resolves to 127.0.0.1"), std::string::npos)
      << outcome.error;
  ExpectOnlyOneConnectionAfterAProbe(server);
}

TEST(SafeHttpClientTest, AnUnresolvableNameIsRetryable) {
  const HostResolver nothing = [](const std::string&) -> Result<std::vector<IpAddress>> {
    return Result<std::vector<IpAddress>>::Error("Temporary failure in name resolution");
  };
  const DeliveryOutcome outcome =
      Client({}, nothing).Send({"POST", "https://ntfy.example/topic", {}, "x"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_TRUE(outcome.retryable);
  EXPECT_NE(outcome.error.find("cannot resolve ntfy.example"), std::string::npos);
}

TEST(SafeHttpClientTest, AServerThatNeverAnswersTimesOutWithinTheTimeout) {
  CannedReply silent;
  silent.never_answer = true;
  LoopbackHttpServer server(silent);
  SafeHttpClient::Options options;
  options.timeout = std::chrono::milliseconds(300);
  const auto start = std::chrono::steady_clock::now();
  const DeliveryOutcome outcome =
      Client(AllowLoopback(), NoLookups(), options)
          .Send({"POST", Url(server, "/secret-path?token=s3cr3t"), {}, "x"});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.http_status, 0);
  EXPECT_TRUE(outcome.retryable);
  EXPECT_NE(outcome.error.find("Timeout"), std::string::npos) << outcome.error;
  EXPECT_EQ(outcome.error.find("s3cr3t"), std::string::npos) << outcome.error;
  EXPECT_EQ(outcome.error.find("secret-path"), std::string::npos) << outcome.error;
  EXPECT_NE(outcome.error.find("http://127.0.0.1"), std::string::npos) << outcome.error;
  EXPECT_LT(elapsed, options.timeout + std::chrono::seconds(5));  // margin for a busy machine
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(SafeHttpClientTest, AStopFlagEndsASendEarly) {
  CannedReply silent;
  silent.never_answer = true;
  LoopbackHttpServer server(silent);
  std::atomic<bool> stop{true};
  SafeHttpClient::Options options;
  options.timeout = std::chrono::seconds(60);  // the flag, not the timeout, must end it
  options.stop = &stop;
  const DeliveryOutcome outcome =
      Client(AllowLoopback(), NoLookups(), options).Send({"POST", Url(server), {}, "x"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_FALSE(outcome.retryable);
  EXPECT_NE(outcome.error.find("stopped"), std::string::npos) << outcome.error;
}

TEST(SafeHttpClientTest, HeadersThatWouldInjectLinesAreRefused) {
  LoopbackHttpServer server;
  for (const OutboundRequest& request :
       {OutboundRequest{"POST", Url(server), {{"Title", "a\r\nX-Evil: 1"}}, "x"},
        OutboundRequest{"POST", Url(server), {{"Bad Name", "1"}}, "x"},
        OutboundRequest{"POST\r\nX", Url(server), {}, "x"}}) {
    const DeliveryOutcome outcome = Client(AllowLoopback()).Send(request);
    EXPECT_FALSE(outcome.ok);
    EXPECT_FALSE(outcome.retryable);
  }
  ExpectOnlyOneConnectionAfterAProbe(server);
}

TEST(SafeHttpClientTest, ServerErrorsAreRetryableAndClientErrorsAreNot) {
  CannedReply failing;
  failing.status = "503 Service Unavailable";
  LoopbackHttpServer server(failing);
  const DeliveryOutcome outcome = Client(AllowLoopback()).Send({"POST", Url(server), {}, "x"});
  EXPECT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.http_status, 503);
  EXPECT_TRUE(outcome.retryable);
  EXPECT_NE(outcome.error.find("HTTP 503"), std::string::npos) << outcome.error;
}

TEST(OutcomeOfHttpStatusTest, ClassifiesAnswers) {
  EXPECT_TRUE(OutcomeOfHttpStatus(200).ok);
  EXPECT_TRUE(OutcomeOfHttpStatus(204).ok);
  EXPECT_FALSE(OutcomeOfHttpStatus(301).ok);
  EXPECT_FALSE(OutcomeOfHttpStatus(301).retryable);
  EXPECT_FALSE(OutcomeOfHttpStatus(400).retryable);
  EXPECT_FALSE(OutcomeOfHttpStatus(401).retryable);
  EXPECT_FALSE(OutcomeOfHttpStatus(404).retryable);
  EXPECT_TRUE(OutcomeOfHttpStatus(408).retryable);
  EXPECT_TRUE(OutcomeOfHttpStatus(429).retryable);
  EXPECT_TRUE(OutcomeOfHttpStatus(500).retryable);
  EXPECT_EQ(OutcomeOfHttpStatus(404).error, "HTTP 404");
}

TEST(PinnedTransferTest, TheResolveEntryListsEveryCheckedAddress) {
  GuardedUrl url;
  url.scheme = "https";
  url.host = "ntfy.example.com";
  url.port = 443;
  url.addresses = {*IpAddress::Parse("93.184.215.14"), *IpAddress::Parse("2606:4700::1")};
  EXPECT_EQ(ResolveEntry(url), "ntfy.example.com:443:93.184.215.14,[2606:4700::1]");
}

}  // namespace
}  // namespace ww
