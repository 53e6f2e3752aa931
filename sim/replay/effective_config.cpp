#include "replay/child_output.hpp"
#include "replay/effective_config.hpp"

#include <simgrid/s4u/Engine.hpp>
#include <xbt/config.hpp>
#include <xbt/log.h>

#include <cerrno>
#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace pipar {

namespace {
std::string child_config(const ReplayOptions& opt) {
  xbt_log_control_set("root.thres:critical");
  std::vector<std::string> flags;
  for (const auto& a : opt.simgrid_args)
    if (a.rfind("--cfg=", 0) == 0)
      flags.push_back(a);
  std::vector<std::string> args = engine_args(opt.realistic_network, flags);
  std::vector<char*> argv = argv_of(args);
  int argc = static_cast<int>(args.size());
  simgrid::s4u::Engine engine(&argc, argv.data());
  std::ostringstream os;
  os << "network/model=" << simgrid::config::get_value<std::string>("network/model") << '\n';
  os << "network/TCP-gamma=" << simgrid::config::get_value<double>("network/TCP-gamma") << '\n';
  os << "network/crosstraffic=" << (simgrid::config::get_value<bool>("network/crosstraffic") ? "1" : "0") << '\n';
  os << "network/weight-S=" << simgrid::config::get_value<double>("network/weight-S") << '\n';
  return os.str();
}
} // namespace

std::map<std::string, std::string> effective_network_config(const ReplayOptions& opt) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error("effective SimGrid configuration: pipe failed");
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error("effective SimGrid configuration: fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      const std::string text = child_config(opt);
      if (::write(fds[1], text.data(), text.size()) != static_cast<ssize_t>(text.size()))
        code = 1;
    } catch (...) {
      code = 1;
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  int status = 0;
  const std::string text = read_child_output(fds[0], pid, std::string().max_size(), status);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("effective SimGrid configuration: the child failed (a bad --cfg flag?)");
  std::map<std::string, std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos)
      out[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return out;
}

} // namespace pipar
