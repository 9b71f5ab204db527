#pragma once
// Reads the TOML configuration file's text onto a LayeredConfig (the file layer).
// Sections [general] [web] [probe] [engine] [store] [report] [security] [uplink_defaults]
// and the array of tables [[uplinks]] mirror the structs of config.h; see
// docs/configuration.md. Decoding only: every key must be known and of the
// right type, and range rules are left to validation (except values the field cannot hold).
// Thread safety: pure function of its arguments.

#include <string_view>

#include "config/layered_config.h"

namespace ww {

// Overlays the document `text` on layered.config and records each key's origin as
// "SOURCE:LINE:COLUMN". Appends every problem to layered.errors, never throws:
//   "wanwatch.toml:3:7: syntax error: <parser's description>"
//   "wanwatch.toml:5:1: probe.intervall_ms: unknown key"
//   "wanwatch.toml:4:15: probe.interval_ms: expected an integer, got string"
//   "wanwatch.toml:9:1: uplinks[1].gatway: unknown key"
// [[uplinks]] replaces config.uplinks.list; each entry's keys are recorded as
// "uplinks[I].KEY" and the entry itself as "uplinks[I]".
void ApplyToml(std::string_view text, std::string_view source_name, LayeredConfig& layered);

}  // namespace ww
