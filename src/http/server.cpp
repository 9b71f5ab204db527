// The listener and the server's life (threads, start, stop); the sessions are
// in server_session.h.
#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/server_session.h"

namespace ww {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr std::chrono::milliseconds kAcceptRetry{50};

using server_internal::Session;
using server_internal::Shared;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, std::shared_ptr<Shared> shared)
      : ioc_(ioc),
        acceptor_(net::make_strand(ioc)),
        retry_(acceptor_.get_executor()),
        shared_(std::move(shared)) {}

  Result<std::uint16_t> Open(const std::string& address, std::uint16_t port) {
    const std::string where = "http: listen on " + address + " port " + std::to_string(port);
    beast::error_code ec;
    const net::ip::address ip = net::ip::make_address(address, ec);
    if (ec) return Result<std::uint16_t>::Error(where + ": invalid bind address");
    const tcp::endpoint endpoint(ip, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return Result<std::uint16_t>::Error(where + ": " + ec.message());
    return acceptor_.local_endpoint().port();
  }

  void Run() {
    net::dispatch(acceptor_.get_executor(), [self = shared_from_this()] { self->Accept(); });
  }

  void Close() {
    net::post(acceptor_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor_.close(ignored);
      self->retry_.cancel();
    });
  }

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::OnAccept, shared_from_this()));
  }

  void OnAccept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor_.is_open() || ec == net::error::operation_aborted) return;
    if (ec) {
      // Out of descriptors and the like: back off instead of spinning on accept.
      shared_->logger->warn("http: accept failed: {}", ec.message());
      retry_.expires_after(kAcceptRetry);
      retry_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->Accept();
      });
      return;
    }
    if (shared_->stopping) {
      beast::error_code ignored;
      socket.close(ignored);
    } else if (shared_->active.load() < shared_->options.max_connections) {
      shared_->accepted.fetch_add(1);
      std::make_shared<Session>(std::move(socket), shared_, true)->Start();
    } else {
      shared_->refused.fetch_add(1);
      if (shared_->refusing.load() < shared_->options.max_connections) {
        std::make_shared<Session>(std::move(socket), shared_, false)->Start();
      } else {
        beast::error_code ignored;  // flooded: not even a 503
        socket.close(ignored);
      }
    }
    Accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  const std::shared_ptr<Shared> shared_;
};

}  // namespace

struct HttpServer::Impl {
  std::shared_ptr<Shared> shared;
  std::unique_ptr<net::io_context> ioc;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  std::atomic<std::uint16_t> port{0};
  bool started = false;
  bool stopped = false;
};

HttpServer::HttpServer(ServerOptions options, Pipeline pipeline) : impl_(std::make_unique<Impl>()) {
  impl_->shared = std::make_shared<Shared>(std::move(options), std::move(pipeline));
}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  if (impl_->started) return Status::Error("http: server already started");
  impl_->started = true;
  const ServerOptions& options = impl_->shared->options;
  const int threads = std::max(1, options.threads);
  impl_->ioc = std::make_unique<net::io_context>(threads);
  impl_->listener = std::make_shared<Listener>(*impl_->ioc, impl_->shared);
  Result<std::uint16_t> port = impl_->listener->Open(options.bind_address, options.port);
  if (!port.ok()) {
    impl_->listener.reset();
    impl_->ioc.reset();
    return port.status();
  }
  impl_->port = *port;
  impl_->listener->Run();
  for (int i = 0; i < threads; ++i) {
    impl_->threads.emplace_back([ioc = impl_->ioc.get(), logger = impl_->shared->logger] {
      for (;;) {
        try {
          ioc->run();
          return;
        } catch (const std::exception& e) {  // handlers catch their own; this is a last resort
          logger->error("http: server thread: {}", e.what());
        }
      }
    });
  }
  impl_->shared->logger->info("http: listening on {} port {}", options.bind_address, *port);
  return Status::Ok();
}

void HttpServer::Stop() {
  if (!impl_->started || impl_->stopped) return;
  impl_->stopped = true;
  if (!impl_->ioc) return;  // Start() failed: nothing runs
  Shared& shared = *impl_->shared;
  shared.stopping = true;
  if (impl_->listener) impl_->listener->Close();
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(shared.mu);
    for (auto& [id, weak] : shared.sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->Shutdown();
  live.clear();  // the sessions' own operations keep them alive now
  {
    std::unique_lock lock(shared.mu);
    shared.cv.wait_for(lock, shared.options.shutdown_grace,
                       [&] { return shared.active == 0 && shared.refusing == 0; });
  }
  impl_->listener.reset();
  // Whatever is still pending (a write to a stalled client) is abandoned here.
  impl_->ioc->stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
  impl_->ioc.reset();  // destroys pending handlers and with them the last sessions
}

std::uint16_t HttpServer::port() const { return impl_->port; }

ServerStats HttpServer::stats() const {
  const Shared& s = *impl_->shared;
  return ServerStats{s.active.load(),   s.accepted.load(), s.refused.load(),
                     s.requests.load(), s.rejected.load(), s.timeouts.load()};
}

}  // namespace ww
