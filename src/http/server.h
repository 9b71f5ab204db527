#pragma once
// The HTTP/1.1 server: Boost.Beast, asynchronous, on its own io_context and
// threads. It reads requests within limits, converts them to ww::HttpRequest,
// runs them through a Pipeline (middleware → handler → filters → security
// headers) and writes the response back, with keep-alive.
//
// Limits (all in ServerOptions): body size (Content-Length or chunked) → 413;
// header block size → 431; malformed → 400; header_timeout from the first
// byte (or the accept) to the end of the headers, body_timeout for the body,
// so a slow client is dropped; idle_timeout between keep-alive requests;
// max_connections open sessions, further connections get 503 and are closed.
// HEAD is answered like GET without a body.
//
// Beast stays inside server.cpp (with server_session.h, which only it includes) and
// beast_message.cpp; this header has none.
//
// Thread safety: Start() and Stop() from one owning thread, never from a
// handler (Stop joins the server's threads); port() and stats() from any
// thread. The pipeline runs on the server's threads, concurrently when
// threads > 1; a handler that blocks (a slow store query) holds one thread
// for that long, so keep handlers short or raise `threads`.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <spdlog/fwd.h>

#include "core/result.h"
#include "http/pipeline.h"

namespace ww {

class StreamRoute;  // http/stream_route.h

struct ServerOptions {
  std::string bind_address = "127.0.0.1";  // numeric IPv4 or IPv6 ("::" = all)
  std::uint16_t port = 0;                  // 0: the kernel picks; see port()
  int threads = 1;
  std::size_t body_limit = 1 << 20;
  std::size_t header_limit = 16 << 10;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::size_t max_connections = 256;
  // How long Stop() lets in-flight responses finish before cutting them off.
  std::chrono::milliseconds shutdown_grace{2'000};
  std::shared_ptr<spdlog::logger> logger;  // nullptr: spdlog's default logger
  // Requests whose target it claims bypass the pipeline and body_limit (speed
  // test downloads and uploads); see http/stream_route.h. Null: none.
  std::shared_ptr<StreamRoute> stream_route;
};

struct ServerStats {
  std::size_t active_connections = 0;
  std::uint64_t accepted = 0;  // connections served (not refused)
  std::uint64_t refused = 0;   // over max_connections, answered 503
  std::uint64_t requests = 0;  // requests passed to the pipeline
  std::uint64_t rejected = 0;  // answered 400/413/431 by the server itself
  std::uint64_t timeouts = 0;  // connections dropped for a header/body/write timeout
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Pipeline pipeline);
  ~HttpServer();  // Stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the threads. Error names the address and port.
  // A server is started at most once.
  Status Start();
  // Stops accepting, closes idle connections, lets in-flight responses finish
  // within shutdown_grace, joins the threads. Idempotent.
  void Stop();

  std::uint16_t port() const;  // the bound port once started, else 0
  ServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ww
