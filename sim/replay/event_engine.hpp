// The event engine: an exact discrete-event replay of a TaskGraph for the scenarios in which
// SimGrid's models add nothing, run without SimGrid. Every device lane is then alone on its
// resource (a device's CPU, its uplink, its downlink), so a task there holds its lane for exactly
// CostModel::occupancy and ends CostModel::delay later (links are pipes: a message arrives a
// latency after its wire end; eval/comm_costs.hpp, which also gives hand-offs and the CPU time of
// communication); the only shared resource is the server, whose cores are shared fairly by a
// GpsQueue (virtual-time processor sharing, O(log n) per event) or handed out whole in arrival order
// (FIFO). One binary heap of events (lane free, arrival, ready), no actors. The SimGrid replay
// (replay.cpp) gives the same timelines (tests/replay_engines_test.cpp: every task's end to 1e-9)
// and stays the reference, used whenever the scenario needs SimGrid (see event_engine_applies).
#pragma once
#include "replay/replay.hpp"

#include <string>

namespace pipar {

/// Why the SimGrid replay is needed for this scenario and these options, or "" if the event engine
/// gives the same result: forced by ReplayOptions::simgrid_engine, the realistic network model,
/// SimGrid --cfg flags (they may change any model), load measurement (SimGrid's plugins), a shared
/// server NIC (links shared between devices), bandwidth or speed traces (SimGrid profiles), energy
/// measurement (SimGrid's energy plugins), dropouts, deadlines or availability traces (cut tasks).
std::string simgrid_needed(const Scenario& s, const ReplayOptions& opt);
inline bool event_engine_applies(const Scenario& s, const ReplayOptions& opt) { return simgrid_needed(s, opt).empty(); }
/// Whether a SimGrid replay shares the server fairly by the GPS queue (gps_server.hpp) rather than by
/// SimGrid's solver: fair sharing, and none of what needs SimGrid's own executions on the server
/// (ReplayOptions::simgrid_engine, load measurement, --cfg flags such as Paje tracing or CPU models).
/// Anything else that runs SimGrid executions on the server, or measures them, must be added here
/// (the GPS queue cannot share cores with SimGrid's own executions).
bool gps_in_simgrid(const Scenario& s, const ReplayOptions& opt);
/// "events", "simgrid+gps" or "simgrid": the engine replay() uses (recorded in summary.json).
inline const char* replay_engine_name(const Scenario& s, const ReplayOptions& opt) {
  return event_engine_applies(s, opt) ? "events" : gps_in_simgrid(s, opt) ? "simgrid+gps" : "simgrid";
}

/// The replay by events; the caller checks event_engine_applies first.
ReplayResult replay_events(const TaskGraph& g, const Scenario& s, const ReplayOptions& opt);

} // namespace pipar
