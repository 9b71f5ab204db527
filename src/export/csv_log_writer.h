#pragma once
// The CSV logs of the original (SEMANTICS.md §1) in <data_dir>/logs:
// ping_log_YYYY-MM-DD.csv (one row per external connectivity probe, see
// ping_row_builder.h) and drops_YYYY-MM-DD.csv (one row when a drop ends, in
// the file of the day it ended). Days are local days of general.timezone.
//
// The engine thread only Posts (a bounded queue; when full the oldest row is
// dropped and counted), so probing never waits on the disk. The writer thread
// formats, appends, and flushes about once per flush_interval. Disk errors are
// counted and logged at most once per error_log_interval, never fatal; the
// rows they hit are lost (counted in rows_failed). Files older than
// retention_days (by the date in their name) are removed at start and at each
// new day.
//
// Thread safety: Post and stats() from any thread; Start and Stop from one.

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "config/timezone.h"
#include "core/bounded_queue.h"
#include "core/clock.h"
#include "core/sample.h"
#include "core/target.h"
#include "engine/snapshot.h"
#include "export/local_time.h"

namespace ww {

struct CsvLogOptions {
  std::filesystem::path dir;  // <data_dir>/logs
  int retention_days = 30;
  std::size_t queue_capacity = 50'000;
  Duration flush_interval = std::chrono::seconds(1);
  Duration error_log_interval = std::chrono::minutes(1);
};

struct CsvLogStats {
  std::uint64_t rows_written = 0;
  std::uint64_t rows_dropped = 0;  // queue full: the writer fell behind
  std::uint64_t rows_failed = 0;   // lost to a disk error
  std::uint64_t write_errors = 0;
  std::uint64_t files_pruned = 0;
  std::string last_error;
};

class CsvLogWriter {
 public:
  CsvLogWriter(CsvLogOptions options, std::vector<TargetSpec> targets,
               std::unique_ptr<LocalZone> zone, const Clock& clock);
  ~CsvLogWriter();
  CsvLogWriter(const CsvLogWriter&) = delete;
  CsvLogWriter& operator=(const CsvLogWriter&) = delete;

  void Start();
  void Stop();  // writes and flushes what is queued, then joins; idempotent

  // Never blocks on the disk. `snapshot` is the engine's latest (may be null).
  void PostSample(const Sample& sample, std::shared_ptr<const Snapshot> snapshot);
  // Only ended drops are logged (the original's drops log holds finished drops).
  void PostDropEnded(const DropRecord& drop);

  CsvLogStats stats() const;

 private:
  struct SampleItem {
    Sample sample;
    std::shared_ptr<const Snapshot> snapshot;
  };
  using Item = std::variant<SampleItem, DropRecord>;
  struct State;

  void Run();
  void Write(State& state, const Item& item);
  void Prune(LocalDay today);
  void RecordError(const std::string& message, std::uint64_t rows_lost);

  CsvLogOptions options_;
  std::vector<TargetSpec> targets_;
  std::unique_ptr<LocalZone> zone_;
  const Clock& clock_;
  BoundedQueue<Item> queue_;
  std::thread thread_;
  mutable std::mutex stats_mu_;
  CsvLogStats stats_;
  std::optional<MonoTime> last_error_logged_;
};

}  // namespace ww
