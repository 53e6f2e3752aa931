#include "trace/chrome_trace.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace pipar {

namespace {

/// Process of a lane: 0 is the server, device d is d + 1.
int pid_of(const Lane& l) { return l.resource == Resource::Server ? 0 : l.device + 1; }

nlohmann::json meta(const char* what, int pid, int tid, const nlohmann::json& args) {
  return {{"ph", "M"}, {"name", what}, {"pid", pid}, {"tid", tid}, {"args", args}};
}

} // namespace

void write_chrome_trace(std::ostream& os, const TaskGraph& g, const Timeline& tl, const std::string& title) {
  // The document is {"displayTimeUnit", "otherData", "traceEvents": [...]} (keys sorted, as
  // nlohmann writes objects); the events are written one at a time, never held together.
  os << "{\"displayTimeUnit\":\"ms\",\"otherData\":" << nlohmann::json{{"title", title}}.dump() << ",\"traceEvents\":[";
  bool first = true;
  auto emit = [&](const nlohmann::json& event) {
    os << (first ? "" : ",") << event.dump();
    first = false;
  };
  emit(meta("process_name", 0, 0, {{"name", "server"}}));
  emit(meta("process_sort_index", 0, 0, {{"sort_index", 0}}));
  for (LaneId l = 0; l < g.lane_count(); ++l) {
    const Lane& lane = g.lane(l);
    const int pid = pid_of(lane);
    if (lane.resource == Resource::DeviceCpu) {
      emit(meta("process_name", pid, 0, {{"name", "device " + std::to_string(lane.device)}}));
      emit(meta("process_sort_index", pid, 0, {{"sort_index", pid}}));
    }
    emit(meta("thread_name", pid, static_cast<int>(l), {{"name", lane.name}}));
    emit(meta("thread_sort_index", pid, static_cast<int>(l), {{"sort_index", l}}));
  }
  // A shared server lane (SL's one model) serves every device in turn: its tasks are named after the
  // device whose upload they follow (the first explicit dependency on a device's lane, else the
  // previous task on the lane). The aggregator serves all devices and keeps its plain label.
  std::vector<int> served(g.lane_count(), -1);
  for (TaskId t = 0; t < g.size(); ++t) {
    const Task& task = g.task(t);
    const Lane& lane = g.lane(task.lane);
    std::string name = g.label(t);
    if (lane.device < 0 && task.op != Op::Aggregate) {
      for (const TaskId* d = g.deps_begin(t); d != g.deps_end(t); ++d)
        if (g.lane(g.task(*d).lane).device >= 0) {
          served[task.lane] = g.lane(g.task(*d).lane).device;
          break;
        }
      if (served[task.lane] >= 0)
        name.insert(std::string(op_name(task.op)).size(), " d" + std::to_string(served[task.lane]));
    }
    emit({{"ph", "X"},
          {"name", name},
          {"cat", op_name(task.op)},
          {"pid", pid_of(lane)},
          {"tid", task.lane},
          {"ts", tl.start[t] * 1e6},
          {"dur", (tl.end[t] - tl.start[t]) * 1e6},
          {"args", {{"task", t}, {"lane", lane.name},
                    {is_transfer(lane.resource) ? "bytes" : "flop", task.amount}}}});
  }
  os << "]}\n";
}

} // namespace pipar
