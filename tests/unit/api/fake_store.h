#pragma once
// A Store for handler tests: drops and heatmap cells are plain members the
// test fills, History returns a deterministic evenly spaced series for the
// requested range, and every query records its arguments.

#include <mutex>

#include "store/store.h"

namespace ww::test_api {

class FakeStore : public Store {
 public:
  Status RegisterTargets(const std::vector<TargetSpec>&) override { return Status::Ok(); }
  void Append(const Sample&) override {}
  void RecordDrop(const DropRecord& drop) override { drops.push_back(drop); }
  void Flush() override {}

  std::vector<DropRecord> Drops(std::size_t limit) const override {
    last_drops_limit = limit;
    const std::size_t skip = drops.size() > limit ? drops.size() - limit : 0;
    return {drops.begin() + static_cast<long>(skip), drops.end()};
  }
  std::uint64_t DropCount() const override { return drops.size(); }

  // Point i: latency 10 + i * 0.123456 ms except every third (no data);
  // gateway 0.5 + i * 0.001 ms except every fifth.
  HistorySeries History(WallTime from, WallTime to, std::chrono::seconds step) const override {
    last_from = from;
    last_to = to;
    last_step = step;
    HistorySeries s;
    s.step = step;
    for (WallTime t = from; t < to && s.times.size() < 20'000; t += step) {
      const std::size_t i = s.times.size();
      s.times.push_back(t);
      s.latency.push_back(i % 3 == 0 ? std::nullopt : std::optional<double>(10 + i * 0.123456));
      s.gateway.push_back(i % 5 == 0 ? std::nullopt : std::optional<double>(0.5 + i * 0.001));
    }
    if (ragged && !s.latency.empty()) s.latency.pop_back();
    return s;
  }

  std::array<std::optional<HeatCell>, 24> Heatmap(WallTime now,
                                                  int utc_offset_minutes) const override {
    last_heatmap_now = now;
    last_offset = utc_offset_minutes;
    return heat;
  }

  StoreHealth Health() const override { return {}; }

  std::vector<DropRecord> drops;
  std::array<std::optional<HeatCell>, 24> heat{};
  bool ragged = false;  // History returns one latency fewer than times

  mutable std::size_t last_drops_limit = 0;
  mutable WallTime last_from{}, last_to{};
  mutable std::chrono::seconds last_step{0};
  mutable WallTime last_heatmap_now{};
  mutable int last_offset = -9999;
};

}  // namespace ww::test_api
