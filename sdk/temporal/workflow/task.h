// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Task<T>: the coroutine type of workflow code.
//
//   temporal::Task<int> Add(int a, int b) { co_return a + b; }
//
//   temporal::Task<std::string> Greet(std::string name) {
//     int n = co_await Add(1, 2);  // Add runs now, inside this co_await
//     if (name.empty()) throw temporal::ApplicationError("no name", "InvalidName");
//     co_return name + " #" + std::to_string(n);
//   }
//
// - Lazy: calling Greet("x") only creates the coroutine; its body runs when
//   the Task is co_awaited or started by the run's scheduler. Discarding a
//   Task is a compile-time warning ([[nodiscard]]): a Task never awaited
//   never runs.
// - Move-only, and it owns its coroutine frame: destroying a Task that was
//   never awaited (or that is suspended) frees the frame and everything in it.
// - Awaiting transfers control symmetrically: the awaited task starts without
//   a nested call, and its final_suspend resumes the awaiting coroutine the
//   same way, so a loop of many synchronously completing co_awaits runs in
//   constant stack. GCC emits that transfer as a tail call only with sibling
//   call optimization, which temporal::workflow turns on for its users
//   (-foptimize-sibling-calls; see docs/adr/0006).
// - The result is the co_returned value or the exception that escaped the
//   body, rethrown at the co_await.
// - A Task is awaited (or started) once: a second co_await throws
//   temporal::workflow::UsageError. Keep the result, not the Task.
// - Inside a Task coroutine only SDK awaitables may be co_awaited (see
//   temporal/workflow/awaitable.h); anything else fails to compile.
// - Single-threaded by design: a workflow run is driven by one thread at a
//   time, so nothing here is atomic.
//
// Task<void> and Task<T&> are supported (Task<T&> returns a reference the
// caller must keep alive).
#ifndef TEMPORAL_WORKFLOW_TASK_H_
#define TEMPORAL_WORKFLOW_TASK_H_

#include <concepts>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "temporal/workflow/awaitable.h"
#include "temporal/workflow/intrusive_list.h"
#include "temporal/workflow/usage_error.h"

namespace temporal {

template <typename T = void>
class Task;

namespace workflow {
class CancellationScope;
}  // namespace workflow

}  // namespace temporal

namespace temporal::workflow_internal {

class Scheduler;
class TaskPromiseBase;

// The cancellation scope of the workflow coroutine running on this thread
// (null: the run's root scope). A coroutine sets it whenever it starts or
// resumes; see cancellation_scope.h. Defined in cancellation_scope.cc.
workflow::CancellationScope* RunningScope() noexcept;
void SetRunningScope(workflow::CancellationScope* scope) noexcept;
std::shared_ptr<workflow::CancellationScope> RunningScopeShared();

// TaskFinishListener: told when a task started by the scheduler (a root, or a
// child of WhenAll/WhenAny) finishes, since no coroutine awaits it.
class TaskFinishListener {
 public:
  virtual void OnTaskFinished(TaskPromiseBase& task) noexcept = 0;

 protected:
  ~TaskFinishListener() = default;
};

// AwaiterReference: a by-value awaiter that forwards to the awaiter named
// by a co_await operand (which outlives the suspension: it is either the
// caller's object or a temporary of the co_await's full-expression). GCC 12
// copies an awaiter that await_transform returns by reference, and SDK
// awaiters must stay where they are: they are linked into the scheduler.
template <typename Awaiter>
class AwaiterReference {
 public:
  explicit AwaiterReference(Awaiter& awaiter) noexcept : awaiter_(&awaiter) {}

  decltype(auto) await_ready() { return awaiter_->await_ready(); }
  template <typename Promise>
  decltype(auto) await_suspend(std::coroutine_handle<Promise> waiter) {
    return awaiter_->await_suspend(waiter);
  }
  decltype(auto) await_resume() { return awaiter_->await_resume(); }

 private:
  Awaiter* awaiter_;
};

// ResumeInScope: wraps the awaiter of every co_await in a Task coroutine so
// that, when the coroutine continues, the running scope is its own again.
// The awaiter is built in place by `make` (SDK awaiters may not move: they
// are linked into the scheduler while suspended).
template <typename Awaiter>
class ResumeInScope {
 public:
  template <typename Make>
  ResumeInScope(Make&& make, const std::shared_ptr<workflow::CancellationScope>& scope)
      : awaiter_(std::forward<Make>(make)()), scope_(&scope) {}
  ResumeInScope(const ResumeInScope&) = delete;
  ResumeInScope& operator=(const ResumeInScope&) = delete;

  decltype(auto) await_ready() { return awaiter_.await_ready(); }
  template <typename Promise>
  decltype(auto) await_suspend(std::coroutine_handle<Promise> waiter) {
    return awaiter_.await_suspend(waiter);
  }
  decltype(auto) await_resume() {
    SetRunningScope(scope_->get());
    return awaiter_.await_resume();
  }

 private:
  Awaiter awaiter_;
  const std::shared_ptr<workflow::CancellationScope>* scope_;
};

// TaskPromiseBase: the part of every Task's promise that does not depend on
// T: how the coroutine starts, finishes, is scheduled, and what it may await.
// SDK awaitables receive it (as the awaiting coroutine's promise) in
// await_suspend and call Wake() on it later to make the coroutine ready.
class TaskPromiseBase {
 public:
  TaskPromiseBase() = default;
  TaskPromiseBase(const TaskPromiseBase&) = delete;
  TaskPromiseBase& operator=(const TaskPromiseBase&) = delete;

  // Lazy: the body runs when the task is awaited or started, in its scope.
  auto initial_suspend() noexcept {
    struct InitialAwaiter {
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<>) const noexcept {}
      void await_resume() const noexcept { SetRunningScope(promise->scope_.get()); }
      TaskPromiseBase* promise;
    };
    return InitialAwaiter{this};
  }

  // Symmetric transfer back to whoever waits for the result.
  auto final_suspend() noexcept {
    struct FinalAwaiter {
      bool await_ready() const noexcept { return false; }
      std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
        return promise->OnFinalSuspend();
      }
      void await_resume() const noexcept {}
      TaskPromiseBase* promise;
    };
    return FinalAwaiter{this};
  }

  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  // await_transform is the determinism gate: every co_await in a workflow
  // coroutine passes through it, and only SDK awaitables get through.
  template <typename Expression>
  auto await_transform(Expression&& expression) {
    if constexpr (workflow::SdkAwaitable<Expression>) {
      if constexpr (requires { std::forward<Expression>(expression).operator co_await(); }) {
        using Awaiter = decltype(std::forward<Expression>(expression).operator co_await());
        return ResumeInScope<Awaiter>(
            [&expression]() -> Awaiter { return std::forward<Expression>(expression).operator co_await(); },
            scope_);
      } else {
        using Awaiter = AwaiterReference<std::remove_reference_t<Expression>>;
        return ResumeInScope<Awaiter>([&expression] { return Awaiter(expression); }, scope_);
      }
    } else {
      static_assert(workflow::SdkAwaitable<Expression>,
                    "Only SDK awaitables may be co_awaited in workflow code: temporal::Task and "
                    "types derived from temporal::workflow::Awaitable (Deferred, WaitCondition, "
                    "WhenAll, WhenAny, timers, activities). Workflows must be deterministic, and "
                    "any other awaitable (std::future, an executor, a socket, "
                    "std::suspend_always) could resume the workflow at a time or in an order "
                    "that replaying its history cannot reproduce.");
      // Keeps the compiler from piling further errors on top of the one above.
      return std::suspend_never{};
    }
  }

  // Wake makes this (suspended) coroutine ready on its run's scheduler; it
  // runs later, in FIFO order, never inside Wake. Throws UsageError when the
  // coroutine does not belong to a workflow run. Defined in scheduler.cc.
  void Wake();

  // The run this coroutine belongs to, or nullptr when it is not driven by
  // a scheduler (then awaiting SDK awaitables that need one fails).
  Scheduler* scheduler() const noexcept { return scheduler_; }

  std::coroutine_handle<> handle() const noexcept { return handle_; }
  const std::exception_ptr& exception() const noexcept { return exception_; }

  // MarkStarted records that the task was awaited or started; it throws
  // UsageError the second time, because a task runs once.
  void MarkStarted() {
    if (started_) {
      throw workflow::UsageError(
          "this temporal::Task was already awaited or started: a Task runs once and its result "
          "can be taken once; keep the result (or use WhenAll/WhenAny), not the Task");
    }
    started_ = true;
  }

  // ResumeWhenDone: when this task finishes, control transfers to `awaiting`,
  // and SDK awaitables inside it use the awaiting coroutine's run.
  void ResumeWhenDone(std::coroutine_handle<> awaiting, Scheduler* scheduler) noexcept {
    continuation_ = awaiting;
    scheduler_ = scheduler;
  }

  // BindScope: the task runs in `scope` instead of the scope of whoever
  // starts it (null: not bound; the root scope if it stays so). Only before
  // it starts.
  void BindScope(std::shared_ptr<workflow::CancellationScope> scope) noexcept { scope_ = std::move(scope); }
  const std::shared_ptr<workflow::CancellationScope>& scope() const noexcept { return scope_; }

  // NotifyWhenDone: the task is started by `scheduler` (not awaited); when it
  // finishes, `listener` is told.
  void NotifyWhenDone(Scheduler& scheduler, TaskFinishListener& listener) noexcept {
    scheduler_ = &scheduler;
    listener_ = &listener;
  }

 protected:
  void set_handle(std::coroutine_handle<> handle) noexcept { handle_ = handle; }
  void RethrowIfFailed() const {
    if (exception_) std::rethrow_exception(exception_);
  }

 private:
  friend class Scheduler;

  std::coroutine_handle<> OnFinalSuspend() noexcept {
    if (continuation_) return continuation_;
    if (listener_ != nullptr) listener_->OnTaskFinished(*this);
    return std::noop_coroutine();
  }

  std::coroutine_handle<> handle_;
  std::coroutine_handle<> continuation_;
  TaskFinishListener* listener_ = nullptr;
  Scheduler* scheduler_ = nullptr;
  std::exception_ptr exception_;
  std::shared_ptr<workflow::CancellationScope> scope_;
  bool started_ = false;
  // In the scheduler's ready queue while ready.
  IntrusiveListNode<TaskPromiseBase> ready_link_{this};
  // In the scheduler's list of roots while it owns this task.
  IntrusiveListNode<TaskPromiseBase> root_link_{this};
};

// TaskPromise<T>: adds where the result is kept.
template <typename T>
class TaskPromise final : public TaskPromiseBase {
 public:
  Task<T> get_return_object() noexcept;
  void return_value(T value) noexcept(std::is_nothrow_move_constructible_v<T>) {
    value_.emplace(std::move(value));
  }
  // TakeResult rethrows the body's exception or moves the value out.
  T TakeResult() {
    RethrowIfFailed();
    return std::move(*value_);
  }

 private:
  std::optional<T> value_;
};

template <typename T>
class TaskPromise<T&> final : public TaskPromiseBase {
 public:
  Task<T&> get_return_object() noexcept;
  void return_value(T& value) noexcept { value_ = &value; }
  T& TakeResult() {
    RethrowIfFailed();
    return *value_;
  }

 private:
  T* value_ = nullptr;
};

template <>
class TaskPromise<void> final : public TaskPromiseBase {
 public:
  Task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void TakeResult() { RethrowIfFailed(); }
};

// TaskAwaiter: what `co_await task` suspends on.
template <typename T>
class TaskAwaiter {
 public:
  explicit TaskAwaiter(std::coroutine_handle<TaskPromise<T>> task) noexcept : task_(task) {}

  bool await_ready() const noexcept { return false; }

  template <typename AwaitingPromise>
  std::coroutine_handle<> await_suspend(std::coroutine_handle<AwaitingPromise> awaiting) noexcept {
    Scheduler* scheduler = nullptr;
    if constexpr (std::is_base_of_v<TaskPromiseBase, AwaitingPromise>) {
      scheduler = awaiting.promise().scheduler();
      // Unless it was given a scope, a task runs in its awaiter's.
      if (!task_.promise().scope()) task_.promise().BindScope(awaiting.promise().scope());
    }
    task_.promise().ResumeWhenDone(awaiting, scheduler);
    return task_;  // symmetric transfer: start the task without nesting a call
  }

  T await_resume() { return task_.promise().TakeResult(); }

 private:
  std::coroutine_handle<TaskPromise<T>> task_;
};

// TaskAccess: what the scheduler and the combinators need from a Task.
struct TaskAccess {
  template <typename T>
  static TaskPromise<T>& Promise(Task<T>& task);
  // Release gives up ownership of the frame; the caller destroys it.
  template <typename T>
  static std::coroutine_handle<TaskPromise<T>> Release(Task<T>& task) noexcept;
};

template <typename T>
struct IsTask : std::false_type {};
template <typename T>
struct IsTask<Task<T>> : std::true_type {};

}  // namespace temporal::workflow_internal

namespace temporal {

// Task: see the file comment.
template <typename T>
class [[nodiscard]] Task : public workflow::Awaitable {
 public:
  using promise_type = workflow_internal::TaskPromise<T>;

  // An empty task (like a moved-from one): owns nothing, cannot be awaited.
  Task() noexcept = default;
  Task(Task&& other) noexcept : coroutine_(std::exchange(other.coroutine_, nullptr)) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      Destroy();
      coroutine_ = std::exchange(other.coroutine_, nullptr);
    }
    return *this;
  }
  ~Task() { Destroy(); }

  // valid: this task owns a coroutine.
  bool valid() const noexcept { return static_cast<bool>(coroutine_); }

  // co_await runs the task and yields its result (or rethrows its
  // exception). Throws UsageError for an empty task or a second await.
  workflow_internal::TaskAwaiter<T> operator co_await() {
    if (!coroutine_) {
      throw workflow::UsageError(
          "co_await on an empty temporal::Task (default-constructed or moved from)");
    }
    coroutine_.promise().MarkStarted();
    return workflow_internal::TaskAwaiter<T>(coroutine_);
  }

 private:
  friend promise_type;
  friend struct workflow_internal::TaskAccess;

  explicit Task(std::coroutine_handle<promise_type> coroutine) noexcept : coroutine_(coroutine) {}

  void Destroy() noexcept {
    if (coroutine_) std::exchange(coroutine_, nullptr).destroy();
  }

  std::coroutine_handle<promise_type> coroutine_;
};

}  // namespace temporal

namespace temporal::workflow_internal {

template <typename T>
Task<T> TaskPromise<T>::get_return_object() noexcept {
  auto handle = std::coroutine_handle<TaskPromise>::from_promise(*this);
  set_handle(handle);
  return Task<T>(handle);
}

template <typename T>
Task<T&> TaskPromise<T&>::get_return_object() noexcept {
  auto handle = std::coroutine_handle<TaskPromise>::from_promise(*this);
  set_handle(handle);
  return Task<T&>(handle);
}

inline Task<void> TaskPromise<void>::get_return_object() noexcept {
  auto handle = std::coroutine_handle<TaskPromise>::from_promise(*this);
  set_handle(handle);
  return Task<void>(handle);
}

template <typename T>
TaskPromise<T>& TaskAccess::Promise(Task<T>& task) {
  if (!task.coroutine_) {
    throw workflow::UsageError("an empty temporal::Task (default-constructed or moved from) "
                               "cannot be started");
  }
  return task.coroutine_.promise();
}

template <typename T>
std::coroutine_handle<TaskPromise<T>> TaskAccess::Release(Task<T>& task) noexcept {
  return std::exchange(task.coroutine_, nullptr);
}

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_TASK_H_
