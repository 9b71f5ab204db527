#include "notify/pinned_transfer.h"

#include <sys/socket.h>

#include <algorithm>
#include <memory>

#include "notify/socket_address.h"
#include "probe/curl_library.h"

namespace ww {
namespace {

constexpr auto kPollSlice = std::chrono::milliseconds{100};
constexpr std::size_t kMaxDiscardedBody = 1024 * 1024;  // then stop reading: the status is known

struct EasyDeleter {
  const CurlLibrary* curl;
  void operator()(CURL* easy) const { curl->easy_cleanup(easy); }
};
struct MultiDeleter {
  const CurlLibrary* curl;
  void operator()(CURLM* multi) const { curl->multi_cleanup(multi); }
};
struct ListDeleter {
  const CurlLibrary* curl;
  void operator()(curl_slist* list) const { curl->slist_free_all(list); }
};
using ListPtr = std::unique_ptr<curl_slist, ListDeleter>;

// What the callbacks see; lives on Run's stack for the whole transfer.
struct TransferState {
  const std::vector<IpAddress>* allowed = nullptr;
  std::optional<IpAddress> unchecked_address;
  std::size_t body_bytes = 0;
  bool body_capped = false;
};

// The last gate: whatever curl was told, it gets a socket only for a checked address.
curl_socket_t OpenCheckedSocket(void* clientp, curlsocktype purpose, curl_sockaddr* address) {
  auto* state = static_cast<TransferState*>(clientp);
  const std::optional<IpAddress> ip = IpOfSocketAddress(&address->addr);
  const bool checked =
      purpose == CURLSOCKTYPE_IPCXN && ip &&
      std::find(state->allowed->begin(), state->allowed->end(), *ip) != state->allowed->end();
  if (!checked) {
    if (ip) state->unchecked_address = *ip;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

size_t DiscardBody(char*, size_t size, size_t count, void* clientp) {
  auto* state = static_cast<TransferState*>(clientp);
  state->body_bytes += size * count;
  if (state->body_bytes > kMaxDiscardedBody) {
    state->body_capped = true;
    return 0;  // ends the transfer with CURLE_WRITE_ERROR; the status line is already in
  }
  return size * count;
}

// Built from the guard's parts, never from the text the user gave: curl sees
// exactly the host the guard judged.
std::string CurlUrl(const GuardedUrl& url) {
  return url.scheme + "://" + url.HostForUrl() + ":" + std::to_string(url.port) +
         url.path_and_query;
}

ListPtr HeaderList(const CurlLibrary& curl, const OutboundRequest& request) {
  ListPtr list(nullptr, ListDeleter{&curl});
  auto append = [&](const std::string& line) {
    curl_slist* grown = curl.slist_append(list.get(), line.c_str());
    if (grown != nullptr) {
      (void)list.release();
      list.reset(grown);
    }
  };
  for (const auto& [name, value] : request.headers) {
    // "Name;" is curl's way to send a header with an empty value.
    append(value.empty() ? name + ";" : name + ": " + value);
  }
  append("Expect:");  // no 100-continue round trip before larger bodies
  return list;
}

void SetMethodAndBody(const CurlLibrary& curl, CURL* e, const OutboundRequest& request) {
  if (request.method == "GET" && request.body.empty()) {
    curl.easy_setopt(e, CURLOPT_HTTPGET, 1L);
    return;
  }
  curl.easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl.easy_setopt(e, CURLOPT_POSTFIELDS, request.body.data());
  if (request.method != "POST") curl.easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.method.c_str());
}

long Millis(std::chrono::milliseconds duration) { return static_cast<long>(duration.count()); }

// Every option that keeps the request where the guard said. Curl copies
// strings but not lists: `resolve` must outlive the transfer.
void SetSafetyOptions(const CurlLibrary& curl, CURL* e, const PinnedTransferOptions& options,
                      TransferState& state, curl_slist* resolve) {
  curl.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl.easy_setopt(e, CURLOPT_PROXY, "");  // no http_proxy/https_proxy from the environment
  curl.easy_setopt(e, CURLOPT_NOPROXY, "*");
  if (resolve != nullptr) curl.easy_setopt(e, CURLOPT_RESOLVE, resolve);
  curl.easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &OpenCheckedSocket);
  curl.easy_setopt(e, CURLOPT_OPENSOCKETDATA, &state);
  curl.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, Millis(options.connect_timeout));
  curl.easy_setopt(e, CURLOPT_TIMEOUT_MS, Millis(options.timeout));
  curl.easy_setopt(e, CURLOPT_WRITEFUNCTION, &DiscardBody);
  curl.easy_setopt(e, CURLOPT_WRITEDATA, &state);
  curl.easy_setopt(e, CURLOPT_USERAGENT, "wanwatch-alerts");
}

// Drives the transfer to its end (curl's own timeouts bound it) or to a stop.
std::optional<CURLcode> Drive(const CurlLibrary& curl, CURLM* multi,
                              const std::atomic<bool>* stop) {
  while (true) {
    int running = 0;
    curl.multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* message = curl.multi_info_read(multi, &queued)) {
      if (message->msg == CURLMSG_DONE) return message->data.result;
    }
    if (stop != nullptr && stop->load()) return std::nullopt;
    curl.multi_poll(multi, nullptr, 0, static_cast<int>(kPollSlice.count()), nullptr);
  }
}

std::optional<IpAddress> PrimaryIp(const CurlLibrary& curl, CURL* e) {
  char* primary = nullptr;
  if (curl.easy_getinfo(e, CURLINFO_PRIMARY_IP, &primary) != CURLE_OK || primary == nullptr) {
    return std::nullopt;
  }
  return IpAddress::Parse(primary);
}

}  // namespace

std::string ResolveEntry(const GuardedUrl& url) {
  std::string entry = url.host + ":" + std::to_string(url.port) + ":";
  for (std::size_t i = 0; i < url.addresses.size(); ++i) {
    const IpAddress& a = url.addresses[i];
    entry += (i == 0 ? "" : ",") + (a.is_v4() ? a.ToString() : "[" + a.ToString() + "]");
  }
  return entry;
}

PinnedTransferResult RunPinnedTransfer(const GuardedUrl& url, const OutboundRequest& request,
                                       const PinnedTransferOptions& options) {
  PinnedTransferResult result;
  std::string load_error;
  const CurlLibrary* curl = LoadCurlLibrary(&load_error);
  if (curl == nullptr) {
    result.transport_error = load_error;
    return result;
  }
  const std::unique_ptr<CURLM, MultiDeleter> multi(curl->multi_init(), MultiDeleter{curl});
  const std::unique_ptr<CURL, EasyDeleter> easy(curl->easy_init(), EasyDeleter{curl});
  if (!multi || !easy) {
    result.transport_error = "cannot create a curl handle";
    return result;
  }
  CURL* e = easy.get();
  TransferState state;
  state.allowed = &url.addresses;
  // A URL naming an address needs no entry: curl connects to it without a lookup.
  ListPtr resolve(
      url.host_is_address ? nullptr : curl->slist_append(nullptr, ResolveEntry(url).c_str()),
      ListDeleter{curl});
  const ListPtr headers = HeaderList(*curl, request);
  SetSafetyOptions(*curl, e, options, state, resolve.get());
  const std::string target = CurlUrl(url);
  curl->easy_setopt(e, CURLOPT_URL, target.c_str());
  curl->easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
  SetMethodAndBody(*curl, e, request);

  curl->multi_add_handle(multi.get(), e);
  const std::optional<CURLcode> code = Drive(*curl, multi.get(), options.stop);
  long status = 0;
  curl->easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  const std::optional<IpAddress> primary = PrimaryIp(*curl, e);
  curl->multi_remove_handle(multi.get(), e);

  result.unchecked_address = state.unchecked_address;
  if (!result.unchecked_address && primary &&
      std::find(url.addresses.begin(), url.addresses.end(), *primary) == url.addresses.end()) {
    result.unchecked_address = primary;  // cannot happen past the socket gate; checked anyway
  }
  if (!code) {
    result.stopped = true;
    result.transport_error = "stopped";
    return result;
  }
  const bool answered = *code == CURLE_OK || (*code == CURLE_WRITE_ERROR && state.body_capped);
  if (answered && !result.unchecked_address) {
    result.http_status = static_cast<int>(status);
  } else {
    result.transport_error = curl->easy_strerror(*code);
  }
  return result;
}

}  // namespace ww
