#include "scenario/fields.hpp"

#include "model/zoo.hpp"
#include "sched/registry.hpp"
#include "select/registry.hpp"

#include <cmath>

namespace pipar {

namespace {

using json = nlohmann::json;

/// A bound as JSON: an integer when whole (the schema reads 0, not 0.0).
json bound(double v) {
  if (v == static_cast<double>(static_cast<long long>(v)) && std::abs(v) < 9007199254740992.0)
    return static_cast<long long>(v);
  return v;
}
json number(double lo, double hi, const char* unit, const char* what, bool lo_open = false) {
  json j = {{"type", "number"}, {"maximum", bound(hi)}, {"description", std::string(what) + " (" + unit + ")"}};
  j[lo_open ? "exclusiveMinimum" : "minimum"] = bound(lo);
  return j;
}
json integer(double lo, double hi, const char* unit, const char* what) {
  return {{"type", "integer"}, {"minimum", bound(lo)}, {"maximum", bound(hi)},
          {"description", std::string(what) + " (" + unit + ")"}};
}
json text(const char* what) { return {{"type", "string"}, {"description", what}}; }
json flag(const char* what) { return {{"type", "boolean"}, {"description", what}}; }
json ref(const char* def, const char* what) { return {{"$ref", std::string("#/$defs/") + def}, {"description", what}}; }
json with_default(json j, json d) {
  j["default"] = std::move(d);
  return j;
}
json pairs(const json& first, const json& second, const char* what) {
  return {{"type", "array"},
          {"minItems", 1},
          {"items", {{"type", "array"}, {"prefixItems", {first, second}}, {"minItems", 2}, {"maxItems", 2}}},
          {"description", what}};
}
json trace(const char* what, const json& value) {
  return {{"oneOf", {{{"type", "string"}}, pairs({{"type", "number"}, {"minimum", 0}, {"maximum", 1e9}}, value, "")}},
          {"description", what}};
}
json int_or_auto(double lo, const char* what) {
  return {{"oneOf", {{{"type", "integer"}, {"minimum", lo}}, {{"const", "auto"}}}}, {"description", what}};
}
json names(const std::vector<std::string>& v) { return json(v); }

std::vector<std::string> scheduler_list() {
  std::vector<std::string> v;
  for (const auto& e : scheduler_registry())
    v.emplace_back(e.name);
  v.emplace_back("all");
  return v;
}
std::vector<std::string> selector_list() {
  std::vector<std::string> v;
  for (const auto& e : select::selector_registry())
    v.emplace_back(e.name);
  return v;
}

std::vector<FieldDef> make_fields() {
  const json mbps_value = {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1e6}};
  const json fraction_value = {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}};
  std::vector<FieldDef> f = {
      {"", "name", text("names the output folder and the CSV rows (default: the file name)"), false},
      {"", "description", text("free text"), false},
      {"", "model", ref("model", "the DNN: a profile file, or an architecture and a dataset of the zoo"), false},
      {"", "devices",
       {{"allOf", json::parse(R"([{"$ref": "#/$defs/group"}, {"$ref": "#/$defs/complete_group"}])")},
        {"description", "one group of identical devices (or use \"platform\")"}},
       false},
      {"", "server",
       {{"allOf", json::parse(R"([{"$ref": "#/$defs/server"}, {"$ref": "#/$defs/complete_server"}])")},
        {"description", "the server (or use \"platform\")"}},
       false},
      {"", "platform",
       {{"oneOf", {{{"type", "string"}}, {{"$ref", "#/$defs/platform"}}}},
        {"description", "instead of devices and server: a platform file, or an object (README, Platforms)"}},
       false},
      {"", "training", ref("training", "batch size, epochs, aggregation, optimizer costs"), false},
      {"", "split", ref("split", "PiPar's split point P and micro-batch count N"), false},
      {"", "schedulers",
       with_default({{"oneOf", {{{"enum", names(scheduler_list())}},
                                {{"type", "array"}, {"minItems", 1}, {"maxItems", 64},
                                 {"items", {{"enum", names(scheduler_list())}}}}}},
                     {"description", "the schedulers to run"}},
                    json::array({"fl", "pipar"})),
       false},
      {"", "privacy", ref("privacy", "differential privacy as a cost on the devices"), false},
      {"", "availability", ref("availability", "dropouts, a round deadline, availability traces"), false},
      {"", "communication", ref("communication", "costs of communication beyond bytes / bandwidth"), false},
      {"", "variability", ref("variability", "compute durations that vary from task to task"), false},
      {"", "seed", with_default(integer(0, 9007199254740991.0, "-", "seed of every random choice"), 1), true},

      {"model", "profile", text("a profile file (models/*.json), found by the lookup rule"), false},
      {"model", "arch", text("an architecture of the zoo (pipar-sim models)"), false},
      {"model", "dataset", {{"enum", names(list_datasets())}, {"description", "a dataset of the zoo"}}, false},

      {"group", "name", text("the group's name (fleet groups; default g<index>)"), false},
      {"group", "count", integer(1, 1e6, "devices", "number of devices"), true},
      {"group", "device_class", text("a class of platforms/device_classes.json: speed, overhead, memory"), false},
      {"group", "speed_flops", number(0, 1e18, "flop/s", "effective training speed of a device", true), true},
      {"group", "compute_overhead_s", number(0, 1e3, "s", "fixed time per split unit per compute task"), true},
      {"group", "memory_bytes", number(0, 1e15, "bytes", "memory for training (0 = not limited)"), true},
      {"group", "network", text("a preset of platforms/networks.json: uplink, downlink, latency"), false},
      {"group", "uplink_mbps", number(0, 1e6, "Mbps", "device -> server bandwidth per device", true), true},
      {"group", "downlink_mbps", number(0, 1e6, "Mbps", "server -> device bandwidth per device", true), true},
      {"group", "latency_ms", number(0, 1e5, "ms", "one-way latency of each link"), true},
      {"group", "samples", with_default(integer(1, 1e9, "samples", "training samples per device"), 2500), true},
      {"group", "split_point", integer(1, 1e6, "split units", "this group's own P (<= L - 1)"), false},
      {"group", "micro_batches", integer(1, 1e6, "micro-batches", "this group's own N (<= batch_size)"), false},
      {"group", "uplink_trace", trace("bandwidth over time: a CSV file or [[t_s, Mbps], ...]", mbps_value), false},
      {"group", "downlink_trace", trace("bandwidth over time: a CSV file or [[t_s, Mbps], ...]", mbps_value), false},
      {"group", "speed_trace", trace("speed as a fraction of speed_flops over time", fraction_value), false},
      {"group", "trace_period_s", with_default(number(0, 1e9, "s", "> 0: the traces repeat with this period"), 0),
       true},
      {"group", "idle_w", number(0, 1e6, "W", "power of a device not computing (default: its class's)"), true},
      {"group", "busy_w", number(0, 1e6, "W", "power of a device computing (>= idle_w; default: its class's)"), false},
      {"group", "radio_idle_w", number(0, 1e6, "W", "radio power, connected and idle (default: the network's)"), true},
      {"group", "radio_tx_w", number(0, 1e6, "W", "radio power while sending (>= radio_idle_w)"), false},
      {"group", "radio_rx_w", number(0, 1e6, "W", "radio power while receiving (>= radio_idle_w)"), false},

      {"server", "cores", with_default(integer(1, 4096, "cores", "server cores"), 1), true},
      {"server", "speed_flops_per_core", number(0, 1e18, "flop/s", "speed of one server core", true), true},
      {"server", "device_class", text("a device class for the speed of one core"), false},
      {"server", "nic_mbps", number(0, 1e7, "Mbps", "a shared server NIC, each direction", true), true},
      {"server", "compute_overhead_s", number(0, 1e3, "s", "fixed time per split unit per server task"), true},
      {"server", "idle_w", number(0, 1e9, "W", "server power with no core computing"), true},
      {"server", "busy_w", number(0, 1e9, "W", "server power with every core computing (>= idle_w)"), false},
      {"server", "batch_efficiency",
       pairs({{"type", "number"}, {"minimum", 1}, {"maximum", 1e9}}, fraction_value,
             "[[samples, fraction of peak], ...] of a server task on m samples"),
       false},

      {"training", "batch_size", with_default(integer(1, 1e6, "samples", "B, samples per iteration per device"), 100),
       true},
      {"training", "epochs", with_default(integer(1, 1e5, "epochs", "epochs"), 1), true},
      {"training", "aggregate_every",
       with_default({{"oneOf", {integer(1, 1e9, "iterations", "iterations per round"), {{"const", "epoch"}}}},
                     {"description", "iterations per round (FedAvg aggregation), or \"epoch\""}},
                    "epoch"),
       false},
      {"training", "optimizer_flops_per_parameter",
       with_default(number(0, 1e6, "flop/parameter", "cost of an optimizer step per parameter"), 4), true},
      {"training", "aggregation_flops_per_parameter",
       with_default(number(0, 1e6, "flop/parameter", "server cost per parameter per model averaged"), 1), true},
      {"training", "optimizer_fixed_s_per_tensor",
       with_default(number(0, 1e3, "s", "optimizer step: fixed time per parameter tensor"), 0), true},
      {"training", "aggregation_bytes_per_s",
       with_default(number(0, 1e15, "bytes/s", "> 0: averaging costs model bytes x models / this"), 0), true},
      {"training", "aggregation_fixed_s", with_default(number(0, 1e6, "s", "fixed time per aggregation"), 0), true},
      {"training", "model_load_fixed_s",
       with_default(number(0, 1e6, "s", "a device loading a received model: fixed time"), 0), true},
      {"training", "model_load_bytes_per_s",
       with_default(number(0, 1e15, "bytes/s", "a device loading a received model: model bytes / this"), 0), true},
      {"training", "client_fraction",
       with_default(number(0, 1, "fraction of the devices", "devices taking part in each round", true), 1), true},
      {"training", "clients_per_round", integer(1, 1e6, "devices", "instead of the fraction: devices per round"),
       false},
      {"training", "client_selection",
       with_default({{"enum", {"uniform", "by_samples"}}, {"description", "how the round's devices are drawn"}},
                    "uniform"),
       false},

      {"split", "split_point", with_default(int_or_auto(1, "P: units 1..P run on the device (<= L - 1), or \"auto\""), 1),
       false},
      {"split", "micro_batches",
       with_default(int_or_auto(1, "N: micro-batches per batch (<= batch_size), or \"auto\""), 1), false},
      {"split", "selector",
       with_default({{"enum", names(selector_list())}, {"description", "the selector of auto mode"}}, "aps"), false},

      {"privacy", "dp_sgd", ref("dp_sgd", "DP-SGD on the devices"), false},
      {"privacy", "activation_noise", ref("activation_noise", "noise on the activations a device sends"), false},
      {"dp_sgd", "enabled", with_default(flag("DP-SGD on the devices"), false), false},
      {"dp_sgd", "backward_factor",
       with_default(number(1, 1e3, "x", "device backward work is multiplied by this"), 2), true},
      {"activation_noise", "enabled", with_default(flag("noise on the smashed activations"), false), false},
      {"activation_noise", "flops_per_element",
       with_default(number(0, 1e6, "flop/element", "device work per float32 activation element"), 10), true},

      {"availability", "dropout_probability",
       with_default(number(0, 0.999999, "probability", "a participant leaves during a round"), 0), true},
      {"availability", "round_deadline_s",
       number(0, 1e12, "s", "participants not done this long after their round started are dropped", true), true},
      {"availability", "trace",
       json::parse(R"({"oneOf": [{"type": "string"},
                                 {"type": "array", "items": {"type": "array", "minItems": 3, "maxItems": 3,
                                                             "items": {"type": "number"}}}],
                       "description": "online intervals: a CSV file or [[device, start_s, end_s], ...]"})"),
       false},

      {"communication", "header_bytes", with_default(number(0, 1e9, "bytes", "framing bytes added to every message"), 0),
       true},
      {"communication", "cpu_per_message_s",
       with_default(number(0, 1e3, "s", "CPU time of a micro-batch message, on the sender and the receiver"), 0), true},
      {"communication", "cpu_per_byte_s",
       with_default(number(0, 1, "s/byte", "CPU time per byte of a micro-batch message"), 0), true},
      {"communication", "wire_cpu_per_byte_s",
       with_default(number(0, 1, "s/byte",
                           "CPU time per byte of any message on the sender's and the receiver's host, spent while "
                           "it is on the wire (computing there slows down meanwhile)"),
                    0),
       true},
      {"communication", "wire_cpu_max_share",
       with_default(number(0, 1, "of a core",
                           "M: a compute gives up L M / (M + L) of its core to a wire load of L cores", true),
                    1),
       true},
      {"communication", "wire_cpu_send_fraction",
       with_default(number(0, 1, "of the receiver's",
                           "the sending end's share of the wire's CPU load, as a fraction of the receiving end's"),
                    1),
       true},
      {"communication", "wire_cpu_send_fraction_backward",
       number(0, 1, "of the receiver's",
              "the sending end's share of the wire's CPU load as a backward pass feels it (absent: "
              "wire_cpu_send_fraction)"),
       true},
      {"communication", "wire_cpu_cv",
       with_default(number(0, 10, "-",
                           "coefficient of variation of the wire's CPU load as each compute task feels it: the load "
                           "comes in bursts, each compute task's own lognormal factor of mean 1 on it, drawn from the "
                           "seed"),
                    0),
       true},
      {"communication", "handoff_s",
       with_default(number(0, 1e3, "s", "a compute task starts this long after a dependency on another lane"), 0), true},
      {"communication", "send_delay_s",
       with_default(number(0, 1e3, "s",
                           "a message enters its link no earlier than this (+ send_delay_per_byte_s x its bytes) "
                           "after the compute that produced it ends (or the message it passes on arrives): the "
                           "sending thread's hand-off and serialisation, wall time; hidden while the link still "
                           "carries earlier messages"),
                    0),
       true},
      {"communication", "send_delay_per_byte_s",
       with_default(number(0, 1, "s/byte", "the part of send_delay_s that grows with the message's bytes"), 0), true},
      {"communication", "tcp_initial_window_bytes",
       with_default(number(0, 1e9, "bytes",
                           "> 0: each link direction is one TCP connection whose congestion window starts at this "
                           "many bytes (Linux: 10 segments, 14480) and grows tcp_window_growth-fold every round trip "
                           "(2 x the device's latency) until it covers the bandwidth-delay product; 0: full rate "
                           "from the first byte"),
                    0),
       true},
      {"communication", "tcp_window_growth",
       with_default(number(1.25, 2, "per round trip",
                           "the congestion window's growth per round trip in slow start: 2 = a byte per byte "
                           "acknowledged (RFC 5681); delayed acknowledgements make it less (1 + 1/b at one "
                           "acknowledgement per b segments: 1.5 at b = 2, 1.25 at b = 4)"),
                    2),
       true},

      {"variability", "compute_cv",
       with_default(number(0, 10, "-",
                           "coefficient of variation of every compute task's duration: each is multiplied by its own "
                           "lognormal factor of mean 1, drawn from the seed"),
                    0),
       true},

      {"platform", "file", text("a platform file whose fields the others override"), false},
      {"platform", "description", text("free text"), false},
      {"platform", "device_classes", text("the device-class catalogue (default platforms/device_classes.json)"), false},
      {"platform", "networks", text("the network presets (default platforms/networks.json)"), false},
      {"platform", "server", ref("server", "the server"), false},
      {"platform", "fleet",
       {{"type", "array"}, {"minItems", 1}, {"maxItems", 10000},
        {"items", json::parse(R"({"anyOf": [{"type": "null"}, {"$ref": "#/$defs/group"}]})")},
        {"description", "the device groups (with \"file\": overrides of the file's groups, null keeps one)"}},
       false},
  };
  return f;
}

} // namespace

const std::vector<FieldDef>& scenario_fields() {
  static const std::vector<FieldDef> fields = make_fields();
  return fields;
}

std::vector<std::string> field_keys(const std::string& object) {
  std::vector<std::string> out;
  for (const auto& f : scenario_fields())
    if (f.object == object)
      out.push_back(f.key);
  return out;
}

nlohmann::json scenario_schema() {
  json defs = json::object();
  json root;
  for (const auto& f : scenario_fields()) {
    json& obj = f.object.empty() ? root : defs[f.object];
    if (!obj.contains("type")) {
      obj["type"] = "object";
      obj["additionalProperties"] = false;
      obj["properties"] = json::object();
    }
    obj["properties"][f.key] = f.schema;
  }
  // What the readers require, beyond the types.
  defs["model"]["oneOf"] = json::parse(R"([{"required": ["profile"]}, {"required": ["arch", "dataset"]}])");
  // A complete group (the flat "devices", a fleet without "file"); a platform with "file" holds overrides.
  defs["complete_group"] = json::parse(R"({"required": ["count"],
      "allOf": [{"anyOf": [{"required": ["device_class"]}, {"required": ["speed_flops"]}]},
                {"anyOf": [{"required": ["network"]}, {"required": ["uplink_mbps", "downlink_mbps"]}]}]})");
  defs["complete_server"] =
      json::parse(R"({"anyOf": [{"required": ["device_class"]}, {"required": ["speed_flops_per_core"]}]})");
  defs["platform"]["anyOf"] = json::parse(R"([{"required": ["file"]},
      {"required": ["server", "fleet"], "properties": {"server": {"$ref": "#/$defs/complete_server"},
                                                      "fleet": {"items": {"$ref": "#/$defs/complete_group"}}}}])");

  root["required"] = {"model"};
  root["oneOf"] = json::parse(R"([{"required": ["platform"], "not": {"anyOf": [{"required": ["devices"]},
                                                                                {"required": ["server"]}]}},
                                  {"required": ["devices", "server"], "not": {"required": ["platform"]}}])");
  root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  root["$id"] = "https://github.com/pipar-sim/pipar-sim/scenarios/schema.json";
  root["title"] = "pipar-sim scenario";
  root["description"] = "Generated by `pipar-sim check --schema` from sim/scenario/fields.cpp; do not edit.";
  root["properties"]["$schema"] = {{"type", "string"}, {"description", "this schema, for editors (ignored by pipar-sim)"}};
  root["$defs"] = defs;
  return root;
}

} // namespace pipar
