#pragma once
// The per-connection part of the HTTP server (server.cpp): what every session
// shares with the listener, and the Session itself. Internal to src/http: it
// is included by server.cpp alone, so Beast stays in that one translation unit.
//
// Modelled on Beast 1.74's example/http/server/async and example/advanced/server:
// one Session object per connection owned by its pending operations
// (shared_from_this), a strand per connection, a deadline on every operation
// through beast::tcp_stream.
//
// A session's life:  [accept] → ReadHeader → (100 Continue) → ReadBody →
// Respond → Write → keep-alive? WaitForNext → ReadHeader ...  A request whose
// target the stream route claims goes ReadHeader → route (it moves the body
// itself) → OnStreamEnd → keep-alive? WaitForNext ... instead.  A read error
// that deserves an answer (400/413/431) is written with "Connection: close"
// and followed by a lingering close: the rest of the client's upload is read
// and discarded for a moment so that closing does not reset the connection
// before the client has read the answer.
//
// Thread safety: a Session runs on its strand; Shared's counters are atomic
// and its session map is guarded by `mu`.

#include <array>
#include <atomic>
#include <condition_variable>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/beast_message.h"
#include "http/query_params.h"
#include "http/server.h"
#include "http/stream_route.h"

namespace ww::server_internal {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::size_t kReadChunk = 4096;
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr std::size_t kLingerMaxBytes = 4 << 20;

class Session;

// What the listener and every session share; outlives all of them.
struct Shared {
  Shared(ServerOptions o, Pipeline p)
      : options(std::move(o)),
        pipeline(std::move(p)),
        logger(options.logger ? options.logger : spdlog::default_logger()) {}

  const ServerOptions options;
  const Pipeline pipeline;
  const std::shared_ptr<spdlog::logger> logger;

  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> active{0};    // counted sessions
  std::atomic<std::size_t> refusing{0};  // 503 sessions in flight
  std::atomic<std::uint64_t> accepted{0}, refused{0}, requests{0}, rejected{0}, timeouts{0};

  std::mutex mu;  // guards sessions; cv signals a session's end
  std::condition_variable cv;
  std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions;
  std::uint64_t next_id = 0;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // counted: a real session (toward max_connections); else a 503 refusal.
  Session(tcp::socket&& socket, std::shared_ptr<Shared> shared, bool counted)
      : stream_(std::move(socket)), shared_(std::move(shared)), counted_(counted) {
    beast::error_code ec;
    const tcp::endpoint remote = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = remote.address().to_string();
    (counted_ ? shared_->active : shared_->refusing).fetch_add(1);
  }

  ~Session() {
    std::lock_guard lock(shared_->mu);
    shared_->sessions.erase(id_);
    (counted_ ? shared_->active : shared_->refusing).fetch_sub(1);
    shared_->cv.notify_all();
  }

  void Start() {
    {
      std::lock_guard lock(shared_->mu);
      id_ = ++shared_->next_id;
      shared_->sessions.emplace(id_, weak_from_this());
    }
    if (counted_) {
      net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->ReadHeader(self->shared_->options.header_timeout);
      });
    } else {
      HttpResponse busy = HttpResponse::Error(503, "too many connections");
      busy.headers.emplace_back("Retry-After", "1");
      net::dispatch(stream_.get_executor(),
                    [self = shared_from_this(), busy = std::move(busy)]() mutable {
                      self->Reject(std::move(busy));
                    });
    }
  }

  // From Stop(): ends the session now, or after the response being written.
  void Shutdown() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stop_requested_ = true;
      if (!self->writing_) self->Close();
    });
  }

 private:
  void ReadHeader(std::chrono::milliseconds timeout) {
    parser_.emplace();
    RequestLimits limits{shared_->options.body_limit, shared_->options.header_limit};
    // A stream route applies its own body cap; the server's is restored in OnHeader.
    if (shared_->options.stream_route) limits.body_limit = std::numeric_limits<std::size_t>::max();
    ApplyLimits(*parser_, limits);
    stream_.expires_after(timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    if (std::optional<HttpResponse> refused = CheckRequestHeader(*parser_)) {
      shared_->rejected.fetch_add(1);
      shared_->logger->debug("http: {} rejected: {}", peer_, refused->body);
      return Reject(std::move(*refused));
    }
    if (StreamRoute* route = shared_->options.stream_route.get()) {
      const auto target = parser_->get().target();
      if (route->Claims({target.data(), target.size()})) return HandOver(*route);
      if (std::optional<HttpResponse> too_large =
              RestoreBodyLimit(*parser_, shared_->options.body_limit)) {
        shared_->rejected.fetch_add(1);
        return Reject(std::move(*too_large));
      }
    }
    if (parser_->is_done()) return Respond();
    const auto& header = parser_->get();
    if (header.version() == 11 && beast::iequals(header[http::field::expect], "100-continue")) {
      // The client waits for this before sending the body (curl does for large uploads).
      response_ = std::make_shared<BeastResponse>(http::status::continue_, 11);
      stream_.expires_after(shared_->options.write_timeout);
      return http::async_write(stream_, *response_,
                               [self = shared_from_this()](beast::error_code e, std::size_t) {
                                 self->response_.reset();
                                 if (e) return self->Close();
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(shared_->options.body_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec) return OnReadError(ec);
    Respond();
  }

  void OnReadError(beast::error_code ec) {
    if (ec == beast::error::timeout) {
      shared_->timeouts.fetch_add(1);
      shared_->logger->debug("http: {} dropped: read timeout", peer_);
      return Close();
    }
    if (std::optional<HttpResponse> answer = ResponseForReadError(ec); answer && !stop_requested_) {
      shared_->rejected.fetch_add(1);
      shared_->logger->debug("http: {} rejected: {}", peer_, ec.message());
      return Reject(std::move(*answer));
    }
    Close();
  }

  void Respond() {
    shared_->requests.fetch_add(1);
    BeastRequest request = parser_->release();
    Result<HttpRequest> converted = ToHttpRequest(request, peer_);
    HttpResponse response;
    if (converted.ok()) {
      response = shared_->pipeline.Handle(*converted);
    } else {
      response = BadRequest(converted.status());
      AddSecurityHeaders(response);
    }
    const bool keep_alive = request.keep_alive() && converted.ok() && !shared_->stopping;
    Write(ToBeastResponse(std::move(response), request.version(), keep_alive,
                          request.method() == http::verb::head),
          /*linger=*/false);
  }

  // A stream route's request: the route moves the body, then hands the connection back.
  void HandOver(StreamRoute& route) {
    shared_->requests.fetch_add(1);
    const BeastRequest& header = parser_->get();
    stream_request_ = {header.version(), header.keep_alive(), header.method() == http::verb::head};
    route.Serve(StreamExchange{stream_, buffer_, *parser_, peer_},
                [self = shared_from_this()](StreamEnd end) { self->OnStreamEnd(std::move(end)); });
  }

  void OnStreamEnd(StreamEnd end) {
    const bool keep_alive = end.keep_alive && stream_request_.keep_alive && !shared_->stopping;
    if (!end.answer) return Continue(keep_alive);
    AddSecurityHeaders(*end.answer);
    Write(ToBeastResponse(std::move(*end.answer), stream_request_.version, keep_alive,
                          stream_request_.head),
          /*linger=*/!end.keep_alive);
  }

  // An answer the server gives on its own (400/413/431/503), then a lingering close.
  void Reject(HttpResponse response) {
    AddSecurityHeaders(response);
    const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    Write(ToBeastResponse(std::move(response), version, false, false), /*linger=*/true);
  }

  void Write(BeastResponse response, bool linger) {
    linger_ = linger;
    response_ = std::make_shared<BeastResponse>(std::move(response));
    writing_ = true;
    stream_.expires_after(shared_->options.write_timeout);
    http::async_write(stream_, *response_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, std::size_t) {
    writing_ = false;
    const bool keep_alive = response_->keep_alive();
    response_.reset();
    if (ec) {
      if (ec == beast::error::timeout) shared_->timeouts.fetch_add(1);
      return Close();
    }
    if (linger_) return Linger();
    Continue(keep_alive);
  }

  // After a complete exchange: the next request on this connection, or close.
  void Continue(bool keep_alive) {
    if (!keep_alive || stop_requested_ || shared_->stopping) return Close();
    if (buffer_.size() > 0) return ReadHeader(shared_->options.header_timeout);  // pipelined
    WaitForNextRequest();
  }

  // Keep-alive: the idle timeout applies until the first byte of the next request.
  void WaitForNextRequest() {
    stream_.expires_after(shared_->options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->Close();
                              self->buffer_.commit(n);
                              self->ReadHeader(self->shared_->options.header_timeout);
                            });
  }

  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(net::buffer(drain_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kLingerMaxBytes) return self->Close();
                              self->DrainSome();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<BeastRequestParser> parser_;
  std::shared_ptr<BeastResponse> response_;  // alive until its write completes
  const std::shared_ptr<Shared> shared_;
  const bool counted_;
  std::uint64_t id_ = 0;
  std::string peer_;
  bool writing_ = false;
  bool linger_ = false;
  bool stop_requested_ = false;
  struct {
    unsigned version = 11;
    bool keep_alive = false;
    bool head = false;
  } stream_request_;  // the header of a request handed to the stream route
  std::array<char, kReadChunk> drain_{};
  std::size_t drained_ = 0;
};

}  // namespace ww::server_internal
