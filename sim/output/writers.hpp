// Result files: DIR/summary.json (scenario echo + every metric with its unit), DIR/runs.csv (one
// row per run, units in the header), DIR/resources.csv (one row per resource and run), DIR/rounds.csv
// (one row per round and run).
// Files are written to a temporary name and renamed, so a reader never sees half a file.
#pragma once
#include "core/files.hpp"
#include "replay/replay.hpp"
#include "run/run.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace pipar {

void write_summary_json(const std::string& dir, const Scenario& s, const ReplayOptions& opt,
                        const std::vector<RunResult>& runs);
std::string runs_csv_header();
std::string runs_csv_row(const Scenario& s, const RunResult& r);
void write_runs_csv(const std::string& dir, const Scenario& s, const std::vector<RunResult>& runs);
void write_resources_csv(const std::string& dir, const Scenario& s, const std::vector<RunResult>& runs);
/// DIR/rounds.csv: one row per round and run (start, end, duration in seconds).
void write_rounds_csv(const std::string& dir, const Scenario& s, const std::vector<RunResult>& runs);
/// The human table: one row per scheduler, with speedup and idle reduction against FL if FL ran.
void print_table(std::ostream& os, const Scenario& s, const std::vector<RunResult>& runs);

} // namespace pipar
