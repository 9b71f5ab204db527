#pragma once
// The writer thread: drains a BoundedQueue of samples, the reported drops and
// the uplink minutes into one BatchWriter transaction about every batch_interval, runs retention
// in slices between batches, and backs off and retries after errors.
//
// Callers never wait on the disk: Append only pushes to the queue, which drops
// its oldest sample (and counts it) when full. While the database is failing
// the writer keeps one batch in memory and stops draining, so memory stays
// bounded by the queue capacity plus one batch.
//
// Timing: deadlines come from the Clock (a FakeClock drives tests); real waits
// are capped at batch_interval so the writer notices a fake clock moving.
//
// Thread safety: every public method may be called from any thread.

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/bounded_queue.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/sample.h"
#include "engine/snapshot.h"
#include "store/batch_writer.h"

namespace ww {

struct WriterTuning {
  Duration batch_interval = std::chrono::seconds(1);
  std::size_t queue_capacity = 200'000;
  std::size_t max_batch = 20'000;  // samples per transaction
  Duration retention_every = std::chrono::minutes(5);
  std::chrono::hours raw_retention{24 * 7};
  std::chrono::hours rollup_retention{24 * 400};
  Duration max_backoff = std::chrono::seconds(30);
  std::size_t max_pending_drops = 10'000;
  std::size_t max_pending_minutes = 10'000;  // uplink minutes held while the database fails
};

struct WriterHealth {
  bool writable = true;
  std::string last_error;
  std::uint64_t queue_dropped = 0;
  std::uint64_t write_errors = 0;
  std::optional<WallTime> last_commit;
  BatchStats batch;
};

class Writer {
 public:
  Writer(WriterTuning tuning, const Clock& clock, std::unique_ptr<BatchWriter> batch);
  ~Writer();  // Stop()

  // Fails only for an invalid list. A database error is reported in Health()
  // and the registration retried before the next batch, so a full disk at
  // start-up does not stop the daemon.
  Status RegisterTargets(const std::vector<TargetSpec>& targets);
  void Append(const Sample& sample) { queue_.Push(sample); }
  void RecordDrop(const DropRecord& drop);
  void RecordUplinkMinute(UplinkMinuteRecord record);
  // Returns once everything queued before the call is committed, or the attempt
  // to commit it failed (see Health()).
  void Flush();
  // Commits what is queued (one attempt if the database is failing) and joins.
  void Stop();
  WriterHealth Health() const;

 private:
  struct Control {
    std::uint64_t flush_target = 0;
    bool closing = false;
  };

  void Run();
  Control WaitForWork();
  bool CommitPending();
  void RunRetention(MonoTime now);
  void Publish(const Status& status, bool committed);

  const WriterTuning tuning_;
  const Clock& clock_;
  BoundedQueue<Sample> queue_;

  std::mutex batch_mu_;  // BatchWriter is shared by the thread and RegisterTargets
  std::unique_ptr<BatchWriter> batch_;

  mutable std::mutex ctl_mu_;
  std::condition_variable wake_cv_;
  std::condition_variable flushed_cv_;
  std::uint64_t flush_requested_ = 0;
  std::uint64_t flush_done_ = 0;
  bool closing_ = false;
  bool stopped_ = false;
  std::vector<DropRecord> incoming_drops_;
  std::uint64_t drops_discarded_ = 0;
  std::vector<UplinkMinuteRecord> incoming_minutes_;
  std::uint64_t minutes_discarded_ = 0;

  mutable std::mutex health_mu_;
  WriterHealth health_;

  // Owned by the writer thread.
  std::vector<Sample> pending_;
  std::vector<DropRecord> pending_drops_;
  std::vector<UplinkMinuteRecord> pending_minutes_;
  bool healthy_ = true;
  MonoTime next_commit_{};
  MonoTime retry_at_{};
  MonoTime next_retention_{};
  bool retention_running_ = false;
  Duration backoff_{};

  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace ww
