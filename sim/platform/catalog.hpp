// The named building blocks of a platform: device classes (platforms/device_classes.json) and
// network presets (platforms/networks.json). Each entry carries the source of its figures.
//
// device_classes.json: {"description": "...", "classes": {"<name>": {"speed_flops": number,
//   "compute_overhead_s": number (default 0), "elementwise_flops": number (default 0: speed_flops),
//   "memory_bytes": number, "source": "text",
//   "measured": bool, "idle_w": number, "busy_w": number, "power_source": "text"}}}  (the schema
//   `pipar-sim calibrate` writes; the power figures are optional, 0 W when absent)
// networks.json: {"description": "...", "networks": {"<name>": {"uplink_mbps": number,
//   "downlink_mbps": number, "latency_ms": number, "source": "text", "radio_idle_w": number,
//   "radio_tx_w": number, "radio_rx_w": number, "power_source": "text"}}}  (radio power optional)
#pragma once
#include <map>
#include <string>

namespace pipar {

struct DeviceClass {
  double speed_flops = 0;        ///< effective training flop/s
  double compute_overhead_s = 0; ///< per split unit per compute task
  /// flop/s of the element-wise flop (normalisation, activations, pooling, biases: what is not a
  /// multiply-add, SplitUnit::forward_macs); 0: speed_flops, one rate for all flop.
  double elementwise_flops = 0;
  double memory_bytes = 0;
  std::string source;
  bool measured = false;
  double idle_w = 0, busy_w = 0; ///< whole-device power with nothing to compute / computing (W)
  std::string power_source;
};

struct NetworkPreset {
  double uplink_bps = 0, downlink_bps = 0; ///< bytes/s
  double latency_s = 0;                    ///< one way
  std::string source;
  double radio_idle_w = 0, radio_tx_w = 0, radio_rx_w = 0; ///< radio power: connected idle, sending, receiving (W)
  std::string power_source;
};

std::map<std::string, DeviceClass> load_device_classes(const std::string& path);
std::map<std::string, NetworkPreset> load_networks(const std::string& path);

} // namespace pipar
