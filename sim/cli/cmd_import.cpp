// pipar-sim import-pipedream graph.txt: a PipeDream profile graph (a DAG) as a measured profile.
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/lookup.hpp"
#include "model/pipedream_import.hpp"
#include "model/zoo.hpp"
#include "platform/catalog.hpp"

#include <iostream>
#include <memory>

namespace pipar::cli {

namespace {
struct ImportArgs {
  std::string graph;
  std::string out;
  std::string classes = "platforms/device_classes.json";
  PipeDreamImport opt;
};

/// The measured class must be in the catalogue that `run` will read (found by the lookup rule from
/// the working directory), else the profile would fail only later, in `run`.
void check_device_class(const ImportArgs& a) {
  const auto dirs = with_default_dirs({});
  const std::filesystem::path file = find_input(a.classes, dirs);
  if (file.empty())
    throw InputError(a.classes, "", "cannot find the device classes (" + searched_text(dirs) + ")");
  const auto classes = load_device_classes(file.string());
  if (classes.count(a.opt.device_class))
    return;
  std::string names;
  for (const auto& kv : classes)
    names += (names.empty() ? "" : ", ") + kv.first;
  throw InputError("--device-class", "", "unknown device class \"" + a.opt.device_class + "\" in " +
                                           file.lexically_normal().string() + "; valid values are: " + names +
                                           " (add the class first, e.g. with pipar-sim calibrate --write-class)");
}
} // namespace

void add_import_command(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand(
      "import-pipedream",
      "Convert a PipeDream profile graph (graph.txt: per node forward/backward_compute_time in ms per minibatch, "
      "activation_size and parameter_size in bytes) into a measured profile: zero-cost side nodes are folded away, "
      "one split unit per node in a topological order, the tensors crossing each cut summed.");
  cmd->add_option("graph", args->graph, "PipeDream graph.txt")->required()->check(CLI::ExistingFile);
  cmd->add_option("--model", args->opt.model, "Model name written into the profile")->required();
  cmd->add_option("--dataset", args->opt.dataset, "Dataset (input shape and classes)")
      ->required()
      ->check(CLI::IsMember(list_datasets()));
  cmd->add_option("--batch", args->opt.batch_size,
                  "Minibatch size the graph was profiled with (default: the Input node's size / sample size)")
      ->check(CLI::Range(1, 1 << 24));
  cmd->add_option("--device-class", args->opt.device_class,
                  "Device class the graph was profiled on (must be in --device-classes)")
      ->required();
  cmd->add_option("--device-classes", args->classes, "The device-class catalogue (found by the lookup rule)")
      ->capture_default_str();
  cmd->add_option("--out,-o", args->out, "Output profile file")->required();
  cmd->callback([args] {
    check_device_class(*args);
    check_output_file("--out", args->out);
    const Profile p = import_pipedream_file(args->graph, args->opt);
    save_profile(p, args->out);
    std::cout << "wrote " << args->out << ": " << p.split_units() << " split units, minibatch "
              << p.measured_batch_size << ", device class " << p.measured_class << "\n";
  });
}

} // namespace pipar::cli
