// pipar-sim import-pipedream graph.txt: a PipeDream profile graph (linear chain) as a measured profile.
#include "cli/commands.hpp"
#include "core/files.hpp"
#include "model/pipedream_import.hpp"
#include "model/zoo.hpp"

#include <iostream>
#include <memory>

namespace pipar::cli {

namespace {
struct ImportArgs {
  std::string graph;
  std::string out;
  PipeDreamImport opt;
};
} // namespace

void add_import_command(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand(
      "import-pipedream",
      "Convert a PipeDream profile graph (graph.txt: per node forward/backward_compute_time in ms per minibatch, "
      "activation_size and parameter_size in bytes) into a measured profile; the graph must be a linear chain.");
  cmd->add_option("graph", args->graph, "PipeDream graph.txt")->required()->check(CLI::ExistingFile);
  cmd->add_option("--model", args->opt.model, "Model name written into the profile")->required();
  cmd->add_option("--dataset", args->opt.dataset, "Dataset (input shape and classes)")
      ->required()
      ->check(CLI::IsMember(list_datasets()));
  cmd->add_option("--batch", args->opt.batch_size,
                  "Minibatch size the graph was profiled with (default: the Input node's size / sample size)")
      ->check(CLI::Range(1, 1 << 24));
  cmd->add_option("--device-class", args->opt.device_class, "Device class the graph was profiled on")->required();
  cmd->add_option("--out,-o", args->out, "Output profile file")->required();
  cmd->callback([args] {
    check_output_file("--out", args->out);
    const Profile p = import_pipedream_file(args->graph, args->opt);
    save_profile(p, args->out);
    std::cout << "wrote " << args->out << ": " << p.split_units() << " split units, minibatch "
              << p.measured_batch_size << ", device class " << p.measured_class << "\n";
  });
}

} // namespace pipar::cli
