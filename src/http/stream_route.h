#pragma once
// The server's hook for requests whose bodies do not fit the HttpRequest /
// HttpResponse pipeline (strings in memory): speed test downloads and uploads
// of gigabytes. Once a request header has been read and checked, the server
// asks its stream route (ServerOptions::stream_route) whether it claims the
// target. A claimed request skips the pipeline (no API key, rate limit or
// 1 MiB body limit: the route applies its own caps) and the route gets the
// connection for this one request; it reports back how the request ended, and
// the server carries on with the connection (keep-alive) or closes it.
//
// Beast types: include this only from server.cpp and a route's own
// translation unit (Beast is heavy to compile).
//
// Thread safety: Claims() may run on any server thread at once. Serve() runs
// on the connection's strand, and the route must complete every operation on
// the stream through that strand (the stream's executor does this).

#include <functional>
#include <optional>
#include <string_view>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "http/beast_message.h"
#include "http/http_types.h"

namespace ww {

struct StreamExchange {
  boost::beast::tcp_stream& stream;
  // Bytes read past the header: the body's start, or a pipelined next request.
  boost::beast::flat_buffer& buffer;
  // Header done, body not read. Its body limit is not the server's: the route
  // sets its own (a converted parser, e.g. to buffer_body, keeps this one's).
  BeastRequestParser& parser;
  std::string_view peer;  // the TCP peer's address, IPv4-mapped IPv6 as IPv4
};

struct StreamEnd {
  // Empty: the route has written its response. Set: the server adds the
  // security headers and writes this answer (errors, small bodies).
  std::optional<HttpResponse> answer;
  // The request, body included, was consumed exactly, so the connection may
  // carry another (the server also honours the client's Connection header).
  // False with an answer: the server writes it and closes lingering (a body
  // may still be arriving).
  bool keep_alive = false;
};

using StreamDone = std::function<void(StreamEnd)>;

class StreamRoute {
 public:
  virtual ~StreamRoute() = default;
  // Whether this raw request target ("/garbage.php?ckSize=4") is the route's.
  virtual bool Claims(std::string_view target) const = 0;
  // Serves the request. `done` is called exactly once, on the strand, when
  // the route's last operation on the stream has completed; the exchange's
  // references stay valid until then. If the server closes the stream
  // meanwhile (shutdown), pending operations fail and the route calls `done`.
  virtual void Serve(const StreamExchange& exchange, StreamDone done) = 0;
};

}  // namespace ww
