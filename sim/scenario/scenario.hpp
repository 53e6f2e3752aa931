// A scenario: what to simulate. Loaded from JSON, validated once, all units SI afterwards.
#pragma once
#include "model/profile.hpp"
#include "platform/batch_efficiency.hpp"
#include "platform/trace.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace pipar {

/// One device as the simulator sees it (SI units).
struct DeviceSpec {
  std::string device_class;  ///< name of its device class ("" if given by numbers)
  double speed = 0;          ///< flop/s
  double compute_overhead_s = 0; ///< fixed seconds per split unit per compute task (framework dispatch)
  double elementwise_speed = 0;  ///< flop/s of element-wise flop, its class's (0: `speed`, one rate)
  double memory_bytes = 0;   ///< memory available for training, bytes (0 = not limited)
  double uplink_bps = 0;     ///< bytes/s, device -> server
  double downlink_bps = 0;   ///< bytes/s, server -> device
  double latency_s = 0;      ///< one-way latency of each link, s
  long long samples = 0;     ///< training samples held by this device
  int split_point = 0;       ///< this device's P where the scheduler allows it (0 = the scenario's)
  int micro_batches = 0;     ///< this device's N where the scheduler allows it (0 = the scenario's)
  std::string group;         ///< fleet group it belongs to
  std::string network;       ///< network preset name ("" if given by numbers)
  /// Changes over time, replayed by SimGrid only (the critical path uses the nominal values above):
  /// link bandwidths in bytes/s, speed as a fraction of `speed`. Shared by a group's devices.
  std::shared_ptr<const Trace> uplink_trace, downlink_trace, speed_trace;
  /// Power (W; README "Energy"): the device computing / not computing, its radio connected and idle,
  /// sending, receiving. 0 = not modelled.
  double idle_w = 0, busy_w = 0;
  double radio_idle_w = 0, radio_tx_w = 0, radio_rx_w = 0;
};

struct ServerSpec {
  int cores = 1;
  double speed_per_core = 0; ///< flop/s of one core
  std::string device_class;  ///< its device class ("" if given by numbers)
  double compute_overhead_s = 0; ///< fixed seconds per split unit per server task (its class's, else 0)
  double elementwise_speed = 0;  ///< flop/s of one core on element-wise flop, its class's (0: speed_per_core)
  double nic_bps = 0;        ///< shared NIC / backhaul every device's transfers cross, bytes/s each way (0 = none)
  std::vector<EfficiencyPoint> batch_efficiency; ///< fraction of peak per task size (empty = always peak)
  /// Power (W): no core computing / every core computing; k busy cores draw
  /// idle_w + (k / cores) x (busy_w - idle_w) (README "Energy").
  double idle_w = 0, busy_w = 0;
};

struct TrainingSpec {
  int batch_size = 100;          ///< B, samples per iteration per device
  int epochs = 1;
  int aggregate_every = 0;       ///< iterations per round; 0 = once per epoch
  double optimizer_flops_per_parameter = 4; ///< SGD with momentum: ~4 flop per parameter per step
  double aggregation_flops_per_parameter = 1; ///< FedAvg: one add per parameter per model averaged
  /// Client sampling (sched/participation.hpp): devices per round as a count (0 = from the
  /// fraction) or a fraction of the fleet, chosen "uniform" or "by_samples".
  int clients_per_round = 0;
  double client_fraction = 1;
  std::string client_selection = "uniform";
  double optimizer_fixed_s_per_tensor = 0; ///< optimizer step: fixed seconds per parameter tensor
  double aggregation_bytes_per_s = 0; ///< > 0: averaging is memory traffic, model bytes x models / this
  double aggregation_fixed_s = 0;     ///< fixed seconds per aggregation
  double model_load_fixed_s = 0;      ///< a device loading a received model: fixed seconds ...
  double model_load_bytes_per_s = 0;  ///< ... + model bytes / this (0: no bytes term)
};

struct SplitSpec {
  int split_point = 0;   ///< P: split units on the device, 1 <= P <= L-1
  int micro_batches = 1; ///< N: micro-batches per mini-batch, 1 <= N <= B
  /// "split_point": "auto": P still holds its placeholder (1) until a selector picks it
  /// (resolve_auto.cpp clears the flag; Scenario::resolved keeps the record).
  bool auto_split_point = false;
  bool auto_micro_batches = false; ///< the same for "micro_batches" and N
  std::string selector = "aps";    ///< the selector of auto mode (select/registry.cpp)

  /// True while an "auto" value still holds its placeholder: no split graph may be built from it.
  bool unresolved() const { return auto_split_point || auto_micro_batches; }
};

/// Differential privacy as a cost on the devices (scenario section "privacy"; README).
struct PrivacySpec {
  bool dp_sgd = false;                 ///< DP-SGD: per-sample gradient clipping and noise on the device
  double backward_factor = 2;          ///< device backward work x this when dp_sgd (>= 1)
  bool activation_noise = false;       ///< noise on the smashed activations a device sends
  double noise_flops_per_element = 10; ///< flop per activation element when activation_noise
};

/// Availability and dropouts (scenario section "availability"; README "Availability and dropouts").
struct AvailabilitySpec {
  double dropout_probability = 0; ///< per participant per round: it leaves at a uniform point of its round
  double round_deadline_s = 0;    ///< > 0: a participant not done this long after the round started is dropped
  /// Online intervals [start_s, end_s) per listed device (sorted, disjoint); unlisted devices are
  /// always online.
  std::map<int, std::vector<std::pair<double, double>>> online;
  std::string trace_source;       ///< the CSV file, or "inline"
  bool active() const { return dropout_probability > 0 || round_deadline_s > 0 || !online.empty(); }
};

/// Costs of communication beyond bytes / bandwidth (scenario section "communication"; all default 0).
struct CommSpec {
  double header_bytes = 0;       ///< framing bytes added to every message
  double cpu_per_message_s = 0;  ///< CPU seconds per message, on the sender's and on the receiver's compute lane
  double cpu_per_byte_s = 0;     ///< CPU seconds per byte, likewise
  /// CPU seconds per byte spent on the sender's and on the receiver's host while the message is on
  /// the wire: a compute there runs slower meanwhile (eval/comm_costs.hpp, "the wire's CPU load").
  double wire_cpu_per_byte_s = 0;
  double wire_cpu_max_share = 1; ///< M: the share of a core the wire's CPU load approaches as it grows
  double wire_cpu_send_fraction = 1; ///< the sending end's per-byte load as a fraction of the receiving end's
  /// The same as a backward pass feels it (measured: hardly at all); absent, wire_cpu_send_fraction.
  double wire_cpu_send_fraction_backward = 1;
  /// Coefficient of variation of the wire's load as each compute task feels it (the load comes in
  /// bursts): each compute task's own lognormal factor of mean 1 on the load (0 = the mean for all).
  double wire_cpu_cv = 0;
  double handoff_s = 0;          ///< delay between a dependency on another lane ending and a compute task starting
  /// A message enters its link no earlier than send_delay_s + send_delay_per_byte_s x its bytes after
  /// the compute that produced it ends, or the message it passes on arrives (the sending thread's
  /// hand-off and serialisation; wall time).
  double send_delay_s = 0;
  double send_delay_per_byte_s = 0;
  /// Seconds a message of `bytes` waits before it may enter its link (the two fields above).
  double send_delay(double bytes) const { return send_delay_s + send_delay_per_byte_s * bytes; }
  /// > 0: TCP slow start on every link direction from this congestion window (eval/comm_costs.hpp).
  double tcp_initial_window_bytes = 0;
  double tcp_window_growth = 2; ///< the window's growth per round trip in slow start, [1.25, 2]
};

/// Compute variability (scenario section "variability"; sched/variability.hpp).
struct VariabilitySpec {
  double compute_cv = 0; ///< coefficient of variation of every compute task's duration (lognormal, mean 1)
};

/// The share of a core a wire load of `load` cores takes from a compute, with M = max_share
/// (communication.wire_cpu_max_share): load M / (M + load), below both.
inline double wire_cpu_share(double load, double max_share) {
  return load > 0 ? load * max_share / (max_share + load) : 0.0;
}

struct Scenario {
  std::string name;
  std::string file;           ///< where it was loaded from
  std::string profile_path;   ///< model profile file
  Profile profile;
  std::vector<DeviceSpec> devices;
  ServerSpec server;
  TrainingSpec training;
  SplitSpec split;
  PrivacySpec privacy;
  AvailabilitySpec availability;
  CommSpec comm;
  VariabilitySpec variability;
  std::vector<std::string> schedulers; ///< registry names to run
  std::uint64_t seed = 1;
  nlohmann::json resolved;    ///< the effective scenario (defaults filled in), echoed to outputs
};

/// The largest list index an override may name. Beyond a list's end, null entries pad it (in a
/// platform override null keeps the file's entry); a larger index is refused before anything grows.
constexpr std::size_t max_set_index = 10000;

/// Applies "key.path=value" overrides to a scenario JSON (value parsed as JSON, else taken as a
/// string; UTF-8 only). Walks the key one component at a time: objects by name (an absent value
/// becomes an object, or a list if the component is a number), lists by an index up to
/// max_set_index; a scalar is never turned into a container. Throws InputError naming "--set".
void apply_override(nlohmann::json& j, const std::string& assignment);

/// Validates and converts; throws InputError naming `file`, the JSON path and the expected range.
Scenario scenario_from_json(const nlohmann::json& j, const std::string& file);
Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

} // namespace pipar
