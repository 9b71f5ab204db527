#include "http/request_decode.h"

#include <cctype>

namespace ww {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// The path-and-query part of an absolute-form target ("http://host:80/x?y" → "/x?y",
// "http://host?y" → "/?y").
std::string StripAuthority(std::string_view target) {
  const std::size_t authority = target.find("://") + 3;
  const std::size_t end = target.find_first_of("/?#", authority);
  if (end == std::string_view::npos) return "/";
  if (target[end] == '/') return std::string(target.substr(end));
  std::string path(1, '/');
  path.append(target.substr(end));
  return path;
}

}  // namespace

std::string PercentDecode(std::string_view in, bool plus_as_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%' && i + 2 < in.size()) {
      const int hi = HexValue(in[i + 1]);
      const int lo = HexValue(in[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::multimap<std::string, std::string> ParseQuery(std::string_view query) {
  std::multimap<std::string, std::string> out;
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (piece.empty()) continue;
    const std::size_t eq = piece.find('=');
    if (eq == std::string_view::npos) {
      out.emplace(PercentDecode(piece, true), std::string());
    } else {
      out.emplace(PercentDecode(piece.substr(0, eq), true),
                  PercentDecode(piece.substr(eq + 1), true));
    }
  }
  return out;
}

std::string NormalizePeerAddress(std::string_view address) {
  if (!StartsWithNoCase(address, "::ffff:")) return std::string(address);
  const std::string_view rest = address.substr(7);
  int dots = 0;
  for (char c : rest) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return std::string(address);
    }
  }
  return dots == 3 ? std::string(rest) : std::string(address);
}

Status DecodeTarget(HttpRequest& request) {
  std::string_view target = request.target;
  std::string stripped;
  if (target == "*") {
    request.path.assign(1, '*');  // not = "*": GCC 12 -Wrestrict false positive at -O2
    request.query.clear();
    return Status::Ok();
  }
  if (StartsWithNoCase(target, "http://") || StartsWithNoCase(target, "https://")) {
    stripped = StripAuthority(target);
    target = stripped;
  }
  if (target.empty() || target.front() != '/') {
    return Status::Error("invalid request target: must start with '/'");
  }
  target = target.substr(0, target.find('#'));
  const std::size_t question = target.find('?');
  request.path = PercentDecode(target.substr(0, question), false);
  if (request.path.find('\0') != std::string::npos) {
    return Status::Error("invalid request target: path contains a NUL byte");
  }
  request.query = question == std::string_view::npos ? std::multimap<std::string, std::string>()
                                                     : ParseQuery(target.substr(question + 1));
  return Status::Ok();
}

void AddHeader(HttpRequest& request, std::string_view name, std::string_view value) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto [it, inserted] = request.headers.emplace(std::move(lower), std::string(value));
  if (!inserted) {
    it->second.append(", ");
    it->second.append(value);
  }
}

}  // namespace ww
