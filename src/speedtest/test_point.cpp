#include "speedtest/test_point.h"

#include <array>
#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

#include "http/request_decode.h"

namespace ww {
namespace {

struct NamedEndpoint {
  std::string_view name;
  TestEndpoint endpoint;
};

constexpr std::array<NamedEndpoint, 3> kLibreSpeedNames{{
    {"garbage", TestEndpoint::kGarbage},
    {"empty", TestEndpoint::kEmpty},
    {"getIP", TestEndpoint::kGetIp},
}};

constexpr std::string_view kCacheControl =
    "no-store, no-cache, must-revalidate, max-age=0, s-maxage=0";

enum class Number { kOk, kInvalid, kTooLarge };

// A whole decimal number without sign, blanks or exponent ("12", not "+12", "1e3").
Number ParseWholeNumber(std::string_view text, std::uint64_t& out) {
  if (text.empty()) return Number::kInvalid;
  for (char c : text) {
    if (c < '0' || c > '9') return Number::kInvalid;
  }
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc::result_out_of_range) return Number::kTooLarge;
  return ec == std::errc() && end == text.data() + text.size() ? Number::kOk : Number::kInvalid;
}

std::string MiBText(std::uint64_t bytes) {
  return bytes % kMiB == 0 ? std::to_string(bytes / kMiB) + " MiB"
                           : std::to_string(bytes) + " bytes";
}

HttpResponse DownloadTooLarge(std::uint64_t max_bytes) {
  return HttpResponse::Error(413, "download larger than this test point's limit of " +
                                      MiBText(max_bytes) + " per request");
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// 172.16.0.0/12: "172.16." to "172.31.".
bool InPrivate172(std::string_view a) {
  if (!StartsWith(a, "172.")) return false;
  std::uint64_t second = 0;
  const std::string_view rest = a.substr(4);
  const std::size_t dot = rest.find('.');
  if (dot == std::string_view::npos) return false;
  return ParseWholeNumber(rest.substr(0, dot), second) == Number::kOk && second >= 16 &&
         second <= 31;
}

// splitmix64 (Steele, Lea, Flood 2014): one multiply-xorshift step per 8 bytes.
std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

std::optional<TestEndpoint> MatchTestEndpoint(std::string_view path) {
  if (path == "/__down") return TestEndpoint::kDown;
  if (path == "/__up") return TestEndpoint::kUp;
  if (StartsWith(path, "/backend/")) {
    path.remove_prefix(8);  // keep the '/'
  }
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  if (path.size() > 4 && path.substr(path.size() - 4) == ".php") path.remove_suffix(4);
  for (const NamedEndpoint& n : kLibreSpeedNames) {
    if (path == n.name) return n.endpoint;
  }
  return std::nullopt;
}

std::optional<TestEndpoint> MatchTestTarget(std::string_view target) {
  const std::size_t query = target.find('?');
  if (query != std::string_view::npos) target = target.substr(0, query);
  return MatchTestEndpoint(PercentDecode(target, /*plus_as_space=*/false));
}

bool IsDownload(TestEndpoint e) { return e == TestEndpoint::kGarbage || e == TestEndpoint::kDown; }
bool IsUpload(TestEndpoint e) { return e == TestEndpoint::kEmpty || e == TestEndpoint::kUp; }

std::optional<HttpResponse> CheckTestMethod(TestEndpoint endpoint, std::string_view method) {
  std::string_view allow;
  switch (endpoint) {
    case TestEndpoint::kGarbage:
    case TestEndpoint::kDown:
    case TestEndpoint::kGetIp:
      allow = "GET, HEAD, OPTIONS";
      break;
    case TestEndpoint::kEmpty:
      allow = "GET, HEAD, OPTIONS, POST";
      break;
    case TestEndpoint::kUp:
      allow = "OPTIONS, POST";
      break;
  }
  if (method == "OPTIONS" || (method == "POST" && IsUpload(endpoint)) ||
      ((method == "GET" || method == "HEAD") && endpoint != TestEndpoint::kUp)) {
    return std::nullopt;
  }
  HttpResponse r = HttpResponse::Error(405, "Method Not Allowed: " + std::string(method));
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

DownloadRequest ParseDownloadRequest(TestEndpoint endpoint,
                                     const std::multimap<std::string, std::string>& query,
                                     std::uint64_t max_bytes) {
  DownloadRequest out;
  const bool garbage = endpoint == TestEndpoint::kGarbage;
  const std::string name = garbage ? "ckSize" : "bytes";
  const auto it = query.find(name);
  std::uint64_t value = kDefaultGarbageChunks;
  if (it == query.end() && !garbage) {
    out.refusal = HttpResponse::Error(400, "bytes: required, the number of bytes to send");
    return out;
  }
  if (it != query.end()) {
    const Number parsed = ParseWholeNumber(it->second, value);
    if (parsed == Number::kInvalid) {
      out.refusal =
          HttpResponse::Error(400, name + ": \"" + it->second + "\" is not a whole number" +
                                       (garbage ? " of 1 MiB chunks" : " of bytes"));
      return out;
    }
    if (parsed == Number::kTooLarge) {
      out.refusal = DownloadTooLarge(max_bytes);
      return out;
    }
  }
  if (garbage && value > max_bytes / kMiB) {
    out.refusal = DownloadTooLarge(max_bytes);
    return out;
  }
  out.bytes = garbage ? value * kMiB : value;
  if (out.bytes > max_bytes) out.refusal = DownloadTooLarge(max_bytes);
  return out;
}

HttpResponse UploadTooLarge(std::uint64_t max_bytes) {
  return HttpResponse::Error(
      413, "upload larger than this test point's limit of " + MiBText(max_bytes) + " per request");
}

std::optional<HttpResponse> CheckUploadLength(std::optional<std::uint64_t> content_length,
                                              std::uint64_t max_bytes) {
  if (content_length && *content_length > max_bytes) return UploadTooLarge(max_bytes);
  return std::nullopt;
}

HttpResponse TooManyTransfers() {
  HttpResponse r =
      HttpResponse::Error(503, "too many speed test transfers at once; try again in 1 second");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

std::string DescribeClientAddress(std::string_view a) {
  std::string_view kind;
  if (a == "::1") {
    kind = "localhost IPv6 access";
  } else if (a.size() >= 5 && (a.substr(0, 5) == "fe80:" || a.substr(0, 5) == "FE80:")) {
    kind = "link-local IPv6 access";
  } else if (StartsWith(a, "127.")) {
    kind = "localhost IPv4 access";
  } else if (StartsWith(a, "10.") || InPrivate172(a) || StartsWith(a, "192.168.")) {
    kind = "private IPv4 access";
  } else if (StartsWith(a, "169.254.")) {
    kind = "link-local IPv4 access";
  }
  std::string out(a);
  if (!kind.empty()) out += " - " + std::string(kind);
  return out;
}

HttpResponse GetIpResponse(std::string_view address) {
  nlohmann::json body = {{"processedString", DescribeClientAddress(address)}, {"rawIspInfo", ""}};
  HttpResponse r = HttpResponse::Json(200, body.dump());
  AddTestPointHeaders(r);
  return r;
}

HttpResponse EmptyOk() {
  HttpResponse r{200, "", "", {}};
  AddTestPointHeaders(r);
  return r;
}

HttpResponse PreflightResponse() {
  HttpResponse r{204, "", "", {}};
  AddTestPointHeaders(r);
  r.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
  r.headers.emplace_back("Access-Control-Allow-Headers", "Content-Encoding, Content-Type");
  r.headers.emplace_back("Access-Control-Max-Age", "600");
  return r;
}

void AddTestPointHeaders(HttpResponse& response) {
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  response.headers.emplace_back("Cache-Control", std::string(kCacheControl));
  response.headers.emplace_back("Pragma", "no-cache");
}

std::vector<std::pair<std::string, std::string>> DownloadHeaders() {
  HttpResponse r{200, "", "", {}};
  AddTestPointHeaders(r);
  r.headers.emplace(r.headers.begin(), "Content-Type", "application/octet-stream");
  // No Content-Encoding ever: the random bytes are the measurement.
  r.headers.emplace_back("Content-Disposition", "attachment; filename=random.dat");
  return std::move(r.headers);
}

void FillRandom(std::span<std::uint8_t> out, std::uint64_t seed) {
  std::uint64_t state = seed;
  std::size_t i = 0;
  for (; i + 8 <= out.size(); i += 8) {
    const std::uint64_t v = SplitMix64(state);
    std::memcpy(out.data() + i, &v, 8);
  }
  if (i < out.size()) {
    const std::uint64_t v = SplitMix64(state);
    std::memcpy(out.data() + i, &v, out.size() - i);
  }
}

TransferSlot& TransferSlot::operator=(TransferSlot&& other) noexcept {
  if (this != &other) {
    Release();
    slots_ = other.slots_;
    other.slots_ = nullptr;
  }
  return *this;
}

void TransferSlot::Release() {
  if (slots_) slots_->in_use_.fetch_sub(1);
  slots_ = nullptr;
}

TransferSlot TransferSlots::TryAcquire() {
  std::size_t current = in_use_.load();
  while (current < capacity_) {
    if (in_use_.compare_exchange_weak(current, current + 1)) return TransferSlot(this);
  }
  return TransferSlot();
}

}  // namespace ww
