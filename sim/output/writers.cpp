#include "output/writers.hpp"

#include "core/csv.hpp"
#include "output/provenance.hpp"
#include "replay/event_engine.hpp"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace pipar {

namespace fs = std::filesystem;

namespace {

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string ratio(double a, double b) {
  if (!(b > 0))
    return "inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2fx", a / b);
  return buf;
}

const RunResult* find_run(const std::vector<RunResult>& runs, const std::string& name) {
  for (const auto& r : runs)
    if (r.scheduler == name)
      return &r;
  return nullptr;
}

std::string count_at(const std::vector<int>& v, size_t k) { return k < v.size() ? std::to_string(v[k]) : ""; }

double round_mean_s(const Metrics& m) {
  return m.rounds.empty() ? 0.0 : m.rounds.back().end_s / static_cast<double>(m.rounds.size());
}

/// A byte count as a JSON integer (a double when it is not whole, which would be a bug upstream).
nlohmann::json bytes(double v) {
  if (v >= 0 && v < 9007199254740992.0 && v == static_cast<double>(static_cast<std::uint64_t>(v)))
    return static_cast<std::uint64_t>(v);
  return v;
}

nlohmann::json metrics_json(const Metrics& m, double cp) {
  return {{"makespan_s", m.makespan_s},
          {"critical_path_s", cp},
          {"server_busy_s", m.server_busy_s},
          {"server_idle_s", m.server_idle_s},
          {"server_core_seconds", m.server_core_seconds},
          {"server_utilisation", m.server_utilisation},
          {"device_busy_mean_s", m.device_busy_mean_s},
          {"device_idle_mean_s", m.device_idle_mean_s},
          {"device_idle_max_s", m.device_idle_max_s},
          {"bytes_up", bytes(m.bytes_up)},
          {"bytes_down", bytes(m.bytes_down)},
          {"tasks", m.tasks},
          {"samples", m.samples},
          {"rounds", m.rounds.size()},
          {"round_mean_s", round_mean_s(m)},
          {"memory_device_peak_bytes", bytes(m.memory_device_peak_bytes)},
          {"memory_replica_peak_bytes", bytes(m.memory_replica_peak_bytes)},
          {"memory_server_bytes", bytes(m.memory_server_bytes)},
          {"memory_devices_over_limit", m.memory_devices_over_limit},
          {"dp_extra_device_flop", m.dp_extra_device_flop},
          {"dp_extra_device_s", m.dp_extra_device_s},
          {"energy_devices_compute_j", m.energy_devices_compute_j},
          {"energy_devices_radio_j", m.energy_devices_radio_j},
          {"energy_server_j", m.energy_server_j},
          {"energy_total_j", m.energy_total_j},
          {"energy_per_sample_j", m.energy_per_sample_j},
          {"dropouts", m.dropouts},
          {"wasted_device_s", m.wasted_device_s},
          {"wasted_server_s", m.wasted_server_s},
          {"wasted_bytes", m.wasted_bytes},
          {"wasted_energy_j", m.wasted_energy_j}};
}

/// The network model as SimGrid's effective configuration says: "exact" / "realistic" when it is
/// what that option sets, else the model SimGrid runs (e.g. "LV08" from --cfg=network/model:LV08).
nlohmann::json simgrid_json(const ReplayOptions& opt, const nlohmann::json& prov) {
  const auto& eff = prov.at("simgrid_config");
  const std::string model = eff.value("network/model", "unknown");
  const bool exact_cfg = model == "CM02" && eff.value("network/TCP-gamma", "") == "0" &&
                         eff.value("network/crosstraffic", "") == "0";
  std::string label = model;
  if (!opt.realistic_network && exact_cfg)
    label = "exact";
  else if (opt.realistic_network && model == "LV08" && prov.at("cfg").empty())
    label = "realistic";
  nlohmann::json config = network_config(opt.realistic_network);
  for (const auto& c : prov.at("cfg"))
    config.push_back(c.get<std::string>().substr(6)); // without "--cfg="
  return {{"network_model", label}, {"server_queue", opt.server_fifo ? "fifo" : "fair"}, {"config", config}};
}

} // namespace

void write_summary_json(const std::string& dir, const Scenario& s, const ReplayOptions& opt,
                        const std::vector<RunResult>& runs) {
  nlohmann::json jr = nlohmann::json::array();
  for (const auto& r : runs) {
    const SchedulerEntry* e = find_scheduler(r.scheduler);
    nlohmann::json run = {{"scheduler", r.scheduler}, {"metrics", metrics_json(r.metrics, r.critical_path_s)}};
    nlohmann::json dev = nlohmann::json::array(), rep = nlohmann::json::array();
    for (double b : r.metrics.memory_device_bytes)
      dev.push_back(bytes(b));
    for (double b : r.metrics.memory_replica_bytes)
      rep.push_back(bytes(b));
    run["memory"] = {{"device_bytes", dev}, {"replica_bytes", rep}};
    run["energy"] = {{"device_compute_j", r.metrics.energy_device_compute_j},
                     {"device_radio_j", r.metrics.energy_device_radio_j}};
    if (e && e->uses_split)
      run["split"] = {{"split_point", s.split.split_point},
                      {"micro_batches", e->uses_micro_batches ? s.split.micro_batches : 1}};
    jr.push_back(std::move(run));
  }
  const nlohmann::json prov = provenance(opt);
  nlohmann::json j = {
      {"schema", "pipar-sim/summary/1"},
      {"scenario", s.resolved},
      {"profile", {{"model", s.profile.model}, {"dataset", s.profile.dataset}, {"split_units", s.profile.split_units()},
                   {"parameters", s.profile.parameters()}}},
      {"simgrid", [&] {
         nlohmann::json sg = simgrid_json(opt, prov);
         sg["engine"] = replay_engine_name(s, opt);
         return sg;
       }()},
      {"provenance", prov},
      {"units", {{"*_s", "seconds"}, {"bytes_*", "bytes"}, {"*_bytes", "bytes"}, {"*_flop", "flop"},
                 {"server_core_seconds", "core-seconds"}, {"*_j", "joules"},
                 {"server_utilisation", "fraction of cores x makespan"}}},
      {"runs", std::move(jr)}};
  if (opt.measure_energy) // run --energy-plugins (recorded only then: other summaries are unchanged)
    j["simgrid"]["energy"] = "SimGrid host- and link-energy plugins";
  write_file_atomic((fs::path(dir) / "summary.json").string(), j.dump(2) + "\n");
}

std::string runs_csv_header() {
  return "scenario,scheduler,model,dataset,devices,split_point,micro_batches,uplink_mbps,downlink_mbps,"
         "makespan_s,critical_path_s,server_idle_s,server_utilisation,device_idle_mean_s,device_idle_max_s,"
         "bytes_up,bytes_down,tasks,samples,rounds,round_mean_s,memory_device_peak_bytes,memory_replica_peak_bytes,"
         "memory_server_bytes,dp_extra_device_flop,dp_extra_device_s,memory_devices_over_limit,"
         "energy_devices_compute_j,energy_devices_radio_j,energy_server_j,energy_total_j,energy_per_sample_j,"
         "dropouts,wasted_device_s,wasted_server_s,wasted_bytes,wasted_energy_j\n";
}

std::string runs_csv_row(const Scenario& s, const RunResult& r) {
  const Metrics& m = r.metrics;
  const SchedulerEntry* e = find_scheduler(r.scheduler);
  const bool split = e && e->uses_split;
  const auto& dev = s.resolved.at("devices");
  std::ostringstream os;
  os << csv_field(s.name) << ',' << csv_field(r.scheduler) << ',' << csv_field(s.profile.model) << ','
     << csv_field(s.profile.dataset) << ','
     << s.devices.size() << ',' << (split ? std::to_string(s.split.split_point) : "") << ','
     << (split ? std::to_string(e->uses_micro_batches ? s.split.micro_batches : 1) : "") << ','
     << num(dev.at("uplink_mbps").get<double>())
     << ',' << num(dev.at("downlink_mbps").get<double>()) << ',' << num(m.makespan_s) << ','
     << num(r.critical_path_s) << ',' << num(m.server_idle_s) << ',' << num(m.server_utilisation) << ','
     << num(m.device_idle_mean_s) << ',' << num(m.device_idle_max_s) << ',' << num(m.bytes_up) << ','
     << num(m.bytes_down) << ',' << m.tasks << ',' << m.samples << ',' << m.rounds.size() << ','
     << num(round_mean_s(m)) << ',' << num(m.memory_device_peak_bytes) << ',' << num(m.memory_replica_peak_bytes)
     << ',' << num(m.memory_server_bytes) << ',' << num(m.dp_extra_device_flop) << ',' << num(m.dp_extra_device_s)
     << ',' << m.memory_devices_over_limit << ',' << num(m.energy_devices_compute_j) << ','
     << num(m.energy_devices_radio_j) << ',' << num(m.energy_server_j) << ',' << num(m.energy_total_j) << ','
     << num(m.energy_per_sample_j) << ',' << m.dropouts << ',' << num(m.wasted_device_s) << ','
     << num(m.wasted_server_s) << ',' << num(m.wasted_bytes) << ',' << num(m.wasted_energy_j) << '\n';
  return os.str();
}

void write_runs_csv(const std::string& dir, const Scenario& s, const std::vector<RunResult>& runs) {
  std::string out = runs_csv_header();
  for (const auto& r : runs)
    out += runs_csv_row(s, r);
  write_file_atomic((fs::path(dir) / "runs.csv").string(), out);
}

void write_resources_csv(const std::string& dir, const Scenario& s, const std::vector<RunResult>& runs) {
  std::string out = "scenario,scheduler,resource,kind,device,group,busy_s,idle_s,amount,amount_unit,tasks,energy_j\n";
  const auto group_of = [&s](int d) { // the device's fleet group (empty for the server)
    return d >= 0 && static_cast<size_t>(d) < s.devices.size() ? s.devices[static_cast<size_t>(d)].group : std::string();
  };
  for (const auto& r : runs)
    for (const auto& u : r.metrics.resources)
      out += csv_field(s.name) + "," + csv_field(r.scheduler) + "," + csv_field(u.name) + "," + resource_name(u.kind) +
             "," + (u.device >= 0 ? std::to_string(u.device) : "") + "," + csv_field(group_of(u.device)) + "," +
             num(u.busy_s) + "," + num(u.idle_s) + "," + num(u.amount) + "," + (is_transfer(u.kind) ? "bytes" : "flop") +
             "," + std::to_string(u.tasks) + "," + num(u.energy_j) + "\n";
  write_file_atomic((fs::path(dir) / "resources.csv").string(), out);
}

void write_rounds_csv(const std::string& dir, const Scenario& s, const std::vector<RunResult>& runs) {
  std::string out = "scenario,scheduler,round,start_s,end_s,duration_s,participants,dropouts\n";
  for (const auto& r : runs)
    for (size_t k = 0; k < r.metrics.rounds.size(); ++k) {
      const RoundSpan& x = r.metrics.rounds[k];
      out += csv_field(s.name) + "," + csv_field(r.scheduler) + "," + std::to_string(k) + "," + num(x.start_s) + "," +
             num(x.end_s) + "," + num(x.end_s - x.start_s) + "," + count_at(r.metrics.round_participants, k) + "," +
             count_at(r.metrics.round_dropouts, k) + "\n";
    }
  write_file_atomic((fs::path(dir) / "rounds.csv").string(), out);
}

void print_table(std::ostream& os, const Scenario& s, const std::vector<RunResult>& runs) {
  const RunResult* fl = find_run(runs, "fl");
  os << "scenario " << s.name << ": " << s.profile.model << "/" << s.profile.dataset << ", " << s.devices.size()
     << " devices\n";
  os << std::left << std::setw(10) << "scheduler" << std::right << std::setw(14) << "makespan_s" << std::setw(12)
     << "speedup" << std::setw(16) << "server_idle_s" << std::setw(16) << "idle_reduction" << std::setw(20)
     << "device_idle_mean_s" << '\n';
  for (const auto& r : runs) {
    const Metrics& m = r.metrics;
    std::string speed = "-", red = "-";
    if (m.samples == 0 || (fl && fl->metrics.samples == 0)) { // nothing trained: no ratio means anything
      speed = red = "n/a";
    } else if (fl) {
      speed = ratio(fl->metrics.makespan_s, m.makespan_s);
      red = ratio(fl->metrics.server_idle_s, m.server_idle_s);
    }
    os << std::left << std::setw(10) << r.scheduler << std::right << std::fixed << std::setprecision(3)
       << std::setw(14) << m.makespan_s << std::setw(12) << speed << std::setw(16) << m.server_idle_s << std::setw(16)
       << red << std::setw(20) << m.device_idle_mean_s << '\n';
    os.unsetf(std::ios::fixed);
  }
  for (const auto& r : runs)
    if (r.metrics.samples == 0)
      os << "warning: " << r.scheduler
         << " trained no sample: every device was offline or dropped out in every round (see /availability)\n";
  // With dropouts the runs may have trained different amounts of data: a speedup compares times only.
  bool differ = false;
  for (const auto& r : runs)
    differ = differ || r.metrics.dropouts > 0 || r.metrics.samples != runs.front().metrics.samples;
  if (differ) {
    os << "samples trained (dropouts):";
    for (const auto& r : runs)
      os << (&r == &runs.front() ? " " : ", ") << r.scheduler << ' ' << r.metrics.samples << " ("
         << r.metrics.dropouts << ')';
    os << "; speedups compare training times, not the work each run kept (runs.csv: samples, dropouts, wasted_*)\n";
  }
}

} // namespace pipar
