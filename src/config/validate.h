#pragma once
// Validation of a complete Config, after all layers are applied. Returns every problem, not
// just the first, each as "key.path: rule" (blackbox_exporter's habit):
//   "web.port: must be 1-65535, got 0"
//   "probe.targets[2]: \"1.1.1.\" is not an IP address or host name"
//   "security.api_key: must be at least 32 characters (got 10)"
// The full list of rules is in docs/configuration.md. An empty result means valid.
// Thread safety: pure function.

#include <string>
#include <vector>

#include "config/config.h"

namespace ww {

std::vector<std::string> ValidateConfig(const Config& config);

// The log level names accepted by general.log_level and --log-level.
bool IsLogLevel(std::string_view level);
// speedtest.protocol: auto, librespeed, cloudflare, ookla, iperf3.
bool IsSpeedtestProtocol(std::string_view protocol);
// Hermes's exporter names (speedtest.enabled_exporters, PUT /api/config):
// csv, sqlite, prometheus, loki, influxdb.
bool IsExporterName(std::string_view name);

}  // namespace ww
