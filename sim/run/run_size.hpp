// The run-size guard: what a run will cost, estimated from the scenario before any graph is built,
// and refused beyond documented limits (README, "Input limits") unless forced. Also the largest
// fleet each scheduler's graph can hold, which no --force lifts.
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"
#include "scenario/scenario.hpp"
#include "sched/registry.hpp"

#include <string>
#include <vector>

namespace pipar {

/// A run (one scheduler) may hold at most this many tasks unless forced: about 64 bytes a task in
/// the graph, index and timeline plus SimGrid's own share (6.5 million tasks peak at 1.7 GB).
constexpr double max_run_tasks = 1e7;
/// A run's bandwidth and speed traces may produce at most this many profile events unless forced
/// (SimGrid keeps every event it has replayed: a tiny trace_period_s grows memory without bound).
constexpr double max_trace_events = 1e7;

/// The tasks `e` will build for `s`: per device, per iteration 6N + 3 (split schedulers; N = 1 for
/// those without micro-batches, min(B, 100) while N is "auto") or 3 (FL), plus 3 per round; an
/// upper estimate within a few percent of the graph's size.
double estimate_tasks(const Scenario& s, const SchedulerEntry& e);

/// The most devices `e` supports: graph/'s max_task_dependencies over its dependencies per device
/// (unlimited for a scheduler without a fan-in).
long long max_devices_for(const SchedulerEntry& e);

/// Throws InputError naming the scenario file and the JSON path when a scheduler of `schedulers`
/// cannot hold the fleet (/devices/count, or /platform/fleet), or, unless `force`, when its run
/// would exceed max_run_tasks (/training/epochs; the message gives the estimate).
void check_run_size(const Scenario& s, const std::vector<std::string>& schedulers, bool force);

/// The profile events SimGrid will replay for the traces of `s` over `makespan_s` (traces that
/// repeat with trace_period_s); throws InputError (/devices/trace_period_s) beyond
/// max_trace_events unless `force`.
void check_trace_events(const Scenario& s, double makespan_s, bool force);

/// Simulated seconds a run may last unless forced: 1e9 s (31.7 years) of training is a unit mistake
/// (a speed in flop/ms, a bandwidth in Gbps written as Mbps x 1e-3, ...), not a result.
constexpr double max_simulated_s = 1e9;

/// A lower bound of the replay's makespan: the critical path `critical_path_s` (no contention), and
/// the bytes every device sends (receives) over a shared server NIC's rate, each direction.
double makespan_lower_bound(const TaskGraph& g, const Scenario& s, double critical_path_s);

/// Throws InputError (the fleet's JSON path, naming the slowest speeds and bandwidths) when a lower
/// bound of the makespan of a run of `scheduler` (makespan_lower_bound) exceeds max_simulated_s
/// unless `force`, or is not finite (no --force lifts that).
void check_simulated_time(const Scenario& s, double makespan_s, const std::string& scheduler, bool force);

/// Throws InputError (as check_simulated_time) when a replay's makespan exceeds max_simulated_s unless
/// `force`: the lower bound cannot see traces or SimGrid's flags, so the replay itself is checked too.
void check_replayed_time(const Scenario& s, double makespan_s, const std::string& scheduler, bool force);

/// Throws std::runtime_error unless every task of `g` ended at a finite time no earlier than it
/// started (a SimGrid deadlock or a time overflow leaves tasks unended: never a result).
void check_replay_end(const TaskGraph& g, const Timeline& tl, const std::string& scheduler);

} // namespace pipar
