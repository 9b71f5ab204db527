#include "speedtest/curl_handles.h"

namespace ww {

CurlEasy NewSpeedtestEasy(const CurlLibrary& curl, const std::string& interface) {
  CurlEasy easy(curl.easy_init(), CurlEasyDeleter{&curl});
  if (!easy) return easy;
  CURL* e = easy.get();
  curl.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl.easy_setopt(e, CURLOPT_USERAGENT, "wanwatch-speedtest");
  curl.easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
  // 4xx/5xx end the transfer before any body is delivered (and counted).
  curl.easy_setopt(e, CURLOPT_FAILONERROR, 1L);
  if (!interface.empty()) {
    const std::string bind = "if!" + interface;
    curl.easy_setopt(e, CURLOPT_INTERFACE, bind.c_str());  // curl copies strings
  }
  return easy;
}

CurlMulti NewMulti(const CurlLibrary& curl) {
  return CurlMulti(curl.multi_init(), CurlMultiDeleter{&curl});
}

long ResponseCode(const CurlLibrary& curl, CURL* easy) {
  long code = 0;
  curl.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
  return code;
}

std::string TransferError(const CurlLibrary& curl, CURL* easy, CURLcode code) {
  const long http = ResponseCode(curl, easy);
  if (code == CURLE_HTTP_RETURNED_ERROR || (code == CURLE_OK && http >= 400)) {
    return "HTTP " + std::to_string(http);
  }
  return curl.easy_strerror(code);
}

}  // namespace ww
