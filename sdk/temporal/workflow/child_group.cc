// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/child_group.h"

#include "temporal/workflow/internal/scheduler.h"
#include "temporal/workflow/usage_error.h"

namespace temporal::workflow_internal {

ChildGroup::ChildGroup(Rule rule, std::size_t expected_children) : rule_(rule) {
  // Reserved up front so that adopting a child cannot fail half way, after
  // its frame changed hands.
  children_.reserve(expected_children);
  scopes_.reserve(expected_children);
}

ChildGroup::~ChildGroup() {
  for (TaskPromiseBase*& child : children_) {
    if (child != nullptr) std::exchange(child, nullptr)->handle().destroy();
  }
}

void ChildGroup::AddChild(TaskPromiseBase& child) {
  if (children_.size() == children_.capacity()) {
    throw workflow::UsageError("ChildGroup: more children adopted than announced");
  }
  scopes_.push_back(workflow::CancellationScope::Create(child.scope()));
  child.BindScope(scopes_.back());
  children_.push_back(&child);
}

bool ChildGroup::Start(TaskPromiseBase& parent) {
  Scheduler* scheduler = parent.scheduler();
  if (scheduler == nullptr) {
    error_ = std::make_exception_ptr(workflow::UsageError(
        "WhenAll/WhenAny awaited outside a workflow run: only coroutines started by the run's "
        "scheduler (or awaited by one) can start children"));
    return false;  // resume at once; await_resume rethrows
  }
  parent_ = &parent;
  unfinished_ = children_.size();
  finished_.assign(children_.size(), false);
  slots_.resize(children_.size());
  for (std::size_t i = 0; i < children_.size(); ++i) {
    slots_[i].group = this;
    slots_[i].index = i;
    children_[i]->NotifyWhenDone(*scheduler, slots_[i]);
    // Ready in argument order: that is the order in which they first run.
    scheduler->MakeReady(*children_[i]);
  }
  return true;
}

void ChildGroup::OnChildFinished(std::size_t index) noexcept {
  finished_[index] = true;
  --unfinished_;
  if (decided_) return;
  bool failed = children_[index]->exception() != nullptr;
  if (rule_ == Rule::kFirstFinished || failed) {
    decider_ = index;
    decided_ = true;
  } else if (unfinished_ == 0) {
    decided_ = true;
  }
  if (!decided_) return;
  // The losers never run again; their frames (and pending waits) go now,
  // before anything else in the run can observe them.
  DestroyUnfinishedChildren();
  parent_->Wake();
}

void ChildGroup::DestroyUnfinishedChildren() noexcept {
  for (std::size_t i = 0; i < children_.size(); ++i) {
    if (!finished_[i] && children_[i] != nullptr) {
      std::exchange(children_[i], nullptr)->handle().destroy();
      // After the frame is gone, so that canceling wakes nobody of it.
      scopes_[i]->Cancel();
    }
  }
}

void ChildGroup::RethrowFailure() const {
  if (decider_ == kNone) return;
  if (const std::exception_ptr& failure = children_[decider_]->exception()) {
    std::rethrow_exception(failure);
  }
}

}  // namespace temporal::workflow_internal
