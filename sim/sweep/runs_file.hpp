// The sweep's DIR/runs.csv: a header, then one row per finished run, appended as each run ends.
// Every row goes out in one write() on an O_APPEND descriptor, so a killed sweep leaves whole rows
// only; the header is written (atomically) when the file is created. The first column, `point`, is
// the run's grid point id (grid.hpp), which --resume uses to skip runs already done.
#pragma once
#include "sweep/grid.hpp"

#include <string>
#include <vector>

namespace pipar::sweep {

/// `point,grid.<key>...,` followed by the columns of `runs_header` (runs_csv_header(), any length).
std::string sweep_header(const std::vector<GridAxis>& axes, const std::string& runs_header);

/// The leading part of a row: `id,value...,` (the runs_csv_row() text follows it).
std::string row_prefix(const std::vector<GridAxis>& axes, const GridPoint& p);

struct RunsFile {
  bool exists = false;
  std::string header;            ///< with its '\n'
  std::vector<std::string> rows; ///< complete rows, each with its '\n'
  bool partial_tail = false;     ///< the file ended in a row without '\n' (dropped from rows)
};

/// Reads a CSV written by a sweep (or by `run`). A missing file gives exists = false.
RunsFile read_runs_file(const std::string& path);

/// The first field of a row (its point id for a sweep's runs.csv).
std::string row_id(const std::string& row);

/// A row of `f` that is not a finished run, removed by drop_damaged_rows().
struct DamagedRow {
  size_t line = 0; ///< 1-based line in the file (the header is line 1)
  std::string id;  ///< its first field, as row_id() reads it
  std::string why; ///< e.g. "2 fields, the header 39"
};

/// Removes the rows that no finished run writes: a field count other than the header's (or a
/// quote left open), an empty point id, or a makespan_s that is not a finite number >= 0. What
/// --resume must run again rather than keep (a kept one would leave an invalid CSV behind).
std::vector<DamagedRow> drop_damaged_rows(RunsFile& f);

/// Appends whole rows to a runs.csv; creates it with `header` if it does not exist.
class RowAppender {
public:
  RowAppender(const std::string& path, const std::string& header);
  ~RowAppender();
  RowAppender(const RowAppender&) = delete;
  RowAppender& operator=(const RowAppender&) = delete;
  /// One write() of the whole row (O_APPEND); throws if the system writes less.
  void append(const std::string& row);
  void close();

private:
  std::string path_;
  int fd_ = -1;
};

/// The file's rows reordered: first those whose id is in `order` (in that order), then every other
/// row in its current order. Used once a sweep has finished, so the file does not depend on which
/// job finished first.
std::string ordered_content(const RunsFile& f, const std::vector<std::string>& order);

} // namespace pipar::sweep
