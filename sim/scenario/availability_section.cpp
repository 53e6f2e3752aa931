// "availability": dropouts and round deadlines (README "Availability and dropouts").
//   dropout_probability  [0, 1)  a participant leaves during a round with this probability, at a
//                                uniformly random point of its round (seeded)
//   round_deadline_s     > 0     participants not done this long after the round started are dropped
//   trace                CSV file of "device,start_s,end_s" lines, or [[device, start_s, end_s], ...]:
//                                the intervals each listed device is online (unlisted: always online)
// The section is echoed to the summary only when present, so runs without it are unchanged.
#include "core/json_read.hpp"
#include "scenario/sections.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace pipar::sections {

namespace {

using Interval = std::pair<double, double>;

void add_interval(AvailabilitySpec& a, long long device, double start, double end, size_t devices,
                  const std::function<void(const std::string&)>& fail) {
  if (device < 0 || device >= static_cast<long long>(devices))
    fail("device " + std::to_string(device) + " is not in [0, " + std::to_string(devices - 1) + "]");
  if (!(start >= 0) || !(end > start) || !(end <= 1e12))
    fail("expected 0 <= start_s < end_s <= 1e12, got [" + nlohmann::json(start).dump() + ", " + nlohmann::json(end).dump() + "]");
  a.online[static_cast<int>(device)].emplace_back(start, end);
}

/// Sorts each device's intervals and merges those that overlap or touch.
void normalise(AvailabilitySpec& a) {
  for (auto& [d, iv] : a.online) {
    std::sort(iv.begin(), iv.end());
    std::vector<Interval> merged;
    for (const auto& x : iv)
      if (!merged.empty() && x.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, x.second);
      else
        merged.push_back(x);
    iv = std::move(merged);
  }
}

void read_trace_file(const JsonReader& r, const std::string& ptr, AvailabilitySpec& a, size_t devices) {
  const std::string name = r.string(ptr);
  const std::filesystem::path dir = std::filesystem::path(r.file()).parent_path();
  std::string path = name;
  if (std::filesystem::path(name).is_relative() && std::filesystem::exists(dir / name))
    path = (dir / name).lexically_normal().string();
  std::ifstream in(path);
  if (!in)
    r.fail(ptr, "cannot read the availability trace \"" + path + "\"");
  std::string line;
  size_t lineno = 0;
  bool any = false, header = false;
  while (std::getline(in, line)) {
    ++lineno;
    if (const auto hash = line.find('#'); hash != std::string::npos)
      line.erase(hash);
    std::replace(line.begin(), line.end(), ',', ' ');
    std::replace(line.begin(), line.end(), ';', ' ');
    std::istringstream ls(line);
    std::string first;
    if (!(ls >> first))
      continue;
    long long d = 0;
    double start = 0, end = 0;
    std::istringstream fs(first);
    const bool numeric = static_cast<bool>(fs >> d) && fs.eof();
    if (!numeric && !any && !header) {
      header = true; // a header line before the first interval
      continue;
    }
    std::string extra;
    // The file's errors name the scenario and its path, then the file and line.
    const auto bad = [&](const std::string& m) {
      r.fail(ptr, "cannot use this availability trace: " + path + ": line " + std::to_string(lineno) + ": " + m);
    };
    if (!numeric || !(ls >> start >> end) || (ls >> extra))
      bad("expected \"device,start_s,end_s\"");
    add_interval(a, d, start, end, devices, bad);
    any = true;
  }
  if (!any)
    r.fail(ptr, "cannot use this availability trace: " + path + ": it has no interval");
  a.trace_source = path;
}

} // namespace

void read_availability(const JsonReader& r, Scenario& s) {
  if (!r.has("/availability"))
    return;
  r.allow_only("/availability", {"dropout_probability", "round_deadline_s", "trace"});
  AvailabilitySpec& a = s.availability;
  a.dropout_probability = r.number_or("/availability/dropout_probability", {0, 0.999999, "(probability)"}, 0);
  a.round_deadline_s = r.number_or("/availability/round_deadline_s", {0, 1e12, "s", true}, 0);
  const std::string tp = "/availability/trace";
  if (r.has(tp)) {
    if (r.at(tp).is_string()) {
      read_trace_file(r, tp, a, s.devices.size());
    } else {
      const size_t n = r.array_size(tp, 1, 10000000);
      for (size_t i = 0; i < n; ++i) {
        const std::string pi = tp + "/" + std::to_string(i);
        if (r.array_size(pi, 3, 3) != 3)
          r.fail(pi, "expected [device, start_s, end_s]");
        const long long device = r.integer(pi + "/0", {0, 1e7, "device index", false, true});
        const double start = r.number(pi + "/1", {0, 1e12, "s"}), end = r.number(pi + "/2", {0, 1e12, "s"});
        add_interval(a, device, start, end, s.devices.size(), [&](const std::string& m) { r.fail(pi, m); });
      }
      a.trace_source = "inline";
    }
    normalise(a);
  }
  nlohmann::json res = {{"dropout_probability", a.dropout_probability}};
  if (a.round_deadline_s > 0)
    res["round_deadline_s"] = a.round_deadline_s;
  if (!a.online.empty()) {
    nlohmann::json tr = nlohmann::json::array();
    for (const auto& [d, iv] : a.online)
      for (const auto& x : iv)
        tr.push_back({d, x.first, x.second});
    res["trace"] = {{"source", a.trace_source}, {"online", tr}};
  }
  s.resolved["availability"] = res;
}

} // namespace pipar::sections
