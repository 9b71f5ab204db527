#pragma once
// Keeps log lines off the terminal view: while a LogRedirect lives, the
// daemon's log goes to a small rotating file in the data dir, and the last
// line is kept for the view's status bar. Destruction restores the sinks that
// were there before (stderr), so messages after the view closes are seen.
//
// The daemon logs through one spdlog dist_sink (set up by main); swapping its
// children is safe while other threads log, unlike replacing the logger.
// Thread safety: construct and destroy on one thread; LastLine from any.

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"

namespace ww::tui {

// Remembers the last formatted message (without its newline).
class LastLineSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string LastLine() const;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  mutable std::mutex last_mu_;
  std::string last_;
};

struct LogRedirectOptions {
  std::filesystem::path file;            // e.g. <data_dir>/wanwatch.log
  std::size_t max_file_bytes = 1 << 20;  // rotated at this size
  std::size_t max_files = 3;             // wanwatch.log, .1.log, .2.log, .3.log
};

class LogRedirect {
 public:
  // Error (naming the file) when the log file cannot be opened; the sinks are
  // then left as they were.
  static Result<std::unique_ptr<LogRedirect>> Start(
      std::shared_ptr<spdlog::sinks::dist_sink_mt> dist, const LogRedirectOptions& options);
  ~LogRedirect();
  LogRedirect(const LogRedirect&) = delete;
  LogRedirect& operator=(const LogRedirect&) = delete;

  std::string LastLine() const { return last_->LastLine(); }
  void Flush();  // so the file is current for whoever tails it

 private:
  LogRedirect(std::shared_ptr<spdlog::sinks::dist_sink_mt> dist,
              std::vector<spdlog::sink_ptr> previous, std::shared_ptr<LastLineSink> last);

  std::shared_ptr<spdlog::sinks::dist_sink_mt> dist_;
  std::vector<spdlog::sink_ptr> previous_;
  std::shared_ptr<LastLineSink> last_;
};

}  // namespace ww::tui
