#include "replay/gps_queue.hpp"

#include <algorithm>
#include <limits>

namespace pipar {

namespace {
constexpr auto heap_order = [](const auto& a, const auto& b) { return a.tag > b.tag || (a.tag == b.tag && a.seq > b.seq); };
} // namespace

GpsQueue::GpsQueue(int cores, double speed_per_core) : cores_(cores), speed_(speed_per_core) {}

double GpsQueue::rate() const {
  const auto n = static_cast<double>(heap_.size());
  return n <= cores_ ? speed_ : cores_ * speed_ / n;
}

void GpsQueue::advance(double now) {
  if (!heap_.empty())
    v_ += rate() * (now - t_);
  t_ = now;
}

void GpsQueue::arrive(double now, TaskId t, double work) {
  advance(now);
  heap_.push_back({v_ + work, seq_++, t});
  std::push_heap(heap_.begin(), heap_.end(), heap_order);
}

double GpsQueue::next_end() const {
  if (heap_.empty())
    return std::numeric_limits<double>::infinity();
  return t_ + std::max(0.0, heap_.front().tag - v_) / rate();
}

void GpsQueue::end_next(double when, std::vector<TaskId>& out) {
  // Snap the virtual clock to the tag that defined `when`: recomputing it from the rate could land
  // a rounding error short of the tag and schedule the same end again an ulp later.
  v_ = heap_.front().tag;
  t_ = when;
  while (!heap_.empty() && heap_.front().tag <= v_) {
    std::pop_heap(heap_.begin(), heap_.end(), heap_order);
    out.push_back(heap_.back().task);
    heap_.pop_back();
  }
}

} // namespace pipar
