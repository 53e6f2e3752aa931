#include "platform/trace.hpp"

#include "core/files.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace pipar {

namespace {

/// Splits a CSV line on commas, semicolons and blanks.
std::vector<std::string> fields_of(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : line) {
    if (c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\r') {
      if (!cur.empty())
        out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty())
    out.push_back(cur);
  return out;
}

/// A decimal number (strtod alone would also take hexadecimal, "inf" and "nan").
bool to_number(const std::string& s, double& v) {
  if (s.find_first_not_of("0123456789+-.eE") != std::string::npos)
    return false;
  char* end = nullptr;
  errno = 0;
  v = std::strtod(s.c_str(), &end);
  return end != s.c_str() && *end == '\0' && errno == 0;
}

} // namespace

void validate_trace(const Trace& t, const std::string& file, const std::string& ptr) {
  if (t.points.empty())
    throw InputError(file, ptr, "a trace needs at least one (time_s, value) point");
  for (size_t i = 0; i < t.points.size(); ++i) {
    const double time = t.points[i].time_s;
    if (!(time >= 0) || time > 1e9)
      throw InputError(file, ptr, "point " + std::to_string(i + 1) + ": expected a time in [0, 1e9] s, got " + short_number(time));
    if (i > 0 && !(time > t.points[i - 1].time_s))
      throw InputError(file, ptr, "point " + std::to_string(i + 1) + ": times must increase strictly, got " +
                                      short_number(time) + " after " + short_number(t.points[i - 1].time_s));
  }
  if (t.period_s != 0 && !(t.period_s > t.points.back().time_s))
    throw InputError(file, ptr, "trace_period_s must exceed the last point's time (" + short_number(t.points.back().time_s) +
                                    " s), got " + short_number(t.period_s));
}

Trace parse_trace_csv(const std::string& text, const std::string& file, const TraceKind& kind) {
  Trace t;
  t.source = file;
  std::istringstream in(text);
  std::string line;
  int lineno = 0;
  bool header_allowed = true;
  while (std::getline(in, line)) {
    ++lineno;
    const auto hash = line.find('#');
    if (hash != std::string::npos)
      line.erase(hash);
    const std::vector<std::string> f = fields_of(line);
    if (f.empty())
      continue;
    const std::string where = "line " + std::to_string(lineno);
    double time = 0, value = 0;
    const bool numeric = f.size() == 2 && to_number(f[0], time) && to_number(f[1], value);
    // A header such as "time_s,mbps" names its columns: no field of it is a number (so "O,27.3",
    // a typo in a data line, is an error, not a header).
    double ignored = 0;
    if (!numeric && header_allowed &&
        std::none_of(f.begin(), f.end(), [&](const std::string& x) { return to_number(x, ignored); })) {
      header_allowed = false;
      continue;
    }
    header_allowed = false;
    if (!numeric)
      throw InputError(file, where, "expected two numbers \"time_s,value\", got \"" + echo(line) + "\"");
    if (!kind.range.contains(value))
      throw InputError(file, where, "expected " + kind.range.describe() + ", got " + short_number(value));
    t.points.push_back({time, value * kind.scale});
  }
  validate_trace(t, file, "");
  return t;
}

Trace read_trace_csv(const std::string& path, const TraceKind& kind) {
  return parse_trace_csv(read_input_file(path), path, kind);
}

Trace read_trace(const JsonReader& r, const std::string& ptr, const TraceKind& kind, double period_s,
                 const std::function<std::string(const std::string&)>& resolve) {
  Trace t;
  const nlohmann::json& v = r.at(ptr);
  if (v.is_string()) {
    try {
      t = read_trace_csv(resolve(v.get<std::string>()), kind);
    } catch (const InputError& e) {
      r.fail(ptr, std::string("cannot use this trace: ") + e.what());
    }
  } else if (v.is_array()) {
    const size_t n = r.array_size(ptr, 1, 1000000);
    t.source = "inline";
    for (size_t i = 0; i < n; ++i) {
      const std::string pi = ptr + "/" + std::to_string(i);
      if (r.array_size(pi, 2, 2) != 2)
        r.fail(pi, "expected [time_s, value]");
      const double time = r.number(pi + "/0", {0, 1e9, "s"});
      const double value = r.number(pi + "/1", kind.range);
      t.points.push_back({time, value * kind.scale});
    }
  } else {
    r.fail(ptr, "expected a CSV file name or a list of [time_s, value] pairs, got " + echo_json(v));
  }
  t.period_s = period_s;
  validate_trace(t, r.file(), ptr);
  return t;
}

std::string trace_profile_text(const Trace& t) {
  std::string out;
  char buf[96];
  for (const TracePoint& p : t.points) {
    std::snprintf(buf, sizeof buf, "%.17g %.17g\n", p.time_s, p.value);
    out += buf;
  }
  return out;
}

} // namespace pipar
