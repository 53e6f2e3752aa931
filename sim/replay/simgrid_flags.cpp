#include "replay/child_output.hpp"
#include "replay/simgrid_flags.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

#include "replay/replay.hpp"

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <simgrid/s4u.hpp>
#include <sys/wait.h>
#include <unistd.h>
#include <xbt/log.h>

namespace pipar {

namespace sg4 = simgrid::s4u;

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

/// Seconds a flag's small run may take (it takes milliseconds; maxmin/precision:0 never ends).
constexpr unsigned kSmallRunLimitS = 10;

/// A small run on the replay's kind of platform (build_platform: a star zone, links of latency 0,
/// a multi-core server): concurrent executions sharing its cores and transfers in both directions.
/// Some flags SimGrid accepts make such a run crash, abort or never end (contexts/stack-size:1,
/// network/bandwidth-factor:0, cpu/optim:TI, maxmin/precision:0, ...). Its amounts and rates are
/// not round, as a real run's are not (with maxmin/precision:0, round ones still end exactly).
void small_run() {
  auto* zone = sg4::create_star_zone("flag-check");
  auto* server = zone->create_host("server", 1.37e9)->set_core_count(2);
  auto* dev = zone->create_host("d0", 0.71e9);
  auto* up = zone->create_link("d0.up", 1.31e6)->set_latency(0);
  auto* down = zone->create_link("d0.down", 3.07e6)->set_latency(0);
  zone->add_route(dev->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(up)}, false);
  zone->add_route(nullptr, dev->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(down)}, false);
  zone->seal();
  for (int i = 0; i < 3; ++i) {
    sg4::Actor::create("cpu", server, [] { sg4::this_actor::execute(1.2345678e8); });
    sg4::Actor::create("up", dev, [dev, server] {
      sg4::Comm::sendto(dev, server, 123457);
      sg4::this_actor::execute(3.3333333e7);
    });
  }
  sg4::Actor::create("down", server, [dev, server] {
    sg4::this_actor::sleep_for(0.0123);
    sg4::Comm::sendto(server, dev, 98765);
  });
  sg4::Engine::get_instance()->run();
}

/// The value of a flag `--cfg=key:value` (from `from`), when it is a whole number as strtod reads it.
bool numeric_value(const std::string& flag, std::size_t from, double& v) {
  const std::string value = flag.substr(from);
  char* end = nullptr;
  v = std::strtod(value.c_str(), &end);
  return end != value.c_str() && *end == '\0';
}

/// SimGrid takes a precision of 0 (or below) for its solvers, but then the max-min solver never
/// converges on a real run (measured: FL on one device spins in lmm::MaxMin::do_solve), while the
/// small run below happens to end. Every positive precision, down to 1e-300, ran.
std::string bad_precision(const std::string& flag) {
  for (const char* key : {"--cfg=maxmin/precision:", "--cfg=surf/precision:"}) {
    const std::string k = key;
    double v = 0;
    if (flag.rfind(k, 0) == 0 && numeric_value(flag, k.size(), v) && !(v > 0))
      return "SimGrid takes this flag, but its solver never converges with a precision of 0 or below: expected a "
             "number above 0 (the default is 1e-5 for maxmin/precision, 1e-9 for surf/precision)";
  }
  return "";
}

/// Flags pipar-sim refuses itself: SimGrid's tracing, which `run --paje` sets with a file in the --out
/// folder (through --cfg it would write where SimGrid pleases, the check below included, and a file it
/// cannot open crashes the replay), and numbers that are not finite.
std::string refused_here(const std::string& flag) {
  if (flag.rfind("--cfg=tracing", 0) == 0)
    return "pipar-sim sets SimGrid's tracing itself: use run --paje, which writes DIR/simgrid-<scheduler>.trace "
           "in the --out folder";
  const auto colon = flag.find(':');
  double v = 0;
  if (flag.rfind("--cfg=", 0) == 0 && colon != std::string::npos && numeric_value(flag, colon + 1, v) &&
      !std::isfinite(v))
    return "expected a finite number, got " + flag.substr(colon + 1);
  return "";
}

/// Empty if SimGrid accepts `flag` and a small run with it (after the replay's own defaults, as the
/// replay passes them) ends, else why not.
std::string try_flag(const std::string& flag) {
  if (std::string why = refused_here(flag); !why.empty())
    return why;
  if (std::string why = bad_precision(flag); !why.empty())
    return why;
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
      std::vector<std::string> args = engine_args(false, {flag});
      std::vector<char*> argv = argv_of(args);
      int argc = static_cast<int>(args.size());
      xbt_log_control_set("root.thres:critical");
      simgrid::s4u::Engine engine(&argc, argv.data());
      if (argc != 1)
        ::_exit(3); // SimGrid consumes the flags it understands
      ::alarm(kSmallRunLimitS);
      small_run();
      ::_exit(0);
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
    return "SimGrid refuses this flag: SimGrid did not take it as one of its flags";
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
    return "SimGrid takes this flag, but a small simulation with it did not end within " + std::to_string(kSmallRunLimitS) +
           " s";
  if (WIFSIGNALED(status))
    return "SimGrid refuses this flag (a small simulation with it crashed, signal " + std::to_string(WTERMSIG(status)) +
           "): " + first_complaint(out);
  return "SimGrid refuses this flag: " + first_complaint(out);
}

} // namespace

void check_simgrid_flags(const std::vector<std::string>& flags) {
  for (const auto& f : flags) {
    const std::string why = try_flag(f);
    if (!why.empty())
      throw InputError(echo(f, 120), "", echo(why, 240) +
                                             " (see --cfg=help for the valid flags)");
  }
}

} // namespace pipar
