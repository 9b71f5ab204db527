#pragma once
// Adds an IPv4 policy-routing rule "fwmark <mark> blackhole" to the calling
// process's network namespace over rtnetlink (what `ip rule add fwmark M
// blackhole` does). The TCP service marks its kernel listeners with it, so the
// kernel's own RSTs for handshakes the responder answers in user space are
// dropped at routing, while the responder's raw-socket segments (mark 0) leave.
// Thread safety: stateless function.

#include <cstdint>

#include "core/result.h"

namespace ww::lab {

// Succeeds if the rule was added or already exists.
Status AddBlackholeRuleForMark(std::uint32_t mark, std::uint32_t priority);

}  // namespace ww::lab
