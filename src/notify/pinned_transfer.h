#pragma once
// One HTTP request through libcurl, connected only to the addresses the SSRF
// guard checked (safe_http_client.h says why and how). The curl part of
// SafeHttpClient, kept apart from the delivery rules.
//
// Thread safety: each call uses its own curl handles.

#include <atomic>
#include <chrono>
#include <optional>
#include <string>

#include "core/ip_address.h"
#include "notify/outbound_request.h"
#include "notify/url_guard.h"

namespace ww {

struct PinnedTransferOptions {
  std::chrono::milliseconds timeout{10000};
  std::chrono::milliseconds connect_timeout{5000};
  const std::atomic<bool>* stop = nullptr;
};

struct PinnedTransferResult {
  int http_status = 0;  // 0: no answer
  // Empty when an answer arrived; otherwise curl's reason ("Timeout was reached").
  std::string transport_error;
  // Curl tried to connect somewhere the guard did not check (refused, nothing sent).
  std::optional<IpAddress> unchecked_address;
  bool stopped = false;  // options.stop was set
};

// `request.url` is not read: `url` (from the guard) says where to send.
PinnedTransferResult RunPinnedTransfer(const GuardedUrl& url, const OutboundRequest& request,
                                       const PinnedTransferOptions& options);

// "example.com:443:93.184.215.14,[2606:2800:21f:cb07:6820:80da:af6b:1d53]":
// the CURLOPT_RESOLVE entry that pins `url`'s host to its checked addresses.
std::string ResolveEntry(const GuardedUrl& url);

}  // namespace ww
