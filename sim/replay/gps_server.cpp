#include "replay/gps_server.hpp"

#include <simgrid/kernel/Timer.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/simix.hpp>

namespace pipar {

GpsServer::GpsServer(int cores, double speed_per_core, std::function<void(TaskId)> wake)
    : queue_(cores, speed_per_core), wake_(std::move(wake)) {}

GpsServer::~GpsServer() {
  if (timer_)
    timer_->remove();
}

void GpsServer::arrive(TaskId t, double work) {
  // The timer heap is kernel state: touch it from maestro, through a simcall.
  simgrid::kernel::actor::simcall_answered([this, t, work] {
    queue_.arrive(simgrid::s4u::Engine::get_clock(), t, work);
    reschedule();
  });
}

/// One timer at a time, at the queue's next end: an arrival moves it (every share changes).
void GpsServer::reschedule() {
  if (timer_)
    timer_->remove();
  timer_ = nullptr;
  if (queue_.empty())
    return;
  const double when = queue_.next_end();
  timer_ = simgrid::kernel::timer::Timer::set(when, [this, when] { on_timer(when); });
}

/// In maestro: end the tasks due at `when`, wake their lanes, set the next timer.
void GpsServer::on_timer(double when) {
  timer_ = nullptr; // SimGrid deletes a timer once it has fired
  ended_.clear();
  queue_.end_next(when, ended_);
  for (TaskId t : ended_)
    wake_(t);
  reschedule();
}

} // namespace pipar
