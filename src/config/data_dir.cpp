#include "config/data_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "config/text_util.h"

namespace ww {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> NonEmpty(const Environment& env, std::string_view name) {
  const auto value = GetEnv(env, name);
  if (!value || value->empty()) return std::nullopt;
  return std::string(*value);
}

Result<fs::path> Chosen(const Config& config, const Environment& env) {
  const std::string configured = config.general.data_dir.string();
  if (!configured.empty()) {
    if (configured == "~" || configured.starts_with("~/")) {
      const auto home = NonEmpty(env, "HOME");
      if (!home) {
        return Result<fs::path>::Error("general.data_dir: " + Quote(configured) +
                                       " starts with ~ but HOME is not set");
      }
      return fs::path(*home) / configured.substr(std::min<std::size_t>(2, configured.size()));
    }
    return config.general.data_dir;
  }
  if (const auto state = NonEmpty(env, "STATE_DIRECTORY")) {
    const std::string first = state->substr(0, state->find(':'));
    if (!first.empty()) return fs::path(first);
  }
  if (const auto xdg = NonEmpty(env, "XDG_STATE_HOME"); xdg && fs::path(*xdg).is_absolute()) {
    return fs::path(*xdg) / "wanwatch";
  }
  if (const auto home = NonEmpty(env, "HOME")) {
    return fs::path(*home) / ".local" / "state" / "wanwatch";
  }
  return Result<fs::path>::Error(
      "general.data_dir: not set, and none of STATE_DIRECTORY, XDG_STATE_HOME or HOME is set "
      "to choose a default; use --data-dir");
}

std::string Name(const fs::path& dir) { return "data dir " + Quote(dir.string()); }

}  // namespace

Result<fs::path> ResolveDataDir(const Config& config, const Environment& env,
                                const fs::path& working_dir) {
  auto chosen = Chosen(config, env);
  if (!chosen.ok()) return chosen;
  fs::path dir = chosen.value();
  if (dir.is_relative()) dir = working_dir / dir;
  dir = dir.lexically_normal();
  // "/a/b/" normalises to "/a/b/"; drop the empty last element so names compare equal.
  if (!dir.has_filename() && dir.has_parent_path() && dir != dir.root_path()) {
    dir = dir.parent_path();
  }
  return dir;
}

Result<fs::path> ResolveDataDir(const Config& config, const Environment& env) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (ec) return Result<fs::path>::Error("cannot read the working directory: " + ec.message());
  return ResolveDataDir(config, env, cwd);
}

Status EnsureDataDir(const fs::path& dir) {
  if (dir.empty()) return Status::Error("data dir: empty path");
  // Collect the missing ancestors, outermost first, and make each with mode 0750.
  std::vector<fs::path> missing;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) break;
    if (errno != ENOENT) {
      return Status::Error(Name(dir) + ": cannot access " + Quote(p.string()) + ": " +
                           std::strerror(errno));
    }
    missing.push_back(p);
    if (p == p.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0750) != 0 && errno != EEXIST) {
      return Status::Error(Name(dir) + ": cannot create " + Quote(it->string()) + ": " +
                           std::strerror(errno));
    }
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return Status::Error(Name(dir) + ": " + std::strerror(errno));
  }
  if (!S_ISDIR(st.st_mode)) return Status::Error(Name(dir) + ": exists and is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    return Status::Error(Name(dir) + ": not writable: " + std::strerror(errno));
  }
  return Status::Ok();
}

Status CheckDataDir(const fs::path& dir, bool* will_create) {
  *will_create = false;
  if (dir.empty()) return Status::Error("data dir: empty path");
  fs::path p = dir;
  struct stat st {};
  while (::stat(p.c_str(), &st) != 0) {
    if (errno != ENOENT) {
      return Status::Error(Name(dir) + ": cannot access " + Quote(p.string()) + ": " +
                           std::strerror(errno));
    }
    *will_create = true;
    if (p == p.parent_path() || p.parent_path().empty()) break;
    p = p.parent_path();
  }
  // A missing path below a file fails stat with ENOTDIR above, so a non-directory here is
  // the data dir itself.
  if (!S_ISDIR(st.st_mode)) return Status::Error(Name(dir) + ": exists and is not a directory");
  if (::access(p.c_str(), W_OK | X_OK) != 0) {
    return Status::Error(Name(dir) + ": " + Quote(p.string()) +
                         " is not writable: " + std::strerror(errno));
  }
  return Status::Ok();
}

}  // namespace ww
