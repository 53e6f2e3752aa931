#include "sweep/merge.hpp"

#include "core/error.hpp"
#include "sweep/runs_file.hpp"

#include <filesystem>

namespace pipar::sweep {

std::string merge_runs(const std::vector<std::string>& inputs) {
  if (inputs.empty())
    throw InputError("merge", "", "no input given");
  std::string first_file, header, rows;
  for (const auto& in : inputs) {
    const std::string file =
        std::filesystem::is_directory(in) ? (std::filesystem::path(in) / "runs.csv").string() : in;
    const RunsFile f = read_runs_file(file);
    if (!f.exists)
      throw InputError(file, "", "cannot read (expected a runs.csv, or a folder holding one)");
    if (f.header.empty())
      throw InputError(file, "", "empty file, expected a CSV header");
    if (f.partial_tail)
      throw InputError(file, "", "the last row is incomplete (no line break)");
    if (first_file.empty()) {
      first_file = file;
      header = f.header;
    } else if (f.header != header) {
      throw InputError(file, "", "header differs from " + first_file + "'s:\n  " + f.header.substr(0, f.header.size() - 1) +
                                     "\nvs\n  " + header.substr(0, header.size() - 1));
    }
    for (const auto& r : f.rows)
      rows += r;
  }
  return header + rows;
}

} // namespace pipar::sweep
