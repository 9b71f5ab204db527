#include "speedtest/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace ww {
namespace {

// Closes the descriptors it holds.
struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd) {
      if (f >= 0) ::close(f);
    }
  }
  void CloseEnd(int i) {
    if (fd[i] >= 0) ::close(fd[i]);
    fd[i] = -1;
  }
};

// Reads what is available; false at end of file or error.
bool Drain(int fd, std::string& into, std::size_t max) {
  char buf[65536];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  if (n <= 0) return n < 0 && (errno == EAGAIN || errno == EINTR);
  const std::size_t keep = into.size() < max ? std::min<std::size_t>(n, max - into.size()) : 0;
  into.append(buf, keep);
  return true;
}

}  // namespace

Result<ChildOutput> RunChild(const std::vector<std::string>& argv, const ChildLimits& limits,
                             const Clock& clock, const std::atomic<bool>* cancel) {
  if (argv.empty()) return Result<ChildOutput>::Error("no program");
  Pipe out, err;
  if (::pipe2(out.fd, O_CLOEXEC) != 0 || ::pipe2(err.fd, O_CLOEXEC) != 0) {
    return Result<ChildOutput>::Error(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc == ENOENT) return Result<ChildOutput>::Error(argv[0] + ": not installed");
  if (rc != 0) return Result<ChildOutput>::Error(argv[0] + ": " + std::strerror(rc));
  out.CloseEnd(1);
  err.CloseEnd(1);

  ChildOutput result;
  const MonoTime deadline = clock.Now() + limits.timeout;
  std::string failure;
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    if (cancel != nullptr && cancel->load()) {
      failure = "cancelled";
      break;
    }
    if (clock.Now() >= deadline) {
      const auto ms = std::chrono::duration_cast<Millis>(limits.timeout).count();
      failure = argv[0] + ": timed out after " +
                (ms < 1000 ? std::to_string(ms) + " ms" : std::to_string(ms / 1000) + " s");
      break;
    }
    pollfd fds[2] = {{out_open ? out.fd[0] : -1, POLLIN, 0},
                     {err_open ? err.fd[0] : -1, POLLIN, 0}};
    if (::poll(fds, 2, 100) < 0 && errno != EINTR) break;
    if (out_open && fds[0].revents != 0) out_open = Drain(out.fd[0], result.out, limits.max_output);
    if (err_open && fds[1].revents != 0) err_open = Drain(err.fd[0], result.err, limits.max_output);
  }
  if (!failure.empty()) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!failure.empty()) return Result<ChildOutput>::Error(failure);
  // posix_spawnp reports a missing program itself, but a shell-less exec of a
  // broken interpreter line ends as 127 like a shell would.
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace ww
