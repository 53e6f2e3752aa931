#include "run/run_size.hpp"

#include "core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace pipar {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

bool is_platform(const Scenario& s) { return s.resolved.is_object() && s.resolved.contains("platform"); }

/// Iterations of one device over the whole training.
double iterations(const Scenario& s, const DeviceSpec& d) {
  const double B = s.training.batch_size;
  return std::ceil(static_cast<double>(d.samples) / B) * s.training.epochs;
}

int micro_batches(const Scenario& s, const SchedulerEntry& e, const DeviceSpec& d) {
  if (!e.uses_split || !e.uses_micro_batches)
    return 1;
  if (s.split.auto_micro_batches)
    return std::min(s.training.batch_size, 100);
  return d.micro_batches > 0 ? d.micro_batches : s.split.micro_batches;
}

} // namespace

double estimate_tasks(const Scenario& s, const SchedulerEntry& e) {
  double max_iterations = 0, tasks = 0;
  for (const DeviceSpec& d : s.devices) {
    const double it = iterations(s, d);
    max_iterations = std::max(max_iterations, it);
    tasks += it * (e.uses_split ? 6.0 * micro_batches(s, e, d) + 3 : 3.0);
  }
  const double K = s.training.aggregate_every;
  const double rounds = K > 0 ? std::ceil(max_iterations / K) : s.training.epochs;
  return tasks + rounds * (3.0 * static_cast<double>(s.devices.size()) + 1);
}

long long max_devices_for(const SchedulerEntry& e) {
  if (e.dependencies_per_device <= 0)
    return std::numeric_limits<long long>::max();
  return static_cast<long long>(max_task_dependencies) / e.dependencies_per_device;
}

void check_run_size(const Scenario& s, const std::vector<std::string>& schedulers, bool force) {
  for (const auto& name : schedulers) {
    const SchedulerEntry* e = find_scheduler(name);
    if (!e)
      continue; // the scenario reader reports unknown names
    const auto devices = static_cast<long long>(s.devices.size());
    if (devices > max_devices_for(*e))
      throw InputError(s.file, is_platform(s) ? "/platform/fleet" : "/devices/count",
                       "scheduler " + name + " supports at most " + std::to_string(max_devices_for(*e)) +
                           " devices (its aggregation waits on " + std::to_string(e->dependencies_per_device) +
                           " tasks per device, at most " + std::to_string(max_task_dependencies) +
                           " in all), got " + std::to_string(devices));
    const double tasks = estimate_tasks(s, *e);
    if (force || tasks <= max_run_tasks)
      continue;
    double it = 0;
    for (const DeviceSpec& d : s.devices)
      it = std::max(it, iterations(s, d));
    const std::string where = s.training.epochs > 1 ? "/training/epochs"
                              : it > 1000            ? (is_platform(s) ? "/platform/fleet" : "/devices/samples")
                                                     : (is_platform(s) ? "/platform/fleet" : "/devices/count");
    throw InputError(s.file, where,
                     "a run of " + name + " would build about " + num(tasks) + " tasks (" + std::to_string(devices) +
                         " devices, up to " + num(it) + " iterations each: epochs x ceil(samples / batch_size)), "
                         "more than the limit of " + num(max_run_tasks) +
                         "; reduce devices, samples or epochs, or pass --force to run it anyway");
  }
}

void check_trace_events(const Scenario& s, double makespan_s, bool force) {
  double events = 0, worst = 0;
  const DeviceSpec* worst_device = nullptr;
  for (const DeviceSpec& d : s.devices) {
    double mine = 0;
    for (const auto* t : {d.uplink_trace.get(), d.downlink_trace.get(), d.speed_trace.get()})
      if (t)
        mine += static_cast<double>(t->points.size()) *
                (t->period_s > 0 ? std::max(1.0, std::ceil(makespan_s / t->period_s)) : 1.0);
    events += mine;
    if (mine > worst) {
      worst = mine;
      worst_device = &d;
    }
  }
  if (force || events <= max_trace_events || !std::isfinite(makespan_s))
    return; // an infinite makespan is the replay end check's to report
  throw InputError(s.file, is_platform(s) ? "/platform/fleet" : "/devices/trace_period_s",
                   "the traces would replay about " + num(events) + " events over the run (at least " +
                       num(makespan_s) + " s; group " + (worst_device ? worst_device->group : std::string("?")) +
                       " repeats its traces every " +
                       num(worst_device && worst_device->uplink_trace ? worst_device->uplink_trace->period_s
                           : worst_device && worst_device->downlink_trace ? worst_device->downlink_trace->period_s
                           : worst_device && worst_device->speed_trace    ? worst_device->speed_trace->period_s
                                                                          : 0) +
                       " s), more than the limit of " + num(max_trace_events) +
                       "; lengthen trace_period_s, or pass --force to run it anyway");
}

double makespan_lower_bound(const TaskGraph& g, const Scenario& s, double critical_path_s) {
  if (!(s.server.nic_bps > 0))
    return critical_path_s;
  double up = 0, down = 0;
  for (TaskId t = 0; t < g.size(); ++t) {
    const Resource r = g.lane(g.task(t).lane).resource;
    if (r == Resource::Uplink)
      up += g.task(t).amount;
    else if (r == Resource::Downlink)
      down += g.task(t).amount;
  }
  return std::max(critical_path_s, std::max(up, down) / s.server.nic_bps);
}

namespace {
/// The slowest rates of `s`, for a message about a run too long.
std::string slowest_rates(const Scenario& s) {
  double speed = std::numeric_limits<double>::infinity(), up = speed, down = speed;
  for (const DeviceSpec& d : s.devices) {
    speed = std::min(speed, d.speed);
    up = std::min(up, d.uplink_bps);
    down = std::min(down, d.downlink_bps);
  }
  std::string rates = "slowest device " + num(speed) + " flop/s, " + num(up * 8e-6) + " Mbps up, " +
                      num(down * 8e-6) + " Mbps down; server " + num(s.server.speed_per_core) + " flop/s per core";
  if (s.server.nic_bps > 0)
    rates += ", NIC " + num(s.server.nic_bps * 8e-6) + " Mbps";
  return rates;
}
} // namespace

void check_simulated_time(const Scenario& s, double makespan_s, const std::string& scheduler, bool force) {
  if (std::isfinite(makespan_s) && (force || makespan_s <= max_simulated_s))
    return;
  throw InputError(s.file, is_platform(s) ? "/platform/fleet" : "/devices",
                   "a run of " + scheduler + " would last " +
                       (std::isfinite(makespan_s) ? "at least " + num(makespan_s) + " s" : std::string("forever")) +
                       " of simulated time (a lower bound: its critical path, and the bytes over a shared NIC), more "
                       "than " + num(max_simulated_s) +
                       " s (31.7 years): a speed, bandwidth or rate is far too small (" + slowest_rates(s) +
                       "; also training.aggregation_bytes_per_s, training.model_load_bytes_per_s, "
                       "server.batch_efficiency, traces)" +
                       (std::isfinite(makespan_s) ? "; fix it, or pass --force to run it anyway" : ""));
}

void check_replayed_time(const Scenario& s, double makespan_s, const std::string& scheduler, bool force) {
  if (force || makespan_s <= max_simulated_s)
    return;
  throw InputError(s.file, is_platform(s) ? "/platform/fleet" : "/devices",
                   "the replay of " + scheduler + " lasted " + num(makespan_s) + " s of simulated time, more than " +
                       num(max_simulated_s) +
                       " s (31.7 years), although its critical path at the nominal rates is shorter: a trace "
                       "(uplink_trace, downlink_trace, speed_trace) or a SimGrid --cfg flag makes a rate far too "
                       "small (nominal: " + slowest_rates(s) + "); fix it, or pass --force to keep the result");
}

void check_replay_end(const TaskGraph& g, const Timeline& tl, const std::string& scheduler) {
  size_t unended = 0;
  TaskId first = 0;
  for (TaskId t = 0; t < g.size(); ++t) {
    const bool ok = t < tl.end.size() && std::isfinite(tl.end[t]) && std::isfinite(tl.start[t]) &&
                    tl.end[t] >= tl.start[t];
    if (!ok && unended++ == 0)
      first = t;
  }
  if (unended == 0)
    return;
  throw std::runtime_error("the replay of " + scheduler + " did not finish: " + std::to_string(unended) + " of " +
                           std::to_string(g.size()) + " tasks never ended at a finite time (the first: " +
                           g.label(first) + " on " + g.lane(g.task(first).lane).name +
                           "). SimGrid found a deadlock or a time overflow: check the speeds and bandwidths "
                           "(e.g. devices.speed_flops) for values too small to finish");
}

} // namespace pipar
