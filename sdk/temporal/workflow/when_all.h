// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WhenAll: runs several SDK awaitables concurrently in one workflow and
// waits until all of them succeed, or the first one fails.
//
//   auto [payment, stock] = co_await temporal::workflow::WhenAll(Charge(order), Reserve(order));
//
//   std::vector<temporal::Task<Receipt>> shipments;
//   for (const auto& item : order.items) shipments.push_back(Ship(item));
//   std::vector<Receipt> receipts = co_await temporal::workflow::WhenAll(std::move(shipments));
//
// - Lazy like any Task: nothing starts until the WhenAll is co_awaited.
// - Then every child is made ready on the run's scheduler, in argument
//   order, and they interleave with the rest of the run in FIFO order; the
//   result is the same on every replay.
// - Results come in argument order: a std::tuple for the variadic form
//   (void results as std::monostate, T& as std::reference_wrapper<T>), a
//   std::vector for the vector form (void for a vector of Task<void>).
// - Fail fast: when a child throws, WhenAll rethrows that exception (the
//   first child to fail, in the order the children ran) and destroys the
//   children that have not finished: they never run again and their pending
//   waits are withdrawn. Children that already succeeded are discarded.
// - Tasks are passed with std::move (WhenAll owns them); other SDK
//   awaitables (a Deferred, a WaitCondition) can be passed too: an rvalue is
//   moved in, an lvalue is awaited in place and must outlive the WhenAll.
#ifndef TEMPORAL_WORKFLOW_WHEN_ALL_H_
#define TEMPORAL_WORKFLOW_WHEN_ALL_H_

#include <coroutine>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "temporal/workflow/awaitable.h"
#include "temporal/workflow/child_group.h"
#include "temporal/workflow/task.h"

namespace temporal::workflow_internal {

template <typename... Ts>
Task<std::tuple<CombinedValue<Ts>...>> WhenAllOf(Task<Ts>... tasks) {
  ChildGroup group(ChildGroup::Rule::kAllSucceededOrFirstFailure, sizeof...(Ts));
  // Braced initialization adopts left to right: argument order.
  std::tuple<std::coroutine_handle<TaskPromise<Ts>>...> children{group.Adopt(tasks)...};
  co_await group;
  group.RethrowFailure();
  co_return std::apply(
      [](auto... child) { return std::tuple<CombinedValue<Ts>...>(TakeCombined(child.promise())...); },
      children);
}

template <typename T>
using WhenAllVectorResult =
    std::conditional_t<std::is_void_v<T>, void, std::vector<CombinedValue<T>>>;

template <typename T>
Task<WhenAllVectorResult<T>> WhenAllOfVector(std::vector<Task<T>> tasks) {
  ChildGroup group(ChildGroup::Rule::kAllSucceededOrFirstFailure, tasks.size());
  std::vector<std::coroutine_handle<TaskPromise<T>>> children;
  children.reserve(tasks.size());
  for (Task<T>& task : tasks) children.push_back(group.Adopt(task));
  co_await group;
  group.RethrowFailure();
  if constexpr (!std::is_void_v<T>) {
    WhenAllVectorResult<T> values;
    values.reserve(children.size());
    for (auto child : children) values.push_back(TakeCombined(child.promise()));
    co_return values;
  }
}

}  // namespace temporal::workflow_internal

namespace temporal::workflow {

// WhenAll(awaitables...): see the file comment.
template <SdkAwaitable... Awaitables>
auto WhenAll(Awaitables&&... awaitables) {
  return workflow_internal::WhenAllOf(
      workflow_internal::AsTask(std::forward<Awaitables>(awaitables))...);
}

// WhenAll(tasks): see the file comment.
template <typename T>
Task<workflow_internal::WhenAllVectorResult<T>> WhenAll(std::vector<Task<T>> tasks) {
  return workflow_internal::WhenAllOfVector(std::move(tasks));
}

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_WHEN_ALL_H_
