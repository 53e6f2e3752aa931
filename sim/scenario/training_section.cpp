// "training": batch size, epochs, aggregation frequency, optimizer and averaging costs.
#include "scenario/sections.hpp"

namespace pipar::sections {

void read_training(const JsonReader& r, Scenario& s) {
  r.allow_only("/training", {"batch_size", "epochs", "aggregate_every", "optimizer_flops_per_parameter",
                             "aggregation_flops_per_parameter", "client_fraction", "clients_per_round",
                             "client_selection", "optimizer_fixed_s_per_tensor", "aggregation_bytes_per_s",
                             "aggregation_fixed_s", "model_load_fixed_s", "model_load_bytes_per_s"});
  auto& t = s.training;
  t.batch_size = static_cast<int>(r.integer_or("/training/batch_size", {1, 1e6, "samples"}, 100));
  t.epochs = static_cast<int>(r.integer_or("/training/epochs", {1, 1e5, "epochs"}, 1));
  if (r.has("/training/aggregate_every") && r.at("/training/aggregate_every").is_string()) {
    r.choice("/training/aggregate_every", {"epoch"}, "epoch");
    t.aggregate_every = 0;
  } else {
    t.aggregate_every = static_cast<int>(r.integer_or("/training/aggregate_every", {1, 1e9, "iterations"}, 0));
  }
  t.optimizer_flops_per_parameter =
      r.number_or("/training/optimizer_flops_per_parameter", {0, 1e6, "flop/parameter"}, 4);
  t.aggregation_flops_per_parameter =
      r.number_or("/training/aggregation_flops_per_parameter", {0, 1e6, "flop/parameter"}, 1);
  // Fields added later enter the resolved scenario only when given (outputs of older scenarios keep their bytes).
  nlohmann::json extra = nlohmann::json::object();
  const auto optional = [&](const char* key, double& field, const Range& range) {
    const std::string ptr = std::string("/training/") + key;
    if (!r.has(ptr))
      return;
    field = r.number(ptr, range);
    extra[key] = field;
  };
  optional("optimizer_fixed_s_per_tensor", t.optimizer_fixed_s_per_tensor, {0, 1e3, "s"});
  optional("aggregation_bytes_per_s", t.aggregation_bytes_per_s, {0, 1e15, "bytes/s"});
  optional("aggregation_fixed_s", t.aggregation_fixed_s, {0, 1e6, "s"});
  optional("model_load_fixed_s", t.model_load_fixed_s, {0, 1e6, "s"});
  optional("model_load_bytes_per_s", t.model_load_bytes_per_s, {0, 1e15, "bytes/s"});
  s.resolved["training"] = {
      {"batch_size", t.batch_size},
      {"epochs", t.epochs},
      {"aggregate_every", t.aggregate_every == 0 ? nlohmann::json("epoch") : nlohmann::json(t.aggregate_every)},
      {"optimizer_flops_per_parameter", t.optimizer_flops_per_parameter},
      {"aggregation_flops_per_parameter", t.aggregation_flops_per_parameter}};
  s.resolved["training"].update(extra);
  // Client sampling (echoed only when set, so that runs without it keep their summary unchanged).
  if (r.has("/training/client_fraction") && r.has("/training/clients_per_round"))
    r.fail("/training/clients_per_round", "give either clients_per_round or client_fraction, not both");
  t.client_fraction = r.number_or("/training/client_fraction", {0, 1, "(fraction of the devices)", true}, 1);
  t.clients_per_round = static_cast<int>(r.integer_or(
      "/training/clients_per_round", {1, double(s.devices.size()), "devices (<= the fleet)", false, true}, 0));
  t.client_selection = r.choice("/training/client_selection", {"uniform", "by_samples"}, "uniform");
  if (r.has("/training/client_fraction") || r.has("/training/clients_per_round") ||
      r.has("/training/client_selection")) {
    auto& res = s.resolved["training"];
    if (t.clients_per_round > 0)
      res["clients_per_round"] = t.clients_per_round;
    else
      res["client_fraction"] = t.client_fraction;
    res["client_selection"] = t.client_selection;
  }
}

} // namespace pipar::sections
