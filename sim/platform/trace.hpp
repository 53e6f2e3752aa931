// A resource's value over time: a link's bandwidth (bytes/s) or a host's speed (fraction of its
// peak). Read from a CSV file of "time_s,value" lines or from a JSON list of [time_s, value] pairs,
// validated here; the SimGrid replay turns it into a ProfileBuilder profile (replay/platform.cpp).
// The critical-path evaluator ignores traces: it uses the nominal values.
#pragma once
#include "core/json_read.hpp"

#include <functional>
#include <string>
#include <vector>

namespace pipar {

struct TracePoint {
  double time_s = 0; ///< from the start of the simulation, s
  double value = 0;  ///< in the trace's unit (bytes/s or fraction of peak)
};

/// Before its first point a resource keeps its nominal value. With period_s > 0 the points repeat
/// every period_s seconds (a point at t also applies at t + period_s, t + 2 period_s, ...).
struct Trace {
  std::vector<TracePoint> points;
  double period_s = 0;
  std::string source; ///< the CSV file, or "inline"
};

/// What a trace holds, for validation and unit conversion: values read are checked against `range`
/// (in the file's unit) and multiplied by `scale` (e.g. Mbps -> bytes/s).
struct TraceKind {
  Range range;
  double scale = 1;
};

/// Parses CSV text: one "time_s,value" per line (comma, semicolon or blanks between), '#' starts a
/// comment, an optional header line of non-numbers. Times must be >= 0 and strictly increasing.
/// Errors name `file` and the line.
Trace parse_trace_csv(const std::string& text, const std::string& file, const TraceKind& kind);
Trace read_trace_csv(const std::string& path, const TraceKind& kind);

/// Reads the trace at JSON pointer `ptr`: a string (a CSV path, resolved by `resolve`) or a list of
/// [time_s, value] pairs. `period_s` (0 = not periodic) must exceed the last point's time.
Trace read_trace(const JsonReader& r, const std::string& ptr, const TraceKind& kind, double period_s,
                 const std::function<std::string(const std::string&)>& resolve);

/// The trace as text, one "time value" pair per line (values in SI), for SimGrid's ProfileBuilder.
std::string trace_profile_text(const Trace& t);

/// Checks times (>= 0, increasing) and the period; throws InputError(file, ptr, ...).
void validate_trace(const Trace& t, const std::string& file, const std::string& ptr);

} // namespace pipar
