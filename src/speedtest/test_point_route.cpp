// Beast lives here and in src/http/server.cpp only. One Transfer object per
// download or upload, owned by its pending operation (shared_from_this), as
// the server's sessions are; it gives the connection back through `done`.
#include "speedtest/test_point_route.h"

#include <algorithm>
#include <random>
#include <stdexcept>

#include <boost/asio/write.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include "http/client_address.h"
#include "http/pipeline.h"
#include "http/request_decode.h"
#include "http/stream_route.h"
#include "speedtest/test_point.h"

namespace ww {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

constexpr std::size_t kBlockSize = kMiB;  // LibreSpeed's chunk; one write each
constexpr std::size_t kUploadPiece = 128 << 10;
using UploadParser = http::request_parser<http::buffer_body>;

// Immutable after construction apart from the slot counter.
struct RouteState {
  explicit RouteState(TestPointOptions o)
      : options(std::move(o)), block(kBlockSize), slots(options.max_concurrent_transfers) {
    FillRandom(block, std::random_device{}() ^ (std::uint64_t{std::random_device{}()} << 32));
  }
  const TestPointOptions options;
  std::vector<std::uint8_t> block;
  TransferSlots slots;
};

class Transfer : public std::enable_shared_from_this<Transfer> {
 public:
  Transfer(std::shared_ptr<RouteState> state, const StreamExchange& ex, StreamDone done,
           TransferSlot slot, bool keep_alive)
      : state_(std::move(state)),
        stream_(ex.stream),
        buffer_(ex.buffer),
        parser_(ex.parser),
        done_(std::move(done)),
        slot_(std::move(slot)),
        keep_alive_(keep_alive) {}

  // The header with Content-Length `bytes`, then (unless HEAD) the bytes.
  void Download(std::uint64_t bytes, bool head) {
    const auto& request = parser_.get();
    header_.emplace(http::status::ok, request.version());
    HttpResponse fields{200, "application/octet-stream", "", DownloadHeaders()};
    AddSecurityHeaders(fields);
    header_->set(http::field::server, "wanwatch");
    for (const auto& [name, value] : fields.headers) header_->insert(name, value);
    header_->content_length(bytes);
    header_->keep_alive(keep_alive_);
    remaining_ = head ? 0 : bytes;
    serializer_.emplace(*header_);
    stream_.expires_after(state_->options.io_timeout);
    http::async_write_header(stream_, *serializer_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (ec) return self->Finish({std::nullopt, false});
                               self->WriteBody();
                             });
  }

  // Reads the body in pieces into one buffer that is never looked at. A body
  // with a Content-Length (checked against the cap before) is read straight
  // from the socket, 128 KiB at a time; a chunked one through the parser,
  // which also cuts it off at the cap.
  void Upload(bool send_continue) {
    const boost::optional<std::uint64_t> length = parser_.content_length();
    if (length) {
      remaining_ = *length;
    } else {
      try {
        upload_.emplace(std::move(parser_));
      } catch (const std::exception&) {  // the body was started: not ours to take any more
        return Finish({HttpResponse::Error(500, "internal error"), false});
      }
      upload_->body_limit(state_->options.max_request_bytes);
      // Beast reads as much as the buffer has room for (up to 64 KiB): give it room.
      buffer_.reserve(kUploadPiece);
    }
    piece_.resize(kUploadPiece);
    if (!send_continue) return StartBody();
    // The client waits for this before it sends the body (curl does above 1 MiB).
    continue_.emplace(http::status::continue_, 11);
    stream_.expires_after(state_->options.io_timeout);
    http::async_write(stream_, *continue_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->Finish({std::nullopt, false});
                        self->StartBody();
                      });
  }

 private:
  void WriteBody() {
    if (remaining_ == 0) return Finish({std::nullopt, keep_alive_});
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, state_->block.size()));
    stream_.expires_after(state_->options.io_timeout);
    net::async_write(stream_, net::buffer(state_->block.data(), n),
                     [self = shared_from_this()](beast::error_code ec, std::size_t written) {
                       if (ec) return self->Finish({std::nullopt, false});
                       self->remaining_ -= written;
                       self->WriteBody();
                     });
  }

  void StartBody() {
    if (upload_) return ReadPiece();
    // The start of the body may have come with the header.
    const std::size_t buffered =
        static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, buffer_.size()));
    buffer_.consume(buffered);
    remaining_ -= buffered;
    ReadCounted();
  }

  void ReadCounted() {
    if (remaining_ == 0) return Finish({EmptyOk(), keep_alive_});
    const std::size_t n =
        static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, piece_.size()));
    stream_.expires_after(state_->options.io_timeout);
    stream_.async_read_some(net::buffer(piece_.data(), n),
                            [self = shared_from_this()](beast::error_code ec, std::size_t got) {
                              if (ec) return self->Finish({std::nullopt, false});
                              self->remaining_ -= got;
                              self->ReadCounted();
                            });
  }

  void ReadPiece() {
    auto& body = upload_->get().body();
    body.data = piece_.data();
    body.size = piece_.size();
    stream_.expires_after(state_->options.io_timeout);
    http::async_read(
        stream_, buffer_, *upload_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnPiece(ec); });
  }

  void OnPiece(beast::error_code ec) {
    if (ec == http::error::need_buffer) ec = {};  // the piece is full: read the next
    if (ec == http::error::body_limit) {
      return Finish({UploadTooLarge(state_->options.max_request_bytes), false});
    }
    if (ec && ec.category() == http::make_error_code(http::error::bad_chunk).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return Finish({HttpResponse::Error(400, "malformed request: " + ec.message()), false});
    }
    if (ec) return Finish({std::nullopt, false});  // closed, reset or timed out
    if (upload_->is_done()) return Finish({EmptyOk(), keep_alive_});
    ReadPiece();
  }

  void Finish(StreamEnd end) {
    slot_.Release();  // before the connection goes on: its next request may need one
    StreamDone done = std::move(done_);
    if (end.answer && end.answer->status >= 400) AddTestPointHeaders(*end.answer);
    done(std::move(end));
  }

  const std::shared_ptr<RouteState> state_;
  beast::tcp_stream& stream_;
  beast::flat_buffer& buffer_;
  BeastRequestParser& parser_;
  StreamDone done_;
  TransferSlot slot_;
  const bool keep_alive_;
  // Download.
  std::optional<http::response<http::empty_body>> header_;
  std::optional<http::response_serializer<http::empty_body>> serializer_;
  std::uint64_t remaining_ = 0;  // bytes still to write, or to read (Content-Length)
  // Upload.
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<UploadParser> upload_;
  std::vector<char> piece_;
};

std::string ClientOf(const BeastRequest& request, std::string_view peer,
                     std::span<const Cidr> trusted_proxies) {
  HttpRequest r;
  r.peer = NormalizePeerAddress(peer);
  const auto forwarded = request["X-Forwarded-For"];
  if (!forwarded.empty()) AddHeader(r, "X-Forwarded-For", {forwarded.data(), forwarded.size()});
  const std::optional<IpAddress> client = ClientAddress(r, trusted_proxies);
  return client ? client->ToString() : r.peer;
}

class TestPointRoute final : public StreamRoute {
 public:
  explicit TestPointRoute(TestPointOptions options)
      : state_(std::make_shared<RouteState>(std::move(options))) {}

  bool Claims(std::string_view target) const override {
    return MatchTestTarget(target).has_value();
  }

  void Serve(const StreamExchange& ex, StreamDone done) override {
    const BeastRequest& request = ex.parser.get();
    const std::string_view method(request.method_string().data(), request.method_string().size());
    HttpRequest decoded;
    decoded.target = std::string(request.target());
    const bool target_ok = DecodeTarget(decoded).ok();
    const std::optional<TestEndpoint> endpoint = MatchTestEndpoint(decoded.path);
    // A body that is not read leaves the connection unusable for another request.
    const bool body_pending = !ex.parser.is_done();
    const auto answer = [&](HttpResponse r) {
      if (r.status >= 400) AddTestPointHeaders(r);
      done(StreamEnd{std::move(r), !body_pending});
    };
    if (!target_ok || !endpoint)
      return answer(HttpResponse::Error(400, "malformed request target"));
    if (auto refused = CheckTestMethod(*endpoint, method)) return answer(std::move(*refused));
    if (method == "OPTIONS") return answer(PreflightResponse());
    const std::uint64_t max_bytes = state_->options.max_request_bytes;
    if (*endpoint == TestEndpoint::kGetIp) {
      return answer(GetIpResponse(ClientOf(request, ex.peer, state_->options.trusted_proxies)));
    }
    if (IsDownload(*endpoint)) {
      const DownloadRequest d = ParseDownloadRequest(*endpoint, decoded.query, max_bytes);
      if (d.refusal) return answer(*d.refusal);
      const bool head = method == "HEAD";
      TransferSlot slot = head ? TransferSlot() : state_->slots.TryAcquire();
      if (!head && !slot.held()) return answer(TooManyTransfers());
      const bool keep_alive = !body_pending && request.keep_alive();
      return std::make_shared<Transfer>(state_, ex, std::move(done), std::move(slot), keep_alive)
          ->Download(d.bytes, head);
    }
    if (!body_pending) return answer(EmptyOk());  // LibreSpeed's ping: GET empty
    const boost::optional<std::uint64_t> length = ex.parser.content_length();
    if (auto too_large =
            CheckUploadLength(length ? std::optional(*length) : std::nullopt, max_bytes)) {
      return answer(std::move(*too_large));
    }
    TransferSlot slot = state_->slots.TryAcquire();
    if (!slot.held()) return answer(TooManyTransfers());
    const bool send_continue =
        request.version() == 11 && beast::iequals(request[http::field::expect], "100-continue");
    std::make_shared<Transfer>(state_, ex, std::move(done), std::move(slot), request.keep_alive())
        ->Upload(send_continue);
  }

 private:
  std::shared_ptr<RouteState> state_;
};

}  // namespace

TestPointOptions TestPointOptionsFrom(const SpeedtestServerConfig& config) {
  TestPointOptions o;
  o.max_request_bytes = static_cast<std::uint64_t>(config.max_request_mb) * kMiB;
  o.max_concurrent_transfers = static_cast<std::size_t>(config.max_concurrent_transfers);
  return o;
}

std::shared_ptr<StreamRoute> MakeTestPointRoute(TestPointOptions options) {
  return std::make_shared<TestPointRoute>(std::move(options));
}

}  // namespace ww
