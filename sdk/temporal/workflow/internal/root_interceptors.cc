// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/root_interceptors.h"

#include <exception>
#include <string>
#include <utility>

#include "temporal/common/error.h"
#include "temporal/workflow/continue_as_new.h"

namespace temporal::workflow_internal {
namespace {

// The command builders move the arguments out of the input (they are the
// bulk of a command, and the innermost interceptor is their last reader).
ScheduleActivityCommand ActivityCommand(workflow::ExecuteActivityInput& input, const WorkflowRun& run) {
  const workflow::ActivityOptions& options = input.options;
  ScheduleActivityCommand command;
  command.seq = input.seq;
  command.activity_id_generated = input.activity_id_generated;
  command.cancellation_type = options.cancellation_type;
  auto& a = command.attributes;
  a.set_activity_id(options.activity_id);
  a.mutable_activity_type()->set_name(input.activity_type);
  a.mutable_task_queue()->set_name(options.task_queue.empty() ? run.info().task_queue : options.task_queue);
  *a.mutable_input() = std::move(input.args);
  if (!input.header.empty()) *a.mutable_header() = HeaderToProto(input.header);
  if (options.schedule_to_close_timeout) *a.mutable_schedule_to_close_timeout() = ToProto(*options.schedule_to_close_timeout);
  if (options.schedule_to_start_timeout) *a.mutable_schedule_to_start_timeout() = ToProto(*options.schedule_to_start_timeout);
  if (options.start_to_close_timeout) *a.mutable_start_to_close_timeout() = ToProto(*options.start_to_close_timeout);
  if (options.heartbeat_timeout) *a.mutable_heartbeat_timeout() = ToProto(*options.heartbeat_timeout);
  if (options.retry_policy) *a.mutable_retry_policy() = options.retry_policy->ToProto();
  return command;
}

ScheduleLocalActivityCommand LocalActivityCommand(workflow::ExecuteLocalActivityInput& input) {
  const workflow::ActivityOptions& options = input.options;
  ScheduleLocalActivityCommand command;
  command.seq = input.seq;
  command.activity_id = options.activity_id;
  command.activity_type = input.activity_type;
  command.arguments = std::move(input.args);
  command.header = HeaderToProto(input.header);
  command.schedule_to_close_timeout = options.schedule_to_close_timeout;
  command.schedule_to_start_timeout = options.schedule_to_start_timeout;
  command.start_to_close_timeout = options.start_to_close_timeout;
  if (options.retry_policy) command.retry_policy = options.retry_policy->ToProto();
  command.cancellation_type = options.cancellation_type;
  return command;
}

StartChildWorkflowCommand ChildCommand(workflow::StartChildWorkflowInput& input, const WorkflowRun& run) {
  const workflow::ChildWorkflowOptions& options = input.options;
  StartChildWorkflowCommand command;
  command.seq = input.seq;
  command.workflow_id_generated = input.workflow_id_generated;
  command.cancellation_type = options.cancellation_type;
  auto& a = command.attributes;
  a.set_workflow_id(options.workflow_id);
  a.mutable_workflow_type()->set_name(input.workflow_type);
  a.mutable_task_queue()->set_name(options.task_queue.empty() ? run.info().task_queue : options.task_queue);
  *a.mutable_input() = std::move(input.args);
  if (!input.header.empty()) *a.mutable_header() = HeaderToProto(input.header);
  if (options.execution_timeout) *a.mutable_workflow_execution_timeout() = ToProto(*options.execution_timeout);
  if (options.run_timeout) *a.mutable_workflow_run_timeout() = ToProto(*options.run_timeout);
  if (options.task_timeout) *a.mutable_workflow_task_timeout() = ToProto(*options.task_timeout);
  if (options.retry_policy) *a.mutable_retry_policy() = options.retry_policy->ToProto();
  a.set_parent_close_policy(options.parent_close_policy);
  a.set_workflow_id_reuse_policy(options.id_reuse_policy);
  a.set_cron_schedule(options.cron_schedule);
  if (!options.memo.empty()) *a.mutable_memo() = run.EncodeMemo(options.memo, "ChildWorkflowOptions.memo");
  return command;
}

}  // namespace

// --- Inbound ---

Task<Payloads> RootInboundInterceptor::ExecuteWorkflow(workflow::ExecuteWorkflowInput& input) {
  // The definition (and its callable) lives as long as the run; the input
  // outlives the Task (the caller keeps it).
  return run_.definition().run(run_.converter(), input.workflow_type, input.args);
}

Task<void> RootInboundInterceptor::HandleSignal(workflow::HandleSignalInput& input) {
  input.delivered = true;
  const WorkflowRun::SignalHandler* registered = run_.FindSignalHandler(input.signal_name);
  // No handler: a WaitSignal took the signal, and reads input.args now.
  if (registered == nullptr) co_return;
  // A copy in this frame: SetSignalHandler may replace the registered one
  // while this one is suspended.
  const WorkflowRun::SignalHandler handler = *registered;
  Task<void> handling = handler(input.args);
  co_await handling;
}

Payloads RootInboundInterceptor::HandleQuery(workflow::HandleQueryInput& input) {
  const WorkflowRun::QueryHandler* registered = run_.FindQueryHandler(input.query_type);
  if (registered == nullptr) {
    throw ApplicationError("unknown query type \"" + input.query_type + "\"; known types: [" +
                               run_.QueryHandlerNames() + "]",
                           "UnknownQueryType");
  }
  const WorkflowRun::QueryHandler handler = *registered;
  return handler(input.args);
}

void RootInboundInterceptor::ValidateUpdate(workflow::UpdateInput& input) {
  const WorkflowRun::UpdateHandler* registered = run_.FindUpdateHandler(input.name);
  if (registered == nullptr || !registered->validator) return;
  const auto validator = registered->validator;
  validator(input.args);
}

Task<Payloads> RootInboundInterceptor::ExecuteUpdate(workflow::UpdateInput& input) {
  const WorkflowRun::UpdateHandler* registered = run_.FindUpdateHandler(input.name);
  if (registered == nullptr) {
    throw ApplicationError("unknown update \"" + input.name + "\"", "UnknownUpdate");
  }
  const WorkflowRun::UpdateHandler handler = *registered;
  Task<Payloads> running = handler.handler(input.args);
  Payloads result = co_await running;
  co_return result;
}

// --- Outbound ---

void RootOutboundInterceptor::Throw(const temporal::api::failure::v1::Failure& failure) const {
  run_.converter().FromFailure(failure)->Rethrow();
  std::terminate();  // not reached: Rethrow throws
}

Task<Payloads> RootOutboundInterceptor::ExecuteActivity(workflow::ExecuteActivityInput& input) {
  ScheduleActivityCommand command = ActivityCommand(input, run_);
  std::shared_ptr<ActivityOperation> operation = run_.ScheduleActivity(std::move(command), input.where);
  Resolution resolution = co_await operation->done;
  if (resolution.kind != Resolution::Kind::kCompleted) Throw(resolution.failure);
  co_return std::move(resolution.result);
}

Task<Payloads> RootOutboundInterceptor::ExecuteLocalActivity(workflow::ExecuteLocalActivityInput& input) {
  ScheduleLocalActivityCommand command = LocalActivityCommand(input);
  for (;;) {
    auto operation = run_.ScheduleLocalActivity(command, input.where);
    LocalActivityOutcome outcome = co_await operation->done;
    if (!outcome.backoff) {
      if (outcome.resolution.kind != Resolution::Kind::kCompleted) Throw(outcome.resolution.failure);
      co_return std::move(outcome.resolution.result);
    }
    // The next attempt waits longer than the worker keeps a local activity
    // in memory: a durable timer, then the activity is scheduled again.
    auto backoff = run_.StartTimer(*outcome.backoff, input.where);
    co_await backoff->done;
    command.seq = run_.NextSeq();
    command.attempt = outcome.next_attempt;
    command.original_schedule_time = outcome.original_schedule_time;
  }
}

Task<std::shared_ptr<workflow::StartedChildWorkflow>> RootOutboundInterceptor::StartChildWorkflow(
    workflow::StartChildWorkflowInput& input) {
  auto child = std::make_shared<workflow::StartedChildWorkflow>();
  StartChildWorkflowCommand command = ChildCommand(input, run_);
  child->workflow_id = command.attributes.workflow_id();
  child->operation = run_.StartChildWorkflow(std::move(command), input.where);
  ResolveChildStartJob started = co_await child->operation->started;
  if (started.kind != ResolveChildStartJob::Kind::kStarted) Throw(started.failure);
  child->run_id = started.run_id;
  // Replaying another SDK's history, a generated id is the recorded one.
  if (!started.workflow_id.empty()) child->workflow_id = started.workflow_id;
  co_return child;
}

Task<void> RootOutboundInterceptor::SignalExternalWorkflow(workflow::SignalExternalWorkflowInput& input) {
  SignalExternalWorkflowCommand command;
  command.seq = input.seq;
  auto& a = command.attributes;
  a.mutable_execution()->set_workflow_id(input.workflow_id);
  a.mutable_execution()->set_run_id(input.run_id);
  a.set_child_workflow_only(input.child_workflow_only);
  a.set_signal_name(input.signal_name);
  *a.mutable_input() = std::move(input.args);
  if (!input.header.empty()) *a.mutable_header() = HeaderToProto(input.header);
  auto operation = run_.SignalExternal(std::move(command), input.where);
  std::optional<temporal::api::failure::v1::Failure> failure = co_await operation->done;
  if (failure) Throw(*failure);
}

Task<void> RootOutboundInterceptor::CancelExternalWorkflow(workflow::CancelExternalWorkflowInput& input) {
  RequestCancelExternalWorkflowCommand command;
  command.seq = input.seq;
  command.attributes.set_workflow_id(input.workflow_id);
  command.attributes.set_run_id(input.run_id);
  auto operation = run_.CancelExternal(std::move(command), input.where);
  std::optional<temporal::api::failure::v1::Failure> failure = co_await operation->done;
  if (failure) Throw(*failure);
}

void RootOutboundInterceptor::ContinueAsNew(workflow::ContinueAsNewInput& input) {
  const workflow::ContinueAsNewOptions& options = input.options;
  temporal::api::command::v1::ContinueAsNewWorkflowExecutionCommandAttributes a;
  a.mutable_workflow_type()->set_name(options.workflow_type);
  a.mutable_task_queue()->set_name(options.task_queue);
  *a.mutable_input() = std::move(input.args);
  if (!input.header.empty()) *a.mutable_header() = HeaderToProto(input.header);
  if (options.run_timeout) *a.mutable_workflow_run_timeout() = ToProto(*options.run_timeout);
  if (options.task_timeout) *a.mutable_workflow_task_timeout() = ToProto(*options.task_timeout);
  if (!options.memo.empty()) *a.mutable_memo() = run_.EncodeMemo(options.memo, "ContinueAsNewOptions.memo");
  throw workflow::ContinueAsNewError(std::move(a), input.where);
}

Task<void> RootOutboundInterceptor::StartTimer(workflow::StartTimerInput& input) {
  auto timer = run_.StartTimer(input.duration, input.where);
  co_await timer->done;
}

Task<Payloads> RootOutboundInterceptor::SideEffect(workflow::SideEffectInput& input) {
  // On replay the marker holds the value: the function is not called.
  Payloads value;
  if (!run_.replaying()) value = input.function();
  auto operation = run_.SideEffect(std::move(value), input.where);
  Payloads recorded = co_await operation->done;
  co_return recorded;
}

bool RootOutboundInterceptor::Patched(workflow::PatchInput& input) {
  return run_.Patched(input.patch_id, input.deprecated, input.where);
}

void RootOutboundInterceptor::UpsertSearchAttributes(workflow::UpsertSearchAttributesInput& input) {
  UpsertSearchAttributesCommand command;
  command.search_attributes = input.attributes.ToProto();
  run_.Issue(std::move(command), input.where);
}

void RootOutboundInterceptor::UpsertMemo(workflow::UpsertMemoInput& input) { run_.UpsertMemo(input.memo, input.where); }

}  // namespace temporal::workflow_internal
