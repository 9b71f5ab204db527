#pragma once
// The only place where Beast messages meet ww::HttpRequest/HttpResponse:
// parser limits, request conversion, read-error mapping and response
// serialisation. Internal to src/http (the server and the http_request fuzz
// target); handlers never see Beast.
//
// Thread safety: pure functions.

#include <cstddef>
#include <optional>
#include <string>

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "core/result.h"
#include "http/http_types.h"

namespace ww {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;
using BeastRequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

struct RequestLimits {
  std::size_t body_limit = 1 << 20;     // decoded body bytes, chunked or not → 413
  std::size_t header_limit = 16 << 10;  // request line + header fields → 431
};

void ApplyLimits(BeastRequestParser& parser, const RequestLimits& limits);

// Feeds a complete byte string to the parser, then end-of-input if the message
// is still incomplete (partial_message). For tests and fuzzing, no sockets.
boost::beast::error_code ParseInMemory(BeastRequestParser& parser, std::string_view bytes);

// Decodes target and headers; an undecodable target is an error (→ 400).
Result<HttpRequest> ToHttpRequest(const BeastRequest& request, std::string_view peer);

// Framing rules Beast 1.74 does not enforce, checked once the header is read
// (before any body): a Transfer-Encoding whose final coding is not chunked,
// or any Transfer-Encoding in HTTP/1.0, leaves the body length unknown (RFC
// 9112 §6.1, §6.3: 400 and close, else the body would be read as the next
// request); an HTTP/1.1 request needs exactly one Host (RFC 9112 §3.2).
// nullopt when the header is acceptable, else the 400 to send.
std::optional<HttpResponse> CheckRequestHeader(const BeastRequestParser& parser);

// For a parser whose header was read under a larger body limit (a server with
// a stream route must see big uploads' headers): a declared Content-Length
// over `body_limit` → the 413 to send; else sets `body_limit` for the body
// still to come (a chunked body is checked as it arrives). nullopt: go on.
std::optional<HttpResponse> RestoreBodyLimit(BeastRequestParser& parser, std::size_t body_limit);

// The response owed to a client whose request could not be read: 413 for a
// body over the limit, 431 for oversized headers, 400 for malformed input.
// nullopt when there is nobody to answer (closed, reset, timed out).
std::optional<HttpResponse> ResponseForReadError(const boost::beast::error_code& ec);

// Serialisable form. `head`: Content-Length of the body, but no body. Header
// fields containing CR, LF or NUL are dropped (no response splitting); a
// status outside 200–599 becomes 500.
BeastResponse ToBeastResponse(HttpResponse response, unsigned version, bool keep_alive, bool head);

}  // namespace ww
