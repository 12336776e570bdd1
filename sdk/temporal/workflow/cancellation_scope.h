// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// CancellationScope: a group of workflow operations (timers, activities,
// local activities, child workflows) that are canceled together.
//
//   namespace wf = temporal::workflow;
//
//   // Give up on a slow activity after a deadline, but keep the workflow going:
//   auto scope = wf::CancellationScope::Create();
//   auto charge = scope->Run(wf::ExecuteActivity<Receipt>("Charge", charge_options, order));
//   auto first = co_await wf::WhenAny(std::move(charge), wf::Sleep(30s));
//   // (WhenAny already cancels the loser; scope->Cancel() does it by hand.)
//
//   // Clean up even though the workflow was canceled (C++ allows no
//   // co_await inside a catch block, so note the cancellation first):
//   bool canceled = false;
//   try {
//     co_await wf::ExecuteActivity("Ship", options, order);
//   } catch (const temporal::ActivityError& e) {
//     if (!wf::IsCancelRequested()) throw;
//     canceled = true;
//   }
//   if (canceled) {
//     auto cleanup = wf::CancellationScope::CreateDetached();
//     co_await cleanup->Run(wf::ExecuteActivity("ReleaseStock", options, order));
//     throw temporal::CanceledError("order canceled");
//   }
//
// - Every workflow coroutine runs in a scope. At the top of the workflow it
//   is the run's root scope, which the workflow's cancellation (a cancel
//   request from a client) cancels. A Task runs in the scope of the
//   coroutine that awaits it (or of the WhenAll/WhenAny that starts it),
//   unless it was handed to a scope's Run. Signal and update handlers run in
//   the root scope.
// - Create() makes a scope nested in the current one: canceling any scope
//   cancels the scopes nested in it. CreateDetached() makes one that its
//   enclosing scopes' cancellation does not reach (cleanup code); it can
//   still be canceled itself.
// - Cancel() asks the server to cancel what was started in the scope and is
//   still pending: timers are canceled and their Sleep throws CanceledError;
//   activities and local activities follow their cancellation type (try
//   cancel and abandon throw ActivityError(CanceledError) at once, wait
//   cancellation completed once the activity reports); child workflows get a
//   cancel request and their result reports how they ended.
// - Starting an operation in a scope that is already canceled throws
//   CanceledError at once, without sending anything to the server.
// - Waits on conditions and signals are not operations: a canceled scope
//   does not interrupt them (give them a timeout, or check
//   cancel_requested()).
// - WhenAll/WhenAny run each awaitable in a scope of its own, and cancel the
//   ones whose result is no longer wanted.
#ifndef TEMPORAL_WORKFLOW_CANCELLATION_SCOPE_H_
#define TEMPORAL_WORKFLOW_CANCELLATION_SCOPE_H_

#include <memory>

#include "temporal/workflow/task.h"

namespace temporal::workflow_internal {
class WorkflowRun;
}  // namespace temporal::workflow_internal

namespace temporal::workflow {

// CancellationScope: see the file comment. Held by std::shared_ptr: the
// coroutines and operations started in a scope keep it alive.
class CancellationScope : public std::enable_shared_from_this<CancellationScope> {
  struct Key {
    explicit Key() = default;
  };

 public:
  // Create: a scope nested in the current one, or in `parent`.
  static std::shared_ptr<CancellationScope> Create();
  static std::shared_ptr<CancellationScope> Create(std::shared_ptr<CancellationScope> parent);
  // CreateDetached: a scope the current one's cancellation does not reach.
  static std::shared_ptr<CancellationScope> CreateDetached();
  // Current: the scope the calling workflow coroutine runs in. Throws
  // UsageError outside workflow code.
  static std::shared_ptr<CancellationScope> Current();

  // Run: binds `task` to this scope and returns it, to be co_awaited (or
  // passed to WhenAll/WhenAny). What the task and the Tasks it creates start
  // belongs to this scope.
  template <typename T>
  Task<T> Run(Task<T> task) {
    workflow_internal::TaskAccess::Promise(task).BindScope(shared_from_this());
    return task;
  }

  // Cancel: cancels what was started in this scope and the scopes nested in
  // it (see the file comment). Canceling twice does nothing more.
  void Cancel();

  // cancel_requested: this scope, or an enclosing scope whose cancellation
  // reaches it, was canceled.
  bool cancel_requested() const noexcept;
  bool detached() const noexcept { return detached_; }

  // Encloses: `inner` is this scope, or nested in it with no detached scope
  // in between (so canceling this scope cancels `inner`).
  bool Encloses(const CancellationScope& inner) const noexcept;

  // For the runtime; use Create / CreateDetached.
  CancellationScope(Key, std::shared_ptr<CancellationScope> parent, bool detached,
                    workflow_internal::WorkflowRun* run);
  static std::shared_ptr<CancellationScope> MakeRoot(workflow_internal::WorkflowRun& run);

 private:
  static std::shared_ptr<CancellationScope> MakeNested(std::shared_ptr<CancellationScope> parent, bool detached);

  std::shared_ptr<CancellationScope> parent_;
  bool detached_ = false;
  bool canceled_ = false;
  workflow_internal::WorkflowRun* run_ = nullptr;  // null outside a run (unit tests of combinators)
};

}  // namespace temporal::workflow

#endif  // TEMPORAL_WORKFLOW_CANCELLATION_SCOPE_H_
