#include "sweep/merge.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "sweep/runs_file.hpp"

#include <filesystem>
#include <stdexcept>

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
    // Every row as wide as the header (quote-aware: core/csv.hpp).
    const auto width = [&](const std::string& line, size_t row) {
      try {
        return csv_split(line.substr(0, line.find_last_not_of("\r\n") + 1)).size();
      } catch (const std::invalid_argument& e) {
        throw InputError(file, "", "line " + std::to_string(row + 1) + ": " + e.what());
      }
    };
    const size_t columns = width(f.header, 0);
    for (size_t i = 0; i < f.rows.size(); ++i) {
      if (const size_t w = width(f.rows[i], i + 1); w != columns)
        throw InputError(file, "", "line " + std::to_string(i + 2) + " has " + std::to_string(w) +
                                       " fields, the header " + std::to_string(columns));
      rows += f.rows[i];
    }
  }
  return header + rows;
}

} // namespace pipar::sweep
