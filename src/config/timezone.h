#pragma once
// general.timezone: which hours the heatmap and reports use. "UTC", "local" (the machine's
// offset now, which moves with daylight saving) or a fixed offset "+05:30" / "-03:00".
// Thread safety: pure functions; SystemLocalZone is safe from any thread (localtime_r).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/result.h"

namespace ww {

// The machine's zone, behind an interface so "local" is testable without touching TZ.
class LocalZone {
 public:
  virtual ~LocalZone() = default;
  virtual std::chrono::minutes UtcOffsetAt(WallTime t) const = 0;
};

// The C library's idea of local time (TZ, /etc/localtime).
class SystemLocalZone final : public LocalZone {
 public:
  std::chrono::minutes UtcOffsetAt(WallTime t) const override;
};

class FixedLocalZone final : public LocalZone {
 public:
  explicit FixedLocalZone(std::chrono::minutes offset) : offset_(offset) {}
  std::chrono::minutes UtcOffsetAt(WallTime) const override { return offset_; }

 private:
  std::chrono::minutes offset_;
};

// "UTC" -> 0, "+05:30" -> 330, "-03:00" -> -180 (offsets -12:00 to +14:00, minutes 00-59);
// nullopt for anything else, including "local".
std::optional<std::chrono::minutes> ParseFixedUtcOffset(std::string_view text);

// The offset general.timezone means at the clock's current time. Errors name the key.
Result<std::chrono::minutes> UtcOffsetFor(std::string_view timezone, const Clock& clock,
                                          const LocalZone& zone);

// "general.timezone: must be ..., got \"CET\"": the one message for a bad timezone.
std::string TimezoneError(std::string_view value);

// 330 -> "+05:30", 0 -> "+00:00".
std::string FormatUtcOffset(std::chrono::minutes offset);

}  // namespace ww
