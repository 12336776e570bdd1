// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/cancellation_scope.h"

#include <utility>

#include "temporal/workflow/internal/workflow_run.h"

namespace temporal::workflow_internal {
namespace {
// The scope of the workflow coroutine running on this thread; null means the
// root scope of the current run (or no scope at all outside a run). Set
// whenever a Task coroutine starts or resumes (task.h), cleared by the
// scheduler and the run whenever control returns to them.
constinit thread_local workflow::CancellationScope* running_scope = nullptr;
}  // namespace

workflow::CancellationScope* RunningScope() noexcept { return running_scope; }
void SetRunningScope(workflow::CancellationScope* scope) noexcept { running_scope = scope; }
std::shared_ptr<workflow::CancellationScope> RunningScopeShared() {
  return running_scope == nullptr ? nullptr : running_scope->shared_from_this();
}

}  // namespace temporal::workflow_internal

namespace temporal::workflow {

CancellationScope::CancellationScope(Key, std::shared_ptr<CancellationScope> parent, bool detached,
                                     workflow_internal::WorkflowRun* run)
    : parent_(std::move(parent)), detached_(detached), run_(run) {}

std::shared_ptr<CancellationScope> CancellationScope::MakeRoot(workflow_internal::WorkflowRun& run) {
  return std::make_shared<CancellationScope>(Key{}, nullptr, false, &run);
}

std::shared_ptr<CancellationScope> CancellationScope::MakeNested(std::shared_ptr<CancellationScope> parent,
                                                                 bool detached) {
  workflow_internal::WorkflowRun* run = workflow_internal::WorkflowRun::CurrentOrNull();
  if (parent == nullptr) parent = workflow_internal::RunningScopeShared();
  if (parent == nullptr && run != nullptr) parent = run->root_scope();
  if (parent != nullptr) run = parent->run_;
  return std::make_shared<CancellationScope>(Key{}, std::move(parent), detached, run);
}

std::shared_ptr<CancellationScope> CancellationScope::Create() { return MakeNested(nullptr, false); }
std::shared_ptr<CancellationScope> CancellationScope::Create(std::shared_ptr<CancellationScope> parent) {
  return MakeNested(std::move(parent), false);
}
std::shared_ptr<CancellationScope> CancellationScope::CreateDetached() { return MakeNested(nullptr, true); }

std::shared_ptr<CancellationScope> CancellationScope::Current() {
  return workflow_internal::WorkflowRun::Current().current_scope();
}

void CancellationScope::Cancel() {
  if (canceled_) return;
  canceled_ = true;
  if (run_ != nullptr) run_->CancelOperationsIn(*this);
}

bool CancellationScope::cancel_requested() const noexcept {
  for (const CancellationScope* scope = this; scope != nullptr; scope = scope->parent_.get()) {
    if (scope->canceled_) return true;
    if (scope->detached_) return false;
  }
  return false;
}

bool CancellationScope::Encloses(const CancellationScope& inner) const noexcept {
  for (const CancellationScope* scope = &inner; scope != nullptr; scope = scope->parent_.get()) {
    if (scope == this) return true;
    if (scope->detached_) return false;
  }
  return false;
}

}  // namespace temporal::workflow
