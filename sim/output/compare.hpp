// `pipar-sim compare A B`: two runs.csv files (of run, sweep or merge) side by side. Rows are
// matched by their `point` column when both files have one (sweeps), else by scheduler when each
// file has each scheduler once (two runs, whatever their scenarios' names), else by scenario and
// scheduler; for each matched pair, every numeric column with A's value, B's, B - A and B / A.
#pragma once
#include <string>
#include <vector>

namespace pipar {

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// Parses CSV text (RFC 4180 quoting). Throws InputError naming `file` and the line for a row
/// whose width differs from the header's.
CsvTable parse_csv(const std::string& text, const std::string& file);

/// A runs.csv, or a folder holding one. Throws InputError if it cannot be read.
CsvTable read_runs_table(const std::string& file_or_dir);

struct MetricDiff {
  std::string column;
  double a = 0, b = 0;
};

struct RowPair {
  std::string key; ///< the point id, the scheduler, or "scenario/scheduler"
  std::vector<MetricDiff> metrics;
};

struct Comparison {
  std::vector<RowPair> pairs;           ///< in A's row order
  std::vector<std::string> only_a, only_b; ///< keys without a partner
};

Comparison compare_tables(const CsvTable& a, const CsvTable& b);

/// The side-by-side text: one block per matched row.
std::string comparison_text(const Comparison& c, const std::string& name_a, const std::string& name_b);

} // namespace pipar
