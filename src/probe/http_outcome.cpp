#include "probe/http_outcome.h"

#include <algorithm>

#include "probe/interface_socket.h"

namespace ww {

ProbeError ProbeErrorFromCurl(CURLcode code, long os_errno) {
  switch (code) {
    case CURLE_OK:
      return ProbeError::kNone;
    case CURLE_OPERATION_TIMEDOUT:
      return ProbeError::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return ProbeError::kNoAddress;
    case CURLE_COULDNT_CONNECT: {
      const ProbeError e = ProbeErrorFromErrno(static_cast<int>(os_errno));
      return e == ProbeError::kNone ? ProbeError::kSendFailed : e;
    }
    case CURLE_INTERFACE_FAILED:
    case CURLE_ABORTED_BY_CALLBACK:  // our SO_BINDTODEVICE in the sockopt callback
    case CURLE_SEND_ERROR:
      return ProbeError::kSendFailed;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
      return ProbeError::kTlsError;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_FAILED_INIT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_OUT_OF_MEMORY:
      return ProbeError::kUnavailable;
    default:
      return ProbeError::kBadReply;
  }
}

HttpTimings PhasesFrom(const CurlTimestamps& t) {
  const auto ms = [](long long us) { return std::max(0LL, us) / 1000.0; };
  HttpTimings p;
  p.dns_ms = ms(t.namelookup_us);
  p.connect_ms = t.connect_us > 0 ? ms(t.connect_us - t.namelookup_us) : 0;
  p.tls_ms = t.appconnect_us > 0 ? ms(t.appconnect_us - t.connect_us) : 0;
  const long long request_sent = std::max(t.connect_us, t.appconnect_us);
  p.first_byte_ms = t.starttransfer_us > 0 ? ms(t.starttransfer_us - request_sent) : 0;
  p.transfer_ms = t.starttransfer_us > 0 ? ms(t.total_us - t.starttransfer_us) : 0;
  p.total_ms = ms(t.total_us);
  return p;
}

CurlTimestamps ReadCurlTimestamps(const CurlLibrary& curl, CURL* easy) {
  CurlTimestamps t;
  curl_off_t v = 0;
  if (curl.easy_getinfo(easy, CURLINFO_NAMELOOKUP_TIME_T, &v) == CURLE_OK) t.namelookup_us = v;
  if (curl.easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &v) == CURLE_OK) t.connect_us = v;
  if (curl.easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &v) == CURLE_OK) t.appconnect_us = v;
  if (curl.easy_getinfo(easy, CURLINFO_STARTTRANSFER_TIME_T, &v) == CURLE_OK) {
    t.starttransfer_us = v;
  }
  if (curl.easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &v) == CURLE_OK) t.total_us = v;
  return t;
}

}  // namespace ww
