#include "tui/log_redirect.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>

namespace ww::tui {

std::string LastLineSink::LastLine() const {
  std::lock_guard lock(last_mu_);
  return last_;
}

void LastLineSink::sink_it_(const spdlog::details::log_msg& msg) {
  spdlog::memory_buf_t formatted;
  formatter_->format(msg, formatted);
  std::string line(formatted.data(), formatted.size());
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  std::lock_guard lock(last_mu_);
  last_ = std::move(line);
}

Result<std::unique_ptr<LogRedirect>> LogRedirect::Start(
    std::shared_ptr<spdlog::sinks::dist_sink_mt> dist, const LogRedirectOptions& options) {
  if (!dist) return Result<std::unique_ptr<LogRedirect>>::Error("log: no sink to redirect");
  spdlog::sink_ptr file;
  try {
    file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        options.file.string(), options.max_file_bytes, options.max_files);
  } catch (const spdlog::spdlog_ex& e) {
    return Result<std::unique_ptr<LogRedirect>>::Error("log file " + options.file.string() + ": " +
                                                       e.what());
  }
  file->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  auto last = std::make_shared<LastLineSink>();
  last->set_pattern("%H:%M:%S %l %v");
  // Only this thread changes the children, so reading them here is safe.
  std::vector<spdlog::sink_ptr> previous = dist->sinks();
  dist->set_sinks({file, last});
  return std::unique_ptr<LogRedirect>(new LogRedirect(std::move(dist), std::move(previous), last));
}

LogRedirect::LogRedirect(std::shared_ptr<spdlog::sinks::dist_sink_mt> dist,
                         std::vector<spdlog::sink_ptr> previous, std::shared_ptr<LastLineSink> last)
    : dist_(std::move(dist)), previous_(std::move(previous)), last_(std::move(last)) {}

LogRedirect::~LogRedirect() {
  dist_->flush();
  dist_->set_sinks(previous_);
}

void LogRedirect::Flush() { dist_->flush(); }

}  // namespace ww::tui
