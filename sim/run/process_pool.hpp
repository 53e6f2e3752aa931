// Runs tasks each in its own forked process, a few at a time. SimGrid allows one Engine per process,
// so every simulation of a sweep or of an exhaustive (P, N) search gets a fresh process. Children die with the parent
// (PR_SET_PDEATHSIG), so a killed sweep leaves no orphan that could still write a row.
#pragma once
#include <cstddef>
#include <functional>
#include <string>

namespace pipar {

struct PoolCallbacks {
  /// In the child: the task's work. Its return value travels back to the parent; an exception's
  /// message becomes the failure text.
  std::function<std::string(size_t task)> work;
  /// In the parent, as each task ends (in completion order): ok and the result or error text.
  std::function<void(size_t task, bool ok, const std::string& text)> done;
  /// In the parent, about four times a second while tasks run (progress display).
  std::function<void()> tick;
};

/// Runs work(0..n-1), at most `jobs` at once; returns when all have ended.
void run_in_processes(size_t n, int jobs, const PoolCallbacks& cb);

/// The machine's cores (at least 1): the default number of jobs.
int default_jobs();

} // namespace pipar
