// What every scheduler shares: which iterations a device runs in which round, how a batch splits
// into micro-batches, and the aggregation that closes a round.
#pragma once
#include "graph/task_graph.hpp"

#include <vector>

namespace pipar {

struct Scenario;

/// Iterations of one device: batch sizes in order, and the round each iteration belongs to.
struct DevicePlan {
  std::vector<int> batch;      ///< samples of iteration i (B, or fewer for the last of an epoch)
  std::vector<int> round_end;  ///< index one past the last iteration of round r
};

/// Rounds: per epoch (aggregate_every = 0) or every K iterations. Every device takes part in every
/// round (a device that has no iteration left in a round still uploads its model).
struct TrainingPlan {
  int rounds = 0;
  std::vector<DevicePlan> devices;
};
TrainingPlan make_training_plan(const Scenario& s);

/// Sizes of n near-equal micro-batches of a batch of b samples (n is capped at b).
std::vector<int> split_batch(int batch, int n);

struct DeviceSpec;

/// Flop of a server compute task on a micro-batch of m samples under the server's batch-efficiency
/// curve: flops / efficiency(m), so the task takes flops / (efficiency x peak) seconds (unchanged
/// when the server has no curve).
struct ServerSpec;
double server_task_flops(const ServerSpec& sv, double flops, int micro_batch_samples);

/// Device backward work under the scenario's privacy settings: x privacy.backward_factor when
/// DP-SGD is on (per-sample gradients, clipping and noise), unchanged otherwise.
double dp_backward_flops(const Scenario& s, double flops);
/// Device work to add noise to the smashed activations of `samples` samples at split point P
/// (privacy.activation_noise: flops_per_element x float32 elements of the activation at P), else 0.
double activation_noise_flops(const Scenario& s, int split_point, double samples);

/// Lanes that aggregation uses.
struct AggregationLanes {
  std::vector<LaneId> up, down; ///< per device
  LaneId server;                ///< the server's aggregator lane
  std::vector<LaneId> cpu;      ///< per device: where it loads the model (empty: no load task)
  std::vector<double> load_flops; ///< per device: the load's work (0: no load task)
};

/// Adds one round's aggregation: device d uploads `model_bytes[d]` once `ready[d]` is done, the
/// server averages after all uploads and after `server_ready` (e.g. the replicas' last steps),
/// each device downloads the result (and loads it, when lanes.load_flops says so). Returns the last
/// task of each device (its load, else its download).
std::vector<TaskId> add_aggregation(TaskGraph& g, const AggregationLanes& lanes, const std::vector<TaskId>& ready,
                                    const std::vector<TaskId>& server_ready, const std::vector<double>& model_bytes,
                                    double server_flops,
                                    std::uint32_t iteration);

/// Aggregation lanes' load tasks: per device, model_load_seconds of its model bytes at its speed.
void set_model_loads(AggregationLanes& lanes, const Scenario& s, const std::vector<LaneId>& cpu,
                     const std::vector<double>& model_bytes);

} // namespace pipar
