#include "replay/replay.hpp"
#include "eval/comm_costs.hpp"
#include "eval/dropouts.hpp"
#include "replay/event_engine.hpp"
#include "replay/gps_server.hpp"
#include "replay/interruptible.hpp"
#include "replay/platform.hpp"

#include <simgrid/Exception.hpp>
#include <simgrid/plugins/energy.h>
#include <simgrid/plugins/load.h>
#include <simgrid/s4u.hpp>
#include <xbt/log.h>

#include <deque>
#include <fstream>
#include <limits>
#include <memory>

namespace sg4 = simgrid::s4u;

namespace pipar {

std::vector<std::string> network_config(bool realistic) {
  if (realistic)
    return {"network/model:LV08"};
  // Exact timing: a transfer of B bytes on a link of W bytes/s and latency L takes L + B/W.
  return {"network/model:CM02", "network/crosstraffic:0", "network/TCP-gamma:0"};
}

std::vector<std::string> engine_args(bool realistic, const std::vector<std::string>& more) {
  std::vector<std::string> args{"pipar-sim"};
  for (const auto& c : network_config(realistic))
    args.push_back("--cfg=" + c);
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<char*> argv_of(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  return argv;
}

namespace {

constexpr TaskId kNoTask = std::numeric_limits<TaskId>::max();

/// Lane actor stack: 4x what a Release build measured it needs; AddressSanitizer's redzones (and
/// its -O0 test build) need more.
#ifdef __SANITIZE_ADDRESS__
constexpr int kActorStackKiB = 256;
#else
constexpr int kActorStackKiB = 32;
#endif

/// Linux's limit on memory mappings per process (65,536 if it cannot be read).
double max_map_count() {
  std::ifstream in("/proc/sys/vm/max_map_count");
  double v = 0;
  return (in >> v) && v > 0 ? v : 65536.0;
}

class Replayer {
public:
  Replayer(const TaskGraph& g, const Platform& p, bool server_fifo, bool server_gps, CommCosts comm)
      : g_(g), p_(p), ix_(g.build_index()), comm_(std::move(comm)) {
    if (server_fifo)
      free_cores_ = p.server->get_core_count();
    if (server_gps)
      gps_ = std::make_unique<GpsServer>(p.server->get_core_count(), p.server->get_speed(),
                                         [this](TaskId t) { sem_[g_.task(t).lane]->release(); });
    pending_.resize(g.size());
    for (TaskId t = 0; t < g.size(); ++t)
      pending_[t] = g.task(t).dep_count;
    waiting_.assign(g.lane_count(), kNoTask);
    tl_.start.assign(g.size(), 0.0);
    tl_.end.assign(g.size(), std::numeric_limits<double>::quiet_NaN()); // NaN until the task ends (run/ checks)
    for (size_t l = 0; l < g.lane_count(); ++l)
      sem_.push_back(sg4::Semaphore::create(0));
    if (comm_.wire_cpu()) {
      epoch_.assign(comm_.side_lanes.size(), 0);
      arrivals_.resize(g.lane_count());
      running_.resize(g.lane_count());
      left_.assign(g.lane_count(), 0.0);
      stalled_.assign(g.lane_count(), 0);
      current_.assign(g.lane_count(), 0);
    }
  }

  /// Dropouts (eval/dropouts.hpp): tasks stop when their device leaves the round.
  void set_dropouts(const Scenario& s) {
    drops_ = std::make_unique<Dropouts>(g_, s);
    tl_.done.assign(g_.size(), 1.0);
  }

  void start_actors() {
    for (LaneId l = 0; l < g_.lane_count(); ++l) {
      if (ix_.lane_begin[l] == ix_.lane_begin[l + 1])
        continue;
      sg4::Actor::create(g_.lane(l).name, host_of(l), [this, l] { run_lane(l); });
      if (comm_.wire_cpu() && comm_.wire_load[l] > 0 && comm_.lane_delay[l] > 0) {
        arrivals_[l] = std::make_unique<Arrivals>();
        sg4::Actor::create(g_.lane(l).name + ".rx", host_of(l), [this, l] { run_arrivals(l); })->daemonize();
      }
    }
  }

  Timeline& timeline() { return tl_; }

private:
  sg4::Host* device_host(const Lane& lane) const { return p_.hosts.at(static_cast<size_t>(lane.device)); }
  sg4::Host* host_of(LaneId l) const {
    const Lane& lane = g_.lane(l);
    switch (lane.resource) {
    case Resource::DeviceCpu:
    case Resource::Uplink: return device_host(lane);
    case Resource::Downlink:
    case Resource::Server: return p_.server;
    }
    return p_.server;
  }

  void run_lane(LaneId l) {
    const Lane& lane = g_.lane(l);
    for (std::uint32_t i = ix_.lane_begin[l]; i < ix_.lane_begin[l + 1]; ++i) {
      const TaskId t = ix_.lane_tasks[i];
      if (pending_[t] > 0) {
        waiting_[l] = t;
        sem_[l]->acquire();
      }
      wait_arrivals(t);
      tl_.start[t] = sg4::Engine::get_clock();
      double amount = g_.task(t).amount;
      if (!is_transfer(lane.resource))
        amount += comm_.extra(t) * comm_.cpu_speed[l];
      const bool on_wire = comm_.wire_cpu() && is_transfer(lane.resource); // (no dropouts with it: scenario check)
      if (on_wire)
        wire_change(l, +1);
      if (is_transfer(lane.resource) && comm_.extra(t) > 0) // TCP slow start (no dropouts with it: scenario check)
        sg4::this_actor::sleep_for(comm_.extra(t));
      const double tau = drops_ ? drops_->drop_time(t) : Dropouts::kNever;
      if (tau < Dropouts::kNever)
        tl_.done[t] = run_droppable(lane, l, t, amount, tau);
      else
      switch (lane.resource) {
      case Resource::Uplink:
        sg4::Comm::sendto(device_host(lane), p_.server, static_cast<std::uint64_t>(amount));
        break;
      case Resource::Downlink:
        sg4::Comm::sendto(p_.server, device_host(lane), static_cast<std::uint64_t>(amount));
        break;
      case Resource::DeviceCpu: compute(l, t, amount); break;
      case Resource::Server:
        if (free_cores_ >= 0) { // FIFO discipline: wait for a free core, then run alone on it
          take_core(l);
          tl_.start[t] = sg4::Engine::get_clock();
          compute(l, t, amount);
          give_core();
        } else if (gps_) { // fair sharing by virtual time: sleep until the GPS queue ends the task
          gps_->arrive(t, amount);
          sem_[l]->acquire();
        } else {
          compute(l, t, amount);
        }
        break;
      }
      if (on_wire)
        wire_change(l, -1);
      // A transfer ends when it arrives; one cut or skipped by a dropout ends where it stopped.
      const bool whole = tau >= Dropouts::kNever || tl_.done[t] >= 1;
      tl_.end[t] = sg4::Engine::get_clock() + (whole ? comm_.lane_delay[l] : 0.0);
      if (drops_)
        drops_->ended(t, tl_.end[t]);
      for (std::uint32_t k = ix_.succ_begin[t]; k < ix_.succ_begin[t + 1]; ++k) {
        const TaskId s = ix_.succ[k];
        if (--pending_[s] == 0) {
          const LaneId sl = g_.task(s).lane;
          if (waiting_[sl] == s) {
            waiting_[sl] = kNoTask;
            sem_[sl]->release();
          }
        }
      }
    }
    // A link's last message arrives a latency after its wire end: the clock runs on until then, so
    // that SimGrid's end of simulation (and its energy plugins' integrals) is the makespan.
    if (ix_.lane_begin[l] < ix_.lane_begin[l + 1]) {
      const double last_end = tl_.end[ix_.lane_tasks[ix_.lane_begin[l + 1] - 1]];
      if (last_end > sg4::Engine::get_clock())
        sg4::this_actor::sleep_until(last_end);
    }
  }
  /// The wire's CPU load (eval/comm_costs.hpp). A message of device d's links loads d's sending side
  /// while it leaves and the receiving side while it arrives, a latency later; a compute lane of a
  /// side (d's CPU; the server lanes serving d) runs as an execution bounded to
  /// 1 - share(load) of its host's core speed (eval/comm_costs.hpp). When a side's load changes, each running
  /// execution of its lanes is cancelled and its lane starts the rest at the new bound (compute());
  /// a lane whose rate is 0 waits on its semaphore until the load drops. The receiving side's
  /// changes a latency later are applied by the link's daemon actor (run_arrivals()).
  void wire_change(LaneId link, int on) {
    if (!(comm_.wire_load[link] > 0))
      return;
    wire(comm_.wire_side[link], link, on);
    if (arrivals_[link]) {
      arrivals_[link]->due.push_back({sg4::Engine::get_clock() + comm_.lane_delay[link], on});
      arrivals_[link]->ready->release();
    } else {
      wire(comm_.wire_side[link] ^ 1, link, on);
    }
  }
  void run_arrivals(LaneId link) {
    Arrivals& a = *arrivals_[link];
    for (;;) {
      a.ready->acquire();
      const auto [when, on] = a.due.front(); // times only grow on one link: a FIFO queue
      a.due.pop_front();
      if (when > sg4::Engine::get_clock())
        sg4::this_actor::sleep_until(when);
      wire(comm_.wire_side[link] ^ 1, link, on);
    }
  }
  void wire(std::uint32_t d, LaneId link, int on) {
    loads_.change(d, link, on);
    ++epoch_[d];
    for (const LaneId m : comm_.side_lanes[d]) {
      if (running_[m]) {
        left_[m] = running_[m]->get_remaining();
        running_[m]->cancel();
        running_[m] = nullptr;
      } else if (stalled_[m] && loads_.rate(m, current_[m]) > 0) {
        stalled_[m] = 0;
        sem_[m]->release();
      }
    }
  }
  /// `amount` flop on lane l's host, at the rate the wire's CPU load leaves it.
  void compute(LaneId l, TaskId t, double amount) {
    if (!comm_.wire_cpu() || g_.lane(l).device < 0) {
      sg4::this_actor::execute(amount);
      return;
    }
    left_[l] = amount;
    current_[l] = t;
    const std::uint32_t d = comm_.wire_side[l];
    for (;;) {
      const double rate = loads_.rate(l, t);
      if (!(rate > 0)) {
        stalled_[l] = 1;
        sem_[l]->acquire();
        continue;
      }
      // A cancel (a simcall) lets other actors run at the same instant: the load may change between
      // reading the rate and starting the execution, which the epoch tells.
      const std::uint64_t epoch = epoch_[d];
      sg4::ExecPtr e = sg4::this_actor::exec_init(left_[l]);
      if (rate < 1)
        e->set_bound(rate * host_of(l)->get_speed());
      e->start();
      if (epoch != epoch_[d]) {
        left_[l] = e->get_remaining();
        e->cancel();
        continue;
      }
      running_[l] = e;
      try {
        e->wait();
        running_[l] = nullptr;
        return;
      } catch (const simgrid::CancelException&) { // wire() changed the rate and set left_[l]
      }
    }
  }

  /// Task t until its device leaves at `tau`: not started at or after tau, else cut there.
  /// Returns the fraction of its work done.
  double run_droppable(const Lane& lane, LaneId l, TaskId t, double amount, double tau) {
    const bool fifo = lane.resource == Resource::Server && free_cores_ >= 0;
    if (sg4::Engine::get_clock() >= tau)
      return 0.0;
    if (fifo) {
      take_core(l);
      tl_.start[t] = sg4::Engine::get_clock();
    }
    const double done = sg4::Engine::get_clock() < tau ? run_until(p_, lane, amount, tl_.start[t], tau) : 0.0;
    if (fifo)
      give_core();
    return done;
  }

  /// Links are pipes and hand-offs take time: a task whose dependencies are done may still have to
  /// wait for a message in flight (its recorded end is its arrival) or a hand-off (eval/comm_costs.hpp).
  void wait_arrivals(TaskId t) {
    const double ready = comm_.ready(g_, t, tl_.end);
    if (ready > sg4::Engine::get_clock())
      sg4::this_actor::sleep_until(ready);
  }

  /// FIFO server: a free core is taken without a simcall; otherwise the lane queues and sleeps on
  /// its own semaphore until give_core() hands it a core. (Actors run one at a time: no races.)
  void take_core(LaneId l) {
    if (free_cores_ > 0) {
      --free_cores_;
      return;
    }
    core_queue_.push_back(l);
    sem_[l]->acquire();
  }
  void give_core() {
    if (core_queue_.empty()) {
      ++free_cores_;
      return;
    }
    const LaneId next = core_queue_.front();
    core_queue_.pop_front();
    sem_[next]->release();
  }

  const TaskGraph& g_;
  const Platform& p_;
  TaskGraph::Index ix_;
  std::vector<std::uint32_t> pending_; ///< unfinished explicit dependencies per task
  std::vector<TaskId> waiting_;        ///< per lane: the task its actor is blocked on, or kNoTask
  std::vector<sg4::SemaphorePtr> sem_;
  int free_cores_ = -1;             ///< FIFO server discipline: idle cores (-1: fair sharing)
  std::deque<LaneId> core_queue_;   ///< FIFO server discipline: lanes waiting for a core
  std::unique_ptr<GpsServer> gps_;  ///< fair sharing by the GPS queue (nullptr: SimGrid's own executions)
  std::unique_ptr<Dropouts> drops_; ///< availability settings of the scenario, if any
  CommCosts comm_;
  // The wire's CPU load (empty without it): per device, and per lane for its running compute.
  WireLoads loads_{comm_};                  ///< per side (CommCosts::wire_side): the load in transit
  std::vector<std::uint64_t> epoch_;       ///< per side: how often its load changed
  /// Per link with a latency: the receiving side's load changes still due, for its daemon actor.
  struct Arrivals {
    std::deque<std::pair<double, int>> due;
    sg4::SemaphorePtr ready = sg4::Semaphore::create(0);
  };
  std::vector<std::unique_ptr<Arrivals>> arrivals_;
  std::vector<sg4::ExecPtr> running_;      ///< per lane: its running execution, if any
  std::vector<double> left_;               ///< per lane: flop its current compute has left
  std::vector<std::uint8_t> stalled_;      ///< per lane: waiting for a load under one core
  std::vector<TaskId> current_;            ///< per lane: the task compute() runs (its wire factor)
  Timeline tl_;
};

} // namespace

ReplayResult replay(const TaskGraph& g, const Scenario& s, const ReplayOptions& opt) {
  if (event_engine_applies(s, opt)) // nothing SimGrid-only in the scenario: the same timeline, exactly, without it
    return replay_events(g, s, opt);
  // SimGrid reads its --cfg=/--log= flags from argv. Our defaults come first, so that the user's
  // own flags (opt.simgrid_args), which follow, override them. Our logs are silenced unless asked.
  xbt_log_control_set("root.thres:critical");
  std::vector<std::string> ours;
  // One actor per lane: 10^4 devices make 4x10^4 actors. A lane actor needs under 8 KiB of stack
  // (measured: 4 KiB overflows, 8 KiB runs), so stacks are kActorStackKiB. Each stack is mmap-ed
  // with a guard page that catches an overflow; that costs two memory mappings per actor, and Linux caps
  // mappings per process (vm.max_map_count, 65,536 by default), so guard pages are dropped when
  // they would not fit. (Without guard pages SimGrid allocates stacks from the heap, fully
  // resident: 10^4 PiPar devices at 32 KiB measured 1.7 GB peak RSS, at 256 KiB over 5 GB.)
  ours.emplace_back(std::string("--cfg=contexts/stack-size:") + std::to_string(kActorStackKiB));
  // (The wire's CPU load adds a daemon actor per link with a latency: at most twice the lanes.)
  const double actors = static_cast<double>(g.lane_count()) * (s.comm.wire_cpu_per_byte_s > 0 ? 2.0 : 1.0);
  if (2.0 * actors + 4096 > max_map_count())
    ours.emplace_back("--cfg=contexts/guard-size:0");
  ours.insert(ours.end(), opt.simgrid_args.begin(), opt.simgrid_args.end());
  std::vector<std::string> args = engine_args(opt.realistic_network, ours);
  std::vector<char*> argv = argv_of(args);
  int argc = static_cast<int>(args.size());
  sg4::Engine engine(&argc, argv.data());
  if (opt.measure_loads) {
    sg_host_load_plugin_init();
    sg_link_load_plugin_init();
  }

  if (opt.measure_energy) {
    sg_host_energy_plugin_init();
    sg_link_energy_plugin_init();
  }
  const Platform platform = build_platform(s, opt.measure_energy);
  if (opt.measure_loads) {
    for (auto* l : platform.up)
      sg_link_load_track(l);
    for (auto* l : platform.down)
      sg_link_load_track(l);
  }

  Replayer r(g, platform, opt.server_fifo, gps_in_simgrid(s, opt), comm_costs(g, s));
  if (s.availability.active())
    r.set_dropouts(s);
  r.start_actors();
  engine.run();

  ReplayResult out;
  out.timeline = std::move(r.timeline());
  out.lane_bytes_measured.assign(g.lane_count(), 0.0);
  out.host_flops_measured.assign(s.devices.size() + 1, 0.0);
  out.energy_measured_j =
      opt.measure_energy ? measured_energy(platform) : std::vector<double>(3 * s.devices.size() + 1, 0.0);
  if (!opt.measure_loads)
    return out;
  for (LaneId l = 0; l < g.lane_count(); ++l) {
    const Lane& lane = g.lane(l);
    if (lane.resource == Resource::Uplink)
      out.lane_bytes_measured[l] = sg_link_get_cum_load(platform.up[static_cast<size_t>(lane.device)]);
    else if (lane.resource == Resource::Downlink)
      out.lane_bytes_measured[l] = sg_link_get_cum_load(platform.down[static_cast<size_t>(lane.device)]);
  }
  for (size_t h = 0; h < platform.hosts.size(); ++h)
    out.host_flops_measured[h] = sg_host_get_computed_flops(platform.hosts[h]);
  out.host_flops_measured.back() = sg_host_get_computed_flops(platform.server);
  return out;
}

} // namespace pipar
