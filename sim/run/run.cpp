#include "run/run.hpp"

#include "eval/critical_path.hpp"
#include "metrics/energy.hpp"
#include "run/run_size.hpp"
#include "sched/variability.hpp"

#include <chrono>
#include <stdexcept>

namespace pipar {

RunResult run_scheduler(const Scenario& s, const SchedulerEntry& e, const ReplayOptions& opt,
                        const TimelineObserver& observe) {
  const auto t0 = std::chrono::steady_clock::now();
  if (e.uses_split && s.split.unresolved())
    throw std::logic_error(std::string("run_scheduler: ") + e.name + " needs the split, but \"auto\" was not resolved "
                           "(select::resolve_auto_split must run first)");
  RunResult r;
  r.scheduler = e.name;
  const TaskGraph g = build_graph(e, s); // with the scenario's compute variability
  // The critical path first: it bounds the traces' events before SimGrid replays them.
  r.critical_path_s = critical_path(g, CostModel(g, s), s).makespan(); // with the scenario's dropouts
  check_simulated_time(s, makespan_lower_bound(g, s, r.critical_path_s), e.name, opt.force);
  check_trace_events(s, r.critical_path_s, opt.force);
  const ReplayResult rep = replay_isolated(g, s, opt);
  check_replay_end(g, rep.timeline, e.name);
  check_replayed_time(s, rep.timeline.makespan(), e.name, opt.force);
  r.metrics = compute_metrics(g, rep.timeline, s);
  if (opt.measure_energy) // run --energy-plugins: SimGrid's own joules (the same model, metrics/energy.hpp)
    set_energy_metrics(r.metrics, energy_from_plugins(rep.energy_measured_j, s.devices.size()));
  add_scheduler_metrics(r.metrics, e, g, s);
  if (observe)
    observe(g, rep.timeline);
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

} // namespace pipar
