// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// Awaitable and SdkAwaitable: what workflow code may co_await.
//
// A workflow coroutine (temporal::Task) accepts only SDK awaitables:
// temporal::Task itself and the types that derive from
// temporal::workflow::Awaitable (Deferred, WaitCondition, and later timers,
// activities, child workflows). Awaiting anything else, a std::future, an
// executor's awaitable, even std::suspend_always, fails to compile: it could
// resume the workflow at a time or in an order that replaying the history
// cannot reproduce, and workflows must be deterministic.
//
//   temporal::Task<void> Approve(bool& approved) {
//     co_await temporal::workflow::WaitCondition([&] { return approved; });  // compiles
//     co_await std::suspend_always{};  // error: "Only SDK awaitables may be co_awaited in workflow code ..."
//   }
//
// Deriving from Awaitable is how an awaitable opts in, and it is a promise:
// the awaitable resumes its waiter only by making it ready on the waiter's
// run scheduler (TaskPromiseBase::Wake, or by awaiting a Deferred), never
// inline, from another thread, or from a clock. A sketch of one:
//
//   class Sleep : public temporal::workflow::Awaitable {
//    public:
//     bool await_ready() const noexcept;
//     template <typename Promise>  // the awaiting workflow coroutine's promise
//     void await_suspend(std::coroutine_handle<Promise> waiter);  // keep &waiter.promise(); Wake() it later
//     void await_resume();
//   };
#ifndef TEMPORAL_WORKFLOW_AWAITABLE_H_
#define TEMPORAL_WORKFLOW_AWAITABLE_H_

#include <concepts>
#include <type_traits>

namespace temporal::workflow {

// Awaitable: the empty base that marks a type as an SDK awaitable. See the
// file comment for the promise a type makes by deriving from it.
struct Awaitable {};

// SdkAwaitable: true for the types workflow code may co_await.
template <typename T>
concept SdkAwaitable = std::derived_from<std::remove_cvref_t<T>, Awaitable>;

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_AWAITABLE_H_
