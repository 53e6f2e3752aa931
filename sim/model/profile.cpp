#include "model/profile.hpp"

#include "core/error.hpp"
#include "core/files.hpp"
#include "core/json_read.hpp"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

namespace pipar {

namespace {
/// {"batch_sizes": [m...], "forward_s": [...], "backward_s": [...], "step_s": s}: sizes strictly
/// increasing, one time per size.
UnitTiming read_timing(const JsonReader& r, const std::string& ptr) {
  r.allow_only(ptr, {"batch_sizes", "forward_s", "backward_s", "step_s"});
  UnitTiming t;
  const size_t n = r.array_size(ptr + "/batch_sizes", 1, 100000);
  if (r.array_size(ptr + "/forward_s", n, n) != n || r.array_size(ptr + "/backward_s", n, n) != n)
    r.fail(ptr, "forward_s and backward_s need one value per batch size");
  for (size_t i = 0; i < n; ++i) {
    const std::string k = "/" + std::to_string(i);
    const double m = r.get_number(ptr + "/batch_sizes" + k, 1, 1e9);
    if (i > 0 && !(m > t.m.back()))
      r.fail(ptr + "/batch_sizes" + k, "batch sizes must increase strictly");
    t.m.push_back(m);
    t.forward_s.push_back(r.get_number(ptr + "/forward_s" + k, 0, 1e6));
    t.backward_s.push_back(r.get_number(ptr + "/backward_s" + k, 0, 1e6));
  }
  t.step_s = r.get_number_or(ptr + "/step_s", 0, 1e6, -1.0);
  return t;
}

nlohmann::json timing_to_json(const UnitTiming& t) {
  nlohmann::json j = {{"batch_sizes", t.m}, {"forward_s", t.forward_s}, {"backward_s", t.backward_s}};
  if (t.step_s >= 0)
    j["step_s"] = t.step_s;
  return j;
}

template <class F> double sum_units(const Profile& p, int first, int last, F f) {
  double s = 0;
  for (int i = first; i < last; ++i)
    s += f(p.units[static_cast<size_t>(i)]);
  return s;
}
} // namespace

double Profile::forward_flops(int first, int last) const {
  return sum_units(*this, first, last, [](const SplitUnit& u) { return u.forward_flops; });
}
double Profile::backward_flops(int first, int last) const {
  return sum_units(*this, first, last, [](const SplitUnit& u) { return u.backward_flops; });
}
double Profile::parameter_bytes(int first, int last) const {
  return sum_units(*this, first, last, [](const SplitUnit& u) { return u.parameter_bytes; });
}
double Profile::buffer_bytes(int first, int last) const {
  return sum_units(*this, first, last, [](const SplitUnit& u) { return u.buffer_bytes; });
}
int Profile::parameter_tensors(int first, int last) const {
  return static_cast<int>(sum_units(*this, first, last, [](const SplitUnit& u) { return u.parameter_tensors; }));
}
std::uint64_t Profile::parameters(int first, int last) const {
  std::uint64_t s = 0;
  for (int i = first; i < last; ++i)
    s += units[static_cast<size_t>(i)].parameters;
  return s;
}
double Profile::activation_bytes_at(int split_point) const {
  return units.at(static_cast<size_t>(split_point - 1)).output_bytes;
}

Profile profile_from_json(const nlohmann::json& j, const std::string& file) {
  JsonReader r(j, file);
  Profile p;
  r.allow_only("", {"schema", "model", "dataset", "source", "input_shape", "classes", "input_bytes", "label_bytes",
                    "units", "measured", "totals"});
  if (r.has("/schema") && !(j.at("schema").is_string() && j.at("schema").get<std::string>() == "pipar-sim/profile/1"))
    r.fail("/schema", "expected \"pipar-sim/profile/1\" (the profile format this version reads; or leave it out), got " +
                          (j.at("schema").is_string() ? "\"" + echo(j.at("schema").get<std::string>()) + "\""
                                                      : "a value of type " + std::string(j.at("schema").type_name())));
  p.model = r.get<std::string>("/model");
  p.dataset = r.get<std::string>("/dataset");
  for (const char* key : {"/model", "/dataset"}) { // both reach CSV rows and messages
    const std::string& v = key[1] == 'm' ? p.model : p.dataset;
    if (v.empty() || v.size() > 200 || echo(v, 200) != v)
      r.fail(key, "expected 1 to 200 bytes of text without control characters, got \"" + echo(v) + "\"");
  }
  p.source = r.get_or<std::string>("/source", "");
  for (size_t i = 0, n = r.array_size("/input_shape", 1, 8); i < n; ++i)
    p.input_shape.push_back(r.get_int("/input_shape/" + std::to_string(i), 1, 1 << 24));
  p.classes = r.get_int("/classes", 1, 1 << 24);
  p.input_bytes = r.get_number("/input_bytes", 0, 1e12);
  p.label_bytes = r.get_number_or("/label_bytes", 0, 1e9, 8.0);
  if (r.has("/measured")) {
    r.allow_only("/measured", {"device_class", "batch_size", "note", "server_class"});
    p.measured_class = r.get<std::string>("/measured/device_class");
    p.measured_batch_size = r.has("/measured/batch_size") ? r.get_int("/measured/batch_size", 1, 1 << 24) : 0;
    p.measured_note = r.get_or<std::string>("/measured/note", "");
    p.measured_server_class = r.get_or<std::string>("/measured/server_class", "");
  }
  const auto n = r.array_size("/units", 2, 100000);
  for (size_t i = 0; i < n; ++i) {
    const std::string u = "/units/" + std::to_string(i);
    r.allow_only(u, {"name", "forward_flops", "backward_flops", "output_bytes", "parameter_bytes", "parameters",
                     "forward_macs", "forward_seconds", "backward_seconds", "output_shape", "kind", "buffer_bytes",
                     "parameter_tensors", "device_timing", "server_timing"});
    SplitUnit s;
    s.name = r.get<std::string>(u + "/name");
    s.forward_flops = r.get_number(u + "/forward_flops", 0, 1e18);
    s.backward_flops = r.get_number(u + "/backward_flops", 0, 1e18);
    s.output_bytes = r.get_number(u + "/output_bytes", 0, 1e15);
    s.parameter_bytes = r.get_number(u + "/parameter_bytes", 0, 1e15);
    s.parameters = static_cast<std::uint64_t>(
        r.integer_or(u + "/parameters", {0, 1e15}, static_cast<long long>(s.parameter_bytes / 4)));
    if (r.has(u + "/parameters") && !(s.parameter_bytes >= double(s.parameters) &&
                                      s.parameter_bytes <= 8 * double(s.parameters)))
      r.fail(u + "/parameters", "expected between parameter_bytes / 8 and parameter_bytes (1 to 8 bytes a "
                                "parameter), got " + std::to_string(s.parameters) + " for " +
                                echo_json(s.parameter_bytes) + " bytes");
    if (r.has(u + "/forward_macs")) {
      s.forward_macs = r.get_number(u + "/forward_macs", 0, 1e18);
      if (2 * s.forward_macs > s.forward_flops * (1 + 1e-12))
        r.fail(u + "/forward_macs", "expected at most forward_flops / 2 = " + echo_json(s.forward_flops / 2) +
                                        " (a multiply-add is 2 flop), got " + echo_json(s.forward_macs));
    }
    s.buffer_bytes = r.get_number_or(u + "/buffer_bytes", 0, 1e15, 0.0);
    s.parameter_tensors = r.has(u + "/parameter_tensors") ? r.get_int(u + "/parameter_tensors", 0, 1 << 20) : 0;
    if (r.has(u + "/device_timing") || r.has(u + "/server_timing")) {
      if (p.measured_class.empty())
        r.fail(u, "measured timings need \"measured\": {\"device_class\": ...} (and \"server_class\" for "
                  "server_timing)");
      if (r.has(u + "/device_timing"))
        s.device_timing = read_timing(r, u + "/device_timing");
      if (r.has(u + "/server_timing")) {
        if (p.measured_server_class.empty())
          r.fail(u + "/server_timing", "needs \"measured\": {\"server_class\": ...}");
        s.server_timing = read_timing(r, u + "/server_timing");
      }
    }
    if (!p.measured_class.empty() && (p.measured_batch_size > 0 || r.has(u + "/forward_seconds"))) {
      if (p.measured_batch_size == 0)
        r.fail("/measured/batch_size", "forward_seconds per sample need the batch size they were measured at");
      s.forward_seconds = r.get_number(u + "/forward_seconds", 0, 1e6);
      s.backward_seconds = r.get_number(u + "/backward_seconds", 0, 1e6);
    } else { // seconds without the class and batch size they were measured at would be ignored
      for (const char* key : {"/forward_seconds", "/backward_seconds"})
        if (r.has(u + key))
          r.fail(u + key, "measured seconds need \"measured\": {\"device_class\": ..., \"batch_size\": ...} "
                          "at the top of the profile (the class and batch size they were measured on)");
    }
    p.units.push_back(std::move(s));
  }
  // A model that computes nothing simulates as a few ms of messages: a file of zeros, not a model.
  if (std::all_of(p.units.begin(), p.units.end(), [](const SplitUnit& u) { return u.forward_flops == 0; }))
    r.fail("/units", "expected a model that computes: every unit's forward_flops is 0");
  return p;
}

Profile load_profile(const std::string& path) {
  return profile_from_json(read_json_file(path), path);
}

nlohmann::json profile_to_json(const Profile& p) {
  nlohmann::json units = nlohmann::json::array();
  for (const auto& u : p.units) {
    nlohmann::json ju = {{"name", u.name},
                         {"forward_flops", u.forward_flops},
                         {"backward_flops", u.backward_flops},
                         {"output_bytes", u.output_bytes},
                         {"parameter_bytes", u.parameter_bytes},
                         {"parameters", u.parameters}};
    if (u.forward_macs >= 0)
      ju["forward_macs"] = u.forward_macs;
    if (!p.measured_class.empty() && u.forward_seconds >= 0) {
      ju["forward_seconds"] = u.forward_seconds;
      ju["backward_seconds"] = u.backward_seconds;
    }
    if (u.buffer_bytes > 0)
      ju["buffer_bytes"] = u.buffer_bytes;
    if (u.parameter_tensors > 0)
      ju["parameter_tensors"] = u.parameter_tensors;
    if (!u.device_timing.empty())
      ju["device_timing"] = timing_to_json(u.device_timing);
    if (!u.server_timing.empty())
      ju["server_timing"] = timing_to_json(u.server_timing);
    units.push_back(std::move(ju));
  }
  nlohmann::json j = {{"schema", "pipar-sim/profile/1"},
                      {"model", p.model},
                      {"dataset", p.dataset},
                      {"source", p.source},
                      {"input_shape", p.input_shape},
                      {"classes", p.classes},
                      {"input_bytes", p.input_bytes},
                      {"label_bytes", p.label_bytes},
                      {"units", std::move(units)}};
  if (!p.measured_class.empty()) {
    j["measured"] = {{"device_class", p.measured_class}};
    if (p.measured_batch_size > 0)
      j["measured"]["batch_size"] = p.measured_batch_size;
    if (!p.measured_server_class.empty())
      j["measured"]["server_class"] = p.measured_server_class;
    if (!p.measured_note.empty())
      j["measured"]["note"] = p.measured_note;
  }
  return j;
}

void save_profile(const Profile& p, const std::string& path) {
  try {
    write_file_atomic(path, profile_to_json(p).dump(2) + "\n");
  } catch (const std::runtime_error& err) {
    throw InputError(path, "", err.what());
  }
}

} // namespace pipar
