#pragma once
// Hermes outage events in wanwatch.db (table outage_events, schema.cpp steps
// 5 and 6), on a connection of its own beside the sample writer's, like
// SpeedtestResultsStore: WAL lets both write; the busy timeout covers the
// moments they meet. synchronous=FULL: an event is on disk before the API or
// a restart could ask for it (a few rows a day; the fsync costs nothing).
//
// Errors are returned, never thrown (a full disk, a locked file).
//
// Thread safety: every method may be called from any thread; one mutex
// serialises the connection (the monitor thread writes, HTTP threads read).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace SQLite {
class Database;
}

namespace ww {

// What the optional sources said about an outage; nullopt: not configured,
// failed, or not asked yet (the API shows null).
struct OutageEnrichment {
  std::optional<std::string> isp_name;
  std::optional<std::string> asn;  // "AS<number>"
  std::optional<bool> bgp_unstable;
  std::optional<std::string> cloudflare_outage_desc;
};

// One row of outage_events.
struct OutageRow {
  std::int64_t id = 0;  // ignored by Insert
  WallTime timestamp{};
  std::string event_type;                  // outage_start | outage_end
  std::string event_kind;                  // connectivity_lost | connectivity_restored
  std::optional<double> duration_seconds;  // end rows
  std::optional<WallTime> outage_start;    // end rows: when their outage began
  std::string probe_results = "{}";        // JSON object string {"host:port": bool}
  std::string probe_details = "[]";        // JSON array [{target, ok, rtt_ms, error}]
  std::string uplink;                      // DOWN uplinks at the event, "," separated
  std::string diagnosis;                   // engine diagnosis text at the event
  std::string diagnosis_code;
  OutageEnrichment enrichment;
};

class OutageStore {
 public:
  // Opens (creating if needed) the database file and migrates it. The daemon
  // opens the sample store first, which verifies the file; this connects.
  static Result<std::unique_ptr<OutageStore>> Open(const std::filesystem::path& db_path);
  ~OutageStore();
  OutageStore(const OutageStore&) = delete;
  OutageStore& operator=(const OutageStore&) = delete;

  // Stores `row` (its id is ignored) and returns the new row id.
  Result<std::int64_t> Insert(const OutageRow& row);
  Result<std::int64_t> Count() const;
  // Newest first (by time, then id): rows [offset, offset + limit).
  Result<std::vector<OutageRow>> Page(std::int64_t offset, std::int64_t limit) const;
  // The outage still in progress: the newest event if it is an outage_start
  // (a start with no end after it, e.g. the daemon stopped during an outage).
  Result<std::optional<OutageRow>> OpenOutage() const;
  // Writes the enrichment columns of the given rows (start and end of one outage).
  Status SetEnrichment(const std::vector<std::int64_t>& ids, const OutageEnrichment& enrichment);

 private:
  explicit OutageStore(std::unique_ptr<SQLite::Database> db);

  mutable std::mutex mu_;
  std::unique_ptr<SQLite::Database> db_;
};

}  // namespace ww
