#pragma once
// How the HTTP prober reads a finished curl transfer: curl's result code (and
// the OS errno behind a failed connect) as a ProbeError, and curl's cumulative
// timestamps as per-phase durations.
// Thread safety: stateless; ReadCurlTimestamps only reads the given handle.

#include <curl/curl.h>

#include "probe/curl_library.h"

#include "core/sample.h"

namespace ww {

// Durations of each phase, in ms (0 when the phase did not happen).
struct HttpTimings {
  double dns_ms = 0;         // name lookup
  double connect_ms = 0;     // TCP handshake
  double tls_ms = 0;         // TLS handshake (https only)
  double first_byte_ms = 0;  // request sent to first response byte (server time)
  double transfer_ms = 0;    // first byte to last byte
  double total_ms = 0;
};

// CURLE_OK is not a failure and maps to kNone; see http_prober.h for the table.
ProbeError ProbeErrorFromCurl(CURLcode code, long os_errno);

// Cumulative times from the start (curl's *_TIME_T, in µs) as phase durations.
struct CurlTimestamps {
  long long namelookup_us = 0;
  long long connect_us = 0;
  long long appconnect_us = 0;  // 0 without TLS
  long long starttransfer_us = 0;
  long long total_us = 0;
};
HttpTimings PhasesFrom(const CurlTimestamps& t);
CurlTimestamps ReadCurlTimestamps(const CurlLibrary& curl, CURL* easy);

}  // namespace ww
