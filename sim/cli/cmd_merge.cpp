// pipar-sim merge DIR... --out FILE: concatenates runs.csv files whose headers agree.
#include "cli/commands.hpp"
#include "core/files.hpp"
#include "output/writers.hpp"
#include "sweep/merge.hpp"

#include <iostream>
#include <memory>

namespace pipar::cli {

namespace {

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string out;
};

void merge(const MergeArgs& a) {
  check_output_file("--out", a.out);
  const std::string content = sweep::merge_runs(a.inputs);
  write_file_atomic(a.out, content);
  size_t lines = 0;
  for (char c : content)
    lines += c == '\n';
  std::cerr << "merge: wrote " << a.out << " (" << (lines ? lines - 1 : 0) << " rows from " << a.inputs.size()
            << " files)\n";
}

} // namespace

void add_merge_command(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  auto* cmd = app.add_subcommand("merge", "Concatenate runs.csv files (or folders holding one) into one file; "
                                          "their headers must agree.");
  cmd->add_option("inputs", args->inputs, "runs.csv files, or folders holding runs.csv, in the order wanted")
      ->required()
      ->check(CLI::ExistingPath);
  cmd->add_option("--out,-o", args->out, "Merged CSV file")->required();
  cmd->callback([args] { merge(*args); });
}

} // namespace pipar::cli
