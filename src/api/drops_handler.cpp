#include <algorithm>

#include "api/handlers.h"
#include "api/json_format.h"
#include "http/query_params.h"

namespace ww {
namespace {

constexpr std::int64_t kDefaultLimit = 1000;
constexpr std::int64_t kMaxLimit = 10'000;

// The store keys a drop by its start and uplink (Store::RecordDrop).
// The store keeps times in whole milliseconds, the engine's copy has the
// clock's full precision: compare at the store's resolution.
bool SameDrop(const DropRecord& a, const DropRecord& b) {
  return ToUnixMillis(a.start) == ToUnixMillis(b.start) && a.uplink == b.uplink;
}

}  // namespace

HttpResponse HandleDrops(const ApiContext& context, const HttpRequest& request) {
  auto limit = QueryInt(request, "limit", 1, kMaxLimit, kDefaultLimit);
  if (!limit.ok()) return BadRequest(limit.status());
  const std::shared_ptr<const Snapshot> snapshot = CurrentSnapshot(context);
  std::vector<DropRecord> drops = context.store.Drops(static_cast<std::size_t>(*limit));
  std::vector<bool> ongoing(drops.size(), false);
  if (snapshot->current_drop) {
    // The snapshot's copy is fresher (duration so far) than a stored ongoing row.
    DropRecord current = *snapshot->current_drop;
    auto stored = std::find_if(drops.begin(), drops.end(),
                               [&](const DropRecord& d) { return SameDrop(d, current); });
    if (stored != drops.end()) {
      if (current.id == 0) current.id = stored->id;
      *stored = std::move(current);
      ongoing[static_cast<std::size_t>(stored - drops.begin())] = true;
    } else {
      drops.push_back(std::move(current));
      ongoing.push_back(true);
    }
  }
  const auto max_count = static_cast<std::size_t>(*limit);
  const std::size_t skip = drops.size() > max_count ? drops.size() - max_count : 0;
  Json out = Json::array();
  for (std::size_t i = skip; i < drops.size(); ++i) out.push_back(DropJson(drops[i], ongoing[i]));
  return JsonOk(out);
}

}  // namespace ww
