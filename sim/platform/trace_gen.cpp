#include "platform/trace_gen.hpp"

#include "core/text.hpp"

#include <cmath>
#include <cstdio>
#include <random>

namespace pipar {

namespace {

[[noreturn]] void bad(const std::string& option, const std::string& what) { throw InputError("trace-gen", option, what); }

/// The largest value a trace may hold: a bandwidth trace's 1e6 Mbps (a speed trace's values are <= 1).
constexpr double max_value = 1e6;

std::string got(double v) { return ", got " + short_number(v); }

/// Uniform in [0, 1) from the top 53 bits of one 64-bit draw (std::uniform_real_distribution's
/// algorithm is implementation-defined; this is not).
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

double reflect(double v, double lo, double hi) {
  for (int i = 0; i < 4 && (v < lo || v > hi); ++i)
    v = v < lo ? 2 * lo - v : 2 * hi - v;
  return std::min(hi, std::max(lo, v));
}

} // namespace

std::vector<TracePoint> generate_trace(const TraceGenOptions& o) {
  if (!(o.interval_s > 0) || !std::isfinite(o.interval_s))
    bad("--interval", "expected a number > 0 s" + got(o.interval_s));
  if (!(o.duration_s >= o.interval_s) || !(o.duration_s <= 1e9))
    bad("--duration", "expected a number in [interval, 1e9] s" + got(o.duration_s));
  if (o.duration_s / o.interval_s > 1e7)
    bad("--interval", "more than 1e7 points; use a longer interval");
  const auto n = static_cast<size_t>(std::ceil(o.duration_s / o.interval_s - 1e-9));
  std::vector<TracePoint> out;
  if (o.kind == "step") {
    if (o.levels.empty())
      bad("--levels", "expected at least one value, e.g. --levels 10,2");
    for (double v : o.levels)
      if (!(v > 0) || !(v <= max_value))
        bad("--levels", "expected values in (0, 1e6] (Mbps; fractions in (0, 1] for a speed trace)" + got(v));
    for (size_t i = 0; i < n; ++i)
      out.push_back({static_cast<double>(i) * o.interval_s, o.levels[i % o.levels.size()]});
  } else if (o.kind == "random-walk") {
    if (!(o.min > 0) || !(o.max >= o.min) || !(o.max <= max_value))
      bad("--min/--max", "expected 0 < min <= max <= 1e6 (Mbps; fractions in (0, 1] for a speed trace), got " +
                             short_number(o.min) + " and " + short_number(o.max));
    if (!(o.start >= o.min && o.start <= o.max))
      bad("--start", "expected a value in [min, max] = [" + short_number(o.min) + ", " + short_number(o.max) + "]" +
                         got(o.start));
    if (!(o.max_change >= 0) || !std::isfinite(o.max_change))
      bad("--max-change", "expected a number >= 0" + got(o.max_change));
    std::mt19937_64 rng(o.seed);
    double v = o.start;
    for (size_t i = 0; i < n; ++i) {
      out.push_back({static_cast<double>(i) * o.interval_s, v});
      v = reflect(v + o.max_change * (2 * uniform01(rng) - 1), o.min, o.max);
    }
  } else {
    bad("--kind", "unknown kind \"" + o.kind + "\"; valid values are: random-walk, step");
  }
  return out;
}

std::string trace_csv(const std::vector<TracePoint>& points) {
  std::string s = "time_s,value\n";
  char buf[80];
  for (const auto& p : points) {
    std::snprintf(buf, sizeof buf, "%.10g,%.10g\n", p.time_s, p.value);
    s += buf;
  }
  return s;
}

} // namespace pipar
