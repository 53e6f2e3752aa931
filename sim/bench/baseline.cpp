#include "bench/baseline.hpp"

#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace pipar {

namespace {

/// The S4U program itself; returns the simulated end time. Runs once per process.
double run_baseline(const BaselineSpec& b) {
  xbt_log_control_set("root.thres:critical");
  // The exact network model pipar-sim uses, and small actor stacks so that thousands of actors fit.
  std::vector<std::string> args{"baseline", "--cfg=network/model:CM02", "--cfg=network/crosstraffic:0",
                                "--cfg=network/TCP-gamma:0", "--cfg=contexts/stack-size:64"};
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());
  sg4::Engine engine(&argc, argv.data());

  auto* zone = sg4::create_star_zone("fleet");
  sg4::Host* server = zone->create_host("server", b.server_speed)->set_core_count(b.server_cores);
  std::vector<sg4::Host*> hosts;
  for (int d = 0; d < b.devices; ++d) {
    const std::string name = "d" + std::to_string(d);
    auto* host = zone->create_host(name, b.device_speed);
    auto* up = zone->create_link(name + ".up", b.link_bps)->set_latency(b.latency_s);
    auto* down = zone->create_link(name + ".down", b.link_bps)->set_latency(b.latency_s);
    zone->add_route(host->get_netpoint(), nullptr, nullptr, nullptr, {sg4::LinkInRoute(up)}, false);
    zone->add_route(nullptr, host->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(down)}, false);
    hosts.push_back(host);
  }
  zone->seal();

  static int payload = 0;
  for (int d = 0; d < b.devices; ++d) {
    sg4::Mailbox* to_replica = sg4::Mailbox::by_name("r" + std::to_string(d));
    sg4::Mailbox* to_device = sg4::Mailbox::by_name("d" + std::to_string(d));
    sg4::Actor::create("device" + std::to_string(d), hosts[static_cast<size_t>(d)], [&b, to_replica, to_device] {
      for (int i = 0; i < b.iterations; ++i) {
        sg4::this_actor::execute(b.device_flop);
        to_replica->put(&payload, static_cast<std::uint64_t>(b.up_bytes));
        to_device->get<int>();
      }
    });
    sg4::Actor::create("replica" + std::to_string(d), server, [&b, to_replica, to_device] {
      for (int i = 0; i < b.iterations; ++i) {
        to_replica->get<int>();
        sg4::this_actor::execute(b.server_flop);
        to_device->put(&payload, static_cast<std::uint64_t>(b.down_bytes));
      }
    });
  }
  engine.run();
  return sg4::Engine::get_clock();
}

} // namespace

BaselineResult run_baseline_isolated(const BaselineSpec& spec) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error(std::string("baseline: pipe failed: ") + std::strerror(errno));
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0)
    throw std::runtime_error(std::string("baseline: fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    int code = 0;
    try {
      const double end = run_baseline(spec);
      code = ::write(fds[1], &end, sizeof end) == static_cast<ssize_t>(sizeof end) ? 0 : 3;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "pipar-sim: baseline failed: %s\n", e.what());
      code = 3;
    }
    std::fflush(nullptr);
    ::_exit(code);
  }
  ::close(fds[1]);
  BaselineResult r;
  const bool got = ::read(fds[0], &r.simulated_s, sizeof r.simulated_s) == static_cast<ssize_t>(sizeof r.simulated_s);
  ::close(fds[0]);
  int wstatus = 0;
  struct rusage usage {};
  while (::wait4(pid, &wstatus, 0, &usage) < 0 && errno == EINTR) {
  }
  if (!got || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
    throw std::runtime_error("baseline: the S4U program failed");
  r.cpu_s = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
            1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
  r.activities = 4 * static_cast<std::size_t>(spec.devices) * static_cast<std::size_t>(spec.iterations);
  r.activities_per_s = r.cpu_s > 0 ? static_cast<double>(r.activities) / r.cpu_s : 0;
  return r;
}

} // namespace pipar
