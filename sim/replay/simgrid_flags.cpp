#include "replay/child_output.hpp"
#include "replay/simgrid_flags.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include <cerrno>
#include <exception>
#include <simgrid/s4u.hpp>
#include <sys/wait.h>
#include <unistd.h>
#include <xbt/log.h>

namespace pipar {

namespace {

/// SimGrid's complaint, shortened to its first line that says what is wrong.
std::string first_complaint(const std::string& out) {
  std::string first;
  size_t start = 0;
  while (start < out.size()) {
    const size_t nl = out.find('\n', start);
    std::string line = out.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    start = nl == std::string::npos ? out.size() : nl + 1;
    if (line.find_first_not_of(" \t") == std::string::npos)
      continue;
    if (first.empty())
      first = line;
    for (const char* key : {"not", "Invalid", "invalid", "Unknown", "unknown", "rror"})
      if (line.find(key) != std::string::npos)
        return line;
  }
  return first.empty() ? "no explanation" : first;
}

/// Empty if SimGrid accepts `flag`, else why not.
std::string try_flag(const std::string& flag) {
  int fds[2];
  if (::pipe(fds) != 0)
    return ""; // cannot check: let the replay report it
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return "";
  }
  if (pid == 0) {
    ::dup2(fds[1], STDERR_FILENO);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[0]);
    ::close(fds[1]);
    try {
      std::string name = "pipar-sim", arg = flag;
      char* argv[] = {name.data(), arg.data(), nullptr};
      int argc = 2;
      xbt_log_control_set("root.thres:critical");
      simgrid::s4u::Engine engine(&argc, argv);
      ::_exit(argc == 1 ? 0 : 3); // SimGrid consumes the flags it understands
    } catch (const std::exception& e) {
      const std::string what = e.what();
      (void)!::write(STDERR_FILENO, what.data(), what.size());
      ::_exit(1);
    } catch (...) {
      ::_exit(1);
    }
  }
  ::close(fds[1]);
  int status = 0;
  const std::string out = read_child_output(fds[0], pid, 1 << 16, status);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    return "";
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3)
    return "SimGrid did not take it as one of its flags";
  return first_complaint(out);
}

} // namespace

void check_simgrid_flags(const std::vector<std::string>& flags) {
  for (const auto& f : flags) {
    const std::string why = try_flag(f);
    if (!why.empty())
      throw InputError(echo(f, 120), "", "SimGrid refuses this flag: " + echo(why, 200) +
                                             " (see --cfg=help for the valid flags)");
  }
}

} // namespace pipar
