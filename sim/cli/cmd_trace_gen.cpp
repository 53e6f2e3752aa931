// pipar-sim trace-gen: write a synthetic bandwidth or speed trace (CSV "time_s,value") for a
// scenario's uplink_trace / downlink_trace / speed_trace.
#include "cli/commands.hpp"
#include "core/files.hpp"
#include "output/writers.hpp"
#include "platform/trace_gen.hpp"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace pipar::cli {

namespace {
struct TraceGenArgs {
  TraceGenOptions o;
  std::string out;
};
} // namespace

void add_trace_gen_command(CLI::App& app) {
  auto a = std::make_shared<TraceGenArgs>();
  auto* cmd = app.add_subcommand("trace-gen", "Write a synthetic trace (CSV time_s,value): a random walk or steps, "
                                              "reproducible from --seed. Values in Mbps for bandwidth traces, "
                                              "fractions of peak in (0, 1] for speed traces: the random walk's "
                                              "defaults (10 Mbps, 1 to 20) suit a bandwidth trace; for a speed "
                                              "trace give e.g. --start 0.8 --min 0.2 --max 1 --max-change 0.1.");
  cmd->add_option("--kind", a->o.kind, "random-walk or step")->check(CLI::IsMember({"random-walk", "step"}))->capture_default_str();
  cmd->add_option("--duration", a->o.duration_s, "seconds covered (points at 0, interval, ...)")->capture_default_str();
  cmd->add_option("--interval", a->o.interval_s, "seconds between points")->capture_default_str();
  cmd->add_option("--start", a->o.start, "random-walk: first value")->capture_default_str();
  cmd->add_option("--max-change", a->o.max_change, "random-walk: largest change per interval")->capture_default_str();
  cmd->add_option("--min", a->o.min, "random-walk: lower bound (> 0)")->capture_default_str();
  cmd->add_option("--max", a->o.max, "random-walk: upper bound")->capture_default_str();
  cmd->add_option("--levels", a->o.levels, "step: values in turn, e.g. --levels 10,2")->delimiter(',')->capture_default_str();
  cmd->add_option("--seed", a->o.seed, "random-walk: seed (0 to 2^64 - 1)")->check(CLI::Validator(
          [](std::string& v) -> std::string { // CLI11 saturates a value past 2^64 - 1 instead of refusing it
            errno = 0;
            char* end = nullptr;
            if (!v.empty() && v[0] >= '0' && v[0] <= '9')
              std::strtoull(v.c_str(), &end, 10);
            if (end == nullptr || *end != '\0' || errno == ERANGE)
              return "expected an integer in [0, 2^64 - 1], got " + v;
            return "";
          },
          "UINT64"))
      ->capture_default_str();
  cmd->add_option("--out,-o", a->out, "output file (default: standard output)");
  cmd->callback([a] {
    if (!a->out.empty())
      check_output_file("--out", a->out);
    const std::string csv = trace_csv(generate_trace(a->o));
    if (a->out.empty())
      std::cout << csv;
    else {
      write_file_atomic(a->out, csv);
      std::cout << "wrote " << a->out << '\n';
    }
  });
}

} // namespace pipar::cli
