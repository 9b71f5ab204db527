#include "probe/tcp_prober.h"

#include <memory>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "probe/interface_socket.h"

namespace ww {
namespace {

using boost::asio::ip::tcp;

class TcpSession : public std::enable_shared_from_this<TcpSession> {
 public:
  TcpSession(boost::asio::io_context& io, const Clock& clock, const ProbeRequest& request,
             ProbeDone done)
      : io_(io), clock_(clock), socket_(io), timer_(io), done_(std::move(done)) {
    sample_.target = request.target;
    sample_.round = request.round;
    sample_.sent_at = clock.WallNow();
  }

  void Run(const ProbeRequest& request) {
    if (request.spec == nullptr || request.spec->port == 0) {
      return FinishLater(ProbeError::kUnavailable, "no TCP port configured");
    }
    if (!request.address) return FinishLater(ProbeError::kNoAddress, "no address");
    const tcp::endpoint endpoint(ToAsioAddress(*request.address), request.spec->port);
    boost::system::error_code ec;
    socket_.open(endpoint.protocol(), ec);
    if (ec) return FinishLater(ProbeError::kSendFailed, "socket: " + ec.message());
    Status bound = BindSocket(socket_.native_handle(), request.address->family(),
                              request.bind_device, request.source);
    if (!bound.ok()) return FinishLater(ProbeError::kSendFailed, bound.message());

    timer_.expires_after(request.timeout);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->Finish(ProbeError::kTimeout, "");
    });
    sample_.sent_at = clock_.WallNow();
    start_ = clock_.Now();
    socket_.async_connect(
        endpoint,
        [self = shared_from_this()](const boost::system::error_code& ec) { self->OnConnect(ec); });
  }

 private:
  void OnConnect(const boost::system::error_code& ec) {
    if (!done_) return;  // the deadline already answered
    sample_.rtt_ms = ToMillis(clock_.Now() - start_);
    if (!ec) {
      sample_.ok = true;
      return Finish(ProbeError::kNone, "");
    }
    if (ec == boost::asio::error::operation_aborted) return Finish(ProbeError::kTimeout, "");
    ProbeError error = ProbeErrorFromErrno(ec.value());
    if (error == ProbeError::kNone) error = ProbeError::kSendFailed;
    if (error != ProbeError::kRefused) sample_.rtt_ms = 0;
    Finish(error, ec.message());
  }

  // Start must not call `done` itself (see Prober), so early errors are posted.
  void FinishLater(ProbeError error, std::string why) {
    boost::asio::post(io_, [self = shared_from_this(), error, why = std::move(why)] {
      self->Finish(error, why);
    });
  }

  void Finish(ProbeError error, const std::string& why) {
    if (!done_) return;
    sample_.error = error;
    if (error != ProbeError::kNone) sample_.ok = false;
    if (!why.empty()) spdlog::debug("tcp probe of target {}: {}", sample_.target, why);
    timer_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    ProbeDone done = std::move(done_);
    done_ = nullptr;
    done(sample_);
  }

  boost::asio::io_context& io_;
  const Clock& clock_;
  tcp::socket socket_;
  boost::asio::steady_timer timer_;
  ProbeDone done_;
  Sample sample_;
  MonoTime start_{};
};

}  // namespace

void TcpProber::Start(const ProbeRequest& request, ProbeDone done) {
  std::make_shared<TcpSession>(io_, clock_, request, std::move(done))->Run(request);
}

}  // namespace ww
