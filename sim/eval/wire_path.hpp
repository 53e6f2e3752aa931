// The critical path when the wire's CPU load is on (communication.wire_cpu_per_byte_s,
// eval/comm_costs.hpp). A compute's rate then depends on which of its device's transfers are on the
// wire while it runs, which a single pass in task order does not know yet: this evaluator applies
// the critical path's rules in time order instead. Nothing is shared, as in critical_path(): every
// lane is its own resource; a device's CPU, and the server lanes serving device d, each compute at
// 1 - share(load) of their speed (eval/comm_costs.hpp), load the summed wire loads of the messages their side
// of d sends (on the wire) or receives (a latency later) at the time. For one device it must agree
// with the SimGrid replay (tests/comm_pipe_test.cpp).
#pragma once
#include "eval/cost_model.hpp"
#include "eval/timeline.hpp"

namespace pipar {

Timeline critical_path_wire(const TaskGraph& g, const CostModel& cost);

} // namespace pipar
