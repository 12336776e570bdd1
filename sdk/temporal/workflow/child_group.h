// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// ChildGroup and AsTask: the machinery under WhenAll and WhenAny. Internal
// to the SDK; it sits beside the public headers only because their
// templates use it.
//
//   // Inside a combinator coroutine:
//   ChildGroup group(ChildGroup::Rule::kFirstFinished, 2);
//   auto first = group.Adopt(task_a);    // the group owns the frames now
//   auto second = group.Adopt(task_b);
//   co_await group;                      // both start on the run's scheduler, in order
//   group.RethrowFailure();
//   std::size_t winner = group.decider();
//
// The children are started by making them ready on the awaiting
// coroutine's scheduler, in argument order, so they interleave with the
// rest of the run in FIFO order like any other coroutine. Each child runs
// in a cancellation scope of its own, nested in the parent's. The group is
// decided by the first child to finish (kFirstFinished), or by the first
// child to fail or the last to succeed (kAllSucceededOrFirstFailure). At
// that moment the children still unfinished are destroyed, never to run
// again, their scopes are canceled (so the timers, activities and child
// workflows they started do not go on without anyone waiting for them),
// and the parent is made ready.
#ifndef TEMPORAL_WORKFLOW_CHILD_GROUP_H_
#define TEMPORAL_WORKFLOW_CHILD_GROUP_H_

#include <concepts>
#include <coroutine>
#include <cstddef>
#include <exception>
#include <functional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "temporal/workflow/awaitable.h"
#include "temporal/workflow/cancellation_scope.h"
#include "temporal/workflow/task.h"

namespace temporal::workflow_internal {

// ChildGroup: see the file comment.
class ChildGroup : public workflow::Awaitable {
 public:
  enum class Rule { kAllSucceededOrFirstFailure, kFirstFinished };
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  ChildGroup(Rule rule, std::size_t expected_children);
  ChildGroup(const ChildGroup&) = delete;
  ChildGroup& operator=(const ChildGroup&) = delete;
  // Destroys the frames of the children it still owns.
  ~ChildGroup();

  // Adopt takes over `task`'s frame as the next child. Throws UsageError for
  // an empty task or one already awaited or started.
  template <typename T>
  std::coroutine_handle<TaskPromise<T>> Adopt(Task<T>& task) {
    TaskPromise<T>& promise = TaskAccess::Promise(task);
    promise.MarkStarted();
    AddChild(promise);
    return TaskAccess::Release(task);
  }

  bool await_ready() const noexcept { return children_.empty(); }
  template <typename Promise>
    requires std::derived_from<Promise, TaskPromiseBase>
  bool await_suspend(std::coroutine_handle<Promise> parent) {
    return Start(parent.promise());
  }
  void await_resume() const {
    if (error_) std::rethrow_exception(error_);
  }

  // decider: the child that decided the group (the first to finish, or the
  // first to fail), or kNone when all succeeded.
  std::size_t decider() const noexcept { return decider_; }
  // RethrowFailure rethrows the deciding child's exception, if it failed.
  void RethrowFailure() const;

 private:
  class Slot final : public TaskFinishListener {
   public:
    void OnTaskFinished(TaskPromiseBase&) noexcept override { group->OnChildFinished(index); }
    ChildGroup* group = nullptr;
    std::size_t index = 0;
  };

  // Makes `child` run in a scope of its own, nested in the scope it was Run
  // in, or else in the running (the combinator's) scope.
  void AddChild(TaskPromiseBase& child);
  bool Start(TaskPromiseBase& parent);
  void OnChildFinished(std::size_t index) noexcept;
  void DestroyUnfinishedChildren() noexcept;

  Rule rule_;
  std::vector<TaskPromiseBase*> children_;  // nullptr once destroyed
  std::vector<std::shared_ptr<workflow::CancellationScope>> scopes_;  // one per child
  std::vector<bool> finished_;
  std::vector<Slot> slots_;
  TaskPromiseBase* parent_ = nullptr;
  std::size_t unfinished_ = 0;
  std::size_t decider_ = kNone;
  bool decided_ = false;
  std::exception_ptr error_;
};

// CombinedValue<T>: how a child's result appears in a combinator's result:
// void as std::monostate, T& as std::reference_wrapper<T>.
template <typename T>
using CombinedValue = std::conditional_t<
    std::is_void_v<T>, std::monostate,
    std::conditional_t<std::is_reference_v<T>, std::reference_wrapper<std::remove_reference_t<T>>,
                       T>>;

template <typename T>
CombinedValue<T> TakeCombined(TaskPromise<T>& child) {
  if constexpr (std::is_void_v<T>) {
    child.TakeResult();
    return std::monostate{};
  } else if constexpr (std::is_reference_v<T>) {
    return std::ref(child.TakeResult());
  } else {
    return child.TakeResult();
  }
}

// GetAwaiter: the awaiter `co_await awaitable` would use.
template <typename Awaitable>
decltype(auto) GetAwaiter(Awaitable&& awaitable) {
  if constexpr (requires { std::forward<Awaitable>(awaitable).operator co_await(); }) {
    return std::forward<Awaitable>(awaitable).operator co_await();
  } else if constexpr (requires { operator co_await(std::forward<Awaitable>(awaitable)); }) {
    return operator co_await(std::forward<Awaitable>(awaitable));
  } else {
    return std::forward<Awaitable>(awaitable);
  }
}

// AwaitValue: what co_await on an Awaitable yields, as a Task can hold it.
template <typename Awaitable>
using AwaitResult = decltype(GetAwaiter(std::declval<Awaitable>()).await_resume());
template <typename Awaitable>
using AwaitValue =
    std::conditional_t<std::is_rvalue_reference_v<AwaitResult<Awaitable>>,
                       std::remove_cvref_t<AwaitResult<Awaitable>>, AwaitResult<Awaitable>>;

template <typename Result, typename Awaitable>
Task<Result> AwaitOwned(Awaitable awaitable) {
  if constexpr (std::is_void_v<Result>) {
    co_await std::move(awaitable);
  } else {
    co_return co_await std::move(awaitable);
  }
}

template <typename Result, typename Awaitable>
Task<Result> AwaitReferenced(Awaitable& awaitable) {
  if constexpr (std::is_void_v<Result>) {
    co_await awaitable;
  } else {
    co_return co_await awaitable;
  }
}

// AsTask turns any SDK awaitable into a Task, so combinators deal with
// Tasks only: a Task passes through (it must be an rvalue: the combinator
// owns it), an rvalue awaitable is moved into a small coroutine, an lvalue
// awaitable is awaited in place (it must outlive the combinator).
template <typename Awaitable>
auto AsTask(Awaitable&& awaitable) {
  using Plain = std::remove_cvref_t<Awaitable>;
  if constexpr (IsTask<Plain>::value) {
    static_assert(!std::is_lvalue_reference_v<Awaitable>,
                  "WhenAll/WhenAny take ownership of the Tasks they run: pass them with std::move");
    return Plain(std::move(awaitable));
  } else if constexpr (std::is_lvalue_reference_v<Awaitable>) {
    return AwaitReferenced<AwaitValue<Awaitable>>(awaitable);
  } else {
    return AwaitOwned<AwaitValue<Awaitable>, Plain>(std::move(awaitable));
  }
}

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_CHILD_GROUP_H_
