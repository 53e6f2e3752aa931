// The timeline as a Chrome / Perfetto trace-event JSON (open it at ui.perfetto.dev, "Open trace
// file", or chrome://tracing). One process per device (threads: compute, uplink, downlink) and one
// for the server (a thread per replica and the aggregator); one complete event ("ph": "X") per
// task, named like "fwd d3 it7 mb2" (TaskGraph::label; on SL's shared server lane with the device
// served), with ts and dur in microseconds of simulated time. Streamed: memory does not grow with
// the number of tasks.
#pragma once
#include "eval/timeline.hpp"
#include "graph/task_graph.hpp"

#include <ostream>
#include <string>

namespace pipar {

/// Writes the trace document (one line, then a newline) to `os`.
void write_chrome_trace(std::ostream& os, const TaskGraph& g, const Timeline& tl, const std::string& title);

} // namespace pipar
