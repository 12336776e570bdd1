// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Helpers for the workflow runtime tests: a trace of what ran, a probe that
// shows whether a coroutine frame was freed, and RunToCompletion, which
// drives one task as the only root of a fresh run.
//
//   Trace trace;
//   int live = 0;
//   Task<int> task = Work(trace, LifetimeProbe(live));
//   EXPECT_EQ(live, 1);                       // the probe sits in the frame
//   EXPECT_EQ(RunToCompletion(std::move(task)), 42);
//   EXPECT_EQ(live, 0);                       // the frame was freed
#ifndef TEMPORAL_TESTS_UNIT_WORKFLOW_WORKFLOW_TEST_SUPPORT_H_
#define TEMPORAL_TESTS_UNIT_WORKFLOW_WORKFLOW_TEST_SUPPORT_H_

#include <exception>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "temporal/workflow/deferred.h"
#include "temporal/workflow/internal/scheduler.h"
#include "temporal/workflow/task.h"

namespace temporal::workflow_test {

using Trace = std::vector<std::string>;

// LifetimeProbe: every instance alive adds one to `live`, so a probe passed
// by value to a coroutine (parameters live in the frame) tells whether the
// frame still exists.
class LifetimeProbe {
 public:
  explicit LifetimeProbe(int& live) : live_(&live) { ++*live_; }
  LifetimeProbe(const LifetimeProbe& other) : live_(other.live_) { ++*live_; }
  LifetimeProbe& operator=(const LifetimeProbe&) = delete;
  ~LifetimeProbe() { --*live_; }

 private:
  int* live_;
};

template <typename T>
Task<void> CaptureOutcome(Task<T> task, workflow_internal::Outcome<T>* outcome, bool* finished) {
  try {
    if constexpr (std::is_void_v<T>) {
      co_await std::move(task);
      outcome->SetStored(std::monostate{});
    } else if constexpr (std::is_reference_v<T>) {
      outcome->SetStored(&co_await std::move(task));
    } else {
      outcome->SetStored(co_await std::move(task));
    }
  } catch (...) {
    outcome->SetException(std::current_exception());
  }
  *finished = true;
}

// RunToCompletion runs `task` as the root of a fresh run until quiescent,
// then returns its result or rethrows its exception. Throws
// std::logic_error when the task is still waiting at that point.
template <typename T>
T RunToCompletion(Task<T> task) {
  workflow_internal::Scheduler scheduler;
  workflow_internal::Outcome<T> outcome;
  bool finished = false;
  scheduler.Spawn(CaptureOutcome(std::move(task), &outcome, &finished));
  scheduler.RunUntilQuiescent();
  if (!finished) throw std::logic_error("the task is still waiting when the run is quiescent");
  return outcome.Take();
}

}  // namespace temporal::workflow_test

#endif  // TEMPORAL_TESTS_UNIT_WORKFLOW_WORKFLOW_TEST_SUPPORT_H_
