#include "sweep/grid.hpp"

#include "core/error.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

namespace pipar::sweep {

namespace {

constexpr size_t kMaxValues = 1000000; ///< per axis: more is certainly a typo

[[noreturn]] void bad(const std::string& spec, const std::string& why) {
  throw InputError("--grid", "", "bad values \"" + spec + "\": " + why);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const auto at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos)
      return out;
    start = at + 1;
  }
}

bool to_number(const std::string& text, double& v) {
  if (text.empty())
    return false;
  char* end = nullptr;
  v = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(v);
}

/// `A:B:xF` or `A:B:+S`, appended to `out`.
void expand_range(const std::string& item, std::vector<std::string>& out) {
  const auto parts = split(item, ':');
  if (parts.size() != 3)
    bad(item, "a range is START:END:xFACTOR or START:END:+STEP");
  double a = 0, b = 0, step = 0;
  if (!to_number(parts[0], a) || !to_number(parts[1], b))
    bad(item, "START and END of a range must be numbers");
  const std::string& st = parts[2];
  if (st.size() < 2 || (st[0] != 'x' && st[0] != '+') || !to_number(st.substr(1), step))
    bad(item, "the step of a range is xFACTOR (geometric) or +STEP (arithmetic), e.g. 1:64:x2 or 1:100:+10");
  if (a > b)
    bad(item, "START must not exceed END");
  const bool geometric = st[0] == 'x';
  if (geometric && !(step > 1))
    bad(item, "a geometric FACTOR must be greater than 1");
  if (geometric && !(a > 0))
    bad(item, "a geometric range must start above 0");
  if (!geometric && !(step > 0))
    bad(item, "an arithmetic STEP must be greater than 0");
  const double count = geometric ? std::log(b / a) / std::log(step) + 1 : (b - a) / step + 1;
  if (count > static_cast<double>(kMaxValues))
    bad(item, "more than " + std::to_string(kMaxValues) + " values");
  const double limit = b + std::fabs(b) * 1e-9;
  for (size_t k = 0;; ++k) {
    // From the start each time, so no rounding error accumulates.
    double v = geometric ? a * std::pow(step, static_cast<double>(k)) : a + step * static_cast<double>(k);
    if (v > limit)
      break;
    if (std::fabs(v - b) <= std::fabs(b) * 1e-9)
      v = b;
    if (out.size() >= kMaxValues)
      bad(item, "more than " + std::to_string(kMaxValues) + " values");
    out.push_back(format_number(v));
  }
}

} // namespace

std::string format_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::vector<std::string> parse_values(const std::string& spec) {
  if (spec.empty())
    bad(spec, "no values");
  std::vector<std::string> out;
  for (std::string item : split(spec, ',')) {
    // " 1, 2" is 1 and 2: blanks around a value are not part of it.
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty())
      bad(spec, "empty value (two commas in a row, or a trailing comma)");
    if (item.find_first_of("\";\n\r") != std::string::npos)
      bad(spec, "a value must not contain '\"', ';' or a line break");
    if (item.find(':') != std::string::npos)
      expand_range(item, out);
    else
      out.push_back(item);
  }
  std::set<std::string> seen; // numbers by value: 1 and 1.0 are the same run
  for (const auto& v : out) {
    double x = 0;
    if (!seen.insert(to_number(v, x) ? format_number(x) : v).second)
      bad(spec, "value " + v + " appears twice");
  }
  return out;
}

GridAxis parse_axis(const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos)
    throw InputError("--grid", "", "expected key.path=values, got \"" + assignment + "\"");
  GridAxis a;
  a.key = assignment.substr(0, eq);
  if (a.key.empty() || a.key.find_first_of(",;\" ") != std::string::npos || a.key.front() == '.' ||
      a.key.back() == '.' || a.key.find("..") != std::string::npos)
    throw InputError("--grid", "", "bad key \"" + a.key + "\" in \"" + assignment + "\" (expected e.g. devices.count)");
  if (a.key == "schedulers" || a.key.rfind("schedulers.", 0) == 0)
    throw InputError("--grid", "", "use --schedulers to sweep schedulers, not --grid schedulers=...");
  a.values = parse_values(assignment.substr(eq + 1));
  return a;
}

std::vector<GridPoint> expand(const std::vector<GridAxis>& axes, const std::vector<std::string>& schedulers) {
  // A checked product: a count beyond max_sweep_runs is refused before it can wrap or allocate.
  std::string shape;
  for (const auto& a : axes)
    shape += std::to_string(a.values.size()) + " x ";
  shape += std::to_string(schedulers.size()) + " scheduler(s)";
  size_t runs = 1;
  const auto times = [&](size_t factor) {
    if (factor != 0 && runs > max_sweep_runs / factor)
      throw InputError("--grid", "", "the sweep has more than " + std::to_string(max_sweep_runs) + " runs (" + shape +
                                         "); split it into several sweeps");
    runs *= factor;
  };
  size_t assignments = 1;
  for (const auto& a : axes) {
    times(a.values.size());
    assignments *= a.values.size();
  }
  times(schedulers.size());
  std::vector<GridPoint> out;
  out.reserve(assignments * schedulers.size());
  std::vector<size_t> idx(axes.size(), 0);
  for (size_t n = 0; n < assignments; ++n) {
    GridPoint p;
    for (size_t i = 0; i < axes.size(); ++i)
      p.values.push_back(axes[i].values[idx[i]]);
    for (const auto& s : schedulers) {
      p.scheduler = s;
      out.push_back(p);
    }
    // Odometer: the last axis turns fastest.
    for (size_t i = axes.size(); i-- > 0;) {
      if (++idx[i] < axes[i].values.size())
        break;
      idx[i] = 0;
    }
  }
  return out;
}

std::vector<std::string> point_sets(const std::vector<GridAxis>& axes, const GridPoint& p) {
  std::vector<std::string> sets;
  for (size_t i = 0; i < axes.size(); ++i)
    sets.push_back(axes[i].key + "=" + p.values[i]);
  return sets;
}

std::string point_id(const std::vector<GridAxis>& axes, const GridPoint& p) {
  std::string id;
  for (size_t i = 0; i < axes.size(); ++i)
    id += axes[i].key + "=" + p.values[i] + ";";
  return id + "scheduler=" + p.scheduler;
}

} // namespace pipar::sweep
