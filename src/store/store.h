#pragma once
// The on-disk record: SQLite in WAL mode in the data directory.
//
// Writes go through a bounded queue to one writer thread that commits in
// batches about once a second, so callers (the engine thread) never wait on
// the disk. Reads use their own connection and may run on any thread.
// Raw samples, 1-minute, 5-minute and 1-hour rollups (count, lost, sum, min,
// max, sum of squares, latency histogram), drops, per-uplink minutes. Retention deletes in small
// batches. A corrupt database is moved aside whole and a new one started.
//
// Thread safety: every public method may be called from any thread.

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/sample.h"
#include "core/target.h"
#include "engine/snapshot.h"
#include "engine/uplink_history.h"
#include "store/latency_histogram.h"

namespace ww {

struct StoreOptions {
  std::filesystem::path data_dir;  // the database is data_dir/wanwatch.db
  std::chrono::hours raw_retention{24 * 7};
  std::chrono::hours rollup_retention{24 * 400};
  std::chrono::milliseconds batch_interval{1000};
  std::size_t queue_capacity = 200'000;
};

// Evenly spaced series for charts: one point per `step`, oldest first.
// latency: mean RTT of successful external connectivity probes in the step;
// gateway: mean RTT of the gateway in the step; empty optional = no data or all lost.
struct HistorySeries {
  std::chrono::seconds step{1};
  std::vector<WallTime> times;
  std::vector<std::optional<double>> latency;
  std::vector<std::optional<double>> gateway;
};

struct HeatCell {
  double avg_ms = 0, min_ms = 0, max_ms = 0;
  std::uint64_t count = 0;  // successful probes
  std::uint64_t lost = 0;
};

// One stored target's totals over a period (1-minute rollups), for reports.
// Every target in the database, also ones no longer configured.
struct TargetTotals {
  std::int64_t row = 0;  // the targets table's id
  std::string name;
  std::string kind;  // "icmp", "tcp", "dns", "http"
  std::string role;  // "external" or "gateway"
  bool connectivity = false;
  std::uint64_t count = 0;  // probes
  std::uint64_t lost = 0;   // failed probes
  double sum_ms = 0;        // over successful probes, as are min, max and histogram
  std::optional<double> min_ms, max_ms;
  LatencyHistogram histogram;
};

// One raw sample as stored (raw samples are kept StoreOptions::raw_retention).
struct StoredSample {
  std::int64_t target_row = 0;
  WallTime sent_at{};
  bool ok = false;
  std::optional<double> rtt_ms;
};

// One target as stored: every target ever registered, also ones no longer
// configured (their history stays analysable).
struct StoredTarget {
  std::int64_t row = 0;  // the targets table's id
  std::string name;
  std::string kind;  // "icmp", "tcp", "dns", "http"
  std::string role;  // "external" or "gateway"
};

// One rollup cell of one target (store/rollup.h), without its histogram.
struct RollupBucket {
  std::int64_t target_row = 0;
  WallTime start{};
  std::uint64_t count = 0;  // probes
  std::uint64_t lost = 0;   // failed probes
  double sum_ms = 0;        // over successful probes, as are min and max
  std::optional<double> min_ms, max_ms;
};

struct StoreHealth {
  bool open = false;
  bool writable = false;
  std::string last_error;           // empty when fine
  std::uint64_t queue_dropped = 0;  // samples lost because the writer fell behind
  std::uint64_t write_errors = 0;
  std::int64_t schema_version = 0;
  std::optional<WallTime> last_commit;
  // PRAGMA quick_check, run at open and then hourly on a thread of its own
  // with its own connection (never on a request): empty until one finished.
  std::optional<bool> quick_check_ok;
  std::string quick_check_detail;  // "ok" or the first problems reported
  std::optional<WallTime> quick_check_at;
  std::uint64_t db_bytes = 0;  // database + WAL file sizes (refreshed every 30 s)
};

class Store {
 public:
  // Opens (creating or migrating) data_dir/wanwatch.db and starts the writer.
  static Result<std::unique_ptr<Store>> Open(const StoreOptions& options, const Clock& clock);
  virtual ~Store() = default;  // flushes what is queued, stops the writer

  // Maps each TargetId (index in `targets`) to a stable row, matched by name
  // across restarts. Call once before Append.
  virtual Status RegisterTargets(const std::vector<TargetSpec>& targets) = 0;

  // Queue for the writer; never blocks on disk.
  virtual void Append(const Sample& sample) = 0;
  // Inserts a drop, or updates the one with the same start (and uplink).
  virtual void RecordDrop(const DropRecord& drop) = 0;
  // Blocks until everything queued before the call is committed.
  virtual void Flush() = 0;

  // Oldest first; at most `limit` of the newest.
  virtual std::vector<DropRecord> Drops(std::size_t limit) const = 0;
  // How many drops are stored (cheap: no rows are read).
  virtual std::uint64_t DropCount() const = 0;
  virtual HistorySeries History(WallTime from, WallTime to, std::chrono::seconds step) const = 0;
  // Average latency of external targets by hour of day over [now-24h, now),
  // hours in UTC shifted by utc_offset_minutes. Index = hour 0..23.
  virtual std::array<std::optional<HeatCell>, 24> Heatmap(WallTime now,
                                                          int utc_offset_minutes) const = 0;
  virtual StoreHealth Health() const = 0;

  // Per-target totals over [from, to) (1-minute buckets starting in the range).
  virtual std::vector<TargetTotals> Totals(WallTime from, WallTime to) const { return {}; }
  // Calls `visit` for each raw sample of `target_rows` in [from, to), oldest first.
  virtual void VisitSamples(WallTime from, WallTime to,
                            const std::vector<std::int64_t>& target_rows,
                            const std::function<void(const StoredSample&)>& visit) const {}

  // isp-status minute history. `uplink` is UplinkSpec::name ("" = implicit).
  // Queued like samples; a second record of the same minute keeps the worse state
  // and the larger counts.
  virtual void RecordUplinkMinute(const std::string& uplink, const UplinkMinute& minute) {}
  // Minutes with start in [from_ms, to_ms), oldest first.
  virtual std::vector<UplinkMinute> UplinkMinutes(const std::string& uplink, std::int64_t from_ms,
                                                  std::int64_t to_ms) const {
    return {};
  }
  // Start of the newest stored minute of any uplink (history freshness).
  virtual std::optional<std::int64_t> NewestUplinkMinute() const { return std::nullopt; }

  // For the ping analysis (/api/analysis/ping/*). Every stored target, by row.
  virtual std::vector<StoredTarget> StoredTargets() const { return {}; }
  // The newest `limit` buckets of one target, newest first. `level` indexes
  // kRollupLevels (store/rollup.h): 1 = 5 minutes, 2 = 1 hour.
  virtual std::vector<RollupBucket> NewestRollups(std::size_t level, std::int64_t target_row,
                                                  std::size_t limit) const {
    return {};
  }
  // The buckets starting at or after `from` of `target_rows` (empty: every
  // target), oldest first.
  virtual std::vector<RollupBucket> RollupsSince(
      std::size_t level, WallTime from, const std::vector<std::int64_t>& target_rows) const {
    return {};
  }

  // Opens an existing data_dir/wanwatch.db for reading only, beside a running
  // daemon or not: no writer thread, no migration, nothing created. Append,
  // RecordDrop and RegisterTargets do nothing (RegisterTargets returns an error).
  // Fails, naming the file, when it is missing, not a database, or of another
  // schema version than this build's.
  static Result<std::unique_ptr<Store>> OpenReadOnly(const std::filesystem::path& data_dir);
};

}  // namespace ww
