#pragma once
// Hermes's API key: when security.api_key (API_KEY) is set, every request
// that changes something (POST, PUT, PATCH, DELETE) must carry it in
// X-Api-Key; GET, HEAD and OPTIONS stay public. The check runs before
// routing, so an unknown path or a method the path does not take answers
// 401 to a caller without the key, and reveals nothing about the routes.
//
// The comparison hashes both sides with SHA-256 and compares the digests
// with CRYPTO_memcmp: the time taken depends neither on where the first
// difference is nor on the length of the key that was sent.
//
// Thread safety: immutable after construction; Check() from any thread.

#include <array>
#include <optional>
#include <string_view>

#include "http/http_types.h"

namespace ww {

// POST, PUT, PATCH, DELETE (case-sensitive, as methods are).
bool IsProtectedMethod(std::string_view method);

// Constant-time equality of two keys of any lengths.
bool ApiKeyMatches(std::string_view given, std::string_view expected);

class ApiKeyAuth {
 public:
  explicit ApiKeyAuth(std::string_view key);

  // nullopt when the request may pass (not protected, or the right key);
  // else 401 {"detail": "Missing API key" | "Invalid API key"}.
  std::optional<HttpResponse> Check(const HttpRequest& request) const;

 private:
  std::array<unsigned char, 32> key_digest_{};
};

}  // namespace ww
