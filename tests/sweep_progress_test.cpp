// Sweep progress: the status text (count, rate, time left) and the line mode for non-terminals.
#include "sweep/progress.hpp"

#include <catch2/catch.hpp>
#include <sstream>

using namespace pipar::sweep;

TEST_CASE("sweep: progress status gives count, rate and time left") {
  CHECK(Progress::status(0, 70, 0) == "0/70 runs  0.00 runs/s  ETA ?");
  CHECK(Progress::status(10, 70, 5) == "10/70 runs  2.00 runs/s  ETA 0:30");
  CHECK(Progress::status(1, 7201, 1) == "1/7201 runs  1.00 runs/s  ETA 2:00:00");
  CHECK(Progress::status(70, 70, 35) == "70/70 runs  2.00 runs/s  ETA 0:00");
}

TEST_CASE("sweep: without a terminal, one line per finished run, or none when quiet") {
  std::ostringstream lines, quiet;
  Progress p(lines, 2, false, false), q(quiet, 2, false, true);
  p.finished("a=1;scheduler=fl", true);
  p.finished("a=2;scheduler=fl", false);
  p.end();
  q.finished("a=1;scheduler=fl", true);
  q.end();
  CHECK(lines.str() == "sweep: 1/2 done a=1;scheduler=fl\nsweep: 2/2 FAILED a=2;scheduler=fl\n");
  CHECK(quiet.str().empty());
}
