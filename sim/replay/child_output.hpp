// Reading what a forked child writes to a pipe, then reaping it: shared by the checks that try
// SimGrid flags (simgrid_flags.cpp) and read its effective configuration (effective_config.cpp)
// in a child, since SimGrid allows one Engine per process.
#pragma once
#include <cerrno>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace pipar {

/// Reads `fd` to its end (keeping at most `cap` bytes), closes it, waits for `pid` and stores its
/// wait status in `status`.
inline std::string read_child_output(int fd, pid_t pid, size_t cap, int& status) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    if (out.size() < cap)
      out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return out;
}

} // namespace pipar
