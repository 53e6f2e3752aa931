// The timeline as a Chrome / Perfetto trace-event JSON (open it at ui.perfetto.dev, "Open trace
// file", or chrome://tracing). One process per device (threads: compute, uplink, downlink) and one
// for the server (a thread per replica and the aggregator); one complete event ("ph": "X") per
// task, named like "fwd d3 it7 mb2" (TaskGraph::label; on SL's shared server lane with the device
// served), with ts and dur in microseconds of simulated time.
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace pipar {

nlohmann::json chrome_trace(const TaskGraph& g, const Timeline& tl, const std::string& title);

} // namespace pipar
