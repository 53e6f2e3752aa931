#include "sweep/runs_file.hpp"

#include "core/csv.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/text.hpp"
#include "output/writers.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>
#include <unistd.h>

namespace pipar::sweep {

std::string sweep_header(const std::vector<GridAxis>& axes, const std::string& runs_header) {
  std::string h = "point,";
  for (const auto& a : axes)
    h += csv_field("grid." + a.key) + ",";
  h += runs_header;
  if (h.empty() || h.back() != '\n')
    h += '\n';
  return h;
}

std::string row_prefix(const std::vector<GridAxis>& axes, const GridPoint& p) {
  std::string s = csv_field(point_id(axes, p)) + ",";
  for (const auto& v : p.values)
    s += csv_field(v) + ",";
  return s;
}

RunsFile read_runs_file(const std::string& path) {
  RunsFile f;
  if (!std::filesystem::exists(path))
    return f;
  f.exists = true;
  const std::string text = read_input_file(path);
  size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    if (nl == std::string::npos) {
      f.partial_tail = true;
      break;
    }
    std::string line = text.substr(start, nl + 1 - start);
    if (f.header.empty())
      f.header = std::move(line);
    else
      f.rows.push_back(std::move(line));
    start = nl + 1;
  }
  return f;
}

std::string row_id(const std::string& row) { return row.substr(0, row.find_first_of(",\n")); }

namespace {
/// The fields of a line without its line break; throws std::invalid_argument on bad quoting.
std::vector<std::string> fields_of(const std::string& line) {
  return csv_split(line.substr(0, line.find_last_not_of("\r\n") + 1));
}

bool finite_nonnegative(const std::string& s) {
  if (s.empty())
    return false;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  return *end == '\0' && std::isfinite(v) && v >= 0;
}
} // namespace

std::vector<DamagedRow> drop_damaged_rows(RunsFile& f) {
  std::vector<DamagedRow> out;
  if (f.header.empty())
    return out;
  std::vector<std::string> header;
  try {
    header = fields_of(f.header);
  } catch (const std::invalid_argument&) {
    return out; // the header is checked against the sweep's own before this is called
  }
  size_t makespan = header.size();
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == "makespan_s")
      makespan = i;
  std::vector<std::string> kept;
  for (size_t i = 0; i < f.rows.size(); ++i) {
    std::string why;
    try {
      const std::vector<std::string> fields = fields_of(f.rows[i]);
      if (fields.size() != header.size())
        why = std::to_string(fields.size()) + " fields, the header " + std::to_string(header.size());
      else if (fields[0].empty())
        why = "no point id";
      else if (makespan < fields.size() && !finite_nonnegative(fields[makespan]))
        why = "makespan_s \"" + echo(fields[makespan], 40) + "\" is not a finite number >= 0";
    } catch (const std::invalid_argument& e) {
      why = e.what();
    }
    if (why.empty())
      kept.push_back(std::move(f.rows[i]));
    else
      out.push_back({i + 2, row_id(f.rows[i]), why});
  }
  f.rows = std::move(kept);
  return out;
}

RowAppender::RowAppender(const std::string& path, const std::string& header) : path_(path) {
  if (!std::filesystem::exists(path))
    write_file_atomic(path, header);
  fd_ = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0)
    throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
}

RowAppender::~RowAppender() { close(); }

void RowAppender::close() {
  if (fd_ >= 0)
    ::close(fd_);
  fd_ = -1;
}

void RowAppender::append(const std::string& row) {
  ssize_t w;
  do {
    w = ::write(fd_, row.data(), row.size());
  } while (w < 0 && errno == EINTR);
  if (w != static_cast<ssize_t>(row.size()))
    throw std::runtime_error("cannot append a row to " + path_ + ": " +
                             (w < 0 ? std::strerror(errno) : "short write (disk full?)"));
}

std::string ordered_content(const RunsFile& f, const std::vector<std::string>& order) {
  std::unordered_map<std::string, size_t> row_of;
  for (size_t i = 0; i < f.rows.size(); ++i)
    row_of.emplace(row_id(f.rows[i]), i); // the first row of an id wins
  std::vector<bool> used(f.rows.size(), false);
  std::string out = f.header;
  for (const auto& id : order) {
    const auto it = row_of.find(id);
    if (it == row_of.end() || used[it->second])
      continue;
    used[it->second] = true;
    out += f.rows[it->second];
  }
  for (size_t i = 0; i < f.rows.size(); ++i)
    if (!used[i] && row_of.at(row_id(f.rows[i])) == i)
      out += f.rows[i];
  return out;
}

} // namespace pipar::sweep
