#include "tui/curses_screen.h"

#include <curses.h>
#include <langinfo.h>
#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#if defined(__SANITIZE_ADDRESS__)
// ncurses 6.4 keeps the per-screen block it allocates (new_prescr) when
// newterm fails on an unknown terminal type: a one-time leak inside the
// library, reported by LeakSanitizer at exit. Ours are still reported.
extern "C" const char* __lsan_default_suppressions() { return "leak:new_prescr\n"; }
#endif

namespace ww::tui {
namespace {

// Colour pair numbers; 0 is the terminal's default.
enum Pair : short { kGreen = 1, kYellow, kRed, kCyan, kAlertPair };

void InitColours() {
  start_color();
  const short bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
  init_pair(kGreen, COLOR_GREEN, bg);
  init_pair(kYellow, COLOR_YELLOW, bg);
  init_pair(kRed, COLOR_RED, bg);
  init_pair(kCyan, COLOR_CYAN, bg);
  init_pair(kAlertPair, COLOR_WHITE, COLOR_RED);
}

}  // namespace

Result<std::unique_ptr<CursesScreen>> CursesScreen::Open() {
  const char* term = std::getenv("TERM");
  if (!term || !*term || std::string_view(term) == "dumb") {
    return Result<std::unique_ptr<CursesScreen>>::Error("terminal view: TERM is unset or \"dumb\"");
  }
  // Resizes are for this thread: let SIGWINCH in here (before newterm, whose
  // handler ncurses installs only over the default disposition).
  sigset_t winch, saved;
  sigemptyset(&winch);
  sigaddset(&winch, SIGWINCH);
  pthread_sigmask(SIG_UNBLOCK, &winch, &saved);
  SCREEN* s = newterm(nullptr, stdout, stdin);
  if (!s) {
    pthread_sigmask(SIG_SETMASK, &saved, nullptr);
    return Result<std::unique_ptr<CursesScreen>>::Error(
        std::string("terminal view: cannot use terminal type \"") + term + "\"");
  }
  set_term(s);
  cbreak();  // keys at once; Ctrl-C still raises SIGINT
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  curs_set(0);
  const bool colours = has_colors();
  if (colours) InitColours();
  const bool utf8 = std::string_view(nl_langinfo(CODESET)) == "UTF-8";
  return std::unique_ptr<CursesScreen>(new CursesScreen(s, utf8, colours, saved));
}

CursesScreen::CursesScreen(screen* s, bool utf8, bool colors, sigset_t saved_mask)
    : screen_(s), utf8_(utf8), colors_(colors), saved_mask_(saved_mask) {}

CursesScreen::~CursesScreen() {
  curs_set(1);
  endwin();
  delscreen(screen_);
  std::fflush(stdout);
  pthread_sigmask(SIG_SETMASK, &saved_mask_, nullptr);
}

int CursesScreen::width() const { return getmaxx(stdscr); }
int CursesScreen::height() const { return getmaxy(stdscr); }

int CursesScreen::Attributes(Tone tone) const {
  auto pair = [this](short p, int fallback) {
    return colors_ ? static_cast<int>(COLOR_PAIR(p)) : fallback;
  };
  switch (tone) {
    case Tone::kNormal:
      return A_NORMAL;
    case Tone::kDim:
      return A_DIM;
    case Tone::kTitle:
      return A_BOLD;
    case Tone::kHeader:
      return A_BOLD | A_UNDERLINE | pair(kCyan, 0);
    case Tone::kGood:
      return pair(kGreen, A_NORMAL);
    case Tone::kWarn:
      return pair(kYellow, A_BOLD);
    case Tone::kBad:
      return A_BOLD | pair(kRed, A_UNDERLINE);
    case Tone::kAlert:
      return A_BOLD | pair(kAlertPair, A_REVERSE);
    case Tone::kStatus:
      return A_REVERSE;
  }
  return A_NORMAL;
}

void CursesScreen::Draw(const Frame& frame) {
  werase(stdscr);
  const int rows = std::min(static_cast<int>(frame.lines.size()), height());
  for (int row = 0; row < rows; ++row) {
    wmove(stdscr, row, 0);
    for (const Span& span : frame.lines[static_cast<std::size_t>(row)].spans) {
      wattrset(stdscr, Attributes(span.tone));
      // The bottom-right cell makes waddstr report ERR (the cursor cannot
      // move past it) although the text is drawn: nothing to handle.
      waddstr(stdscr, span.text.c_str());
    }
  }
  wattrset(stdscr, A_NORMAL);
  wnoutrefresh(stdscr);
  doupdate();
}

std::optional<int> CursesScreen::ReadKey(std::chrono::milliseconds timeout) {
  wtimeout(stdscr, static_cast<int>(std::max<std::int64_t>(0, timeout.count())));
  const int key = wgetch(stdscr);
  if (key == ERR) return std::nullopt;
  return key;
}

}  // namespace ww::tui
