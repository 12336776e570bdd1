// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Deferred<T>: a result that something outside the waiting coroutine
// provides later. The replay core resolves one when a job arrives (a timer
// fired, an activity resolved); workflow code can also use one to hand a
// value from one of its coroutines to another.
//
//   temporal::workflow::Deferred<std::string> activity_result;
//
//   temporal::Task<void> Workflow(temporal::workflow::Deferred<std::string>& result) {
//     std::string value = co_await result;  // suspends until resolved
//   }
//
//   // Later, while applying an activation's jobs:
//   activity_result.Resolve("done");      // makes the waiter ready; it runs in
//                                         // the next Scheduler::RunUntilQuiescent
//   // or: activity_result.Reject(std::make_exception_ptr(temporal::ActivityError(...)));
//
// Resolving never runs the waiter inline: it joins the back of its run's
// ready queue, so the order in which jobs are applied is the order in which
// their waiters continue. A Deferred is resolved (or rejected) once and
// awaited once, by one coroutine at a time: the outcome moves to the waiter.
// Awaiting a Deferred that is already resolved does not suspend.
//
// Not copyable or movable: a waiting coroutine points at it. Destroying a
// Deferred that a coroutine waits for leaves that coroutine suspended until
// its run is torn down (as on eviction, where the order in which the runtime
// destroys its parts must not matter).
#ifndef TEMPORAL_WORKFLOW_DEFERRED_H_
#define TEMPORAL_WORKFLOW_DEFERRED_H_

#include <concepts>
#include <coroutine>
#include <exception>
#include <type_traits>
#include <utility>
#include <variant>

#include "temporal/workflow/awaitable.h"
#include "temporal/workflow/task.h"
#include "temporal/workflow/usage_error.h"

namespace temporal::workflow_internal {

// Outcome<T>: nothing yet, a value, or an exception; T may be void or a reference.
template <typename T>
class Outcome {
 public:
  using Stored = std::conditional_t<std::is_void_v<T>, std::monostate,
                                    std::conditional_t<std::is_reference_v<T>,
                                                       std::remove_reference_t<T>*, T>>;

  bool empty() const noexcept { return state_.index() == 0; }

  void SetStored(Stored stored) { state_.template emplace<1>(std::move(stored)); }
  void SetException(std::exception_ptr error) noexcept { state_.template emplace<2>(std::move(error)); }

  // Take rethrows the exception or moves the value out.
  T Take() {
    if (state_.index() == 2) std::rethrow_exception(std::get<2>(state_));
    if constexpr (std::is_reference_v<T>) {
      return *std::get<1>(state_);
    } else if constexpr (!std::is_void_v<T>) {
      return std::move(std::get<1>(state_));
    }
  }

 private:
  std::variant<std::monostate, Stored, std::exception_ptr> state_;
};

}  // namespace temporal::workflow_internal

namespace temporal::workflow {

// Deferred: see the file comment.
template <typename T = void>
class Deferred : public Awaitable {
  using Outcome = workflow_internal::Outcome<T>;
  // Resolve's parameter (unused for Deferred<void>, which resolves with no argument).
  using ValueParameter = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

 public:
  // Awaiter: what `co_await deferred` suspends on; it lives in the waiting
  // coroutine's frame and receives the outcome there, so the Deferred may
  // be destroyed as soon as it is resolved.
  class Awaiter {
   public:
    explicit Awaiter(Deferred& deferred) noexcept : deferred_(&deferred) {}
    Awaiter(const Awaiter&) = delete;
    Awaiter& operator=(const Awaiter&) = delete;
    ~Awaiter() {
      // Withdraws the wait when the waiting frame is destroyed first.
      if (deferred_ != nullptr && deferred_->waiter_ == this) deferred_->waiter_ = nullptr;
    }

    bool await_ready() {
      if (deferred_->taken_) {
        outcome_.SetException(std::make_exception_ptr(UsageError(
            "this Deferred was already awaited: its outcome goes to one co_await only")));
        return true;
      }
      if (!deferred_->settled_) return false;
      Take(std::move(deferred_->outcome_));
      return true;
    }

    template <typename Promise>
      requires std::derived_from<Promise, workflow_internal::TaskPromiseBase>
    bool await_suspend(std::coroutine_handle<Promise> waiter) {
      if (deferred_->waiter_ != nullptr) {
        outcome_.SetException(std::make_exception_ptr(UsageError(
            "two coroutines await the same Deferred; it has one outcome for one waiter")));
        return false;
      }
      if (waiter.promise().scheduler() == nullptr) {
        outcome_.SetException(std::make_exception_ptr(UsageError(
            "Deferred awaited outside a workflow run: only coroutines started by the run's "
            "scheduler (or awaited by one) can be woken")));
        return false;
      }
      waiting_ = &waiter.promise();
      deferred_->waiter_ = this;
      return true;
    }

    T await_resume() { return outcome_.Take(); }

   private:
    friend class Deferred;

    void Take(Outcome&& outcome) {
      outcome_ = std::move(outcome);
      deferred_->taken_ = true;
    }
    // Deliver: the Deferred was settled while this awaiter waited.
    void Deliver(Outcome&& outcome) {
      Take(std::move(outcome));
      deferred_->waiter_ = nullptr;
      waiting_->Wake();
    }

    Deferred* deferred_;
    workflow_internal::TaskPromiseBase* waiting_ = nullptr;
    Outcome outcome_;
  };

  Deferred() = default;
  Deferred(const Deferred&) = delete;
  Deferred& operator=(const Deferred&) = delete;
  ~Deferred() {
    if (waiter_ != nullptr) waiter_->deferred_ = nullptr;
  }

  // Resolve settles with a value (no argument for Deferred<void>) and makes
  // the waiter, if any, ready. Throws UsageError when already settled.
  void Resolve()
    requires std::is_void_v<T>
  {
    Outcome outcome;
    outcome.SetStored(std::monostate{});
    Settle(std::move(outcome));
  }
  void Resolve(ValueParameter value)
    requires(!std::is_void_v<T>)
  {
    Outcome outcome;
    if constexpr (std::is_reference_v<T>) {
      outcome.SetStored(&value);
    } else {
      outcome.SetStored(std::move(value));
    }
    Settle(std::move(outcome));
  }

  // Reject settles with an exception, rethrown at the co_await.
  void Reject(std::exception_ptr error) {
    Outcome outcome;
    outcome.SetException(std::move(error));
    Settle(std::move(outcome));
  }

  // settled: Resolve or Reject was called. waited_on: a coroutine is
  // suspended on it now.
  bool settled() const noexcept { return settled_; }
  bool waited_on() const noexcept { return waiter_ != nullptr; }

  Awaiter operator co_await() & noexcept { return Awaiter(*this); }

 private:
  void Settle(Outcome&& outcome) {
    if (settled_) throw UsageError("this Deferred was already resolved or rejected");
    settled_ = true;
    if (waiter_ != nullptr) {
      waiter_->Deliver(std::move(outcome));
    } else {
      outcome_ = std::move(outcome);
    }
  }

  Outcome outcome_;
  Awaiter* waiter_ = nullptr;
  bool settled_ = false;
  bool taken_ = false;
};

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_DEFERRED_H_
