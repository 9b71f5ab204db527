#include "web_assets/web_assets.h"

#include <algorithm>

namespace ww {
namespace web_assets_internal {
// Defined in the generated web_assets_data.cpp (web/embed.mjs), sorted by name.
std::span<const WebAsset> Embedded();
}  // namespace web_assets_internal

std::span<const WebAsset> WebAssets() { return web_assets_internal::Embedded(); }

const WebAsset* FindWebAsset(std::string_view name) {
  const std::span<const WebAsset> all = WebAssets();
  const auto it =
      std::lower_bound(all.begin(), all.end(), name,
                       [](const WebAsset& a, std::string_view n) { return a.name < n; });
  return it != all.end() && it->name == name ? &*it : nullptr;
}

}  // namespace ww
