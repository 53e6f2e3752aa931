// Client sampling (README "Client sampling"): which devices take part in each round, and the
// round-closing aggregation over them. Pure; seeded (same scenario + seed = same participants).
//   - training.clients_per_round (a count) or training.client_fraction (ceil(fraction x devices)),
//     at least 1; all devices when neither is set (no random draw at all);
//   - training.client_selection: "uniform" (every subset of that size equally likely) or
//     "by_samples" (without replacement, each draw in proportion to the devices' samples);
//   - std::mt19937_64 seeded from the scenario's seed, with our own uniform (the same draws on
//     every platform); one stream, round after round.
#pragma once
#include "graph/task_graph.hpp"

#include <cstdint>
#include <vector>

namespace pipar {

struct Scenario;
struct AggregationLanes;

/// participants[r][d] != 0 when device d takes part in round r.
using Participation = std::vector<std::vector<std::uint8_t>>;
Participation sample_participants(const Scenario& s, int rounds);
/// Number of devices that take part in each round (the same every round).
int participants_per_round(const Scenario& s);

/// Closes a round: each device of `up` uploads `model_bytes[d]` once `ready[d]` is done; the server
/// averages (`flops_per_model` x |up| flop) after the uploads and `server_ready`; each device of
/// `down` downloads the average, and `model_ready[d]` becomes that download. With up = down = every
/// device this is add_aggregation() task for task.
void add_round_close(TaskGraph& g, const AggregationLanes& lanes, const Scenario& s, const std::vector<size_t>& up,
                     const std::vector<size_t>& down, const std::vector<TaskId>& ready,
                     const std::vector<TaskId>& server_ready, const std::vector<double>& model_bytes,
                     std::uint32_t iteration, std::vector<TaskId>& model_ready);

/// Moves every device that does not take part in round r past that round's iterations.
struct TrainingPlan;
void skip_round(const TrainingPlan& plan, const Participation& p, int r, std::vector<int>& next_iteration);
/// Training samples of the participants over every round (all devices' samples without sampling).
long long participating_samples(const Scenario& s);

/// The devices of round r (in device order), and those that download round r's average: the next
/// round's participants, or round r's own after the last round (the trained model goes back).
std::vector<size_t> members(const Participation& p, int r);
std::vector<size_t> next_members(const Participation& p, int r);

} // namespace pipar
