#pragma once
// ww::Store on SQLite: wires db_file (open, verify, migrate), Writer (queue,
// thread, batches, retention), Reader (queries) and IntegrityChecker
// (hourly quick_check, file size). Store::Open uses the
// default tuning; tests and benchmarks pass their own.
//
// Thread safety: as Store.

#include <memory>

#include "core/clock.h"
#include "core/result.h"
#include "store/batch_writer.h"
#include "store/integrity_check.h"
#include "store/store.h"

namespace ww {

// Knobs that StoreOptions does not carry; the defaults suit the daemon.
struct StoreTuning {
  std::size_t max_batch = 20'000;  // samples per transaction
  Duration retention_every = std::chrono::minutes(5);
  Duration max_backoff = std::chrono::seconds(30);
  BatchTuning batch;
  IntegrityTuning integrity;
};

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options, const Clock& clock,
                                               const StoreTuning& tuning);

}  // namespace ww
