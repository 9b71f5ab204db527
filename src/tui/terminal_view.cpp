#include "tui/terminal_view.h"

#include <curses.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>

#include "config/timezone.h"
#include "tui/curses_screen.h"
#include "tui/log_redirect.h"

#ifndef WANWATCH_VERSION_STRING
#define WANWATCH_VERSION_STRING "unknown"
#endif

namespace ww::tui {
namespace {

// A probe's sample reaches the store after its reply (or timeout) and the
// writer's next batch: leave the newest seconds out of the sparkline rather
// than show them as lost.
constexpr std::chrono::seconds kHistoryLag{3};

WallTime FloorTo(WallTime t, std::chrono::seconds step) {
  const std::int64_t ms = ToUnixMillis(t);
  const std::int64_t step_ms = std::max<std::int64_t>(1, step.count()) * 1000;
  return FromUnixMillis(ms - ((ms % step_ms) + step_ms) % step_ms);
}

}  // namespace

bool TerminalViewWanted(bool headless) {
  if (headless || !isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) return false;
  const char* term = std::getenv("TERM");
  return term && *term && std::string_view(term) != "dumb";
}

TerminalView::TerminalView(TerminalViewSources sources, TerminalViewOptions options,
                           const Clock& clock)
    : sources_(std::move(sources)), options_(std::move(options)), clock_(clock) {}

ViewData TerminalView::Collect(int width, int height, bool utf8, std::string status) const {
  ViewData data;
  data.now = clock_.WallNow();
  data.version = options_.version.empty() ? WANWATCH_VERSION_STRING : options_.version;
  data.utf8 = utf8;
  data.status = std::move(status);
  // The config layer validated the zone; should it fail anyway, UTC is a fine clock.
  const auto offset = UtcOffsetFor(options_.timezone, clock_, SystemLocalZone{});
  if (offset.ok()) data.utc_offset = offset.value();
  if (sources_.snapshot) data.snapshot = sources_.snapshot();
  if (width < kMinWidth || height < kMinHeight) return data;
  const DataPlan plan = PlanData(width, height);
  if (sources_.drops) data.drops = sources_.drops(plan.drops);
  if (sources_.history) {
    const WallTime to = FloorTo(data.now - kHistoryLag, plan.step);
    data.history = sources_.history(to - plan.span, to, plan.step);
  }
  return data;
}

Result<ViewExit> TerminalView::Run(const std::function<bool()>& should_stop,
                                   std::shared_ptr<spdlog::sinks::dist_sink_mt> log_sink) {
  LogRedirectOptions log_options;
  log_options.file = options_.log_file;
  auto log = LogRedirect::Start(std::move(log_sink), log_options);
  if (!log.ok()) return log.status();
  auto opened = CursesScreen::Open();
  if (!opened.ok()) return opened.status();  // `log` restores stderr on the way out
  CursesScreen& screen = *opened.value();
  const std::string idle_status = "log: " + options_.log_file.string();

  MonoTime next_draw = clock_.Now();
  for (;;) {
    if (should_stop && should_stop()) return ViewExit::kStopRequested;
    const MonoTime now = clock_.Now();
    if (now >= next_draw) {
      std::string status = log.value()->LastLine();
      const int width = screen.width(), height = screen.height();
      screen.Draw(
          LayoutScreen(Collect(width, height, screen.utf8(), status.empty() ? idle_status : status),
                       width, height));
      log.value()->Flush();
      next_draw = now + options_.refresh;
    }
    const auto wait =
        std::clamp(std::chrono::duration_cast<std::chrono::milliseconds>(next_draw - clock_.Now()),
                   std::chrono::milliseconds(0), options_.poll);
    const std::optional<int> key = screen.ReadKey(wait);
    if (!key) continue;
    if (*key == 'q' || *key == 'Q') return ViewExit::kQuitKey;
    if (*key == KEY_RESIZE || *key == 12 /* Ctrl-L */) next_draw = clock_.Now();
  }
}

}  // namespace ww::tui
