#include "run/process_pool.hpp"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace pipar {

namespace {

struct Child {
  size_t task = 0;
  pid_t pid = -1;
  int fd = -1;
  std::string out;
};

void write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    const ssize_t w = ::write(fd, s.data() + off, s.size() - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return; // the parent is gone: nothing to report to
    off += static_cast<size_t>(w);
  }
}

[[noreturn]] void child_main(size_t task, int fd, pid_t parent, const PoolCallbacks& cb) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) // the parent died before prctl took effect
    ::_exit(1);
  std::string msg;
  try {
    msg = "O" + cb.work(task);
  } catch (const std::exception& e) {
    msg = std::string("E") + e.what();
  }
  write_all(fd, msg);
  ::close(fd);
  std::fflush(nullptr);
  ::_exit(0); // no atexit handlers, no static destructors (SimGrid's)
}

Child spawn(size_t task, const PoolCallbacks& cb) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw std::runtime_error(std::string("process pool: pipe failed: ") + std::strerror(errno));
  const pid_t parent = ::getpid();
  std::fflush(nullptr); // no buffered output duplicated into the child
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error(std::string("process pool: fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    child_main(task, fds[1], parent, cb);
  }
  ::close(fds[1]);
  ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
  Child c;
  c.task = task;
  c.pid = pid;
  c.fd = fds[0];
  return c;
}

/// Reads what is available; returns false at end of file.
bool drain(Child& c) {
  char buf[4096];
  while (true) {
    const ssize_t r = ::read(c.fd, buf, sizeof buf);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return true;
    if (r <= 0)
      return false;
    c.out.append(buf, static_cast<size_t>(r));
    if (static_cast<size_t>(r) < sizeof buf)
      return true;
  }
}

void finish(Child& c, const PoolCallbacks& cb) {
  ::close(c.fd);
  int status = 0;
  while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
  }
  const bool exited_ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (exited_ok && !c.out.empty() && c.out[0] == 'O')
    cb.done(c.task, true, c.out.substr(1));
  else if (exited_ok && !c.out.empty())
    cb.done(c.task, false, c.out.substr(1));
  else
    cb.done(c.task, false,
            "the run's process died (" +
                (WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                     : "exit " + std::to_string(WEXITSTATUS(status))) +
                ")");
}

} // namespace

int default_jobs() { return static_cast<int>(std::max(1L, ::sysconf(_SC_NPROCESSORS_ONLN))); }

void run_in_processes(size_t n, int jobs, const PoolCallbacks& cb) {
  if (jobs < 1)
    jobs = 1;
  std::vector<Child> running;
  size_t next = 0;
  while (next < n || !running.empty()) {
    while (next < n && running.size() < static_cast<size_t>(jobs))
      running.push_back(spawn(next++, cb));
    std::vector<pollfd> pfds;
    for (const auto& c : running)
      pfds.push_back({c.fd, POLLIN, 0});
    const int r = ::poll(pfds.data(), pfds.size(), 250);
    if (r < 0 && errno != EINTR)
      throw std::runtime_error(std::string("process pool: poll failed: ") + std::strerror(errno));
    std::vector<Child> still;
    for (size_t i = 0; i < running.size(); ++i) {
      if (r > 0 && (pfds[i].revents & (POLLIN | POLLHUP | POLLERR)) && !drain(running[i]))
        finish(running[i], cb);
      else
        still.push_back(std::move(running[i]));
    }
    running = std::move(still);
    if (cb.tick)
      cb.tick();
  }
}

} // namespace pipar
