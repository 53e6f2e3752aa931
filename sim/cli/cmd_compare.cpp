// pipar-sim compare A B: two result folders (or runs.csv files) side by side (output/compare.hpp).
#include "cli/commands.hpp"
#include "output/compare.hpp"

#include <iostream>
#include <memory>

namespace pipar::cli {

void add_compare_command(CLI::App& app) {
  auto args = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand(
      "compare", "Print two results side by side: for each run (matched by point, else scenario and scheduler) "
                 "every numeric column of runs.csv in A and B, B - A and B / A ('*' marks a difference).");
  cmd->add_option("results", *args, "Two result folders (holding runs.csv) or runs.csv files: A then B")
      ->required()
      ->expected(2)
      ->check(CLI::ExistingPath);
  cmd->callback([args] {
    const CsvTable a = read_runs_table((*args)[0]);
    const CsvTable b = read_runs_table((*args)[1]);
    std::cout << comparison_text(compare_tables(a, b), a.file, b.file);
  });
}

} // namespace pipar::cli
