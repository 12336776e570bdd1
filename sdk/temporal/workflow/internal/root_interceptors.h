// Copyright: the Temporal C++ SDK authors. See LICENSE.
//
// The innermost workflow interceptors: what a run does when every
// interceptor has passed a call on. RootInboundInterceptor runs the workflow
// function and the registered signal, query and update handlers;
// RootOutboundInterceptor turns the workflow's calls into commands
// (WorkflowRun's operations) and their resolutions into results or
// exceptions. A WorkflowRun makes one of each; user interceptors wrap them.
//
//   RootOutboundInterceptor root(run);
//   Task<Payloads> result = root.ExecuteActivity(input);   // schedules when awaited
#ifndef TEMPORAL_WORKFLOW_INTERNAL_ROOT_INTERCEPTORS_H_
#define TEMPORAL_WORKFLOW_INTERNAL_ROOT_INTERCEPTORS_H_

#include <memory>

#include "temporal/workflow/interceptor.h"
#include "temporal/workflow/internal/workflow_run.h"

namespace temporal::workflow_internal {

class RootInboundInterceptor final : public workflow::WorkflowInboundInterceptor {
 public:
  explicit RootInboundInterceptor(WorkflowRun& run) : run_(run) {}

  Task<Payloads> ExecuteWorkflow(workflow::ExecuteWorkflowInput& input) override;
  Task<void> HandleSignal(workflow::HandleSignalInput& input) override;
  Payloads HandleQuery(workflow::HandleQueryInput& input) override;
  void ValidateUpdate(workflow::UpdateInput& input) override;
  Task<Payloads> ExecuteUpdate(workflow::UpdateInput& input) override;

 private:
  WorkflowRun& run_;
};

class RootOutboundInterceptor final : public workflow::WorkflowOutboundInterceptor {
 public:
  explicit RootOutboundInterceptor(WorkflowRun& run) : run_(run) {}

  Task<Payloads> ExecuteActivity(workflow::ExecuteActivityInput& input) override;
  Task<Payloads> ExecuteLocalActivity(workflow::ExecuteLocalActivityInput& input) override;
  Task<std::shared_ptr<workflow::StartedChildWorkflow>> StartChildWorkflow(
      workflow::StartChildWorkflowInput& input) override;
  Task<void> SignalExternalWorkflow(workflow::SignalExternalWorkflowInput& input) override;
  Task<void> CancelExternalWorkflow(workflow::CancelExternalWorkflowInput& input) override;
  void ContinueAsNew(workflow::ContinueAsNewInput& input) override;
  Task<void> StartTimer(workflow::StartTimerInput& input) override;
  Task<Payloads> SideEffect(workflow::SideEffectInput& input) override;
  bool Patched(workflow::PatchInput& input) override;
  void UpsertSearchAttributes(workflow::UpsertSearchAttributesInput& input) override;
  void UpsertMemo(workflow::UpsertMemoInput& input) override;

 private:
  // Throws the exception `failure` converts to (ActivityError, ...).
  [[noreturn]] void Throw(const temporal::api::failure::v1::Failure& failure) const;

  WorkflowRun& run_;
};

}  // namespace temporal::workflow_internal

#endif  // TEMPORAL_WORKFLOW_INTERNAL_ROOT_INTERCEPTORS_H_
