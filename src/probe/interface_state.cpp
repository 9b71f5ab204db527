#include "probe/interface_state.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

#include <filesystem>

namespace ww {
namespace {

constexpr std::size_t kMaxInterfaceName = 15;  // IFNAMSIZ - 1

}  // namespace

bool IsValidInterfaceName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxInterfaceName && name != "." && name != ".." &&
         name.find('/') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

std::string_view ToString(OperState state) {
  switch (state) {
    case OperState::kUnknown:
      return "unknown";
    case OperState::kNotPresent:
      return "notpresent";
    case OperState::kDown:
      return "down";
    case OperState::kLowerLayerDown:
      return "lowerlayerdown";
    case OperState::kTesting:
      return "testing";
    case OperState::kDormant:
      return "dormant";
    case OperState::kUp:
      return "up";
  }
  return "unknown";
}

OperState ParseOperState(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  for (OperState s : {OperState::kNotPresent, OperState::kDown, OperState::kLowerLayerDown,
                      OperState::kTesting, OperState::kDormant, OperState::kUp}) {
    if (text == ToString(s)) return s;
  }
  return OperState::kUnknown;
}

Result<OperState> ReadOperState(std::string_view sysfs_net_dir, std::string_view interface) {
  if (!IsValidInterfaceName(interface)) {
    return Result<OperState>::Error("interface name '" + std::string(interface) + "' is invalid");
  }
  const std::filesystem::path dir = std::filesystem::path(sysfs_net_dir) / interface;
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return OperState::kNotPresent;
  std::ifstream in(dir / "operstate");
  if (!in) {
    return Result<OperState>::Error("interface '" + std::string(interface) + "': cannot read " +
                                    (dir / "operstate").string() + ": " + std::strerror(errno));
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseOperState(text);
}

}  // namespace ww
