// replay_isolated(): SimGrid allows one Engine per process, so each replay runs in a forked child
// that sends its result back through a pipe: a status word, then either the result as raw doubles
// (the parent knows every size) or the error, which the parent throws again with its type (an
// InputError stays an InputError, so bad input still exits 2).
#include "core/error.hpp"
#include "replay/replay.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace pipar {

namespace {

void write_all(int fd, const void* data, size_t bytes) {
  const char* p = static_cast<const char*>(data);
  while (bytes > 0) {
    const ssize_t w = ::write(fd, p, bytes);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      throw std::runtime_error(std::string("replay: write to parent failed: ") + std::strerror(errno));
    p += w;
    bytes -= static_cast<size_t>(w);
  }
}

bool read_all(int fd, void* data, size_t bytes) {
  char* p = static_cast<char*>(data);
  while (bytes > 0) {
    const ssize_t r = ::read(fd, p, bytes);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return false;
    p += r;
    bytes -= static_cast<size_t>(r);
  }
  return true;
}

void send_vec(int fd, const std::vector<double>& v) { write_all(fd, v.data(), v.size() * sizeof(double)); }
bool recv_vec(int fd, std::vector<double>& v, size_t n) {
  v.resize(n);
  return read_all(fd, v.data(), n * sizeof(double));
}

void send_u64(int fd, std::uint64_t x) { write_all(fd, &x, sizeof x); }
void send_str(int fd, const std::string& text) {
  send_u64(fd, text.size());
  write_all(fd, text.data(), text.size());
}
bool recv_u64(int fd, std::uint64_t& x) { return read_all(fd, &x, sizeof x); }
bool recv_str(int fd, std::string& text) {
  std::uint64_t n = 0;
  if (!recv_u64(fd, n) || n > (1u << 20))
    return false;
  text.resize(n);
  return read_all(fd, text.data(), n);
}

enum Status : std::uint64_t { kOk = 0, kInputError = 1, kOtherError = 2 };

} // namespace

ReplayResult replay_isolated(const TaskGraph& g, const Scenario& s, const ReplayOptions& opt) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error(std::string("replay: pipe failed: ") + std::strerror(errno));
  std::fflush(nullptr); // no buffered output duplicated into the child
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error(std::string("replay: fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      try {
        const ReplayResult r = replay(g, s, opt);
        send_u64(fds[1], kOk);
        send_vec(fds[1], r.timeline.start);
        send_vec(fds[1], r.timeline.end);
        send_vec(fds[1], r.lane_bytes_measured);
        send_vec(fds[1], r.host_flops_measured);
        send_vec(fds[1], r.energy_measured_j);
        send_vec(fds[1], r.timeline.done);
      } catch (const InputError& e) {
        send_u64(fds[1], kInputError);
        send_str(fds[1], e.file());
        send_str(fds[1], e.json_path());
        send_str(fds[1], e.detail());
      } catch (const std::exception& e) {
        send_u64(fds[1], kOtherError);
        send_str(fds[1], e.what());
      }
    } catch (const std::exception& e) { // the pipe itself failed
      std::fprintf(stderr, "pipar-sim: replay failed: %s\n", e.what());
      code = 3;
    }
    std::fflush(nullptr);
    ::_exit(code); // skip atexit handlers and SimGrid's static destructors
  }
  ::close(fds[1]);
  ReplayResult r;
  std::uint64_t status = kOtherError;
  std::string file, path, detail;
  bool ok = recv_u64(fds[0], status);
  if (ok && status == kOk)
    ok = recv_vec(fds[0], r.timeline.start, g.size()) && recv_vec(fds[0], r.timeline.end, g.size()) &&
         recv_vec(fds[0], r.lane_bytes_measured, g.lane_count()) &&
         recv_vec(fds[0], r.host_flops_measured, s.devices.size() + 1) &&
         recv_vec(fds[0], r.energy_measured_j, 3 * s.devices.size() + 1) &&
         recv_vec(fds[0], r.timeline.done, s.availability.active() ? g.size() : 0);
  else if (ok && status == kInputError)
    ok = recv_str(fds[0], file) && recv_str(fds[0], path) && recv_str(fds[0], detail);
  else if (ok)
    ok = recv_str(fds[0], detail);
  ::close(fds[0]);
  int wstatus = 0;
  struct rusage usage {};
  while (::wait4(pid, &wstatus, 0, &usage) < 0 && errno == EINTR) {
  }
  r.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
            1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  r.peak_rss_bytes = 1024.0 * static_cast<double>(usage.ru_maxrss); // Linux reports KiB
  if (ok && status == kInputError)
    throw InputError(file, path, detail);
  if (ok && status == kOtherError)
    throw std::runtime_error("replay: " + detail);
  if (!ok || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
    throw std::runtime_error("replay: the simulation process failed (" +
                             std::string(WIFSIGNALED(wstatus) ? "signal " + std::to_string(WTERMSIG(wstatus))
                                                              : "exit " + std::to_string(WEXITSTATUS(wstatus))) +
                             ")");
  return r;
}

} // namespace pipar
