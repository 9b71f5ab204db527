#include "http/beast_message.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "http/request_decode.h"

namespace ww {
namespace http = boost::beast::http;

namespace {

std::string_view ToStd(boost::beast::string_view s) { return {s.data(), s.size()}; }

bool SafeHeaderText(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Token characters only, and not a framing field the serialiser owns.
bool SafeHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c <= ' ' || c == ':' || c == 0x7f) return false;
  }
  const http::field f = http::string_to_field({name.data(), name.size()});
  return f != http::field::content_length && f != http::field::transfer_encoding &&
         f != http::field::connection;
}

}  // namespace

void ApplyLimits(BeastRequestParser& parser, const RequestLimits& limits) {
  parser.body_limit(limits.body_limit);
  parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
}

boost::beast::error_code ParseInMemory(BeastRequestParser& parser, std::string_view bytes) {
  boost::beast::error_code ec;
  while (!parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::const_buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec && ec != http::error::need_more) return ec;
    ec = {};
    if (used == 0 || bytes.empty()) {
      if (parser.is_done()) return ec;
      if (!parser.got_some()) return http::error::end_of_stream;  // put_eof asserts on this
      parser.put_eof(ec);  // no more input: complete or partial
      return ec;
    }
  }
  return ec;
}

Result<HttpRequest> ToHttpRequest(const BeastRequest& request, std::string_view peer) {
  HttpRequest out;
  out.method = std::string(ToStd(request.method_string()));
  out.target = std::string(ToStd(request.target()));
  for (const auto& field : request)
    AddHeader(out, ToStd(field.name_string()), ToStd(field.value()));
  out.body = request.body();
  out.peer = NormalizePeerAddress(peer);
  if (Status decoded = DecodeTarget(out); !decoded.ok()) return decoded;
  return out;
}

std::optional<HttpResponse> CheckRequestHeader(const BeastRequestParser& parser) {
  const BeastRequest& header = parser.get();
  if (header.count(http::field::transfer_encoding) > 0) {
    if (header.version() < 11) {
      return HttpResponse::Error(400, "malformed request: Transfer-Encoding in HTTP/1.0");
    }
    if (!parser.chunked()) {
      return HttpResponse::Error(400, "malformed request: Transfer-Encoding must end in chunked");
    }
  }
  const std::size_t hosts = header.count(http::field::host);
  if (header.version() >= 11 && hosts != 1) {
    return HttpResponse::Error(400, hosts == 0 ? "malformed request: missing Host header"
                                               : "malformed request: more than one Host header");
  }
  return std::nullopt;
}

std::optional<HttpResponse> RestoreBodyLimit(BeastRequestParser& parser, std::size_t body_limit) {
  const boost::optional<std::uint64_t> length = parser.content_length();
  if (length && *length > body_limit) return HttpResponse::Error(413, "request body too large");
  parser.body_limit(body_limit);
  return std::nullopt;
}

std::optional<HttpResponse> ResponseForReadError(const boost::beast::error_code& ec) {
  if (ec.category() != http::make_error_code(http::error::body_limit).category()) {
    return std::nullopt;  // socket errors and timeouts: nobody to answer
  }
  switch (static_cast<http::error>(ec.value())) {
    case http::error::end_of_stream:
    case http::error::partial_message:
      return std::nullopt;
    case http::error::body_limit:
      return HttpResponse::Error(413, "request body too large");
    case http::error::header_limit:
    case http::error::buffer_overflow:
      return HttpResponse::Error(431, "request header fields too large");
    default:
      return HttpResponse::Error(400, "malformed request: " + ec.message());
  }
}

BeastResponse ToBeastResponse(HttpResponse response, unsigned version, bool keep_alive, bool head) {
  if (response.status < 200 || response.status > 599) {
    response = HttpResponse::Error(500, "internal error");
  }
  BeastResponse out{static_cast<http::status>(response.status), version};
  out.set(http::field::server, "wanwatch");
  const bool no_body = response.status == 204 || response.status == 304;
  if (!response.content_type.empty() && SafeHeaderText(response.content_type) && !no_body) {
    out.set(http::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) {
    if (SafeHeaderName(name) && SafeHeaderText(value)) out.insert(name, value);
  }
  out.keep_alive(keep_alive);
  if (no_body) {
    out.prepare_payload();
  } else if (head) {
    out.content_length(response.body.size());
  } else {
    out.body() = std::move(response.body);
    out.prepare_payload();
  }
  return out;
}

}  // namespace ww
