#include "probe/http_curl_loop.h"

#include <poll.h>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>

namespace ww {
namespace {

// Asio's epoll reactor is edge-triggered and an async_wait queued after the
// edge waits for the next one, while curl expects level-triggered readiness
// (it may leave data in the socket). So before each wait we poll(0): a socket
// that is already ready is handed to curl at once. Only if it stays ready for
// this many rounds in a row (curl not consuming: a bug) do we wait anyway,
// rather than spin; a body is capped far below 1024 reads of 16 KiB.
constexpr int kMaxImmediateRounds = 1024;

bool ReadyNow(curl_socket_t fd, int direction) {
  pollfd p{fd, static_cast<short>(direction == CURL_CSELECT_IN ? POLLIN : POLLOUT), 0};
  return ::poll(&p, 1, 0) > 0 && p.revents != 0;
}

}  // namespace

CurlMultiLoop::CurlMultiLoop(boost::asio::io_context& io) : io_(io), timer_(io) {}

bool CurlMultiLoop::Prepare() {
  if (multi_ != nullptr) return true;
  if (init_failed_) return false;
  curl_ = LoadCurlLibrary(&error_);
  multi_ = curl_ != nullptr ? curl_->multi_init() : nullptr;
  if (multi_ == nullptr) {
    if (error_.empty()) error_ = "curl_multi_init failed";
    init_failed_ = true;
    return false;
  }
  curl_->multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &CurlMultiLoop::OnSocket);
  curl_->multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
  curl_->multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &CurlMultiLoop::OnTimer);
  curl_->multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
  return true;
}

CurlMultiLoop::~CurlMultiLoop() {
  alive_.reset();
  if (multi_ != nullptr) {
    for (auto& [easy, done] : transfers_) curl_->multi_remove_handle(multi_, easy);
    transfers_.clear();
    curl_->multi_cleanup(multi_);  // reports CURL_POLL_REMOVE for cached connections
  }
  for (auto& [fd, watch] : watches_) watch->descriptor.release();
  watches_.clear();
  timer_.cancel();
}

Status CurlMultiLoop::Add(CURL* easy, Completion done) {
  if (!Prepare()) return Status::Error(error_);
  transfers_[easy] = std::move(done);
  const CURLMcode rc = curl_->multi_add_handle(multi_, easy);
  if (rc != CURLM_OK) {
    transfers_.erase(easy);
    return Status::Error(std::string("curl_multi_add_handle: ") + curl_->multi_strerror(rc));
  }
  return Status::Ok();
}

int CurlMultiLoop::OnSocket(CURL*, curl_socket_t fd, int what, void* self, void*) {
  static_cast<CurlMultiLoop*>(self)->UpdateWatch(fd, what);
  return 0;
}

int CurlMultiLoop::OnTimer(CURLM*, long timeout_ms, void* self_ptr) {
  auto* self = static_cast<CurlMultiLoop*>(self_ptr);
  if (timeout_ms < 0) {
    self->timer_.cancel();
    return 0;
  }
  // Even timeout 0 goes through the timer: curl must not be re-entered from here.
  self->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  self->timer_.async_wait(
      [self, alive = std::weak_ptr<int>(self->alive_)](const boost::system::error_code& ec) {
        if (!alive.expired()) self->OnTimeout(ec);
      });
  return 0;
}

void CurlMultiLoop::UpdateWatch(curl_socket_t fd, int what) {
  auto it = watches_.find(fd);
  if (what == CURL_POLL_REMOVE) {
    if (it == watches_.end()) return;
    it->second->descriptor.release();  // curl closes the socket, not us
    watches_.erase(it);
    return;
  }
  if (it == watches_.end()) {
    auto watch = std::make_unique<Watch>(io_);
    boost::system::error_code ec;
    watch->descriptor.assign(fd, ec);
    if (ec) {
      spdlog::warn("http prober: cannot watch curl socket {}: {}", fd, ec.message());
      return;
    }
    watch->serial = next_serial_++;
    it = watches_.emplace(fd, std::move(watch)).first;
  }
  it->second->interest = what;
  ArmWaits(fd);
}

void CurlMultiLoop::ArmWaits(curl_socket_t fd) {
  Watch& w = *watches_.at(fd);
  for (const int direction : {CURL_CSELECT_IN, CURL_CSELECT_OUT}) {
    const bool wanted = direction == CURL_CSELECT_IN ? (w.interest & CURL_POLL_IN) != 0
                                                     : (w.interest & CURL_POLL_OUT) != 0;
    bool& pending = direction == CURL_CSELECT_IN ? w.read_pending : w.write_pending;
    if (!wanted || pending) continue;
    pending = true;
    auto handler = [this, alive = std::weak_ptr<int>(alive_), fd, serial = w.serial,
                    direction](const boost::system::error_code& ec) {
      if (!alive.expired()) OnReady(fd, serial, direction, ec);
    };
    const bool ready = ReadyNow(fd, direction);
    if (ready && w.immediate_rounds < kMaxImmediateRounds) {
      ++w.immediate_rounds;
      boost::asio::post(io_, [handler] { handler(boost::system::error_code()); });
    } else {
      if (!ready) w.immediate_rounds = 0;
      w.descriptor.async_wait(direction == CURL_CSELECT_IN
                                  ? boost::asio::posix::stream_descriptor::wait_read
                                  : boost::asio::posix::stream_descriptor::wait_write,
                              handler);
    }
  }
}

void CurlMultiLoop::OnReady(curl_socket_t fd, std::uint64_t serial, int direction,
                            const boost::system::error_code& ec) {
  auto it = watches_.find(fd);
  if (it == watches_.end() || it->second->serial != serial) return;  // stale: fd reused
  Watch& w = *it->second;
  (direction == CURL_CSELECT_IN ? w.read_pending : w.write_pending) = false;
  if (ec == boost::asio::error::operation_aborted) return;
  const int wanted = direction == CURL_CSELECT_IN ? CURL_POLL_IN : CURL_POLL_OUT;
  if ((w.interest & wanted) == 0) return;  // curl changed its mind meanwhile
  int running = 0;
  curl_->multi_socket_action(multi_, fd, direction | (ec ? CURL_CSELECT_ERR : 0), &running);
  if (!CollectFinished()) return;  // a completion destroyed us
  it = watches_.find(fd);
  if (it != watches_.end() && it->second->serial == serial) ArmWaits(fd);
}

void CurlMultiLoop::OnTimeout(const boost::system::error_code& ec) {
  if (ec) return;  // re-armed or cancelled
  int running = 0;
  curl_->multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
  CollectFinished();
}

bool CurlMultiLoop::CollectFinished() {
  const std::weak_ptr<int> alive = alive_;
  int queued = 0;
  while (CURLMsg* msg = curl_->multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    const CURLcode result = msg->data.result;
    curl_->multi_remove_handle(multi_, easy);
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    Completion done = std::move(it->second);
    transfers_.erase(it);
    done(result);
    if (alive.expired()) return false;
  }
  return true;
}

}  // namespace ww
