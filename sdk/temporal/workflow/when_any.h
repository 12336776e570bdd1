// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// WhenAny: runs several SDK awaitables concurrently in one workflow and
// continues with the first one to finish.
//
//   // WaitForApproval and Escalation are Task-returning workflow functions.
//   auto first = co_await temporal::workflow::WhenAny(WaitForApproval(order), Escalation(order));
//   if (first.index() == 1) co_return std::get<1>(first);  // escalated before approval
//
//   std::vector<temporal::Task<Quote>> quotes = AskSuppliers(order);
//   auto best = co_await temporal::workflow::WhenAny(std::move(quotes));  // best.index, best.value
//
// - Lazy like any Task: nothing starts until the WhenAny is co_awaited.
// - Then every child is made ready on the run's scheduler, in argument
//   order; the first to finish, in the run's deterministic FIFO order, wins,
//   the same one on every replay.
// - The winner's result comes back as a std::variant whose index() is the
//   winner's position (void as std::monostate, T& as
//   std::reference_wrapper<T>), or as WhenAnyResult<T> for the vector form.
//   When the winner finished by throwing, WhenAny rethrows its exception.
// - The losers are destroyed when the winner finishes: they never run
//   again, their frames and locals are freed, and their pending waits are
//   withdrawn (a timer or activity they started is not canceled on the
//   server; cancellation scopes will do that). We chose this over letting
//   them run on detached: a detached coroutine can outlive the locals of the
//   workflow code it captured by reference, and in C++ that is a
//   use-after-free, not a leak. To keep something running past a race,
//   don't put it in the race: start it separately and race its result.
// - Tasks are passed with std::move (WhenAny owns them); other SDK
//   awaitables can be passed too: an rvalue is moved in, an lvalue is
//   awaited in place and must outlive the WhenAny.
#ifndef TEMPORAL_WORKFLOW_WHEN_ANY_H_
#define TEMPORAL_WORKFLOW_WHEN_ANY_H_

#include <coroutine>
#include <cstddef>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "temporal/common/error.h"
#include "temporal/workflow/awaitable.h"
#include "temporal/workflow/child_group.h"
#include "temporal/workflow/task.h"

namespace temporal::workflow {

// WhenAnyResult: the winner of WhenAny over a vector of tasks: its index in
// the vector and its result.
template <typename T>
struct WhenAnyResult {
  std::size_t index;
  workflow_internal::CombinedValue<T> value;
};

template <>
struct WhenAnyResult<void> {
  std::size_t index;
};

}  // namespace temporal::workflow

namespace temporal::workflow_internal {

template <typename Variant, typename Children, std::size_t... I>
Variant TakeWinner(Children& children, std::size_t winner, std::index_sequence<I...>) {
  std::optional<Variant> result;
  ((I == winner ? (void)result.emplace(std::in_place_index<I>,
                                       TakeCombined(std::get<I>(children).promise()))
                : (void)0),
   ...);
  return std::move(*result);
}

template <typename... Ts>
Task<std::variant<CombinedValue<Ts>...>> WhenAnyOf(Task<Ts>... tasks) {
  ChildGroup group(ChildGroup::Rule::kFirstFinished, sizeof...(Ts));
  std::tuple<std::coroutine_handle<TaskPromise<Ts>>...> children{group.Adopt(tasks)...};
  co_await group;
  group.RethrowFailure();
  co_return TakeWinner<std::variant<CombinedValue<Ts>...>>(children, group.decider(),
                                                           std::index_sequence_for<Ts...>{});
}

template <typename T>
Task<workflow::WhenAnyResult<T>> WhenAnyOfVector(std::vector<Task<T>> tasks) {
  if (tasks.empty()) throw InvalidArgumentError("WhenAny needs at least one task: none can win");
  ChildGroup group(ChildGroup::Rule::kFirstFinished, tasks.size());
  std::vector<std::coroutine_handle<TaskPromise<T>>> children;
  children.reserve(tasks.size());
  for (Task<T>& task : tasks) children.push_back(group.Adopt(task));
  co_await group;
  group.RethrowFailure();
  std::size_t winner = group.decider();
  if constexpr (std::is_void_v<T>) {
    co_return workflow::WhenAnyResult<void>{winner};
  } else {
    co_return workflow::WhenAnyResult<T>{winner, TakeCombined(children[winner].promise())};
  }
}

}  // namespace temporal::workflow_internal

namespace temporal::workflow {

// WhenAny(awaitables...): see the file comment. Needs at least one.
template <SdkAwaitable... Awaitables>
  requires(sizeof...(Awaitables) > 0)
auto WhenAny(Awaitables&&... awaitables) {
  return workflow_internal::WhenAnyOf(
      workflow_internal::AsTask(std::forward<Awaitables>(awaitables))...);
}

// WhenAny(tasks): see the file comment. Throws InvalidArgumentError (at the
// co_await) for an empty vector.
template <typename T>
Task<WhenAnyResult<T>> WhenAny(std::vector<Task<T>> tasks) {
  return workflow_internal::WhenAnyOfVector(std::move(tasks));
}

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_WHEN_ANY_H_
