// Each subcommand lives in its own cmd_*.cpp and registers itself on the app.
#pragma once
#include <CLI/CLI.hpp>

namespace pipar::cli {

void add_run_command(CLI::App& app);
void add_bench_command(CLI::App& app);

} // namespace pipar::cli
