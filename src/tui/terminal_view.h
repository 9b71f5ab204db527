#pragma once
// wanwatch's live terminal view (when not --headless and stdin/stdout are a
// terminal): a full-screen page redrawn about once a second from the
// engine's latest Snapshot, the stored drops and the latency history. `q`
// quits; so does whatever `should_stop` reports (main turns SIGINT, SIGTERM
// into that, and keeps SIGHUP's meaning). While the view is up, the log goes
// to <data_dir>/wanwatch.log and its last line to the status bar.
//
// Data comes through plain functions, so the view needs no Asio, Beast or
// SQLite: the daemon passes its snapshot accessor and store queries.
// Thread safety: Run blocks the calling thread (main); the sources are called
// from it and must be safe to call while the daemon runs.

#include <spdlog/sinks/dist_sink.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "engine/snapshot.h"
#include "store/store.h"
#include "tui/layout.h"

namespace ww::tui {

struct TerminalViewSources {
  std::function<std::shared_ptr<const Snapshot>()> snapshot;        // may return null
  std::function<std::vector<DropRecord>(std::size_t limit)> drops;  // oldest first
  std::function<HistorySeries(WallTime from, WallTime to, std::chrono::seconds step)> history;
};

struct TerminalViewOptions {
  std::string version;             // empty: this build's version
  std::string timezone = "UTC";    // general.timezone, for the clock and drop times
  std::filesystem::path log_file;  // where the log goes while the view is up
  std::chrono::milliseconds refresh{1000};
  std::chrono::milliseconds poll{100};  // how often keys and should_stop are checked
};

enum class ViewExit { kQuitKey, kStopRequested };

// Whether to show the view at all: not headless, stdin and stdout are
// terminals, and TERM names a real one.
bool TerminalViewWanted(bool headless);

class TerminalView {
 public:
  TerminalView(TerminalViewSources sources, TerminalViewOptions options, const Clock& clock);

  // Shows the view until `q` or should_stop() (called every poll interval)
  // returns true; the terminal and the log sinks are restored on return.
  // Error (nothing changed) when the terminal or the log file cannot be used:
  // the caller then carries on headless.
  Result<ViewExit> Run(const std::function<bool()>& should_stop,
                       std::shared_ptr<spdlog::sinks::dist_sink_mt> log_sink);

 private:
  // Gathers what one frame shows: only what fits a terminal of this size.
  ViewData Collect(int width, int height, bool utf8, std::string status) const;

  TerminalViewSources sources_;
  TerminalViewOptions options_;
  const Clock& clock_;
};

}  // namespace ww::tui
