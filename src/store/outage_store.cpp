#include "store/outage_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include "store/db_file.h"
#include "store/schema.h"

namespace ww {
namespace {

// Column order of every SELECT here and of the INSERT (after id).
constexpr const char* kColumns =
    "id, ts_ms, event_type, event_kind, duration_seconds, outage_start_ms, probe_results, "
    "probe_details, uplink, diagnosis, diagnosis_code, isp_name, asn, bgp_unstable, "
    "cloudflare_outage_desc";
constexpr const char* kInsertPlaceholders = "NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";

template <typename T>
void BindOptional(SQLite::Statement& s, int index, const std::optional<T>& v) {
  if (v) {
    s.bind(index, *v);
  } else {
    s.bind(index);  // NULL
  }
}

std::optional<std::string> OptionalText(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

OutageRow RowFrom(SQLite::Statement& s) {
  OutageRow r;
  int i = 0;
  r.id = s.getColumn(i++).getInt64();
  r.timestamp = FromUnixMillis(s.getColumn(i++).getInt64());
  r.event_type = s.getColumn(i++).getString();
  r.event_kind = s.getColumn(i++).getString();
  if (const SQLite::Column c = s.getColumn(i++); !c.isNull()) r.duration_seconds = c.getDouble();
  if (const SQLite::Column c = s.getColumn(i++); !c.isNull()) {
    r.outage_start = FromUnixMillis(c.getInt64());
  }
  r.probe_results = s.getColumn(i++).getString();
  r.probe_details = s.getColumn(i++).getString();
  r.uplink = s.getColumn(i++).getString();
  r.diagnosis = s.getColumn(i++).getString();
  r.diagnosis_code = s.getColumn(i++).getString();
  r.enrichment.isp_name = OptionalText(s.getColumn(i++));
  r.enrichment.asn = OptionalText(s.getColumn(i++));
  if (const SQLite::Column c = s.getColumn(i++); !c.isNull()) {
    r.enrichment.bgp_unstable = c.getInt() != 0;
  }
  r.enrichment.cloudflare_outage_desc = OptionalText(s.getColumn(i++));
  return r;
}

void BindEnrichment(SQLite::Statement& s, int first, const OutageEnrichment& e) {
  BindOptional(s, first, e.isp_name);
  BindOptional(s, first + 1, e.asn);
  BindOptional(s, first + 2,
               e.bgp_unstable ? std::optional<int>(*e.bgp_unstable ? 1 : 0) : std::nullopt);
  BindOptional(s, first + 3, e.cloudflare_outage_desc);
}

}  // namespace

OutageStore::OutageStore(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}

OutageStore::~OutageStore() = default;

Result<std::unique_ptr<OutageStore>> OutageStore::Open(const std::filesystem::path& db_path) {
  auto db = OpenStoreConnection(db_path, /*durable=*/true);
  if (!db) return db.status();
  return std::unique_ptr<OutageStore>(new OutageStore(std::move(db).value()));
}

Result<std::int64_t> OutageStore::Insert(const OutageRow& r) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement s(*db_, std::string("INSERT INTO outage_events (") + kColumns + ") VALUES (" +
                                  kInsertPlaceholders + ")");
    int i = 1;
    s.bind(i++, static_cast<std::int64_t>(ToUnixMillis(r.timestamp)));
    s.bind(i++, r.event_type);
    s.bind(i++, r.event_kind);
    BindOptional(s, i++, r.duration_seconds);
    BindOptional(
        s, i++,
        r.outage_start ? std::optional<std::int64_t>(ToUnixMillis(*r.outage_start)) : std::nullopt);
    for (const std::string* text :
         {&r.probe_results, &r.probe_details, &r.uplink, &r.diagnosis, &r.diagnosis_code}) {
      s.bind(i++, *text);
    }
    BindEnrichment(s, i, r.enrichment);
    s.exec();
    return static_cast<std::int64_t>(db_->getLastInsertRowid());
  } catch (const SQLite::Exception& e) {
    return Result<std::int64_t>::Error(DatabaseError(*db_, "storing an outage event", e));
  }
}

Result<std::int64_t> OutageStore::Count() const {
  std::lock_guard lock(mu_);
  try {
    return static_cast<std::int64_t>(
        db_->execAndGet("SELECT count(*) FROM outage_events").getInt64());
  } catch (const SQLite::Exception& e) {
    return Result<std::int64_t>::Error(DatabaseError(*db_, "counting outage events", e));
  }
}

Result<std::vector<OutageRow>> OutageStore::Page(std::int64_t offset, std::int64_t limit) const {
  std::lock_guard lock(mu_);
  std::vector<OutageRow> out;
  try {
    SQLite::Statement s(*db_, std::string("SELECT ") + kColumns +
                                  " FROM outage_events ORDER BY ts_ms DESC, id DESC"
                                  " LIMIT ? OFFSET ?");
    s.bind(1, limit);
    s.bind(2, offset);
    while (s.executeStep()) out.push_back(RowFrom(s));
    return out;
  } catch (const SQLite::Exception& e) {
    return Result<std::vector<OutageRow>>::Error(DatabaseError(*db_, "reading outage events", e));
  }
}

Result<std::optional<OutageRow>> OutageStore::OpenOutage() const {
  // By id, not time: an end row carries the recovery time, a start row the
  // first failed round's, and the end is always inserted after its start.
  std::lock_guard lock(mu_);
  try {
    SQLite::Statement s(
        *db_, std::string("SELECT ") + kColumns + " FROM outage_events ORDER BY id DESC LIMIT 1");
    if (!s.executeStep()) return std::optional<OutageRow>();
    OutageRow newest = RowFrom(s);
    if (newest.event_type != "outage_start") return std::optional<OutageRow>();
    return std::optional<OutageRow>(std::move(newest));
  } catch (const SQLite::Exception& e) {
    return Result<std::optional<OutageRow>>::Error(
        DatabaseError(*db_, "reading the open outage", e));
  }
}

Status OutageStore::SetEnrichment(const std::vector<std::int64_t>& ids,
                                  const OutageEnrichment& enrichment) {
  std::lock_guard lock(mu_);
  try {
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement s(*db_,
                        "UPDATE outage_events SET isp_name = ?, asn = ?, bgp_unstable = ?, "
                        "cloudflare_outage_desc = ? WHERE id = ?");
    for (std::int64_t id : ids) {
      BindEnrichment(s, 1, enrichment);
      s.bind(5, id);
      s.exec();
      s.reset();
    }
    tx.commit();
    return Status::Ok();
  } catch (const SQLite::Exception& e) {
    return Status::Error(DatabaseError(*db_, "storing an outage's enrichment", e));
  }
}

}  // namespace ww
