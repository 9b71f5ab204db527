#pragma once
// Where wanwatch keeps its database and logs. Resolution is pure (environment passed in);
// creating the directory is the caller's job, with EnsureDataDir.
// Thread safety: ResolveDataDir is pure; EnsureDataDir touches the file system only.

#include <filesystem>

#include "config/config.h"
#include "config/environment.h"
#include "core/result.h"

namespace ww {

// In order: general.data_dir (a leading "~/" means $HOME); else $STATE_DIRECTORY (systemd's
// StateDirectory=, first entry when colon separated); else $XDG_STATE_HOME/wanwatch (only an
// absolute XDG_STATE_HOME counts, as the XDG spec says); else $HOME/.local/state/wanwatch.
// Relative results are made absolute against working_dir and normalised.
Result<std::filesystem::path> ResolveDataDir(const Config& config, const Environment& env,
                                             const std::filesystem::path& working_dir);
// Same, against the process's working directory.
Result<std::filesystem::path> ResolveDataDir(const Config& config, const Environment& env);

// Creates the directory and any missing parents with mode 0750 (existing ones untouched) and
// checks that it is a writable directory. Errors name the path:
// `data dir "/var/lib/wanwatch": cannot create "/var/lib": Permission denied`.
Status EnsureDataDir(const std::filesystem::path& dir);

// What EnsureDataDir would find, without creating anything (for --check-config): ok when the
// directory is writable, or when its nearest existing ancestor is a writable directory.
// `will_create` tells which. Errors read as EnsureDataDir's.
Status CheckDataDir(const std::filesystem::path& dir, bool* will_create);

}  // namespace ww
