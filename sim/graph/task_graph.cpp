#include "graph/task_graph.hpp"
#include "graph/huge_pages.hpp"

#include <cmath>
#include <stdexcept>

namespace pipar {

const char* op_name(Op op) {
  switch (op) {
  case Op::Forward: return "fwd";
  case Op::Backward: return "bwd";
  case Op::Step: return "step";
  case Op::Aggregate: return "aggregate";
  case Op::Activations: return "up-act";
  case Op::Gradients: return "down-grad";
  case Op::ModelUp: return "up-model";
  case Op::ModelDown: return "down-model";
  case Op::Load: return "load";
  }
  return "?";
}

const char* resource_name(Resource r) {
  switch (r) {
  case Resource::DeviceCpu: return "device";
  case Resource::Uplink: return "uplink";
  case Resource::Downlink: return "downlink";
  case Resource::Server: return "server";
  }
  return "?";
}

LaneId TaskGraph::add_lane(Resource r, int device, std::string name) {
  lanes_.push_back({r, device, std::move(name)});
  return static_cast<LaneId>(lanes_.size() - 1);
}

TaskId TaskGraph::add(LaneId lane, Op op, double amount, std::uint32_t iteration, std::uint16_t micro,
                      std::initializer_list<TaskId> deps) {
  return add(lane, op, amount, iteration, micro, std::vector<TaskId>(deps));
}

TaskId TaskGraph::add(LaneId lane, Op op, double amount, std::uint32_t iteration, std::uint16_t micro,
                      const std::vector<TaskId>& deps) {
  const auto id = static_cast<TaskId>(tasks_.size());
  if (lane >= lanes_.size())
    throw std::logic_error("TaskGraph::add: unknown lane");
  if (deps.size() > max_task_dependencies)
    throw std::logic_error("TaskGraph::add: too many dependencies");
  if (deps.size() > 0xffffffffu - deps_.size())
    throw std::logic_error("TaskGraph::add: more than 2^32 dependencies in one graph");
  for (TaskId d : deps)
    if (d >= id)
      throw std::logic_error("TaskGraph::add: dependencies must be added first (topological order)");
  if (!(amount >= 0))
    throw std::logic_error("TaskGraph::add: negative or NaN amount");
  Task t{amount, lane, static_cast<std::uint32_t>(deps_.size()), iteration, static_cast<std::uint32_t>(deps.size()),
         micro, op};
  deps_.insert(deps_.end(), deps.begin(), deps.end());
  tasks_.push_back(t);
  return id;
}

void TaskGraph::scale_amount(TaskId t, double factor) {
  if (t >= tasks_.size() || !(factor > 0) || !std::isfinite(factor))
    throw std::logic_error("TaskGraph::scale_amount: unknown task or a factor not positive and finite");
  tasks_[t].amount *= factor;
}

TaskGraph::Index TaskGraph::build_index() const {
  Index ix;
  ix.lane_begin.assign(lanes_.size() + 1, 0);
  for (const auto& t : tasks_)
    ++ix.lane_begin[t.lane + 1];
  for (size_t l = 0; l < lanes_.size(); ++l)
    ix.lane_begin[l + 1] += ix.lane_begin[l];
  assign_huge(ix.lane_tasks, tasks_.size(), TaskId{0});
  std::vector<std::uint32_t> fill(ix.lane_begin.begin(), ix.lane_begin.end() - 1);
  for (TaskId t = 0; t < tasks_.size(); ++t)
    ix.lane_tasks[fill[tasks_[t].lane]++] = t;

  assign_huge(ix.succ_begin, tasks_.size() + 1, std::uint32_t{0});
  for (TaskId d : deps_)
    ++ix.succ_begin[d + 1];
  for (size_t t = 0; t < tasks_.size(); ++t)
    ix.succ_begin[t + 1] += ix.succ_begin[t];
  assign_huge(ix.succ, deps_.size(), TaskId{0});
  std::vector<std::uint32_t> sfill(ix.succ_begin.begin(), ix.succ_begin.end() - 1);
  for (TaskId t = 0; t < tasks_.size(); ++t)
    for (const TaskId* d = deps_begin(t); d != deps_end(t); ++d)
      ix.succ[sfill[*d]++] = t;
  return ix;
}

std::string TaskGraph::label(TaskId id) const {
  const Task& t = tasks_[id];
  const Lane& l = lanes_[t.lane];
  std::string s = op_name(t.op);
  if (l.device >= 0)
    s += " d" + std::to_string(l.device);
  s += " it" + std::to_string(t.iteration);
  if (t.op != Op::Aggregate && t.op != Op::ModelUp && t.op != Op::ModelDown && t.op != Op::Step &&
      t.op != Op::Load)
    s += " mb" + std::to_string(t.micro);
  return s;
}

} // namespace pipar
