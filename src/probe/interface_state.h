#pragma once
// An interface's operational state (RFC 2863 ifOperStatus) as the kernel shows
// it in /sys/class/net/<if>/operstate. The directory is a parameter so tests
// (and a netns with its own sysfs mount) can point elsewhere.
// Thread safety: stateless functions.

#include <string>
#include <string_view>

#include "core/result.h"

namespace ww {

enum class OperState : std::uint8_t {
  kUnknown,  // the kernel's "unknown" (lo, many tun devices) or an unreadable value
  kNotPresent,
  kDown,
  kLowerLayerDown,  // e.g. no carrier, or a veth whose peer is down
  kTesting,
  kDormant,
  kUp,
};

std::string_view ToString(OperState state);
// The text of an operstate file ("up\n"); anything unrecognised is kUnknown.
OperState ParseOperState(std::string_view text);

// A kernel interface name: 1-15 octets, no '/', not "." or "..".
bool IsValidInterfaceName(std::string_view name);

// Reads <sysfs_net_dir>/<interface>/operstate. A missing interface directory is
// kNotPresent, not an error; an invalid interface name (empty, "/", "..", longer
// than 15) or an unreadable file is an error naming the interface.
Result<OperState> ReadOperState(std::string_view sysfs_net_dir, std::string_view interface);

}  // namespace ww
