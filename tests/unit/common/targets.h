#pragma once
// A TargetSpec with just what the unit tests vary: name, role, whether it
// counts for drops, and kind.

#include <string>
#include <utility>

#include "core/target.h"

namespace ww::unit_test {

inline TargetSpec MakeTarget(std::string name, TargetRole role, bool connectivity,
                             ProbeKind kind = ProbeKind::kIcmp) {
  TargetSpec t;
  t.name = std::move(name);
  t.role = role;
  t.connectivity = connectivity;
  t.kind = kind;
  return t;
}

}  // namespace ww::unit_test
