// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WaitCondition: suspends a workflow coroutine until a predicate over
// workflow state becomes true.
//
//   temporal::Task<void> Order(State& state) {
//     co_await temporal::workflow::WaitCondition([&] { return state.approved; });
//     ...  // a signal handler set state.approved
//   }
//
// The predicate is not evaluated when the WaitCondition is awaited: the
// coroutine always suspends, and the run's scheduler evaluates the predicate
// only once no coroutine is ready (after everything an activation's jobs
// set off has run), conditions in the order they started waiting. So a
// predicate sees the state after all the signals and results of the
// activation were applied, in the same order on every replay. Its coroutine
// is made ready (it does not run inside the evaluation) when the predicate
// returns true, or when the predicate throws: the exception is rethrown at
// the co_await.
//
// Predicates must only read workflow state (no side effects): they may run
// any number of times.
//
// GCC 12: a lambda written inside the co_await that captures by value
// something with a destructor (a std::string) is destroyed twice by GCC 12,
// so there it does not compile (internal/await_temporaries.h). Capture by
// reference, or name the predicate first:
//   auto approved_by = [name] { return approvals.contains(name); };
//   co_await temporal::workflow::WaitCondition(approved_by);
#ifndef TEMPORAL_WORKFLOW_WAIT_CONDITION_H_
#define TEMPORAL_WORKFLOW_WAIT_CONDITION_H_

#include <concepts>
#include <coroutine>
#include <exception>
#include <functional>
#include <type_traits>
#include <utility>

#include "temporal/workflow/awaitable.h"
#include "temporal/workflow/internal/await_temporaries.h"
#include "temporal/workflow/intrusive_list.h"
#include "temporal/workflow/task.h"

namespace temporal::workflow_internal {

// ConditionWaiter: a coroutine waiting for a predicate, as the scheduler
// sees it.
class ConditionWaiter {
 public:
  ConditionWaiter(const ConditionWaiter&) = delete;
  ConditionWaiter& operator=(const ConditionWaiter&) = delete;

  // Check evaluates the predicate: true when it holds or threw (the
  // exception is kept for the waiter).
  bool Check() noexcept;
  TaskPromiseBase& waiter() const noexcept { return *waiter_; }

 protected:
  ConditionWaiter() = default;
  ~ConditionWaiter() = default;  // the link unlinks itself

  // Register enlists `waiter` with its run's scheduler; false (and an error
  // for Finish) when the waiter does not belong to a run.
  bool Register(TaskPromiseBase& waiter);
  // Finish rethrows what the predicate (or Register) threw.
  void Finish() const {
    if (error_) std::rethrow_exception(error_);
  }

 private:
  friend class Scheduler;
  virtual bool Evaluate() = 0;

  IntrusiveListNode<ConditionWaiter> link_{this};
  TaskPromiseBase* waiter_ = nullptr;
  std::exception_ptr error_;
};

}  // namespace temporal::workflow_internal

namespace temporal::workflow {

// WaitCondition: see the file comment. Usually a temporary in a co_await;
// it may be moved before it is awaited (for example into WhenAny).
template <std::predicate Predicate>
class [[nodiscard]] WaitCondition : public Awaitable, private workflow_internal::ConditionWaiter {
 public:
  template <typename P>
    requires std::constructible_from<Predicate, P&&>
  explicit WaitCondition(P&& predicate) : predicate_(std::forward<P>(predicate)) {
    workflow_internal::RejectInlineCallable<P>();
  }
  WaitCondition(WaitCondition&& other) noexcept(std::is_nothrow_move_constructible_v<Predicate>)
      : predicate_(std::move(other.predicate_)) {}
  WaitCondition& operator=(WaitCondition&&) = delete;

  bool await_ready() const noexcept { return false; }
  template <typename Promise>
    requires std::derived_from<Promise, workflow_internal::TaskPromiseBase>
  bool await_suspend(std::coroutine_handle<Promise> waiter) {
    return Register(waiter.promise());
  }
  void await_resume() const { Finish(); }

 private:
  bool Evaluate() override { return static_cast<bool>(std::invoke(predicate_)); }

  Predicate predicate_;
};

template <typename P>
WaitCondition(P&&) -> WaitCondition<std::decay_t<P>>;

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_WAIT_CONDITION_H_
