// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/scheduler.h"

#include <utility>

#include "temporal/workflow/usage_error.h"

namespace temporal::workflow_internal {

void TaskPromiseBase::Wake() {
  if (scheduler_ == nullptr) {
    throw workflow::UsageError(
        "an SDK awaitable tried to wake a coroutine that does not belong to a workflow run");
  }
  scheduler_->MakeReady(*this);
}

Scheduler::~Scheduler() { Teardown(); }

void Scheduler::Spawn(Task<void> root) {
  TaskPromise<void>& promise = TaskAccess::Promise(root);
  promise.MarkStarted();
  promise.NotifyWhenDone(*this, *this);
  TaskAccess::Release(root);  // from here on the frame is ours (roots_)
  roots_.PushBack(promise.root_link_);
  ++root_count_;
  MakeReady(promise);
}

void Scheduler::MakeReady(TaskPromiseBase& coroutine) {
  if (coroutine.scheduler_ != this) {
    throw workflow::UsageError("a coroutine was made ready on the scheduler of another run");
  }
  if (coroutine.ready_link_.linked()) {
    // Resuming a coroutine twice for one suspension would be undefined
    // behaviour; an awaitable that wakes twice is a bug in the SDK.
    throw workflow::UsageError("a coroutine was made ready twice for one suspension");
  }
  ready_.PushBack(coroutine.ready_link_);
}

void Scheduler::AddCondition(ConditionWaiter& waiter) noexcept {
  conditions_.PushBack(waiter.link_);
}

void Scheduler::RunUntilQuiescent() {
  if (running_) {
    throw workflow::UsageError(
        "RunUntilQuiescent called from inside a coroutine of the same run");
  }
  running_ = true;
  struct ClearRunning {
    bool& running;
    ~ClearRunning() { running = false; }
  } clear_running{running_};

  do {
    while (TaskPromiseBase* coroutine = ready_.PopFront()) {
      coroutine->handle().resume();
      // Back in the loop: no workflow coroutine runs, so no scope is current.
      SetRunningScope(nullptr);
      if (!finished_roots_.empty()) {
        if (std::exception_ptr escaped = DestroyFinishedRoots()) std::rethrow_exception(escaped);
      }
    }
  } while (WakeSatisfiedConditions());
}

bool Scheduler::WakeSatisfiedConditions() {
  bool woke = false;
  for (auto* node = conditions_.first(); node != nullptr;) {
    auto* following = conditions_.next(*node);
    ConditionWaiter& waiter = *node->owner();
    if (waiter.Check()) {
      node->Unlink();
      MakeReady(waiter.waiter());
      woke = true;
    }
    node = following;
  }
  return woke;
}

void Scheduler::OnTaskFinished(TaskPromiseBase& root) noexcept {
  // Still running its final awaiter: the loop frees it once resume() returns.
  root.root_link_.Unlink();
  finished_roots_.PushBack(root.root_link_);
}

std::exception_ptr Scheduler::DestroyFinishedRoots() noexcept {
  std::exception_ptr first_escaped;
  while (TaskPromiseBase* root = finished_roots_.PopFront()) {
    if (root->exception() && !first_escaped) first_escaped = root->exception();
    DestroyRoot(*root);
  }
  return first_escaped;
}

void Scheduler::DestroyRoot(TaskPromiseBase& root) noexcept {
  --root_count_;
  root.handle().destroy();
}

void Scheduler::Teardown() {
  if (running_) {
    throw workflow::UsageError("Teardown called from inside a coroutine of the same run");
  }
  // Nothing may resume while frames are being destroyed.
  ready_.Clear();
  while (TaskPromiseBase* root = roots_.PopFront()) DestroyRoot(*root);
  while (TaskPromiseBase* root = finished_roots_.PopFront()) DestroyRoot(*root);
  // Destroying frames withdraws their waits (the links unlink themselves);
  // anything a destructor made ready or registered meanwhile is dropped too.
  ready_.Clear();
  conditions_.Clear();
}

}  // namespace temporal::workflow_internal
