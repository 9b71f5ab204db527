#include "speedtest/bulk_transfer.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "speedtest/curl_handles.h"
#include "speedtest/throughput_meter.h"

namespace ww {
namespace {

constexpr std::uint64_t kMinChunk = 1ull << 20;
constexpr std::size_t kUploadBlock = 4u << 20;  // random bytes reused for every body
constexpr long kReceiveBuffer = 512L * 1024;    // CURLOPT_BUFFERSIZE's maximum is 10 MiB
constexpr long kSendBuffer = 2L * 1024 * 1024;  // CURLOPT_UPLOAD_BUFFERSIZE's maximum
constexpr auto kRateInterval = std::chrono::milliseconds{100};
constexpr auto kPollSlice = std::chrono::milliseconds{50};

// splitmix64: cheap, and its output does not compress.
std::vector<char> RandomBlock(std::size_t size) {
  std::vector<char> block(size);
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  for (std::size_t i = 0; i + 8 <= size; i += 8) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    std::memcpy(block.data() + i, &z, 8);
  }
  return block;
}

class BulkRun;

struct Stream {
  BulkRun* run = nullptr;
  CurlEasy easy;
  bool active = false;           // in the multi handle
  std::uint64_t body_bytes = 0;  // upload: this request's body size
  std::uint64_t body_left = 0;   // upload: bytes of this request's body still to hand over
  std::size_t block_offset = 0;
};

class BulkRun {
 public:
  BulkRun(const CurlLibrary& curl, const BulkPlan& plan, const Clock& clock)
      : curl_(curl),
        plan_(plan),
        clock_(clock),
        start_(clock.Now()),
        meter_(start_, plan.warmup),
        chunk_(std::max(plan.chunk_bytes, kMinChunk)) {}

  BulkOutcome Run(const BulkRateFn& rate, const std::atomic<bool>* cancel);

  static size_t OnReceive(char*, size_t size, size_t count, void* stream) {
    Stream* s = static_cast<Stream*>(stream);
    s->run->meter_.Add(size * count, s->run->clock_.Now());
    return size * count;
  }

  static size_t OnSend(char* out, size_t size, size_t count, void* stream) {
    Stream* s = static_cast<Stream*>(stream);
    BulkRun& run = *s->run;
    std::size_t n = std::min<std::uint64_t>(size * count, s->body_left);
    n = std::min(n, run.block_.size() - s->block_offset);
    std::memcpy(out, run.block_.data() + s->block_offset, n);
    s->block_offset = (s->block_offset + n) % run.block_.size();
    s->body_left -= n;
    run.meter_.Add(n, run.clock_.Now());
    return n;
  }

  // The connections' sockets, recorded as curl opens and closes them:
  // CURLINFO_ACTIVESOCKET names a connection only after its first transfer ended,
  // and an upload of a slow link spends the whole test in its first transfer.
  static int OnSocketOpened(void* run, curl_socket_t fd, curlsocktype purpose) {
    if (purpose == CURLSOCKTYPE_IPCXN) static_cast<BulkRun*>(run)->sockets_.push_back(fd);
    return CURL_SOCKOPT_OK;
  }

  static int OnSocketClose(void* run, curl_socket_t fd) {
    auto& sockets = static_cast<BulkRun*>(run)->sockets_;
    sockets.erase(std::remove(sockets.begin(), sockets.end(), fd), sockets.end());
    return ::close(fd);
  }

 private:
  std::string SetUp();
  MonoTime Loop(const BulkRateFn& rate, const std::atomic<bool>* cancel);
  bool StartRequest(Stream& s);
  std::uint64_t QueuedUploadBytes() const;
  void OnDone(Stream& s, CURLcode code);
  std::string Name() const {
    return plan_.direction == Direction::kDownload ? "download" : "upload";
  }

  const CurlLibrary& curl_;
  const BulkPlan& plan_;
  const Clock& clock_;
  const MonoTime start_;
  ThroughputMeter meter_;
  std::uint64_t chunk_;
  std::vector<char> block_;
  std::vector<curl_socket_t> sockets_;  // outlives the handles: curl closes through OnSocketClose
  CurlList headers_{nullptr, CurlListDeleter{&curl_}};
  CurlMulti multi_;
  std::vector<Stream> streams_;
  int failures_ = 0;
  std::string error_;
};

bool BulkRun::StartRequest(Stream& s) {
  CURL* e = s.easy.get();
  if (plan_.direction == Direction::kDownload) {
    const std::string url = plan_.urls.Download(chunk_);
    curl_.easy_setopt(e, CURLOPT_URL, url.c_str());
  } else {
    s.body_bytes = s.body_left = chunk_;
    curl_.easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(chunk_));
  }
  s.active = curl_.multi_add_handle(multi_.get(), e) == CURLM_OK;
  return s.active;
}

// Upload bytes counted but not yet delivered: those in curl's upload buffer (handed
// over by the read callback, not yet sent: CURLINFO_SIZE_UPLOAD_T counts what was
// sent) and those in the socket not yet acknowledged by the server (SIOCOUTQ).
std::uint64_t BulkRun::QueuedUploadBytes() const {
  if (plan_.direction != Direction::kUpload) return 0;
  std::uint64_t queued = 0;
  for (const Stream& s : streams_) {
    if (!s.active) continue;
    CURL* e = s.easy.get();
    curl_off_t sent = 0;
    curl_.easy_getinfo(e, CURLINFO_SIZE_UPLOAD_T, &sent);
    const std::uint64_t handed = s.body_bytes - s.body_left;
    if (sent >= 0 && handed > static_cast<std::uint64_t>(sent)) queued += handed - sent;
  }
  for (curl_socket_t fd : sockets_) {
    int unacked = 0;
    if (::ioctl(fd, SIOCOUTQ, &unacked) == 0 && unacked > 0) {
      queued += static_cast<std::uint64_t>(unacked);
    }
  }
  return queued;
}

void BulkRun::OnDone(Stream& s, CURLcode code) {
  CURL* e = s.easy.get();
  curl_.multi_remove_handle(multi_.get(), e);
  s.active = false;
  const long http = ResponseCode(curl_, e);
  if (code == CURLE_HTTP_RETURNED_ERROR && http == 413 && chunk_ > kMinChunk) {
    chunk_ = std::max(kMinChunk, chunk_ / 2);  // the server caps one request's size
  } else if (code != CURLE_OK) {
    ++failures_;
    error_ = Name() + " " +
             (plan_.direction == Direction::kDownload ? plan_.urls.Download(chunk_)
                                                      : plan_.urls.Upload()) +
             ": " + TransferError(curl_, e, code);
    if (failures_ > 2 * plan_.streams) return;
  }
  if (!StartRequest(s)) error_ = Name() + ": cannot start a transfer";
}

// The handles and the first request of each stream; an error message, or "".
std::string BulkRun::SetUp() {
  multi_ = NewMulti(curl_);
  if (plan_.direction == Direction::kUpload) {
    block_ = RandomBlock(kUploadBlock);
    curl_slist* list = curl_.slist_append(nullptr, "Expect:");  // no 100-continue round trip
    if (list) list = curl_.slist_append(list, "Content-Type: application/octet-stream");
    headers_.reset(list);
  }
  streams_.resize(static_cast<std::size_t>(std::max(1, plan_.streams)));
  for (Stream& s : streams_) {
    s.run = this;
    s.easy = NewSpeedtestEasy(curl_, plan_.interface);
    if (!multi_ || !s.easy) return Name() + ": cannot create a curl handle";
    CURL* e = s.easy.get();
    curl_.easy_setopt(e, CURLOPT_BUFFERSIZE, kReceiveBuffer);
    curl_.easy_setopt(e, CURLOPT_WRITEFUNCTION, &BulkRun::OnReceive);
    curl_.easy_setopt(e, CURLOPT_WRITEDATA, &s);
    if (plan_.direction == Direction::kUpload) {
      curl_.easy_setopt(e, CURLOPT_URL, plan_.urls.Upload().c_str());
      curl_.easy_setopt(e, CURLOPT_POST, 1L);
      curl_.easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, kSendBuffer);
      curl_.easy_setopt(e, CURLOPT_READFUNCTION, &BulkRun::OnSend);
      curl_.easy_setopt(e, CURLOPT_READDATA, &s);
      curl_.easy_setopt(e, CURLOPT_HTTPHEADER, headers_.get());
      curl_.easy_setopt(e, CURLOPT_SOCKOPTFUNCTION, &BulkRun::OnSocketOpened);
      curl_.easy_setopt(e, CURLOPT_SOCKOPTDATA, this);
      curl_.easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, &BulkRun::OnSocketClose);
      curl_.easy_setopt(e, CURLOPT_CLOSESOCKETDATA, this);
    }
    if (!StartRequest(s)) return Name() + ": cannot start a transfer";
  }
  return "";
}

// Drives the transfers until the duration ends, too many fail or `cancel`; the time
// it stopped.
MonoTime BulkRun::Loop(const BulkRateFn& rate, const std::atomic<bool>* cancel) {
  const MonoTime end = start_ + plan_.duration;
  MonoTime next_rate = start_;
  MonoTime now = start_;
  while (true) {
    // Before curl runs again: no byte is counted between the mark and its queue reading.
    if (!meter_.marked() && clock_.Now() >= meter_.measure_start()) {
      meter_.MarkMeasureStart(clock_.Now(), QueuedUploadBytes());
    }
    int running = 0;
    curl_.multi_perform(multi_.get(), &running);
    int queued = 0;
    while (CURLMsg* msg = curl_.multi_info_read(multi_.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      for (Stream& s : streams_) {
        if (s.easy.get() == msg->easy_handle) OnDone(s, msg->data.result);
      }
    }
    now = clock_.Now();
    if (failures_ > 2 * plan_.streams) break;
    if (cancel != nullptr && cancel->load()) {
      error_ = "cancelled";
      failures_ = 1 << 20;
      break;
    }
    if (now >= end) break;
    if (now >= next_rate && rate) {
      rate(meter_.CurrentMbps(now), std::chrono::duration<double>(now - start_) /
                                        std::chrono::duration<double>(plan_.duration));
      next_rate = now + kRateInterval;
    }
    auto wait = std::min<Duration>(end - now, kPollSlice);
    if (!meter_.marked() && meter_.measure_start() > now) {
      wait = std::min<Duration>(wait, meter_.measure_start() - now);
    }
    curl_.multi_poll(multi_.get(), nullptr, 0,
                     static_cast<int>(std::chrono::duration_cast<Millis>(wait).count()) + 1,
                     nullptr);
  }
  return now;
}

BulkOutcome BulkRun::Run(const BulkRateFn& rate, const std::atomic<bool>* cancel) {
  BulkOutcome out;
  out.error = SetUp();
  if (!out.error.empty()) return out;
  const MonoTime now = Loop(rate, cancel);
  const std::uint64_t queued_at_end = QueuedUploadBytes();
  for (Stream& s : streams_) {
    if (s.active) curl_.multi_remove_handle(multi_.get(), s.easy.get());
    s.active = false;
  }
  out.bytes = meter_.total_bytes();
  if (failures_ > 2 * plan_.streams) {
    out.error = error_;
    return out;
  }
  out.goodput_mbps = meter_.GoodputMbps(now, queued_at_end);
  if (!out.goodput_mbps) {
    out.error = Name() + ": nothing was moved after the warm-up" +
                (error_.empty() ? std::string() : " (last error: " + error_ + ")");
  }
  return out;
}

}  // namespace

BulkOutcome RunBulkTransfer(const CurlLibrary& curl, const BulkPlan& plan, const Clock& clock,
                            const BulkRateFn& rate, const std::atomic<bool>* cancel) {
  BulkRun run(curl, plan, clock);
  return run.Run(rate, cancel);
}

}  // namespace ww
