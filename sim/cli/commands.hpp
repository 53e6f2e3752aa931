// Each subcommand lives in its own cmd_*.cpp and registers itself on the app.
#pragma once
#include <CLI/CLI.hpp>

namespace pipar::cli {

void add_run_command(CLI::App& app);
void add_sweep_command(CLI::App& app); ///< cmd_sweep.cpp
void add_merge_command(CLI::App& app); ///< cmd_merge.cpp
void add_select_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_profile_command(CLI::App& app);   ///< cmd_profile.cpp
void add_models_command(CLI::App& app);    ///< cmd_models.cpp
void add_calibrate_command(CLI::App& app); ///< cmd_calibrate.cpp
void add_import_command(CLI::App& app);    ///< cmd_import.cpp (import-pipedream)
void add_trace_gen_command(CLI::App& app); ///< cmd_trace_gen.cpp
void add_check_command(CLI::App& app);     ///< cmd_check.cpp
void add_compare_command(CLI::App& app);   ///< cmd_compare.cpp
void add_validate_command(CLI::App& app);  ///< cmd_validate.cpp

} // namespace pipar::cli
