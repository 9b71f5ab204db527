#include "probe/resolv_conf.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

namespace ww {
namespace {

std::vector<std::string_view> Words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

}  // namespace

ResolvConf ParseResolvConf(std::string_view text, std::string_view source) {
  ResolvConf conf;
  int number = 0;
  auto warn = [&](const std::string& what) {
    conf.warnings.push_back(std::string(source) + " line " + std::to_string(number) + ": " + what);
  };
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++number;
    // '#' or ';' in the first column starts a comment; glibc also cuts at them.
    if (const std::size_t c = line.find_first_of("#;"); c != std::string_view::npos) {
      line = line.substr(0, c);
    }
    const auto words = Words(line);
    if (words.empty()) continue;
    if (words[0] == "search" || words[0] == "domain") {
      conf.search.assign(words.begin() + 1, words.end());
      continue;
    }
    if (words[0] != "nameserver") continue;  // options, sortlist: not ours
    if (words.size() < 2) {
      warn("nameserver without an address");
      continue;
    }
    if (words[1].find('%') != std::string_view::npos) {
      warn("scoped address '" + std::string(words[1]) + "' not supported");
      continue;
    }
    const auto address = IpAddress::Parse(words[1]);
    if (!address) {
      warn("'" + std::string(words[1]) + "' is not an IP address");
      continue;
    }
    if (conf.nameservers.size() >= kResolvMaxNameservers) {
      warn("nameserver " + address->ToString() + " ignored: glibc uses only the first 3");
      continue;
    }
    conf.nameservers.push_back(*address);
  }
  return conf;
}

Result<ResolvConf> ReadResolvConf(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return Result<ResolvConf>::Error("cannot read " + path + ": " + std::strerror(errno));
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseResolvConf(text, path);
}

}  // namespace ww
