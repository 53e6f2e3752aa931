// pipar-sim models: the table of the model zoo's profiles, the pairs without one and why, and the
// measured profiles.
#include "cli/commands.hpp"
#include "model/models_dir.hpp"
#include "model/zoo.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

namespace pipar::cli {

void add_models_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>(default_models_dir());
  auto* cmd = app.add_subcommand("models", "List the model profiles: parameters, forward GFLOP per sample and split "
                                           "units of each; the architecture/dataset pairs without a profile and why; "
                                           "the measured profiles (<models-dir>/measured/).");
  cmd->add_option("--models-dir", *dir, "Models directory (default: " + *dir + ")")->check(CLI::ExistingDirectory);
  cmd->callback([dir] {
    std::cout << models_table(*dir);
    const auto archs = list_archs(*dir);
    const auto datasets = list_datasets();
    const auto absent = absent_pairs(*dir);
    std::cout << "\n" << archs.size() * datasets.size() - absent.size() << " of " << archs.size() * datasets.size()
              << " architecture/dataset pairs have a profile (" << archs.size() << " architectures x "
              << datasets.size() << " datasets)";
    if (absent.empty()) {
      std::cout << ".\n";
    } else {
      std::cout << "; without one:\n";
      for (const auto& a : absent)
        std::cout << "  " << a.arch << " on " << a.dataset << ": " << a.reason << "\n";
    }
    const std::string measured = *dir + "/measured";
    if (std::filesystem::is_directory(measured))
      std::cout << "\nmeasured profiles (" << measured << "/):\n" << measured_table(measured);
  });
}

} // namespace pipar::cli
