#include "uplink_history_db.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "engine/uplink_history.h"
#include "store/latency_histogram.h"
#include "store/schema.h"

namespace ww::bench {
namespace {

namespace fs = std::filesystem;
constexpr const char* kMarkerKey = "bench_uplink_history";
constexpr const char* kMarkerVersion = "1";

// Deterministic pseudo-random numbers: the same file on every machine.
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::int64_t FloorTo(std::int64_t t, std::int64_t step) { return t - ((t % step) + step) % step; }

bool HasMarker(const fs::path& db) {
  std::error_code ec;
  if (!fs::exists(db, ec)) return false;
  try {
    SQLite::Database conn(db.string(), SQLite::OPEN_READONLY);
    if (!conn.tableExists("meta")) return false;
    SQLite::Statement st(conn, "SELECT value FROM meta WHERE key = ?");
    st.bind(1, kMarkerKey);
    return st.executeStep() && st.getColumn(0).getString() == kMarkerVersion;
  } catch (const SQLite::Exception&) {
    return false;
  }
}

void InsertTargets(SQLite::Database& db, const HistoryDbShape& shape) {
  SQLite::Statement st(db, "INSERT INTO targets VALUES (?, ?, 'icmp', ?, ?, 0)");
  int id = 1;
  for (std::size_t u = 0; u < shape.uplinks.size(); ++u) {
    for (int t = 0; t <= shape.targets_per_uplink; ++t, ++id) {
      const bool gateway = t == shape.targets_per_uplink;
      st.bind(1, id);
      st.bind(2, "u" + std::to_string(u) +
                     (gateway ? "-gateway" : "-198.51.100." + std::to_string(t + 1)));
      st.bind(3, gateway ? "gateway" : "external");
      st.bind(4, gateway ? 0 : 1);
      st.exec();
      st.reset();
    }
  }
}

// A minute of an uplink: mostly UP, with short DEGRADED spells and rare outages.
void InsertMinutes(SQLite::Database& db, const HistoryDbShape& shape, std::int64_t from_ms,
                   std::int64_t to_ms) {
  SQLite::Statement st(db, "INSERT INTO uplink_minutes VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const auto samples = static_cast<std::int64_t>(60 * shape.targets_per_uplink);
  for (std::size_t u = 0; u < shape.uplinks.size(); ++u) {
    for (std::int64_t m = from_ms; m < to_ms; m += kMinuteMs) {
      const std::uint64_t r = Mix(static_cast<std::uint64_t>(m / kMinuteMs) * 7 + u) % 1000;
      const int state = r < 4 ? 0 : r < 25 ? 1 : 2;
      const std::int64_t lost = state == 0 ? samples : state == 1 ? 10 + r % 20 : r % 2;
      const double avg = 8.0 + static_cast<double>(r % 300) / 10.0 + (state == 1 ? 90 : 0);
      st.bind(1, shape.uplinks[u]);
      st.bind(2, m);
      st.bind(3, state);
      st.bind(4, samples);
      st.bind(5, lost);
      st.bind(6, avg * static_cast<double>(samples - lost));
      if (lost < samples) {
        st.bind(7, avg - 3);
        st.bind(8, avg + 40);
      } else {
        st.bind(7);
        st.bind(8);
      }
      st.exec();
      st.reset();
    }
  }
}

void InsertRollups(SQLite::Database& db, const char* table, std::int64_t width_ms, int targets,
                   std::int64_t from_ms, std::int64_t to_ms) {
  SQLite::Statement st(db,
                       std::string("INSERT INTO ") + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const std::int64_t count = width_ms / 1000;  // one probe a second
  const std::int64_t lost = count / 100;
  LatencyHistogram hist;
  hist.SetCount(LatencyHistogram::BucketOf(9), static_cast<std::uint64_t>((count - lost) / 2));
  hist.SetCount(LatencyHistogram::BucketOf(12), static_cast<std::uint64_t>((count - lost) / 3));
  hist.SetCount(LatencyHistogram::BucketOf(25),
                static_cast<std::uint64_t>(count - lost - (count - lost) / 2 - (count - lost) / 3));
  const std::string blob = hist.Encode();
  for (std::int64_t b = FloorTo(from_ms, width_ms); b < to_ms; b += width_ms) {
    for (int t = 1; t <= targets; ++t) {
      const double avg =
          9.0 + static_cast<double>(Mix(static_cast<std::uint64_t>(b + t)) % 100) / 10;
      const double ok = static_cast<double>(count - lost);
      st.bind(1, b);
      st.bind(2, t);
      st.bind(3, count);
      st.bind(4, lost);
      st.bind(5, avg * ok);
      st.bind(6, avg - 3);
      st.bind(7, avg + 40);
      st.bind(8, avg * avg * ok * 1.05);
      st.bindNoCopy(9, blob.data(), static_cast<int>(blob.size()));
      st.exec();
      st.reset();
    }
  }
}

void InsertSamples(SQLite::Database& db, int targets, std::int64_t from_ms, std::int64_t to_ms) {
  SQLite::Statement st(db, "INSERT INTO samples VALUES (?, ?, ?, ?, 0, 0)");
  for (std::int64_t ts = from_ms; ts < to_ms; ts += 1000) {
    for (int t = 1; t <= targets; ++t) {
      const std::uint64_t r = Mix(static_cast<std::uint64_t>(ts) * 16 + t);
      const bool ok = r % 100 != 0;
      st.bind(1, ts);
      st.bind(2, t);
      st.bind(3, ok ? 1 : 0);
      if (ok) {
        st.bind(4, static_cast<std::int64_t>(8000 + r % 30000));
      } else {
        st.bind(4);
      }
      st.exec();
      st.reset();
    }
  }
}

}  // namespace

Result<bool> EnsureHistoryDb(const fs::path& dir, const HistoryDbShape& shape) {
  const fs::path path = dir / "wanwatch.db";
  if (HasMarker(path)) return false;
  std::error_code ec;
  fs::create_directories(dir, ec);
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix, ec);
  try {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144");
    if (auto v = Migrate(db); !v) return Result<bool>::Error(v.error());
    const std::int64_t now_ms = ToUnixMillis(shape.now);
    const std::int64_t end = FloorTo(now_ms, kMinuteMs);
    const std::int64_t from = end - std::chrono::duration_cast<Millis>(shape.span).count();
    // Raw samples only as far back as the store keeps them (a minute inside, so
    // the store's start-up retention pass finds nothing to delete).
    const std::int64_t raw_from =
        end - std::chrono::duration_cast<Millis>(shape.raw_retention).count() + kMinuteMs;
    const int targets = static_cast<int>(shape.uplinks.size()) * (shape.targets_per_uplink + 1);
    SQLite::Transaction tx(db);
    InsertTargets(db, shape);
    InsertMinutes(db, shape, from, end);
    InsertRollups(db, "rollup_1m", 60'000, targets, from, end);
    InsertRollups(db, "rollup_5m", 300'000, targets, from, end);
    InsertRollups(db, "rollup_1h", 3'600'000, targets, from, end);
    InsertSamples(db, targets, raw_from, end);
    SQLite::Statement marker(db, "INSERT INTO meta VALUES (?, ?)");
    marker.bind(1, kMarkerKey);
    marker.bind(2, kMarkerVersion);
    marker.exec();
    tx.commit();
    db.exec("PRAGMA journal_mode = WAL");
    return true;
  } catch (const SQLite::Exception& e) {
    return Result<bool>::Error("generating " + path.string() + ": " + e.what());
  }
}

}  // namespace ww::bench
