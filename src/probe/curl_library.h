#pragma once
// libcurl, loaded when first needed instead of at program start. Linking
// libcurl pulls in ~25 shared libraries (GnuTLS, OpenSSL, Kerberos, LDAP,
// p11-kit...) whose start-up costs ~4 MiB of RSS; a daemon with no HTTP
// checks never pays that. Callers go through the function table below, which
// has libcurl's own signatures (the typed curl_easy_setopt macros of
// <curl/curl.h> do not apply to it, so pass `long`, `curl_off_t` and pointers
// exactly as the libcurl documentation says).
//
// Thread safety: LoadCurlLibrary() may be called from any thread; the library
// is loaded and its global state initialised once per process and never
// unloaded. The table is immutable.

#include <string>

#include <curl/curl.h>

namespace ww {

struct CurlLibrary {
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL*);
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
  const char* (*easy_strerror)(CURLcode);
  struct curl_slist* (*slist_append)(struct curl_slist*, const char*);
  void (*slist_free_all)(struct curl_slist*);
  CURLM* (*multi_init)();
  CURLMcode (*multi_cleanup)(CURLM*);
  CURLMcode (*multi_add_handle)(CURLM*, CURL*);
  CURLMcode (*multi_remove_handle)(CURLM*, CURL*);
  CURLMcode (*multi_setopt)(CURLM*, CURLMoption, ...);
  CURLMcode (*multi_socket_action)(CURLM*, curl_socket_t, int, int*);
  CURLMsg* (*multi_info_read)(CURLM*, int*);
  // A loop of its own (the speed test's thread): perform, then poll with a timeout.
  CURLMcode (*multi_perform)(CURLM*, int*);
  CURLMcode (*multi_poll)(CURLM*, struct curl_waitfd[], unsigned int, int, int*);
  const char* (*multi_strerror)(CURLMcode);
};

// The loaded library with curl_global_init done, or nullptr when libcurl.so.4
// cannot be loaded or initialised; `error` (optional) then says why.
const CurlLibrary* LoadCurlLibrary(std::string* error = nullptr);

}  // namespace ww
