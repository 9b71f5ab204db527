#include "http/api_key_auth.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace ww {
namespace {

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest Sha256(std::string_view text) {
  Digest out{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
  return out;
}

HttpResponse Unauthorized(std::string_view detail) {
  HttpResponse r = HttpResponse::Error(401, detail);
  // RFC 9110 §15.5.2: a 401 names the scheme; ours is a key in a header.
  r.headers.emplace_back("WWW-Authenticate", "ApiKey header=\"X-Api-Key\"");
  return r;
}

}  // namespace

bool IsProtectedMethod(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool ApiKeyMatches(std::string_view given, std::string_view expected) {
  const Digest a = Sha256(given);
  const Digest b = Sha256(expected);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

ApiKeyAuth::ApiKeyAuth(std::string_view key) : key_digest_(Sha256(key)) {}

std::optional<HttpResponse> ApiKeyAuth::Check(const HttpRequest& request) const {
  if (!IsProtectedMethod(request.method)) return std::nullopt;
  const std::optional<std::string> given = request.Header("x-api-key");
  if (!given || given->empty()) return Unauthorized("Missing API key");
  const Digest digest = Sha256(*given);
  if (CRYPTO_memcmp(digest.data(), key_digest_.data(), digest.size()) != 0) {
    return Unauthorized("Invalid API key");
  }
  return std::nullopt;
}

}  // namespace ww
