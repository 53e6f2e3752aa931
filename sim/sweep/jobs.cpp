#include "sweep/jobs.hpp"

#include "core/error.hpp"

#include <filesystem>

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

std::string self_contained_set(const std::string& assignment) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos)
    return assignment;
  const std::string key = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  const std::string last = key.substr(key.find_last_of('.') == std::string::npos ? 0 : key.find_last_of('.') + 1);
  const bool names_file = last == "profile" || last == "platform" || last == "device_classes" || last == "networks" ||
                          last == "trace" || (last.size() > 6 && last.compare(last.size() - 6, 6, "_trace") == 0);
  std::error_code ec;
  if (!names_file || value.empty() || std::filesystem::path(value).is_absolute() ||
      !std::filesystem::is_regular_file(value, ec))
    return assignment;
  return key + "=" + std::filesystem::absolute(value).lexically_normal().string();
}

namespace {
namespace fs = std::filesystem;

/// Absolute, symbolic links of the existing part resolved, no trailing '/'.
fs::path resolved(const std::string& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(fs::absolute(p), ec);
  if (ec)
    r = fs::absolute(p);
  r = r.lexically_normal();
  return r.has_filename() || r == r.root_path() ? r : r.parent_path();
}

/// `inner` is `outer` or lies inside it.
bool within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (auto o = outer.begin(); o != outer.end(); ++o, ++i)
    if (i == inner.end() || *i != *o)
      return false;
  return true;
}
} // namespace

void check_jobs_file(const std::string& jobs_file, const std::string& out) {
  const fs::path jobs = resolved(jobs_file), dir = resolved(out);
  std::string why;
  if (jobs == dir)
    why = "is the --out folder, where the jobs write their results (points/pNN)";
  else if (within(dir, jobs))
    why = "lies above --out \"" + out + "\": a file there leaves the jobs no folder to write their results in";
  else if (within(jobs, dir / "points"))
    why = "lies in --out's points folder, where the jobs write their results (" + (dir / "points").string() + "/pNN)";
  else if (jobs == dir / "runs.csv")
    why = "is --out's runs.csv, which the merge of the jobs writes";
  if (!why.empty())
    throw InputError("--emit-jobs", "", "\"" + jobs_file + "\" " + why + "; write the jobs file elsewhere, e.g. " +
                                            (dir / "jobs.txt").string());
}

std::string job_lines(const JobContext& ctx, const std::vector<GridAxis>& axes, const std::vector<GridPoint>& points) {
  std::string out;
  for (size_t i = 0; i < points.size(); ++i) {
    std::string line = shell_quote(ctx.binary) + " run " + shell_quote(ctx.scenario) + " --schedulers " +
                       shell_quote(points[i].scheduler);
    for (const auto& s : ctx.sets)
      line += " --set " + shell_quote(self_contained_set(s));
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
