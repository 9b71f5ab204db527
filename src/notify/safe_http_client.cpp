#include "notify/safe_http_client.h"

#include <algorithm>
#include <utility>

#include "notify/pinned_transfer.h"

namespace ww {
namespace {

// RFC 9110 §5.6.2 token characters: method and header names.
bool IsTokenChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f &&
         std::string_view("()<>@,;:\\\"/[]?={}").find(c) == std::string_view::npos;
}
bool IsToken(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), IsTokenChar);
}
// A CR or LF would start a header of the sender's choosing; NUL ends the line early.
bool IsSafeHeaderValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// The providers build requests; a bad one is our bug or a hostile title.
std::string RequestProblem(const OutboundRequest& request) {
  if (!IsToken(request.method)) return "invalid HTTP method";
  for (const auto& [name, value] : request.headers) {
    if (!IsToken(name)) return "invalid header name";
    if (!IsSafeHeaderValue(value)) return "header " + name + " holds a line break";
  }
  return "";
}

DeliveryOutcome Failed(std::string error, bool retryable) {
  DeliveryOutcome outcome;
  outcome.error = std::move(error);
  outcome.retryable = retryable;
  return outcome;
}

}  // namespace

DeliveryOutcome OutcomeOfHttpStatus(int http_status) {
  DeliveryOutcome outcome;
  outcome.http_status = http_status;
  if (http_status >= 200 && http_status < 300) {
    outcome.ok = true;
    return outcome;
  }
  if (http_status >= 300 && http_status < 400) {
    outcome.error = "redirect not followed (HTTP " + std::to_string(http_status) + ")";
    outcome.retryable = false;
    return outcome;
  }
  outcome.error = "HTTP " + std::to_string(http_status);
  outcome.retryable =
      http_status >= 500 || http_status == 408 || http_status == 429 || http_status < 200;
  return outcome;
}

SafeHttpClient::SafeHttpClient(UrlGuardPolicy policy, HostResolver resolve, Options options)
    : policy_(std::move(policy)), resolve_(std::move(resolve)), options_(options) {}

DeliveryOutcome SafeHttpClient::Send(const OutboundRequest& request) {
  if (std::string problem = RequestProblem(request); !problem.empty()) {
    return Failed(std::move(problem), false);
  }
  // Judged again at every send: names move, and this is what pins the connection.
  UrlVerdict verdict = JudgeUrl(request.url, policy_, resolve_);
  if (!verdict.url) return Failed(std::move(verdict.error), verdict.unresolved);
  const GuardedUrl& url = *verdict.url;

  const PinnedTransferResult result =
      RunPinnedTransfer(url, request, {options_.timeout, options_.connect_timeout, options_.stop});
  if (result.unchecked_address) {
    return Failed("refused: " + url.Origin() + " led to unchecked address " +
                      result.unchecked_address->ToString(),
                  false);
  }
  if (result.http_status == 0) {
    return Failed(url.Origin() + ": " + result.transport_error, !result.stopped);
  }
  DeliveryOutcome outcome = OutcomeOfHttpStatus(result.http_status);
  if (!outcome.ok) outcome.error = url.Origin() + ": " + outcome.error;
  return outcome;
}

}  // namespace ww
