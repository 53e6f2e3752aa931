#include "output/compare.hpp"

#include "core/error.hpp"
#include "core/files.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

namespace pipar {

namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

bool as_number(const std::string& s, double& v) {
  if (s.empty())
    return false;
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return *end == '\0' && std::isfinite(v);
}

int column(const CsvTable& t, const std::string& name) {
  for (size_t i = 0; i < t.header.size(); ++i)
    if (t.header[i] == name)
      return static_cast<int>(i);
  return -1;
}

enum class KeyKind { point, scheduler, scenario_scheduler };

/// Each scheduler once per file (two `run`s): rows pair by scheduler, whatever the scenarios' names.
bool schedulers_unique(const CsvTable& t) {
  const int sh = column(t, "scheduler");
  std::map<std::string, int> seen;
  for (const auto& r : t.rows)
    if (++seen[r[static_cast<size_t>(sh)]] > 1)
      return false;
  return true;
}

std::string key_of(const CsvTable& t, const std::vector<std::string>& row, KeyKind kind) {
  if (kind == KeyKind::point)
    return row[static_cast<size_t>(column(t, "point"))];
  const int sc = column(t, "scenario"), sh = column(t, "scheduler");
  if (kind == KeyKind::scheduler)
    return row[static_cast<size_t>(sh)];
  return (sc >= 0 ? row[static_cast<size_t>(sc)] : std::string("?")) + "/" +
         (sh >= 0 ? row[static_cast<size_t>(sh)] : std::string("?"));
}

std::string fmt(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

/// A difference or ratio that a double cannot hold (near +-1e308, or 1e300 / 1e-300), from the
/// long double it was computed in (x86-64 and AArch64: up to 1e4932, so two finite doubles'
/// difference and ratio fit); where long double is only a double, "overflow".
std::string fmt_wide(long double v) {
  if (!std::isfinite(v))
    return "overflow";
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6Lg", v);
  return buf;
}

std::string difference(double a, double b) {
  const double d = b - a;
  return std::isfinite(d) ? fmt(d) : fmt_wide(static_cast<long double>(b) - a);
}

/// B / A; "n/a" when A is 0 and B is not (no ratio), 1 when both are.
std::string ratio(double a, double b) {
  if (a == 0)
    return b == 0 ? "1" : "n/a";
  const double r = b / a;
  return std::isfinite(r) && (r != 0 || b == 0) ? fmt(r) : fmt_wide(static_cast<long double>(b) / a);
}

} // namespace

CsvTable parse_csv(const std::string& text, const std::string& file) {
  CsvTable t;
  t.file = file;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line == "\r")
      continue;
    auto fields = split_csv_line(line);
    if (t.header.empty()) {
      t.header = std::move(fields);
      continue;
    }
    if (fields.size() != t.header.size())
      throw InputError(file, "", "line " + std::to_string(n) + " has " + std::to_string(fields.size()) +
                                     " fields, the header " + std::to_string(t.header.size()));
    t.rows.push_back(std::move(fields));
  }
  if (t.header.empty())
    throw InputError(file, "", "empty file, expected a CSV header");
  return t;
}

CsvTable read_runs_table(const std::string& file_or_dir) {
  const std::string file = std::filesystem::is_directory(file_or_dir)
                               ? (std::filesystem::path(file_or_dir) / "runs.csv").string()
                               : file_or_dir;
  if (!std::filesystem::exists(file))
    throw InputError(file, "", "cannot read (expected a runs.csv, or a result folder holding one)");
  // A regular file of at most 64 MiB, as every reader takes (not /dev/zero, a FIFO or stdin).
  CsvTable t = parse_csv(read_input_file(file), file);
  if (column(t, "scheduler") < 0 || column(t, "makespan_s") < 0)
    throw InputError(file, "", "no scheduler or makespan_s column: not a runs.csv of pipar-sim");
  return t;
}

Comparison compare_tables(const CsvTable& a, const CsvTable& b) {
  const KeyKind by_point = column(a, "point") >= 0 && column(b, "point") >= 0 ? KeyKind::point
                           : schedulers_unique(a) && schedulers_unique(b)     ? KeyKind::scheduler
                                                                              : KeyKind::scenario_scheduler;
  // Rows pair by key: a key twice in one file cannot be paired (the first would be taken silently).
  std::map<std::string, size_t> b_rows;
  for (const CsvTable* t : {&a, &b}) {
    std::map<std::string, size_t> seen;
    for (size_t i = 0; i < t->rows.size(); ++i) {
      const std::string key = key_of(*t, t->rows[i], by_point);
      const auto [at, fresh] = seen.emplace(key, i);
      if (!fresh)
        throw InputError(t->file, "", "data rows " + std::to_string(at->second + 1) + " and " + std::to_string(i + 1) +
                                          " are both \"" + key + "\": rows cannot be paired");
    }
    if (t == &b)
      b_rows = std::move(seen);
  }
  Comparison c;
  std::map<std::string, bool> matched;
  for (const auto& ra : a.rows) {
    const std::string key = key_of(a, ra, by_point);
    const auto it = b_rows.find(key);
    if (it == b_rows.end() || matched.count(key)) {
      c.only_a.push_back(key);
      continue;
    }
    matched[key] = true;
    const auto& rb = b.rows[it->second];
    RowPair pair{key, {}};
    for (size_t ca = 0; ca < a.header.size(); ++ca) {
      const int cb = column(b, a.header[ca]);
      if (cb < 0)
        continue;
      const std::string& sa = ra[ca];
      const std::string& sb = rb[static_cast<size_t>(cb)];
      double va = 0, vb = 0;
      const bool na = as_number(sa, va), nb = as_number(sb, vb);
      if (na && nb) {
        pair.metrics.push_back({a.header[ca], va, vb});
      } else if ((na && !sb.empty()) || (nb && !sa.empty())) { // a number against text, nan or 1e400
        const bool bad_b = na;
        throw InputError(bad_b ? b.file : a.file, "",
                         "row \"" + key + "\", column " + a.header[ca] + ": \"" + (bad_b ? sb : sa).substr(0, 80) +
                             "\" is not a finite number (the other file has " + (bad_b ? sa : sb).substr(0, 80) + ")");
      } // text in both (names) or empty in either (not measured): not compared
    }
    c.pairs.push_back(std::move(pair));
  }
  for (size_t i = 0; i < b.rows.size(); ++i) {
    const std::string key = key_of(b, b.rows[i], by_point);
    if (!matched.count(key))
      c.only_b.push_back(key);
  }
  return c;
}

std::string comparison_text(const Comparison& c, const std::string& name_a, const std::string& name_b) {
  std::ostringstream os;
  os << "A: " << name_a << "\nB: " << name_b << '\n';
  char buf[256];
  for (const auto& p : c.pairs) {
    os << "\n== " << p.key << '\n';
    std::snprintf(buf, sizeof buf, "%-28s %14s %14s %14s %9s\n", "column", "A", "B", "B - A", "B / A");
    os << buf;
    for (const auto& m : p.metrics) {
      std::snprintf(buf, sizeof buf, "%-28s %14s %14s %14s %9s%s\n", m.column.c_str(), fmt(m.a).c_str(),
                    fmt(m.b).c_str(), difference(m.a, m.b).c_str(), ratio(m.a, m.b).c_str(), m.a != m.b ? "  *" : "");
      os << buf;
    }
  }
  for (const auto& k : c.only_a)
    os << "only in A: " << k << '\n';
  for (const auto& k : c.only_b)
    os << "only in B: " << k << '\n';
  return os.str();
}

} // namespace pipar
