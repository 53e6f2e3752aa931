// Each subcommand lives in its own cmd_*.cpp and registers itself on the app.
#pragma once
#include <CLI/CLI.hpp>

namespace pipar::cli {

void add_run_command(CLI::App& app);
void add_select_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_trace_gen_command(CLI::App& app); ///< cmd_trace_gen.cpp

} // namespace pipar::cli
