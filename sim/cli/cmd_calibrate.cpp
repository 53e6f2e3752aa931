// pipar-sim calibrate PROFILE: fit a device class (effective flop/s, fixed overhead per task; with
// --elementwise-rate also a rate for element-wise flop) to a measured profile, print the fit and its
// residual, optionally write the class entry.
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "model/calibrate.hpp"
#include "model/device_class_file.hpp"
#include "model/models_dir.hpp"
#include "platform/catalog.hpp"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace pipar::cli {

namespace {

struct CalibrateArgs {
  std::vector<std::string> profiles;
  std::string write_class;
  std::string classes;
  double memory_bytes = -1; ///< < 0: keep the existing entry's
  bool elementwise_rate = false; ///< fit a second rate for element-wise flop (fit_two_rates)
};

/// Below this R^2 a written class comes with a warning.
constexpr double kPoorRSquared = 0.5;

/// memory_bytes of the class's current entry in the classes file (0 if none).
double existing_memory(const std::string& classes, const std::string& name) {
  try {
    const auto all = load_device_classes(classes);
    const auto it = all.find(name);
    return it == all.end() ? 0.0 : it->second.memory_bytes;
  } catch (const InputError&) {
    return 0.0;
  }
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&now));
  return buf;
}

void calibrate(const CalibrateArgs& a) {
  // Every profile's tasks are pooled into one fit; they must come from the same device class.
  std::vector<TaskObservation> obs;
  std::vector<Profile> profiles; // read once: for the fit, then for the optimizer step and the unit lines
  std::string device_class, files, notes;
  for (const auto& file : a.profiles) {
    const Profile& p = profiles.emplace_back(load_profile(file));
    auto more = observations_from_profile(p, file);
    if (device_class.empty())
      device_class = p.measured_class;
    else if (p.measured_class != device_class)
      throw InputError(file, "/measured/device_class", "is \"" + p.measured_class + "\" but " + a.profiles.front() +
                                                           " was measured on \"" + device_class +
                                                           "\": one fit is for one device class");
    for (auto& o : more) {
      if (a.profiles.size() > 1)
        o.name = p.model + " " + o.name;
      obs.push_back(std::move(o));
    }
    std::cout << file << ": " << p.model << " on " << p.dataset << ", measured on device class '" << p.measured_class
              << "'" << (p.measured_batch_size > 0 ? " at batch " + std::to_string(p.measured_batch_size) : std::string(" (timing tables)")) << "\n";
    files += (files.empty() ? "" : ", ") + file;
    const std::string machine = p.measured_note.substr(0, p.measured_note.find(';'));
    if (!machine.empty() && notes.find(machine) == std::string::npos)
      notes += (notes.empty() ? "" : "; ") + machine;
  }
  const CalibrationFit fit = [&] {
    try {
      return a.elementwise_rate ? fit_two_rates(obs) : fit_speed_overhead(obs);
    } catch (const std::invalid_argument& e) { // the data, not the program: exit 2 naming the file(s)
      throw InputError(files, "/units", std::string("cannot be calibrated: ") + e.what());
    }
  }();
  std::cout << calibration_report(obs, fit);
  if (!a.elementwise_rate) { // the units' MACs known: say what the fit of two rates would give
    try {
      const CalibrationFit two = fit_two_rates(obs);
      std::printf("with --elementwise-rate (the units' MACs are known): multiply-add flop / %.4g flop/s + element-wise "
                  "flop / %.4g flop/s + %.4g s per task, RMS residual %.4g s, R^2 %.4f\n",
                  two.speed_flops, two.elementwise_flops, two.overhead_s, two.rms_residual_s, two.r_squared);
    } catch (const std::invalid_argument&) { // MACs not known, or no second rate fits: nothing to add
    }
  }
  for (size_t i = 0; i < profiles.size(); ++i) {
    const Profile& p = profiles[i];
    const std::string& file = a.profiles[i];
    const OptimizerFit step = fit_optimizer_step(p, fit.speed_flops);
    if (step.steps > 0)
      std::printf("optimizer step (%s, %zu measured steps): %.4g flop per parameter at %.4g flop/s + %.4g s per "
                  "parameter tensor, RMS residual %.4g s, max relative error %.1f%%: the scenario fields "
                  "training.optimizer_flops_per_parameter and optimizer_fixed_s_per_tensor\n",
                  file.c_str(), step.steps, step.flops_per_parameter, fit.speed_flops, step.fixed_s_per_tensor,
                  step.rms_residual_s, 100 * step.max_relative_error);
    const auto lines = fit_unit_lines(p);
    if (!lines.empty())
      std::cout << unit_lines_report(lines);
  }
  if (a.write_class.empty())
    return;
  // The class must load again (platform/catalog.cpp's ranges): a fit outside them, e.g. from times
  // that barely grow with flop or a unit mix-up, would make the whole catalogue unreadable.
  if (!(fit.speed_flops > 0 && fit.speed_flops <= 1e18) || !(fit.overhead_s >= 0 && fit.overhead_s <= 1e3) ||
      !(fit.elementwise_flops >= 0 && fit.elementwise_flops <= 1e18)) {
    char got[128];
    std::snprintf(got, sizeof got, "%.3g flop/s, %.3g element-wise, %.3g s per task", fit.speed_flops,
                  fit.elementwise_flops, fit.overhead_s);
    throw InputError(files, "/units",
                     std::string("the fit (") + got + ") is outside a device class's ranges ((0, 1e18] flop/s, [0, 1000] s): the "
                         "times barely grow with flop, or are in another unit; nothing written");
  }
  if (!plain_name(a.write_class))
    throw InputError("--write-class", "", "expected 1 to 200 bytes of UTF-8 without control characters, got \"" +
                                               echo(a.write_class) + "\"");
  if (fit.r_squared < kPoorRSquared)
    std::cerr << "pipar-sim: warning: R^2 = " << fit.r_squared << " < " << kPoorRSquared
              << ": the fitted time explains little of these measurements; the class written "
                 "predicts them poorly (see the residuals above)\n";
  DeviceClassEntry e;
  e.speed_flops = fit.speed_flops;
  e.compute_overhead_s = fit.overhead_s;
  e.elementwise_flops = fit.elementwise_flops;
  // The machine is the one that measured (the profiles' notes), not this one: its memory is unknown
  // unless given, or kept from the class's existing entry.
  e.memory_bytes = a.memory_bytes >= 0 ? a.memory_bytes : existing_memory(a.classes, a.write_class);
  e.measured = true;
  std::ostringstream src;
  src << "pipar-sim calibrate " << files << " (" << obs.size() << " tasks, RMS residual " << fit.rms_residual_s
      << " s, max relative error " << 100 * fit.max_relative_error << "%, R^2 " << fit.r_squared << "), "
      << today_utc() << "; measured " << (notes.empty() ? std::string("(the profiles carry no note)") : notes)
      << "; memory_bytes " << (a.memory_bytes >= 0 ? "given to calibrate" : "kept from the previous entry (0 = not limited)");
  e.source = src.str();
  write_device_class(a.classes, a.write_class, e);
  std::cout << "wrote device class '" << a.write_class << "' to " << a.classes << ": " << device_class_json(e) << "\n";
}

} // namespace

void add_calibrate_command(CLI::App& app) {
  auto args = std::make_shared<CalibrateArgs>();
  args->classes =
      (std::filesystem::path(default_models_dir()) / ".." / "platforms" / "device_classes.json").lexically_normal();
  auto* cmd = app.add_subcommand(
      "calibrate", "Fit time = flop / speed + overhead per task to a measured profile's split units (forward and "
                   "backward tasks): the overhead by least squares on relative errors, the speed so that the fitted "
                   "times add up to the measured total; print the fit and its residual; optionally write the "
                   "device class.");
  cmd->add_option("profiles", args->profiles,
                  "Measured profiles (models/measured/*.json) of one device class; several are fitted together")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--write-class", args->write_class,
                  "Add or replace this device class in the classes file (measured: true; source names the profiles, "
                  "the fit, the date and the measuring machine from the profiles' notes); other entries are kept "
                  "byte for byte; a warning if R^2 < 0.5");
  cmd->add_flag("--elementwise-rate", args->elementwise_rate,
                "Fit two rates: multiply-add flop at speed_flops, element-wise flop (normalisation, activations, "
                "pooling; each unit's forward flop less 2 x forward_macs, the backward in the same share) at "
                "elementwise_flops, + the overhead; the profile's units need forward_macs. The ratio and the "
                "overhead by least squares on relative errors, both rates scaled so that the fitted times add up "
                "to the measured total");
  cmd->add_option("--classes", args->classes, "Device classes file (default: " + args->classes + ")");
  cmd->add_option("--memory-bytes", args->memory_bytes,
                  "memory_bytes of the written class (the measuring machine's; default: the existing entry's, else 0)")
      ->check(CLI::Range(0.0, 1e15));
  cmd->callback([args] { calibrate(*args); });
}

} // namespace pipar::cli
