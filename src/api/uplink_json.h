#pragma once
// The isp-status `uplinks[]` of /api/status: one object per uplink with the
// seed's fields (name, state 2/1/0, state_reason, iface_state, gw_ping,
// ping[], http[]) and ours. Field list and meaning: docs/api (and /docs).
//
// Thread safety: pure functions.

#include <vector>

#include "api/json_format.h"
#include "engine/snapshot.h"

namespace ww {

Json UplinkJson(const UplinkStatus& uplink);
Json UplinksJson(const std::vector<UplinkStatus>& uplinks);

}  // namespace ww
