#include "probe/address_resolver.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

#include "probe/probe_service_addresses.h"

namespace ww {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Only numeric hosts: a name would send a DNS query off this machine.
TEST(SystemLookupTest, NumericHostsNeedNoNetwork) {
  Result<IpAddress> v4 = SystemLookup("127.0.0.1");
  ASSERT_TRUE(v4.ok()) << v4.error();
  EXPECT_EQ(v4->ToString(), "127.0.0.1");
}

TEST(SystemLookupTest, EmptyHostIsAClearError) {
  Result<IpAddress> r = SystemLookup("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), "resolve '': empty host name");
}

const MonoTime kT0{seconds{100}};

ResolvePolicy Policy() {
  ResolvePolicy p;
  p.refresh = seconds{300};
  p.min_backoff = seconds{5};
  p.max_backoff = seconds{60};
  return p;
}

TEST(NameStateTest, DueAtOnceThenRefreshedAfterSuccess) {
  NameState n("example.test");
  EXPECT_TRUE(n.Due(kT0));
  n.MarkStarted();
  EXPECT_FALSE(n.Due(kT0 + seconds{1000})) << "not twice in flight";
  EXPECT_TRUE(n.OnResult(*IpAddress::Parse("192.0.2.7"), kT0, Policy()));
  EXPECT_EQ(n.address()->ToString(), "192.0.2.7");
  EXPECT_FALSE(n.Due(kT0 + seconds{299}));
  EXPECT_TRUE(n.Due(kT0 + seconds{300}));
  n.MarkStarted();
  EXPECT_FALSE(n.OnResult(*IpAddress::Parse("192.0.2.7"), kT0, Policy())) << "unchanged";
}

TEST(NameStateTest, FailuresBackOffDoublingToTheMaximumAndKeepTheLastAddress) {
  NameState n("example.test");
  n.MarkStarted();
  n.OnResult(*IpAddress::Parse("192.0.2.7"), kT0, Policy());
  const std::vector<int> expected_backoff_s = {5, 10, 20, 40, 60, 60};
  MonoTime now = kT0 + seconds{300};
  for (int expected : expected_backoff_s) {
    n.MarkStarted();
    EXPECT_FALSE(
        n.OnResult(Result<IpAddress>::Error("resolve 'example.test': timeout"), now, Policy()));
    EXPECT_EQ(n.next_attempt() - now, seconds{expected});
    EXPECT_EQ(n.address()->ToString(), "192.0.2.7") << "stale beats nothing";
    now = n.next_attempt();
  }
  EXPECT_EQ(n.consecutive_failures(), 6);
  EXPECT_EQ(n.last_error(), "resolve 'example.test': timeout");
  n.MarkStarted();
  EXPECT_TRUE(n.OnResult(*IpAddress::Parse("198.51.100.1"), now, Policy()));
  EXPECT_EQ(n.consecutive_failures(), 0);
  EXPECT_EQ(n.next_attempt() - now, seconds{300});
}

TEST(AddressResolverTest, LooksUpOnItsOwnThreadAndCallsBack) {
  std::promise<std::thread::id> lookup_thread;
  AddressResolver resolver([&](const std::string& host) -> Result<IpAddress> {
    lookup_thread.set_value(std::this_thread::get_id());
    if (host == "good.test") return *IpAddress::Parse("203.0.113.4");
    return Result<IpAddress>::Error("resolve '" + host + "': not found");
  });
  std::promise<Result<IpAddress>> got;
  resolver.Resolve("good.test", [&](const std::string& host, Result<IpAddress> r) {
    EXPECT_EQ(host, "good.test");
    got.set_value(std::move(r));
  });
  std::future<Result<IpAddress>> f = got.get_future();
  ASSERT_EQ(f.wait_for(seconds{10}), std::future_status::ready);
  EXPECT_EQ(f.get()->ToString(), "203.0.113.4");
  EXPECT_NE(lookup_thread.get_future().get(), std::this_thread::get_id());
}

TEST(AddressResolverTest, StopDoesNotWaitForABlockedLookupNorCallBackAfterwards) {
  struct Gate {
    std::mutex mu;
    std::condition_variable cv;
    bool entered = false;
    bool open = false;
  };
  auto gate = std::make_shared<Gate>();
  std::atomic<int> callbacks{0};
  auto resolver = std::make_unique<AddressResolver>([gate](const std::string&) {
    std::unique_lock lock(gate->mu);
    gate->entered = true;
    gate->cv.notify_all();
    gate->cv.wait(lock, [&] { return gate->open; });
    return Result<IpAddress>(*IpAddress::Parse("192.0.2.1"));
  });
  resolver->Resolve("slow.test", [&](const std::string&, Result<IpAddress>) { ++callbacks; });
  resolver->Resolve("queued.test", [&](const std::string&, Result<IpAddress>) { ++callbacks; });
  {
    std::unique_lock lock(gate->mu);
    ASSERT_TRUE(gate->cv.wait_for(lock, seconds{10}, [&] { return gate->entered; }));
  }
  const auto before = std::chrono::steady_clock::now();
  resolver->Stop(milliseconds{50});
  EXPECT_LT(std::chrono::steady_clock::now() - before, seconds{5});
  resolver.reset();
  {
    std::lock_guard lock(gate->mu);
    gate->open = true;
  }
  gate->cv.notify_all();
  // The detached worker drops its copy of the lookup (and so of the gate) on exit.
  const auto deadline = std::chrono::steady_clock::now() + seconds{10};
  while (gate.use_count() > 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds{1});
  }
  EXPECT_EQ(gate.use_count(), 1);
  EXPECT_EQ(callbacks.load(), 0);
}

TEST(AddressResolverTest, ResolveAfterStopIsIgnored) {
  std::atomic<int> lookups{0};
  AddressResolver resolver([&](const std::string&) {
    ++lookups;
    return Result<IpAddress>::Error("unused");
  });
  resolver.Stop();
  resolver.Resolve("x.test", [](const std::string&, Result<IpAddress>) { FAIL(); });
  resolver.Stop();  // idempotent
  EXPECT_EQ(lookups.load(), 0);
}

TargetSpec Spec(std::string name, ProbeKind kind, std::string host,
                TargetRole role = TargetRole::kExternal) {
  TargetSpec t;
  t.name = std::move(name);
  t.kind = kind;
  t.host = std::move(host);
  t.role = role;
  return t;
}

TEST(TargetAddressBookTest, LiteralsNamesAndTheGateway) {
  Result<TargetAddressBook> book = TargetAddressBook::Create({
      Spec("a", ProbeKind::kIcmp, "192.0.2.1"),
      Spec("b", ProbeKind::kIcmp, "host.test"),
      Spec("c", ProbeKind::kTcp, "host.test"),
      Spec("gw", ProbeKind::kIcmp, "", TargetRole::kGateway),
      Spec("web", ProbeKind::kHttp, ""),
      Spec("gw2", ProbeKind::kIcmp, "198.51.100.1", TargetRole::kGateway),
  });
  ASSERT_TRUE(book.ok()) << book.error();
  EXPECT_EQ(book->names().size(), 1u) << "one lookup per distinct name";
  EXPECT_EQ(book->For(0)->ToString(), "192.0.2.1");
  EXPECT_FALSE(book->For(1));
  EXPECT_FALSE(book->For(3));
  EXPECT_FALSE(book->NeedsAddress(4));
  EXPECT_TRUE(book->NeedsAddress(3));
  EXPECT_EQ(book->For(5)->ToString(), "198.51.100.1") << "configured gateway until discovery";

  book->names()[0].MarkStarted();
  book->names()[0].OnResult(*IpAddress::Parse("203.0.113.9"), kT0, Policy());
  EXPECT_EQ(book->For(1)->ToString(), "203.0.113.9");
  EXPECT_EQ(book->For(2)->ToString(), "203.0.113.9");

  book->SetGateway(IpAddress::Parse("10.0.0.1"));
  EXPECT_EQ(book->For(3)->ToString(), "10.0.0.1");
  EXPECT_EQ(book->For(5)->ToString(), "10.0.0.1");
  book->SetGateway(std::nullopt);
  EXPECT_FALSE(book->For(3));
  EXPECT_FALSE(book->For(5));
  EXPECT_EQ(book->For(0)->ToString(), "192.0.2.1");
}

TEST(TargetAddressBookTest, RejectsATargetWithoutAHost) {
  Result<TargetAddressBook> book = TargetAddressBook::Create({
      Spec("a", ProbeKind::kIcmp, ""),
      Spec("dns", ProbeKind::kDns, ""),
  });
  ASSERT_FALSE(book.ok());
  EXPECT_EQ(book.error(), "target 'a': no host to probe; target 'dns': no host to probe");
}

}  // namespace
}  // namespace ww
