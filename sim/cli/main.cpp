// pipar-sim: parse -> dispatch to a subcommand. Errors become exit codes here and only here:
// 2 for bad input (a bad option or value on the command line, or a file's JSON path and expected
// range in the message), 1 for anything else; --help and --version exit 0.
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

#include <iostream>

int main(int argc, char** argv) {
  CLI::App app{"pipar-sim: a SimGrid simulator of pipelined collaborative deep-learning training\n"
               "(FL, SL, SplitFed, PiPar) on heterogeneous devices, links and a server."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "pipar-sim 0.1");
  // CLI11's own errors (a missing file, a value out of an option's range) look like ours.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return "pipar-sim: error: " + std::string(e.what()) + "\nRun with --help for more information.\n";
  });
  pipar::cli::add_run_command(app);
  pipar::cli::add_sweep_command(app);
  pipar::cli::add_merge_command(app);
  pipar::cli::add_select_command(app);
  pipar::cli::add_bench_command(app);
  pipar::cli::add_profile_command(app);
  pipar::cli::add_models_command(app);
  pipar::cli::add_calibrate_command(app);
  pipar::cli::add_import_command(app);
  pipar::cli::add_trace_gen_command(app);
  pipar::cli::add_check_command(app);
  pipar::cli::add_compare_command(app);
  pipar::cli::add_validate_command(app);
  // A first word that names no subcommand is reported as such, with the valid ones (CLI11 would
  // say only that a subcommand is required).
  std::string valid;
  bool known = false;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    valid += (valid.empty() ? "" : ", ") + sub->get_name();
    known = known || (argc > 1 && sub->get_name() == argv[1]);
    // An option given an empty value (`--out ""`, `--report "$UNSET"`) is an error, not the
    // option's default: no option of ours means anything by an empty string.
    sub->parse_complete_callback([sub] {
      for (const CLI::Option* o : sub->get_options())
        if (o->get_type_size_max() > 0 && o->count() > 0)
          for (const std::string& v : o->results())
            if (v.empty())
              throw pipar::InputError(o->get_name(), "", "an empty value (give one, or leave the option out)");
    });
  }
  const std::string first = argc > 1 ? argv[1] : "";
  const bool top_flag = first == "-h" || first == "--help" || first == "--version";
  if (argc == 1 || (!known && !top_flag)) {
    std::cerr << "pipar-sim: error: "
              << (argc == 1          ? std::string("a subcommand is required")
                  : first[0] == '-' ? "unknown option \"" + pipar::echo(first) + "\" before the subcommand"
                                     : "unknown subcommand \"" + pipar::echo(first) + "\"")
              << "; valid subcommands: " << valid << " (pipar-sim --help describes them)\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2; // CLI11 prints the message; its own codes (105, 109...) become 2
  } catch (const pipar::InputError& e) {
    std::cerr << "pipar-sim: error: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "pipar-sim: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
