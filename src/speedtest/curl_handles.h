#pragma once
// Owned libcurl handles (through the run-time loaded library, probe/curl_library.h)
// and the options every speed test request shares: no signals, bounded connect
// time, http(s) only, the interface to bind, no compression (the payload must be
// counted as it travels).
// Thread safety: a handle belongs to one thread at a time.

#include <memory>
#include <string>

#include "probe/curl_library.h"

namespace ww {

struct CurlEasyDeleter {
  const CurlLibrary* curl = nullptr;
  void operator()(CURL* easy) const { curl->easy_cleanup(easy); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlMultiDeleter {
  const CurlLibrary* curl = nullptr;
  void operator()(CURLM* multi) const { curl->multi_cleanup(multi); }
};
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

struct CurlListDeleter {
  const CurlLibrary* curl = nullptr;
  void operator()(curl_slist* list) const { curl->slist_free_all(list); }
};
using CurlList = std::unique_ptr<curl_slist, CurlListDeleter>;

// nullptr when libcurl cannot make a handle (out of memory).
CurlEasy NewSpeedtestEasy(const CurlLibrary& curl, const std::string& interface);
CurlMulti NewMulti(const CurlLibrary& curl);

long ResponseCode(const CurlLibrary& curl, CURL* easy);

// "Couldn't connect to server", or "HTTP 404" when the server answered with an error.
std::string TransferError(const CurlLibrary& curl, CURL* easy, CURLcode code);

}  // namespace ww
