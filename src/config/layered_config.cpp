#include "config/layered_config.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include "config/text_util.h"

namespace ww {

void LayeredConfig::MarkSet(const ConfigKey& key, ConfigLayer layer, std::string where) {
  origins[key.Path()] = ConfigOrigin{layer, std::move(where)};
}

bool LayeredConfig::SetByUser(std::string_view key_path) const {
  const auto it = origins.find(key_path);
  return it != origins.end() && it->second.layer != ConfigLayer::kCommandLine;
}

std::vector<std::string> AnnotateWithOrigins(const std::vector<std::string>& messages,
                                             const LayeredConfig& layered) {
  std::vector<std::string> out;
  out.reserve(messages.size());
  for (const std::string& m : messages) {
    const std::size_t end = m.find(':');
    auto it = layered.origins.end();
    // "uplinks[1].ping_targets[2]" -> "uplinks[1].ping_targets" -> "uplinks[1]" -> "uplinks":
    // the most specific recorded path wins.
    std::string_view path = std::string_view(m).substr(0, end == std::string::npos ? 0 : end);
    while (!path.empty() && (it = layered.origins.find(path)) == layered.origins.end()) {
      const std::size_t cut = path.ends_with(']') ? path.rfind('[') : path.rfind('.');
      path = path.substr(0, cut == std::string_view::npos ? 0 : cut);
    }
    out.push_back(it == layered.origins.end() ? m : m + " (from " + it->second.where + ")");
  }
  return out;
}

Result<std::string> ReadConfigFile(const std::filesystem::path& path) {
  constexpr std::uintmax_t kMaxBytes = 1 << 20;
  const std::string name = "config file " + Quote(path.string());
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Result<std::string>::Error(name + ": is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Result<std::string>::Error(name + ": " + std::strerror(errno));
  }
  std::string text;
  char buf[8192];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxBytes) {
      return Result<std::string>::Error(name + ": larger than 1 MiB");
    }
  }
  if (in.bad()) return Result<std::string>::Error(name + ": read error");
  return text;
}

}  // namespace ww
