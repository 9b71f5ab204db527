#include "probe/http_get.h"

#include "probe/curl_library.h"

namespace ww {
namespace {

struct Body {
  std::string text;
  std::size_t max = 0;
  bool too_large = false;
};

std::size_t OnData(char* data, std::size_t size, std::size_t n, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::size_t len = size * n;
  if (body->text.size() + len > body->max) {
    body->too_large = true;
    return 0;  // aborts the transfer
  }
  body->text.append(data, len);
  return len;
}

// The multi interface: the loader offers no easy_perform.
CURLcode Perform(const CurlLibrary& curl, CURL* easy) {
  CURLM* multi = curl.multi_init();
  if (multi == nullptr) return CURLE_OUT_OF_MEMORY;
  curl.multi_add_handle(multi, easy);
  int running = 1;
  CURLcode result = CURLE_OK;
  while (running > 0) {
    if (curl.multi_perform(multi, &running) != CURLM_OK) {
      result = CURLE_FAILED_INIT;
      break;
    }
    if (running > 0) curl.multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  int left = 0;
  while (CURLMsg* msg = curl.multi_info_read(multi, &left)) {
    if (msg->msg == CURLMSG_DONE) result = msg->data.result;
  }
  curl.multi_remove_handle(multi, easy);
  curl.multi_cleanup(multi);
  return result;
}

}  // namespace

Result<std::string> CurlHttpGetter::Get(const std::string& url, const HttpHeaders& headers) {
  using R = Result<std::string>;
  std::string why;
  const CurlLibrary* curl = LoadCurlLibrary(&why);
  if (curl == nullptr) return R::Error("libcurl: " + why);
  CURL* easy = curl->easy_init();
  if (easy == nullptr) return R::Error("libcurl: cannot create a handle");
  curl_slist* list = nullptr;
  for (const auto& [name, value] : headers) {
    list = curl->slist_append(list, (name + ": " + value).c_str());
  }
  Body body;
  body.max = max_body_;
  curl->easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl->easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl->easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl->easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl->easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
  curl->easy_setopt(easy, CURLOPT_HTTPHEADER, list);
  curl->easy_setopt(easy, CURLOPT_USERAGENT, "wanwatch");
  curl->easy_setopt(easy, CURLOPT_WRITEFUNCTION, &OnData);
  curl->easy_setopt(easy, CURLOPT_WRITEDATA, &body);
  const CURLcode rc = Perform(*curl, easy);
  long status = 0;
  curl->easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  curl->easy_cleanup(easy);
  curl->slist_free_all(list);
  if (body.too_large) {
    return R::Error(url + ": answer larger than " + std::to_string(max_body_) + " bytes");
  }
  if (rc != CURLE_OK) return R::Error(url + ": " + curl->easy_strerror(rc));
  if (status < 200 || status > 299) return R::Error(url + ": HTTP " + std::to_string(status));
  return std::move(body.text);
}

}  // namespace ww
