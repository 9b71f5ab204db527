#include "probe/http_prober.h"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "probe/interface_socket.h"

namespace ww {

struct HttpProber::Transfer {
  ~Transfer() {
    if (easy != nullptr) curl->easy_cleanup(easy);
  }
  const CurlLibrary* curl = nullptr;
  CURL* easy = nullptr;
  HttpProbeResult result;
  HttpProbeDone done;
  std::string url;
  std::string interface;       // CURLOPT_INTERFACE (curl keeps its own copy)
  std::string sockopt_device;  // SO_BINDTODEVICE from OnSockopt
  std::size_t keep_bytes = 0;
  std::size_t max_bytes = 0;
  bool body_too_large = false;
  std::string bind_error;  // set by OnSockopt; curl overwrites `error` afterwards
  char error[CURL_ERROR_SIZE] = {};
};

namespace {

std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<HttpProber::Transfer*>(user);
  const std::size_t len = size * count;
  t->result.body_bytes += len;
  if (t->result.body_bytes > t->max_bytes) {
    t->body_too_large = true;
    return 0;  // anything but len aborts the transfer
  }
  const std::size_t room = t->keep_bytes - std::min(t->keep_bytes, t->result.body_head.size());
  t->result.body_head.append(data, std::min(room, len));
  return len;
}

int OnSockopt(void* user, curl_socket_t fd, curlsocktype purpose) {
  auto* t = static_cast<HttpProber::Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || t->sockopt_device.empty()) return CURL_SOCKOPT_OK;
  const Status s = BindSocket(fd, IpAddress::Family::kV4, t->sockopt_device, std::nullopt);
  if (s.ok()) return CURL_SOCKOPT_OK;
  t->bind_error = s.message();
  return CURL_SOCKOPT_ERROR;
}

// The whole option set of one probe. Returns false when curl refused one.
bool Configure(HttpProber::Transfer& t, const ProbeRequest& request,
               const HttpProberOptions& options) {
  CURL* e = t.easy;
  const CurlLibrary& c = *t.curl;
  const long timeout_ms = static_cast<long>(request.timeout.count());
  bool ok = c.easy_setopt(e, CURLOPT_URL, t.url.c_str()) == CURLE_OK;
  ok = ok && c.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
  ok = ok && c.easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK;
  ok = ok && c.easy_setopt(e, CURLOPT_HTTPGET, 1L) == CURLE_OK;
  c.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  c.easy_setopt(e, CURLOPT_NOPROGRESS, 1L);
  c.easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
  c.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  c.easy_setopt(e, CURLOPT_FOLLOWLOCATION, options.follow_redirects ? 1L : 0L);
  c.easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
  // Measure a whole connection each time: no reuse, no cached name.
  c.easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
  c.easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
  c.easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, 0L);
  c.easy_setopt(e, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
  c.easy_setopt(e, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
  c.easy_setopt(e, CURLOPT_USERAGENT, options.user_agent.c_str());
  c.easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBody);
  c.easy_setopt(e, CURLOPT_WRITEDATA, &t);
  c.easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
  if (request.source) {
    t.interface = "host!" + request.source->ToString();
    t.sockopt_device = request.bind_device;
  } else if (!request.bind_device.empty()) {
    t.interface = "if!" + request.bind_device;
  }
  if (!t.interface.empty()) {
    ok = ok && c.easy_setopt(e, CURLOPT_INTERFACE, t.interface.c_str()) == CURLE_OK;
  }
  if (!t.sockopt_device.empty()) {
    c.easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, &OnSockopt);
    c.easy_setopt(e, CURLOPT_SOCKOPTDATA, &t);
  }
  return ok;
}

}  // namespace

HttpProber::HttpProber(boost::asio::io_context& io, const Clock& clock, HttpProberOptions options)
    : io_(io), clock_(clock), options_(std::move(options)), loop_(io) {}

HttpProber::~HttpProber() = default;

void HttpProber::Start(const ProbeRequest& request, ProbeDone done) {
  StartDetailed(request, [done = std::move(done)](const HttpProbeResult& r) { done(r.sample); });
}

void HttpProber::StartDetailed(const ProbeRequest& request, HttpProbeDone done) {
  auto t = std::make_unique<Transfer>();
  Sample& s = t->result.sample;
  s.target = request.target;
  s.round = request.round;
  s.sent_at = clock_.WallNow();
  s.error = ProbeError::kUnavailable;
  if (!loop_.Prepare()) {
    t->result.detail = "libcurl multi interface unavailable";
    return FailLater(std::move(t->result), std::move(done));
  }
  if (request.spec == nullptr || request.spec->url.empty()) {
    t->result.detail = "no URL configured";
    return FailLater(std::move(t->result), std::move(done));
  }
  t->curl = loop_.library();
  t->easy = t->curl->easy_init();
  t->url = request.spec->url;
  t->keep_bytes = options_.body_keep_bytes;
  t->max_bytes = options_.max_body_bytes;
  if (t->easy == nullptr || !Configure(*t, request, options_)) {
    t->result.detail = "curl rejected the options for '" + t->url + "'";
    return FailLater(std::move(t->result), std::move(done));
  }
  t->done = std::move(done);
  Transfer* key = t.get();
  transfers_.emplace(key, std::move(t));
  const Status added = loop_.Add(key->easy, [this, key](CURLcode code) { Complete(key, code); });
  if (!added.ok()) {
    auto node = transfers_.extract(key);
    node.mapped()->result.detail = added.message();
    FailLater(std::move(node.mapped()->result), std::move(node.mapped()->done));
  }
}

void HttpProber::FailLater(HttpProbeResult result, HttpProbeDone done) {
  result.sample.ok = false;
  boost::asio::post(io_, [result = std::move(result), done = std::move(done)] { done(result); });
}

void HttpProber::Complete(Transfer* key, int curl_code) {
  auto node = transfers_.extract(key);
  if (node.empty()) return;
  std::unique_ptr<Transfer> t = std::move(node.mapped());
  HttpProbeResult& r = t->result;
  Sample& s = r.sample;
  const auto code = static_cast<CURLcode>(curl_code);
  r.timings = PhasesFrom(ReadCurlTimestamps(*t->curl, t->easy));
  t->curl->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &r.status);
  long os_errno = 0;
  t->curl->easy_getinfo(t->easy, CURLINFO_OS_ERRNO, &os_errno);
  s.code = static_cast<int>(r.status);
  if (code == CURLE_OK && r.status >= 100) {
    s.rtt_ms = r.timings.total_ms;
    s.ok = r.status < 400;
    s.error = s.ok ? ProbeError::kNone : ProbeError::kHttpStatus;
  } else {
    s.ok = false;
    s.error = code == CURLE_OK ? ProbeError::kBadReply : ProbeErrorFromCurl(code, os_errno);
    if (t->body_too_large) s.error = ProbeError::kBadReply;
    r.detail = code == CURLE_OK    ? "no HTTP status in the response"
               : t->body_too_large ? "body larger than " + std::to_string(t->max_bytes) + " bytes"
               : !t->bind_error.empty() ? t->bind_error
               : t->error[0] != '\0'    ? std::string(t->error)
                                        : std::string(t->curl->easy_strerror(code));
  }
  HttpProbeDone done = std::move(t->done);
  done(r);
}

}  // namespace ww
