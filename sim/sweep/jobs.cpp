#include "sweep/jobs.hpp"

namespace pipar::sweep {

std::string shell_quote(const std::string& s) {
  const bool safe = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                      "0123456789_-+=.,/:@%") == std::string::npos;
  if (safe)
    return s;
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string point_folder(size_t index, size_t total) {
  const std::string n = std::to_string(index + 1);
  const size_t width = std::to_string(total).size();
  return "p" + std::string(width > n.size() ? width - n.size() : 0, '0') + n;
}

std::string job_lines(const JobContext& ctx, const std::vector<GridAxis>& axes, const std::vector<GridPoint>& points) {
  std::string out;
  for (size_t i = 0; i < points.size(); ++i) {
    std::string line = shell_quote(ctx.binary) + " run " + shell_quote(ctx.scenario) + " --schedulers " +
                       shell_quote(points[i].scheduler);
    for (const auto& s : ctx.sets)
      line += " --set " + shell_quote(s);
    for (const auto& s : point_sets(axes, points[i])) // --set too, and the point and grid.* columns
      line += " --grid-point " + shell_quote(s);
    for (const auto& e : ctx.extra)
      line += " " + shell_quote(e);
    line += " --out " + shell_quote(ctx.out + "/points/" + point_folder(i, points.size()));
    out += line + "\n";
  }
  return out;
}

} // namespace pipar::sweep
