#include "sweep/progress.hpp"

#include <cstdio>

namespace pipar::sweep {

namespace {

std::string clock_text(double s) {
  const long t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

} // namespace

Progress::Progress(std::ostream& os, size_t total, bool tty, bool quiet)
    : os_(os), total_(total), tty_(tty), quiet_(quiet), start_(std::chrono::steady_clock::now()) {}

std::string Progress::status(size_t done, size_t total, double elapsed_s) {
  char buf[128];
  const double rate = elapsed_s > 0 ? static_cast<double>(done) / elapsed_s : 0;
  const std::string eta = done > 0 && rate > 0 ? clock_text(static_cast<double>(total - done) / rate) : "?";
  std::snprintf(buf, sizeof buf, "%zu/%zu runs  %.2f runs/s  ETA %s", done, total, rate, eta.c_str());
  return buf;
}

void Progress::draw() {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  constexpr size_t width = 30;
  const size_t fill = total_ ? done_ * width / total_ : width;
  os_ << "\r[" << std::string(fill, '#') << std::string(width - fill, '.') << "] " << status(done_, total_, elapsed);
  if (failed_)
    os_ << "  " << failed_ << " failed";
  os_ << "   " << std::flush;
}

void Progress::finished(const std::string& id, bool ok) {
  ++done_;
  failed_ += ok ? 0 : 1;
  if (tty_)
    draw();
  else if (!quiet_)
    os_ << "sweep: " << done_ << "/" << total_ << (ok ? " done " : " FAILED ") << id << '\n' << std::flush;
}

void Progress::tick() {
  if (tty_)
    draw();
}

void Progress::end() {
  if (tty_)
    os_ << '\n' << std::flush;
}

} // namespace pipar::sweep
