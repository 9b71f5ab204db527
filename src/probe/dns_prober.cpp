#include "probe/dns_prober.h"

#include <array>
#include <memory>

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "probe/dns_message.h"
#include "probe/interface_socket.h"

namespace ww {
namespace {

using boost::asio::ip::udp;

constexpr std::uint16_t kDefaultDnsPort = 53;
constexpr std::size_t kReceiveBuffer = 4096;  // we send no EDNS, so replies are <= 512

class DnsSession : public std::enable_shared_from_this<DnsSession> {
 public:
  DnsSession(boost::asio::io_context& io, const Clock& clock, const ProbeRequest& request,
             std::uint16_t id, DnsProbeDone done)
      : io_(io), clock_(clock), socket_(io), timer_(io), id_(id), done_(std::move(done)) {
    result_.sample.target = request.target;
    result_.sample.round = request.round;
    result_.sample.sent_at = clock.WallNow();
  }

  void Run(const ProbeRequest& request) {
    if (request.spec == nullptr || request.spec->dns_query.empty()) {
      return FinishLater(ProbeError::kUnavailable, "no DNS query name configured");
    }
    if (!request.address) return FinishLater(ProbeError::kNoAddress, "no DNS server address");
    name_ = request.spec->dns_query;
    type_ = request.spec->dns_aaaa ? DnsType::kAaaa : DnsType::kA;
    auto query = BuildDnsQuery(id_, name_, type_);
    if (!query.ok()) return FinishLater(ProbeError::kUnavailable, query.error());
    query_ = std::move(query).value();
    const std::uint16_t port = request.spec->port != 0 ? request.spec->port : kDefaultDnsPort;
    server_ = udp::endpoint(ToAsioAddress(*request.address), port);

    boost::system::error_code ec;
    socket_.open(server_.protocol(), ec);
    if (ec) return FinishLater(ProbeError::kSendFailed, "socket: " + ec.message());
    Status bound = BindSocket(socket_.native_handle(), request.address->family(),
                              request.bind_device, request.source);
    if (!bound.ok()) return FinishLater(ProbeError::kSendFailed, bound.message());
    // Connected: the kernel drops datagrams from other addresses and reports
    // ICMP errors (port unreachable) to us.
    socket_.connect(server_, ec);
    if (ec) return FinishLater(ErrorOf(ec), "connect: " + ec.message());

    timer_.expires_after(request.timeout);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->Finish(ProbeError::kTimeout, "no reply before the deadline");
    });
    result_.sample.sent_at = clock_.WallNow();
    start_ = clock_.Now();
    socket_.async_send(
        boost::asio::buffer(query_),
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
          if (ec) return self->OnError(ec, "send");
          self->Receive();
        });
  }

 private:
  static ProbeError ErrorOf(const boost::system::error_code& ec) {
    const ProbeError error = ProbeErrorFromErrno(ec.value());
    return error == ProbeError::kNone ? ProbeError::kSendFailed : error;
  }

  void OnError(const boost::system::error_code& ec, const char* what) {
    if (ec == boost::asio::error::operation_aborted) return;  // finished meanwhile
    Finish(ErrorOf(ec), std::string(what) + ": " + ec.message());
  }

  void Receive() {
    if (!done_) return;
    socket_.async_receive_from(
        boost::asio::buffer(buffer_), from_,
        [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
          if (ec) return self->OnError(ec, "receive");
          self->OnDatagram(n);
        });
  }

  void OnDatagram(std::size_t size) {
    if (!done_) return;
    if (from_ != server_) return Receive();
    const DnsVerdict verdict = JudgeDnsReply(std::span(buffer_.data(), size), id_, name_, type_);
    if (verdict.kind == DnsVerdict::Kind::kIgnore) return Receive();
    Sample& s = result_.sample;
    s.rtt_ms = ToMillis(clock_.Now() - start_);
    result_.answers = verdict.matching_answers;
    result_.truncated = verdict.truncated;
    switch (verdict.kind) {
      case DnsVerdict::Kind::kOk:
        s.ok = true;
        return Finish(ProbeError::kNone, verdict.detail);
      case DnsVerdict::Kind::kNoData:
        s.code = 0;
        return Finish(ProbeError::kDnsRcode, verdict.detail);
      case DnsVerdict::Kind::kRcode:
        s.code = verdict.rcode;
        return Finish(ProbeError::kDnsRcode, verdict.detail);
      default:
        s.rtt_ms = 0;
        return Finish(ProbeError::kBadReply, verdict.detail);
    }
  }

  void FinishLater(ProbeError error, std::string why) {
    boost::asio::post(io_, [self = shared_from_this(), error, why = std::move(why)] {
      self->Finish(error, why);
    });
  }

  void Finish(ProbeError error, std::string why) {
    if (!done_) return;
    result_.sample.error = error;
    if (error != ProbeError::kNone) result_.sample.ok = false;
    result_.detail = std::move(why);
    timer_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    DnsProbeDone done = std::move(done_);
    done_ = nullptr;
    done(result_);
  }

  boost::asio::io_context& io_;
  const Clock& clock_;
  udp::socket socket_;
  boost::asio::steady_timer timer_;
  const std::uint16_t id_;
  DnsProbeDone done_;
  DnsProbeResult result_;
  std::string name_;
  DnsType type_ = DnsType::kA;
  std::vector<std::uint8_t> query_;
  udp::endpoint server_;
  udp::endpoint from_;
  std::array<std::uint8_t, kReceiveBuffer> buffer_{};
  MonoTime start_{};
};

}  // namespace

DnsProber::DnsProber(boost::asio::io_context& io, const Clock& clock)
    : io_(io), clock_(clock), random_(std::random_device{}()) {}

void DnsProber::Start(const ProbeRequest& request, ProbeDone done) {
  StartDetailed(request, [done = std::move(done)](const DnsProbeResult& r) { done(r.sample); });
}

void DnsProber::StartDetailed(const ProbeRequest& request, DnsProbeDone done) {
  const auto id = static_cast<std::uint16_t>(random_());
  std::make_shared<DnsSession>(io_, clock_, request, id, std::move(done))->Run(request);
}

}  // namespace ww
