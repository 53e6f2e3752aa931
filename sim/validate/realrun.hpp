// Measured training runs (the format of tests/data/realrun/README.md: one JSON per run with its
// configuration, makespan, derived busy times, timeline and a quick per-unit profile) turned into a
// scenario, simulated, and compared (pipar-sim validate).
#pragma once
#include "scenario/scenario.hpp"

#include <map>
#include <string>
#include <vector>

namespace pipar::validate {

/// What the simulation of a run is built from besides the run itself. Every mechanism here is one
/// global figure for all runs (README "Validation" says where each comes from), never a per-run fit.
struct Mechanisms {
  double handoff_s = 0.0005;         ///< a message arrives -> the compute that needs it starts
  /// communication.send_delay_s and send_delay_per_byte_s: a message's first byte leaves 0.26 ms +
  /// 1.5 ns per byte after the compute that produced it ends, when its link is idle (least absolute
  /// deviations over the campaign's 1,038 such messages; README "Validation").
  double send_delay_s = 0.00026;
  double send_delay_per_byte_s = 1.5e-9;
  double cpu_per_message_s = 0.0005; ///< communication's CPU time per message (sender and receiver)
  double cpu_per_byte_s = 5e-10;      ///< ... and per byte
  double wire_cpu_per_byte_s = 8e-8;  ///< CPU per byte on each end, spent while the message is on the wire
  double wire_cpu_max_share = 1;      ///< M of eval/comm_costs.hpp: the share that load approaches
  /// Of the sending end's load over the receiving end's: what a forward pass (a step, any compute but
  /// a backward) feels (measured 1.24, held to 1), and what a backward pass feels (measured 0.10;
  /// scripts/realrun_overlap.py --fractions over the campaign's and the testbed's runs).
  double wire_cpu_send_fraction = 1;
  double wire_cpu_send_fraction_backward = 0.1;
  double wire_cpu_cv = 0.65;          ///< communication.wire_cpu_cv: the load's spread per compute task (measured)
  /// training.aggregation_bytes_per_s and aggregation_fixed_s: averaging is memory traffic, model
  /// bytes (parameters + buffers) x models / 2.2e9 + 0.72 ms. Their sum for VGG5 (2.33 MB), 1.78 ms,
  /// is the campaign's 44 aggregations' mean (the mean: a busy time is their sum); the split between
  /// the two follows the testbed's FL aggregations, VGG8's (5.36 MB) 1.79x VGG5's on average
  /// (README "Validation").
  double aggregation_bytes_per_s = 2.2e9;
  double aggregation_fixed_s = 0.00072;
  /// training.model_load_fixed_s and model_load_bytes_per_s: a device loading the averaged model,
  /// 0.31 ms + its bytes (parameters + buffers) / 6.6e9: least squares over the campaign's 44 loads
  /// (0.24 ms for unit 1's 4 KB to 0.65 ms for the whole 2.33 MB; README "Validation").
  double model_load_fixed_s = 0.00031;
  double model_load_bytes_per_s = 6.6e9;
  /// training.optimizer_flops_per_parameter and optimizer_fixed_s_per_tensor: the optimizer step of
  /// units without a measured step (analytic costs on a class): the scenario's defaults, or what
  /// `calibrate` fits to a standalone profile's steps.
  double optimizer_flops_per_parameter = 4;
  double optimizer_fixed_s_per_tensor = 0;
  /// communication.tcp_initial_window_bytes: Linux's initial congestion window, 10 segments of 1,448
  /// payload bytes (MTU 1500 with TCP timestamps); a run's connection is new at its first message.
  double tcp_initial_window_bytes = 14480;
  /// communication.tcp_window_growth: the median of what `scripts/testbed.py ramp` fits on this
  /// kernel's loopback (1.53-1.80 over 10-100 Mbit/s and 5-20 ms; README "Validation").
  double tcp_window_growth = 1.7;
  double compute_cv = 0;             ///< variability.compute_cv: every compute task's own lognormal factor
  std::string device_class;          ///< "" = each run's own profile; else analytic costs on this class
  /// "" = each run's own profile; else this measured model profile (timing tables, e.g. at several
  /// micro-batch sizes) for every run, on its measured.device_class / server_class from classes_file
  std::string profile;
  std::string classes_file;          ///< catalogue that holds device_class
};

/// One operation of a timeline, measured or simulated (validate --timelines).
struct TimelineOp {
  std::string kind; ///< as operations.csv names it (device_fwd, upload_act, ...)
  long long device = 0, iteration = 0, micro = 0; ///< -1: none (the run file gives none, or -1 for a model message)
  double start = 0, end = 0;
};

struct RunComparison {
  std::string id, mode;
  /// What the runs that compete as configurations share: model, B, K, R, devices, links, latency.
  std::string setting;
  int P = 0, N = 0;
  double up_mbps = 0, down_mbps = 0, latency_ms = 0;
  double makespan_measured = 0, makespan_simulated = 0;
  double server_busy_measured = 0, server_busy_simulated = 0;
  double device_busy_measured = 0, device_busy_simulated = 0;
  /// Per operation kind (device_fwd, server_bwd, upload, ...): median seconds measured and simulated.
  std::map<std::string, std::pair<double, double>> kind_median;
  std::vector<std::string> unsimulated_kinds; ///< measured operation kinds the simulation has no counterpart of
  std::vector<TimelineOp> measured_ops, simulated_ops; ///< every compute and transfer, in the files' order
};

/// The scenario fields the mechanisms set ({"training": {...}, "communication": {...},
/// "variability": {...}}, by the fields' names): what a run's scenario uses and `--report` records.
nlohmann::json mechanism_fields(const Mechanisms& mech);

/// A run file read and checked, not simulated: the scenario to simulate and the measured half of the
/// comparison (configuration, makespan, busy times, measured_ops; nothing simulated yet).
struct CheckedRun {
  Scenario scenario;
  RunComparison measured;
};

/// Reads and checks every field validate uses (throws InputError naming the file and the JSON path).
CheckedRun check_run(const std::string& run_file, const Mechanisms& mech);

/// check_run, then simulates the run (SimGrid replay in a forked process) and compares.
RunComparison compare_run(const std::string& run_file, const Mechanisms& mech);

} // namespace pipar::validate
