#pragma once
// The speed test endpoints this program serves to other clients (a "test
// point"): which paths they are, what a request asks for, and the caps. Pure
// decisions; the bytes are moved by test_point_route.cpp.
//
// Paths, each also with ".php" and under "/backend/" (LibreSpeed's backend
// names and default layout), except the Cloudflare-style two:
//   GET       garbage?ckSize=N   N × 1 MiB of random bytes (default 4, as LibreSpeed)
//   GET|POST  empty              a request body is read and discarded; 200, empty
//   GET       getIP              {"processedString": "<address>[ - <kind> access]", "rawIspInfo":
//   ""} GET       /__down?bytes=N    exactly N random bytes; N is required POST      /__up the body
//   is read and discarded; 200, empty
// OPTIONS on any of them is a CORS pre-flight answered 204 for any origin.
//
// Caps: a download or upload larger than max_request_bytes → 413; more than
// max_concurrent_transfers requests moving a body at once → 503 with
// Retry-After. A GET of `empty` or `getIP` moves no body and is never refused
// (LibreSpeed measures latency with GET empty, also while the load runs).
//
// Thread safety: functions are pure; TransferSlots is safe from any thread.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_types.h"

namespace ww {

enum class TestEndpoint { kGarbage, kEmpty, kGetIp, kDown, kUp };

// The endpoint a decoded path names, or nullopt. Exact names only: "/garbage",
// "/garbage.php", "/backend/garbage", "/backend/garbage.php", "/__down", ...
std::optional<TestEndpoint> MatchTestEndpoint(std::string_view path);

// The same for a raw request target ("/garbage.php?ckSize=100&r=0.3"): the
// path before '?', percent-decoded.
std::optional<TestEndpoint> MatchTestTarget(std::string_view target);

bool IsDownload(TestEndpoint endpoint);  // garbage, __down
bool IsUpload(TestEndpoint endpoint);    // empty, __up

inline constexpr std::uint64_t kMiB = 1 << 20;
inline constexpr std::uint64_t kDefaultGarbageChunks = 4;

// 405 with Allow when `method` is not served at `endpoint` (OPTIONS and HEAD
// are: the pre-flight, and a GET without its body); nullopt when it is.
std::optional<HttpResponse> CheckTestMethod(TestEndpoint endpoint, std::string_view method);

// The body size a download asks for, or the answer that refuses it:
// garbage: ckSize whole MiB, 0 or more (missing: 4); __down: bytes, required.
// Not a whole number → 400; over max_bytes → 413.
struct DownloadRequest {
  std::uint64_t bytes = 0;
  std::optional<HttpResponse> refusal;
};
DownloadRequest ParseDownloadRequest(TestEndpoint endpoint,
                                     const std::multimap<std::string, std::string>& query,
                                     std::uint64_t max_bytes);

// 413 when a declared upload (Content-Length) is over max_bytes; a chunked
// upload (no length) is cut off by the reader at the same limit.
std::optional<HttpResponse> CheckUploadLength(std::optional<std::uint64_t> content_length,
                                              std::uint64_t max_bytes);

HttpResponse TooManyTransfers();  // 503, Retry-After: 1
HttpResponse UploadTooLarge(std::uint64_t max_bytes);

// LibreSpeed's getIP text: the address, and for loopback, private and
// link-local addresses " - localhost IPv4 access" and the like (its
// getLocalOrPrivateIpInfo). No ISP lookup: that would be an outbound call.
std::string DescribeClientAddress(std::string_view address);
HttpResponse GetIpResponse(std::string_view address);

HttpResponse EmptyOk();            // 200, no body (empty, __up)
HttpResponse PreflightResponse();  // 204 with Access-Control-Allow-*

// What every test point answer carries: Access-Control-Allow-Origin: * (as
// LibreSpeed's backend sends) and no caching of measurement traffic.
void AddTestPointHeaders(HttpResponse& response);
// The download header's fields (content type, no-store, CORS), in order.
std::vector<std::pair<std::string, std::string>> DownloadHeaders();

// Fills `out` with pseudo-random bytes (splitmix64 from `seed`): incompressible
// for any HTTP or link compression, and cheap to make once at start.
void FillRandom(std::span<std::uint8_t> out, std::uint64_t seed);

// Counts transfers in progress against a cap. A slot is released when the
// TransferSlot holding it is destroyed.
class TransferSlots;
class TransferSlot {
 public:
  TransferSlot() = default;
  TransferSlot(TransferSlot&& other) noexcept : slots_(other.slots_) { other.slots_ = nullptr; }
  TransferSlot& operator=(TransferSlot&& other) noexcept;
  TransferSlot(const TransferSlot&) = delete;
  TransferSlot& operator=(const TransferSlot&) = delete;
  ~TransferSlot() { Release(); }
  bool held() const { return slots_ != nullptr; }
  void Release();

 private:
  friend class TransferSlots;
  explicit TransferSlot(TransferSlots* slots) : slots_(slots) {}
  TransferSlots* slots_ = nullptr;
};

class TransferSlots {
 public:
  explicit TransferSlots(std::size_t capacity) : capacity_(capacity) {}
  // A held slot, or an empty one when `capacity` transfers are in progress.
  TransferSlot TryAcquire();
  std::size_t in_use() const { return in_use_.load(); }
  std::size_t capacity() const { return capacity_; }

 private:
  friend class TransferSlot;
  const std::size_t capacity_;
  std::atomic<std::size_t> in_use_{0};
};

}  // namespace ww
