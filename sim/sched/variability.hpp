// Compute variability (scenario section "variability"; README "Scenario files"): the same task does
// not take the same time twice. A measured pipeline loses throughput to that alone: a slow forward
// on the server delays the next gradient, and the link downstream sits idle, although the mean
// duration is right (README "Validation", "Faster links").
//
// With variability.compute_cv = c > 0, every compute task's work (forward, backward, optimizer step,
// aggregation, model load, on devices and on the server) is multiplied by its own factor, drawn
// from a lognormal distribution of mean 1 and coefficient of variation c: exp(mu + sigma z) with
// sigma^2 = ln(1 + c^2), mu = -sigma^2 / 2, z standard normal. Busy times keep their expectation;
// the spread is what changes. Transfers are not touched (a link's rate is its own business).
// The draw is a function of (scenario seed, task index) only (splitmix64 + Box-Muller): the graph is
// the same for every evaluator (critical path, exact engine, SimGrid replay), and the same scenario
// and seed give the same graph. c = 0 (the default) leaves the graph exactly as built.
#pragma once
#include "graph/task_graph.hpp"

#include <cstdint>

namespace pipar {

struct Scenario;
struct SchedulerEntry;

/// The factor of task `task` under coefficient of variation `cv` (> 0) and `seed`.
double variability_factor(std::uint64_t seed, std::uint64_t task, double cv);

/// Scales every compute task of g by its factor (no-op when s.variability.compute_cv is 0).
void apply_compute_variability(TaskGraph& g, const Scenario& s);

/// The scheduler's graph with the scenario's compute variability: what every evaluator replays.
TaskGraph build_graph(const SchedulerEntry& e, const Scenario& s);

} // namespace pipar
