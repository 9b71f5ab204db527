#pragma once
// The running daemon: builds every component from a validated Config, in
// dependency order, starts their threads, and stops them in reverse.
//
//   probe loop (ProbeService: scheduler + probers + NetWatcher)
//        │ Sample / LinkState (bounded queue, never blocks)
//        ▼
//   EngineRunner (engine thread) ──► Snapshot ──► API (HTTP threads)
//        └──► Store (writer thread, SQLite) ◄── API reads
//
// Thread safety: Start and Stop from the main thread only.

#include <filesystem>
#include <memory>
#include <vector>

#include "config/config.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/target.h"

namespace ww {

struct Snapshot;
class Store;

class Daemon {
 public:
  Daemon(Config config, std::vector<TargetSpec> targets, std::filesystem::path data_dir,
         const Clock& clock);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Opens the store, starts probing and serving. The error names the part
  // that failed (a port in use, an unwritable data dir, ...).
  Status Start();
  void Stop();  // idempotent

  std::uint16_t web_port() const;
  // The engine's latest snapshot; null before Start and before the first one.
  // Any thread (the terminal view reads it from main's).
  std::shared_ptr<const Snapshot> snapshot() const;
  // The open store, null before Start; valid until Stop. Its methods are thread-safe.
  const Store* store() const;

 private:
  struct Parts;
  Config config_;
  std::vector<TargetSpec> targets_;
  std::filesystem::path data_dir_;
  const Clock& clock_;
  std::unique_ptr<Parts> parts_;
};

}  // namespace ww
