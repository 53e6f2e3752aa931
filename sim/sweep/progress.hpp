// Progress of a sweep on stderr: on a terminal, one bar redrawn in place with the count, the rate
// and the time left; otherwise one line per finished run (or nothing when quiet).
#pragma once
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace pipar::sweep {

class Progress {
public:
  /// `total` runs to do in this session; `tty` selects the bar; `quiet` silences line mode.
  Progress(std::ostream& os, size_t total, bool tty, bool quiet);
  void finished(const std::string& id, bool ok);
  void tick();
  void end();
  /// "12/70 runs  1.30 runs/s  ETA 0:44" for `done` of `total` after `elapsed_s` seconds.
  static std::string status(size_t done, size_t total, double elapsed_s);

private:
  void draw();
  std::ostream& os_;
  size_t total_, done_ = 0, failed_ = 0;
  bool tty_, quiet_;
  std::chrono::steady_clock::time_point start_;
};

} // namespace pipar::sweep
