#pragma once
// The process environment as a value. Only main() reads the real environment (with
// EnvironmentFromEnviron); everything else takes an Environment, so tests are hermetic.
// Thread safety: a plain value.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ww {

using Environment = std::map<std::string, std::string, std::less<>>;

// Copies a NULL-terminated "NAME=value" array such as environ.
Environment EnvironmentFromEnviron(const char* const* envp);

// The variable's value, or nullopt when unset.
std::optional<std::string_view> GetEnv(const Environment& env, std::string_view name);

}  // namespace ww
