#include "select/simulate_pool.hpp"

#include "sched/registry.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <poll.h>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace pipar::select {

namespace {

struct Child {
  pid_t pid;
  int fd;
  size_t job;
};

[[noreturn]] void run_child(int fd, const Scenario& s, const SplitChoice& c, const ReplayOptions& opt) {
  int code = 0;
  try {
    const Scenario sc = apply_choice(s, c);
    const TaskGraph g = build_pipar(sc);
    const double makespan = replay(g, sc, opt).timeline.makespan();
    const char* p = reinterpret_cast<const char*>(&makespan);
    size_t left = sizeof makespan;
    while (left > 0) {
      const ssize_t w = ::write(fd, p, left);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0) {
        code = 4;
        break;
      }
      p += w;
      left -= static_cast<size_t>(w);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pipar-sim: simulation of %s failed: %s\n", c.describe().c_str(), e.what());
    code = 3;
  }
  std::fflush(nullptr);
  ::_exit(code); // skip atexit handlers and SimGrid's static destructors
}

/// Reads the child's makespan and reaps it; false if it failed.
bool collect(const Child& ch, double& out) {
  double v = 0;
  size_t got = 0;
  char* p = reinterpret_cast<char*>(&v);
  while (got < sizeof v) {
    const ssize_t r = ::read(ch.fd, p + got, sizeof v - got);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    got += static_cast<size_t>(r);
  }
  ::close(ch.fd);
  int status = 0;
  while (::waitpid(ch.pid, &status, 0) < 0 && errno == EINTR) {
  }
  out = v;
  return got == sizeof v && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

} // namespace

int default_jobs() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

std::vector<double> simulate_makespans(const Scenario& s, const std::vector<SplitChoice>& choices,
                                       const ReplayOptions& opt, int jobs) {
  jobs = jobs > 0 ? jobs : default_jobs();
  std::vector<double> out(choices.size(), 0.0);
  std::vector<Child> running;
  size_t next = 0;
  std::string failure;
  while ((next < choices.size() && failure.empty()) || !running.empty()) {
    while (failure.empty() && next < choices.size() && running.size() < static_cast<size_t>(jobs)) {
      int fds[2];
      if (::pipe(fds) != 0)
        throw std::runtime_error(std::string("select: pipe failed: ") + std::strerror(errno));
      std::fflush(nullptr);
      const pid_t pid = ::fork();
      if (pid < 0)
        throw std::runtime_error(std::string("select: fork failed: ") + std::strerror(errno));
      if (pid == 0) {
        ::close(fds[0]);
        for (const Child& ch : running)
          ::close(ch.fd);
        run_child(fds[1], s, choices[next], opt);
      }
      ::close(fds[1]);
      running.push_back({pid, fds[0], next++});
    }
    std::vector<pollfd> pfds;
    for (const Child& ch : running)
      pfds.push_back({ch.fd, POLLIN, 0});
    if (::poll(pfds.data(), pfds.size(), -1) < 0) {
      if (errno == EINTR)
        continue;
      throw std::runtime_error(std::string("select: poll failed: ") + std::strerror(errno));
    }
    for (size_t i = pfds.size(); i-- > 0;) {
      if (pfds[i].revents == 0)
        continue;
      const Child ch = running[i];
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
      if (!collect(ch, out[ch.job]) && failure.empty())
        failure = choices[ch.job].describe();
    }
  }
  if (!failure.empty())
    throw std::runtime_error("select: the simulation of " + failure + " failed");
  return out;
}

} // namespace pipar::select
