#include "store/writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace ww {
namespace {

// Keeps the newest report per (start, uplink); true when the oldest had to go.
bool MergeDrop(std::vector<DropRecord>& list, const DropRecord& drop, std::size_t cap) {
  for (DropRecord& held : list) {
    if (held.start == drop.start && held.uplink == drop.uplink) {
      held = drop;
      return false;
    }
  }
  bool overflow = false;
  if (!list.empty() && list.size() >= cap) {
    list.erase(list.begin());
    overflow = true;
  }
  list.push_back(drop);
  return overflow;
}

// Appends, dropping the oldest when `cap` is reached; true when one had to go.
bool PushMinute(std::vector<UplinkMinuteRecord>& list, UplinkMinuteRecord record, std::size_t cap) {
  bool overflow = false;
  if (!list.empty() && list.size() >= cap) {
    list.erase(list.begin());
    overflow = true;
  }
  list.push_back(std::move(record));
  return overflow;
}

}  // namespace

Writer::Writer(WriterTuning tuning, const Clock& clock, std::unique_ptr<BatchWriter> batch)
    : tuning_(tuning), clock_(clock), queue_(tuning.queue_capacity), batch_(std::move(batch)) {
  const MonoTime start = clock_.Now();
  next_commit_ = start + tuning_.batch_interval;
  next_retention_ = start;  // one pass at start-up
  backoff_ = tuning_.batch_interval;
  thread_ = std::thread([this] { Run(); });
}

Writer::~Writer() { Stop(); }

Status Writer::RegisterTargets(const std::vector<TargetSpec>& targets) {
  if (Status invalid = BatchWriter::ValidateTargets(targets); !invalid) return invalid;
  Status status;
  {
    std::lock_guard lock(batch_mu_);
    status = batch_->RegisterTargets(targets, ToUnixMillis(clock_.WallNow()));
  }
  if (!status) {
    spdlog::error("store: {} (targets are registered again before the next batch)",
                  status.message());
    std::lock_guard lock(health_mu_);
    health_.writable = false;
    health_.last_error = status.message();
    ++health_.write_errors;
  }
  return Status::Ok();
}

void Writer::RecordDrop(const DropRecord& drop) {
  std::lock_guard lock(ctl_mu_);
  if (MergeDrop(incoming_drops_, drop, tuning_.max_pending_drops)) ++drops_discarded_;
}

void Writer::RecordUplinkMinute(UplinkMinuteRecord record) {
  std::lock_guard lock(ctl_mu_);
  if (PushMinute(incoming_minutes_, std::move(record), tuning_.max_pending_minutes)) {
    ++minutes_discarded_;
  }
}

void Writer::Flush() {
  std::unique_lock lock(ctl_mu_);
  if (stopped_) return;
  const std::uint64_t ticket = ++flush_requested_;
  wake_cv_.notify_one();
  flushed_cv_.wait(lock, [&] { return flush_done_ >= ticket || stopped_; });
}

void Writer::Stop() {
  {
    std::lock_guard lock(ctl_mu_);
    closing_ = true;
  }
  wake_cv_.notify_one();
  queue_.Close();
  if (thread_.joinable()) thread_.join();
}

WriterHealth Writer::Health() const {
  std::lock_guard lock(health_mu_);
  WriterHealth h = health_;
  h.queue_dropped = queue_.dropped();
  return h;
}

Writer::Control Writer::WaitForWork() {
  std::unique_lock lock(ctl_mu_);
  const Duration cap = std::clamp<Duration>(tuning_.batch_interval, std::chrono::milliseconds(1),
                                            std::chrono::seconds(1));
  while (!closing_ && flush_requested_ <= flush_done_) {
    const MonoTime now = clock_.Now();
    const MonoTime deadline = healthy_ ? next_commit_ : retry_at_;
    if (now >= deadline) break;
    wake_cv_.wait_for(lock,
                      std::clamp<Duration>(deadline - now, std::chrono::milliseconds(1), cap));
  }
  for (const DropRecord& d : incoming_drops_) {
    if (MergeDrop(pending_drops_, d, tuning_.max_pending_drops)) ++drops_discarded_;
  }
  incoming_drops_.clear();
  for (UplinkMinuteRecord& m : incoming_minutes_) {
    if (PushMinute(pending_minutes_, std::move(m), tuning_.max_pending_minutes)) {
      ++minutes_discarded_;
    }
  }
  incoming_minutes_.clear();
  if (drops_discarded_ > 0) {
    spdlog::error("store: {} drop reports discarded while the database was failing",
                  drops_discarded_);
    drops_discarded_ = 0;
  }
  if (minutes_discarded_ > 0) {
    spdlog::error("store: {} uplink minutes discarded while the database was failing",
                  minutes_discarded_);
    minutes_discarded_ = 0;
  }
  return {flush_requested_, closing_};
}

void Writer::Run() {
  for (;;) {
    const Control ctl = WaitForWork();
    bool drained = false;
    if (pending_.size() < tuning_.max_batch) {
      // PopBatch fills pending_ up to max_batch in all (counting the samples
      // held after a failed commit), so short of the cap means the queue ran
      // empty. Asking for only the difference made a Flush after a failure
      // return with samples still queued.
      queue_.PopBatch(pending_, tuning_.max_batch, std::chrono::milliseconds(0));
      drained = pending_.size() < tuning_.max_batch;
    }
    const bool ok = CommitPending();
    const MonoTime now = clock_.Now();
    if (ok) {
      backoff_ = tuning_.batch_interval;
      next_commit_ = drained ? now + tuning_.batch_interval : now;
      RunRetention(now);
    } else {
      retry_at_ = now + backoff_;
      backoff_ = std::min<Duration>(backoff_ * 2, tuning_.max_backoff);
    }
    const bool settled = drained || !healthy_;
    if (settled) {
      std::lock_guard lock(ctl_mu_);
      if (ctl.flush_target > flush_done_) {
        flush_done_ = ctl.flush_target;
        flushed_cv_.notify_all();
      }
    }
    if (ctl.closing && settled) break;
  }
  const std::size_t lost = pending_.size() + queue_.size();
  if (lost > 0) spdlog::error("store: stopped with {} samples not written", lost);
  std::lock_guard lock(ctl_mu_);
  stopped_ = true;
  flushed_cv_.notify_all();
}

bool Writer::CommitPending() {
  const bool has_data = !pending_.empty() || !pending_drops_.empty() || !pending_minutes_.empty();
  if (healthy_ && !has_data) return true;
  Status status;
  {
    std::lock_guard lock(batch_mu_);
    status = batch_->Commit(pending_, pending_drops_, pending_minutes_);
    std::lock_guard health_lock(health_mu_);
    health_.batch = batch_->stats();
  }
  if (status) {
    pending_.clear();
    pending_drops_.clear();
    pending_minutes_.clear();
  }
  Publish(status, status.ok() && has_data);
  return status.ok();
}

void Writer::RunRetention(MonoTime now) {
  if (!retention_running_ && now < next_retention_) return;
  retention_running_ = true;
  const WallTime wall = clock_.WallNow();
  Result<bool> more = false;
  {
    std::lock_guard lock(batch_mu_);
    more = batch_->RetentionSlice(ToUnixMillis(wall - tuning_.raw_retention),
                                  ToUnixMillis(wall - tuning_.rollup_retention));
  }
  if (!more) {
    Publish(more.status(), false);
    retry_at_ = now + backoff_;
    return;
  }
  if (*more) {
    next_commit_ = now;  // continue right after the next batch
  } else {
    retention_running_ = false;
    next_retention_ = now + tuning_.retention_every;
  }
}

void Writer::Publish(const Status& status, bool committed) {
  const bool was_healthy = healthy_;
  healthy_ = status.ok();
  std::lock_guard lock(health_mu_);
  health_.writable = status.ok();
  if (status) {
    health_.last_error.clear();
    if (committed) health_.last_commit = clock_.WallNow();
    if (!was_healthy) spdlog::info("store: database writable again");
    return;
  }
  health_.last_error = status.message();
  ++health_.write_errors;
  spdlog::error("store: {} (retrying; {} samples held)", status.message(), pending_.size());
}

}  // namespace ww
