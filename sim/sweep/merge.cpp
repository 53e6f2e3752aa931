#include "sweep/merge.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "sweep/runs_file.hpp"

#include <filesystem>
#include <stdexcept>
#include <unordered_map>

namespace pipar::sweep {

namespace {
/// Fields of one CSV line (core/csv.hpp's quote-aware splitter); a malformed line names its place.
size_t csv_fields(const std::string& line, const std::string& file, const std::string& where) {
  try {
    return csv_split(line.substr(0, line.find_last_not_of("\r\n") + 1)).size();
  } catch (const std::invalid_argument& e) {
    throw InputError(file, "", where + ": " + e.what());
  }
}
/// A line as merge writes it: "\r\n" (a file saved on Windows) as "\n".
std::string unix_line(std::string line) {
  if (line.size() >= 2 && line[line.size() - 2] == '\r' && line.back() == '\n')
    line.erase(line.size() - 2, 1);
  return line;
}

/// A header without a UTF-8 byte-order mark (a spreadsheet's export) and with "\n".
std::string plain_header(const std::string& h) { return unix_line(without_bom(h)); }
} // namespace

std::string merge_runs(const std::vector<std::string>& inputs) {
  if (inputs.empty())
    throw InputError("merge", "", "no input given");
  std::string first_file, header, rows;
  bool keyed = false;
  std::unordered_map<std::string, std::string> seen; // row key -> "file line N"
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
    const std::string this_header = plain_header(f.header);
    if (first_file.empty()) {
      first_file = file;
      header = this_header;
      keyed = header.rfind("point,", 0) == 0;
    } else if (this_header != header) {
      throw InputError(file, "", "header differs from " + first_file + "'s:\n  " + this_header.substr(0, this_header.size() - 1) +
                                     "\nvs\n  " + header.substr(0, header.size() - 1));
    }
    const size_t width = csv_fields(header, file, "line 1");
    for (size_t i = 0; i < f.rows.size(); ++i) {
      const std::string r = unix_line(f.rows[i]);
      const std::string where = "line " + std::to_string(i + 2);
      if (const size_t w = csv_fields(r, file, where); w != width)
        throw InputError(file, "", where + " has " + std::to_string(w) + " fields, the header " +
                                       std::to_string(width) + " (a row of another version or a damaged file)");
      // A sweep's rows are keyed by their point; other files by the whole row.
      const std::string key = keyed ? row_id(r) : r;
      const auto [it, fresh] = seen.emplace(key, file + " " + where);
      if (!fresh)
        throw InputError(file, "", where + " repeats " + (keyed ? "point " + key : std::string("a row")) + " of " +
                                       it->second + " (merge each job's folder once)");
      rows += r;
    }
  }
  return header + rows;
}

} // namespace pipar::sweep
