// pipar-sim profile --arch A --dataset D: the analytic profile of an architecture on a dataset.
#include "cli/commands.hpp"
#include "core/files.hpp"
#include "core/error.hpp"
#include "model/models_dir.hpp"
#include "model/zoo.hpp"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

namespace pipar::cli {

namespace {

struct ProfileArgs {
  std::string arch;
  std::string dataset;
  std::string out;
  std::string models_dir;
};

/// The architectures in `dir`, or none when it cannot be read (the command then reports the error).
std::vector<std::string> archs_in(const std::string& dir) {
  try {
    return list_archs(dir);
  } catch (const InputError&) {
    return {};
  }
}

} // namespace

void add_profile_command(CLI::App& app) {
  auto args = std::make_shared<ProfileArgs>();
  args->models_dir = default_models_dir();
  auto archs = std::make_shared<std::vector<std::string>>(archs_in(args->models_dir));
  auto* cmd = app.add_subcommand("profile", "Compute the analytic profile of an architecture on a dataset: per split "
                                            "unit and per sample, forward and backward flop, output bytes, "
                                            "parameters (models/README.md). Prints it, or writes it with --out.");
  // Declared before --arch: CLI11 processes options in declaration order, so --arch is checked
  // against the architectures of the directory given here.
  cmd->add_option("--models-dir", args->models_dir, "Models directory holding arch/ (default: " + args->models_dir + ")")
      ->check(CLI::ExistingDirectory)
      ->each([archs](const std::string& dir) { *archs = archs_in(dir); });
  cmd->add_option("--arch", args->arch, "Architecture (models/arch/<name>.json)")->required()->check(CLI::IsMember(archs));
  cmd->add_option("--dataset", args->dataset, "Dataset (input shape and classes)")
      ->required()
      ->check(CLI::IsMember(list_datasets()));
  cmd->add_option("--out,-o", args->out, "Write the profile to this file instead of printing it");
  cmd->callback([args] {
    if (!args->out.empty())
      check_output_file("--out", args->out);
    const Profile p = make_profile(args->arch, args->dataset, args->models_dir);
    if (args->out.empty())
      std::cout << profile_to_json(p).dump(2) << "\n";
    else
      save_profile(p, args->out);
  });
}

} // namespace pipar::cli
