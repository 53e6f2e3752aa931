// Fair sharing of the server inside the SimGrid replay, by the GpsQueue instead of SimGrid's solver:
// a replica lane's actor enters its task in the queue and sleeps on its own semaphore; one SimGrid
// kernel timer stands at the queue's next end and wakes the lanes whose tasks end there. O(log n)
// per event where SimGrid re-shares every active execution. Used when the scenario needs SimGrid for
// its devices or links (traces, a shared NIC, the realistic network) but the server has no
// dynamics of its own; `--engine simgrid` (and load measurement, and --cfg flags) keep SimGrid's
// own executions on the server.
#pragma once
#include "replay/gps_queue.hpp"

#include <functional>
#include <vector>

namespace simgrid::kernel::timer {
class Timer;
}

namespace pipar {

class GpsServer {
public:
  /// wake(t): task t ended; release the semaphore its lane's actor sleeps on.
  GpsServer(int cores, double speed_per_core, std::function<void(TaskId)> wake);
  ~GpsServer();
  GpsServer(const GpsServer&) = delete;
  GpsServer& operator=(const GpsServer&) = delete;

  /// Called by a lane's actor at the current simulated time; the caller then sleeps until wake(t).
  void arrive(TaskId t, double work);

private:
  void reschedule();
  void on_timer(double when);

  GpsQueue queue_;
  std::function<void(TaskId)> wake_;
  simgrid::kernel::timer::Timer* timer_ = nullptr;
  std::vector<TaskId> ended_;
};

} // namespace pipar
