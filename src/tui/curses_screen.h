#pragma once
// The terminal itself, through ncurses: takes over stdin/stdout (alternate
// screen, no echo, keypad, hidden cursor), paints Frames, reads keys, and
// gives the terminal back as it was. Resizes arrive as KEY_RESIZE from
// ReadKey: ncurses catches SIGWINCH, which is unblocked on the view's thread
// only (main blocks it with the stop signals before the daemon's threads
// start, so they never see it).
//
// Thread safety: one thread only, the one that opened it.

#include <signal.h>

#include <chrono>
#include <memory>
#include <optional>

#include "core/result.h"
#include "tui/frame.h"

struct screen;  // ncurses' SCREEN

namespace ww::tui {

class CursesScreen {
 public:
  // The locale's LC_CTYPE must be set (setlocale) before: it decides UTF-8.
  // Error when the terminal type is unknown or unusable.
  static Result<std::unique_ptr<CursesScreen>> Open();
  ~CursesScreen();  // leaves the alternate screen, restores the terminal modes
  CursesScreen(const CursesScreen&) = delete;
  CursesScreen& operator=(const CursesScreen&) = delete;

  int width() const;
  int height() const;
  bool utf8() const { return utf8_; }

  void Draw(const Frame& frame);
  // A key (ncurses code: 'q', KEY_RESIZE, ...) or nothing after `timeout`.
  std::optional<int> ReadKey(std::chrono::milliseconds timeout);

 private:
  CursesScreen(screen* s, bool utf8, bool colors, sigset_t saved_mask);
  int Attributes(Tone tone) const;

  screen* screen_;
  bool utf8_;
  bool colors_;
  sigset_t saved_mask_;
};

}  // namespace ww::tui
