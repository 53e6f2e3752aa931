// The task description every scheduler produces and every evaluator consumes.
//
// A task is one piece of work on one lane: a compute on a device or a server replica, or a transfer
// on a device's uplink or downlink. Tasks on a lane run one at a time in the order they were added;
// a task also waits for its explicit dependencies. Tasks are added in a topological order (every
// dependency exists before the task that names it), so evaluators need a single forward pass.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace pipar {

enum class Resource : std::uint8_t { DeviceCpu, Uplink, Downlink, Server };
enum class Op : std::uint8_t {
  Forward,       ///< forward pass (compute, flop)
  Backward,      ///< backward pass (compute, flop)
  Step,          ///< optimizer step (compute, flop)
  Aggregate,     ///< model averaging on the server (compute, flop)
  Activations,   ///< smashed activations + labels, device -> server (bytes)
  Gradients,     ///< activation gradients, server -> device (bytes)
  ModelUp,       ///< model parameters, device -> server (bytes)
  ModelDown,     ///< model parameters, server -> device (bytes)
  Load,          ///< a device loading the averaged model it received (compute, flop)
};
const char* op_name(Op op);
const char* resource_name(Resource r);
inline bool is_transfer(Resource r) { return r == Resource::Uplink || r == Resource::Downlink; }

using TaskId = std::uint32_t;
using LaneId = std::uint32_t;

struct Lane {
  Resource resource;
  std::int32_t device; ///< the device this lane belongs to or serves; -1 for the server's aggregator
  std::string name;    ///< e.g. "d3.cpu", "d3.up", "server.r3", "server.agg"
};

struct Task {
  double amount;          ///< flop for compute lanes, bytes for transfer lanes
  LaneId lane;
  std::uint32_t dep_begin; ///< index into TaskGraph::deps_
  std::uint32_t iteration; ///< iteration index of its device (for traces); rounds use the last one
  std::uint32_t dep_count; ///< 32 bits: an aggregation depends on every device (and replica) of a round
  std::uint16_t micro;     ///< micro-batch index within the iteration (0 if none)
  Op op;
};
static_assert(sizeof(Task) == 32, "a task stays 32 bytes");

/// The most explicit dependencies one task may have (Task::dep_count's width). Scenario checks
/// derive the largest fleet each scheduler supports from it (run/run_size.cpp).
constexpr std::size_t max_task_dependencies = 0xffffffffu;

class TaskGraph {
public:
  LaneId add_lane(Resource r, int device, std::string name);
  TaskId add(LaneId lane, Op op, double amount, std::uint32_t iteration, std::uint16_t micro,
             std::initializer_list<TaskId> deps);
  TaskId add(LaneId lane, Op op, double amount, std::uint32_t iteration, std::uint16_t micro,
             const std::vector<TaskId>& deps);

  size_t size() const { return tasks_.size(); }
  const Task& task(TaskId t) const { return tasks_[t]; }
  const std::vector<Task>& tasks() const { return tasks_; }
  const Lane& lane(LaneId l) const { return lanes_[l]; }
  const std::vector<Lane>& lanes() const { return lanes_; }
  size_t lane_count() const { return lanes_.size(); }
  /// Dependencies of t (explicit ones; the lane order is implicit).
  const TaskId* deps_begin(TaskId t) const { return deps_.data() + tasks_[t].dep_begin; }
  const TaskId* deps_end(TaskId t) const { return deps_begin(t) + tasks_[t].dep_count; }

  /// Index structures for evaluators (built once, after the last add).
  struct Index {
    std::vector<std::uint32_t> lane_begin; ///< CSR: tasks of lane l are lane_tasks[lane_begin[l] .. lane_begin[l+1])
    std::vector<TaskId> lane_tasks;
    std::vector<std::uint32_t> succ_begin; ///< CSR: successors by explicit dependency
    std::vector<TaskId> succ;
  };
  Index build_index() const;

  /// Multiplies task t's amount by `factor` (> 0, finite): compute variability (sched/variability.hpp).
  void scale_amount(TaskId t, double factor);

  /// Human label, e.g. "fwd d3 it7 mb2".
  std::string label(TaskId t) const;

private:
  std::vector<Lane> lanes_;
  std::vector<Task> tasks_;
  std::vector<TaskId> deps_;
};

} // namespace pipar
