// pipar-sim calibrate PROFILE: fit a device class (effective flop/s, fixed overhead per task) to a
// measured profile, print the fit and its residual, optionally write the class entry.
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "model/calibrate.hpp"
#include "model/device_class_file.hpp"
#include "model/models_dir.hpp"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace pipar::cli {

namespace {

struct CalibrateArgs {
  std::vector<std::string> profiles;
  std::string write_class;
  std::string classes;
};

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0 && line.find(':') != std::string::npos)
      return line.substr(line.find_first_not_of(" \t", line.find(':') + 1));
  return "unknown CPU";
}

double memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key, unit;
  double kib = 0;
  while (in >> key >> kib >> unit)
    if (key == "MemTotal:")
      return kib * 1024;
  return 0;
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
  std::string device_class, files;
  for (const auto& file : a.profiles) {
    const Profile p = load_profile(file);
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
  }
  const CalibrationFit fit = fit_speed_overhead(obs);
  std::cout << calibration_report(obs, fit);
  for (const auto& file : a.profiles) {
    const auto lines = fit_unit_lines(load_profile(file));
    if (!lines.empty())
      std::cout << unit_lines_report(lines);
  }
  if (a.write_class.empty())
    return;
  DeviceClassEntry e;
  e.speed_flops = fit.speed_flops;
  e.compute_overhead_s = fit.overhead_s;
  e.memory_bytes = memory_bytes();
  e.measured = true;
  std::ostringstream src;
  src << "pipar-sim calibrate " << files << " (" << obs.size() << " tasks, RMS residual " << fit.rms_residual_s << " s, max relative error " << 100 * fit.max_relative_error
      << "%) on " << cpu_model() << ", " << today_utc() << "; memory_bytes = MemTotal of that machine";
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
      "calibrate", "Fit time = flop / speed + overhead per task (least squares over the split units' forward and "
                   "backward tasks) to a measured profile; print the fit and its residual; optionally write the "
                   "device class.");
  cmd->add_option("profiles", args->profiles,
                  "Measured profiles (models/measured/*.json) of one device class; several are fitted together")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--write-class", args->write_class,
                  "Add or replace this device class in the classes file (measured: true; source names the profile, "
                  "this machine's CPU and the date); other entries are kept byte for byte");
  cmd->add_option("--classes", args->classes, "Device classes file (default: " + args->classes + ")");
  cmd->callback([args] { calibrate(*args); });
}

} // namespace pipar::cli
