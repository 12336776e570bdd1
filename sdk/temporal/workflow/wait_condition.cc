// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/wait_condition.h"

#include "temporal/workflow/internal/scheduler.h"
#include "temporal/workflow/usage_error.h"

namespace temporal::workflow_internal {

bool ConditionWaiter::Check() noexcept {
  try {
    return Evaluate();
  } catch (...) {
    // The waiter sees the predicate's exception at its co_await: the same
    // place, on every replay, as if the predicate had been called there.
    error_ = std::current_exception();
    return true;
  }
}

bool ConditionWaiter::Register(TaskPromiseBase& waiter) {
  Scheduler* scheduler = waiter.scheduler();
  if (scheduler == nullptr) {
    error_ = std::make_exception_ptr(workflow::UsageError(
        "WaitCondition awaited outside a workflow run: only coroutines started by the run's "
        "scheduler (or awaited by one) can wait for conditions"));
    return false;  // resume at once; await_resume rethrows
  }
  waiter_ = &waiter;
  error_ = nullptr;
  scheduler->AddCondition(*this);
  return true;
}

}  // namespace temporal::workflow_internal
