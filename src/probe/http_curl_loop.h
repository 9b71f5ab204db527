#pragma once
// Runs libcurl transfers on an Asio io_context, without extra threads: curl
// says which sockets to watch (CURLMOPT_SOCKETFUNCTION) and when to wake it
// (CURLMOPT_TIMERFUNCTION); we wait on those sockets with
// posix::stream_descriptor::async_wait and on a steady_timer, and hand each
// readiness back through curl_multi_socket_action. Finished transfers are
// collected with curl_multi_info_read and their completion is called.
//
// curl owns its sockets: a watched descriptor is release()d, never closed, when
// curl says CURL_POLL_REMOVE (which it does before it closes the socket). Each
// watch has a serial number, so a late wait completion for a reused fd number
// cannot act on the new socket.
//
// Thread safety: single-threaded; construct, Add and destroy on the thread that
// runs the io_context. Destroying the loop abandons running transfers (their
// completions are not called) and is safe while waits are still queued.

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <curl/curl.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/result.h"
#include "probe/curl_library.h"

namespace ww {

class CurlMultiLoop {
 public:
  using Completion = std::function<void(CURLcode)>;

  explicit CurlMultiLoop(boost::asio::io_context& io);
  ~CurlMultiLoop();
  CurlMultiLoop(const CurlMultiLoop&) = delete;
  CurlMultiLoop& operator=(const CurlMultiLoop&) = delete;

  // Initialises curl on first use (not in the constructor: see the .cpp).
  // False when curl cannot be initialised; then Add fails too.
  bool Prepare();
  // False only after initialisation has been tried and failed.
  bool ok() const { return !init_failed_; }
  // Set once Prepare() succeeded.
  const CurlLibrary* library() const { return curl_; }
  // Starts `easy` (configured, not owned; keep it alive until `done` or until
  // this loop is destroyed). `done` runs later on the loop, never inside Add,
  // after the handle has left the multi handle, so it may clean it up.
  Status Add(CURL* easy, Completion done);
  std::size_t running() const { return transfers_.size(); }

 private:
  struct Watch {
    explicit Watch(boost::asio::io_context& io) : descriptor(io) {}
    boost::asio::posix::stream_descriptor descriptor;
    std::uint64_t serial = 0;
    int interest = CURL_POLL_NONE;
    bool read_pending = false;
    bool write_pending = false;
    int immediate_rounds = 0;  // see kMaxImmediateRounds
  };

  static int OnSocket(CURL* easy, curl_socket_t fd, int what, void* self, void* socketp);
  static int OnTimer(CURLM* multi, long timeout_ms, void* self);
  void UpdateWatch(curl_socket_t fd, int what);
  void ArmWaits(curl_socket_t fd);
  void OnReady(curl_socket_t fd, std::uint64_t serial, int direction,
               const boost::system::error_code& ec);
  void OnTimeout(const boost::system::error_code& ec);
  // Runs completions of finished transfers; false when one of them destroyed us.
  bool CollectFinished();

  boost::asio::io_context& io_;
  const CurlLibrary* curl_ = nullptr;
  CURLM* multi_ = nullptr;
  bool init_failed_ = false;
  std::string error_;
  boost::asio::steady_timer timer_;
  std::map<curl_socket_t, std::unique_ptr<Watch>> watches_;
  std::map<CURL*, Completion> transfers_;
  std::uint64_t next_serial_ = 1;
  // Handlers hold a weak_ptr to this and do nothing once it has expired.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace ww
