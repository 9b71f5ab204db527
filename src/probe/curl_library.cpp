#include "probe/curl_library.h"

#include <dlfcn.h>

namespace ww {
namespace {

struct Loaded {
  CurlLibrary table{};
  std::string error;
  bool ok = false;
};

template <typename Fn>
bool Resolve(void* handle, const char* name, Fn& out, std::string& error) {
  out = reinterpret_cast<Fn>(::dlsym(handle, name));
  if (out == nullptr && error.empty()) error = std::string("libcurl has no symbol ") + name;
  return out != nullptr;
}

Loaded Load() {
  Loaded l;
  // The SONAME Debian's libcurl4 / libcurl3-gnutls ship; no -dev package needed.
  void* handle = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) handle = ::dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    l.error = std::string("cannot load libcurl.so.4 (install Debian's libcurl4): ") +
              (why != nullptr ? why : "unknown error");
    return l;
  }
  CurlLibrary& t = l.table;
  CURLcode (*global_init)(long) = nullptr;
  bool ok = Resolve(handle, "curl_global_init", global_init, l.error);
  ok &= Resolve(handle, "curl_easy_init", t.easy_init, l.error);
  ok &= Resolve(handle, "curl_easy_cleanup", t.easy_cleanup, l.error);
  ok &= Resolve(handle, "curl_easy_setopt", t.easy_setopt, l.error);
  ok &= Resolve(handle, "curl_easy_getinfo", t.easy_getinfo, l.error);
  ok &= Resolve(handle, "curl_easy_strerror", t.easy_strerror, l.error);
  ok &= Resolve(handle, "curl_slist_append", t.slist_append, l.error);
  ok &= Resolve(handle, "curl_slist_free_all", t.slist_free_all, l.error);
  ok &= Resolve(handle, "curl_multi_init", t.multi_init, l.error);
  ok &= Resolve(handle, "curl_multi_cleanup", t.multi_cleanup, l.error);
  ok &= Resolve(handle, "curl_multi_add_handle", t.multi_add_handle, l.error);
  ok &= Resolve(handle, "curl_multi_remove_handle", t.multi_remove_handle, l.error);
  ok &= Resolve(handle, "curl_multi_setopt", t.multi_setopt, l.error);
  ok &= Resolve(handle, "curl_multi_socket_action", t.multi_socket_action, l.error);
  ok &= Resolve(handle, "curl_multi_info_read", t.multi_info_read, l.error);
  ok &= Resolve(handle, "curl_multi_perform", t.multi_perform, l.error);
  ok &= Resolve(handle, "curl_multi_poll", t.multi_poll, l.error);
  ok &= Resolve(handle, "curl_multi_strerror", t.multi_strerror, l.error);
  if (!ok) return l;
  // Once per process and never cleaned up: curl_global_cleanup would have to
  // wait for every user, and the library stays loaded until exit anyway.
  if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    l.error = "curl_global_init failed";
    return l;
  }
  l.ok = true;
  return l;
}

}  // namespace

const CurlLibrary* LoadCurlLibrary(std::string* error) {
  // A magic static: loaded on first use, thread-safe, immutable afterwards.
  static const Loaded loaded = Load();
  if (!loaded.ok && error != nullptr) *error = loaded.error;
  return loaded.ok ? &loaded.table : nullptr;
}

}  // namespace ww
