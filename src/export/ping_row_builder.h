#pragma once
// Turns the engine's stream of samples into ping-log rows (csv_format.h).
//
// What one row is: one probe of an external connectivity target (the ICMP
// targets; the TCP ones when ICMP is unavailable), in the order the engine
// saw them. Beside it:
// - GatewayMs: the gateway's latest result if it came from this round or the
//   one before (sent at most 1.5 intervals of the row's target earlier) and
//   succeeded; else empty.
// - DnsMs: the latest DNS check's time if it succeeded and is not older than
//   twice its interval; else empty.
// - PacketLossPct ... BaselineMs: the engine's latest published Snapshot
//   (at most about a second old), i.e. the figures of /api/status.
// - WifiSignalPct, PublicIP, ISP: not measured by wanwatch, empty.
//
// Thread safety: none; owned by the CSV writer thread.

#include <optional>
#include <string>
#include <vector>

#include "core/sample.h"
#include "core/target.h"
#include "engine/snapshot.h"
#include "export/csv_format.h"

namespace ww {

class PingRowBuilder {
 public:
  explicit PingRowBuilder(std::vector<TargetSpec> targets);

  // Remembers gateway and DNS results; returns the row of a connectivity
  // target's sample. `snapshot` may be null (before the first one).
  std::optional<PingRow> OnSample(const Sample& sample, const Snapshot* snapshot);

  // The drops log's Target cell: the connectivity targets' names, ';' separated
  // (a drop is all of them failing at once).
  const std::string& drop_target() const { return drop_target_; }

 private:
  std::vector<TargetSpec> targets_;
  std::string drop_target_;
  std::optional<Sample> gateway_, dns_;
};

}  // namespace ww
