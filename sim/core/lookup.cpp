#include "core/lookup.hpp"

#include <system_error>

#ifndef PIPAR_DATA_DIR
#define PIPAR_DATA_DIR ""
#endif

namespace pipar {

namespace fs = std::filesystem;

namespace {
/// Two spellings of one folder count once (compared after resolving what exists).
bool same_dir(const fs::path& a, const fs::path& b) {
  std::error_code ea, eb;
  const fs::path ca = fs::weakly_canonical(a.empty() ? fs::path(".") : a, ea);
  const fs::path cb = fs::weakly_canonical(b.empty() ? fs::path(".") : b, eb);
  return !ea && !eb && ca == cb;
}

void add_unique(std::vector<fs::path>& dirs, const fs::path& d) {
  for (const auto& x : dirs)
    if (same_dir(x, d))
      return;
  dirs.push_back(d);
}
} // namespace

std::vector<fs::path> data_dirs() {
  std::vector<fs::path> out;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec && exe.has_parent_path())
    add_unique(out, exe.parent_path().parent_path());
  const std::string src = PIPAR_DATA_DIR;
  if (!src.empty())
    add_unique(out, fs::path(src));
  return out;
}

std::vector<fs::path> with_default_dirs(std::vector<fs::path> dirs) {
  std::vector<fs::path> out;
  for (const auto& d : dirs)
    add_unique(out, d);
  add_unique(out, fs::path());
  for (const auto& d : data_dirs())
    add_unique(out, d);
  return out;
}

std::vector<fs::path> search_dirs(const std::string& naming_file) {
  const fs::path dir = fs::path(naming_file).parent_path();
  return with_default_dirs({dir, dir / ".."});
}

fs::path find_input(const std::string& p, const std::vector<fs::path>& dirs,
                    const std::function<bool(const fs::path&)>& accept) {
  const auto ok = [&](const fs::path& c) {
    std::error_code ec;
    return fs::exists(c, ec) && (!accept || accept(c));
  };
  if (fs::path(p).is_absolute())
    return ok(p) ? fs::path(p) : fs::path();
  for (const auto& d : dirs) {
    const fs::path candidate = d / p;
    if (ok(candidate))
      return candidate;
  }
  return {};
}

std::string searched_text(const std::vector<fs::path>& dirs) {
  std::string s = "looked in: ";
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  for (size_t i = 0; i < dirs.size(); ++i) {
    if (i)
      s += ", ";
    const fs::path abs = (dirs[i].is_absolute() ? dirs[i] : cwd / dirs[i]).lexically_normal();
    std::string text = abs.string();
    if (text.size() > 1 && text.back() == '/')
      text.pop_back();
    s += text;
    if (!ec && same_dir(dirs[i], cwd))
      s += " (the working directory)";
  }
  return s;
}

} // namespace pipar
