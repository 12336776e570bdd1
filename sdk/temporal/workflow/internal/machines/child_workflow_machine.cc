// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/child_workflow_machine.h"

#include <cctype>
#include <optional>
#include <utility>

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;
using State = ChildWorkflowMachine::State;
using Trigger = ChildWorkflowMachine::Trigger;
using CancelRequestTrigger = ChildWorkflowMachine::CancelRequestTrigger;

// "START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS" ->
// "WorkflowAlreadyExists": the spelling sdk-core gives failure causes when it
// turns them into an ApplicationFailure type.
std::string CauseTypeName(enums::StartChildWorkflowExecutionFailedCause cause) {
  constexpr std::string_view kPrefix = "START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_";
  const std::string out = PascalCase(enums::StartChildWorkflowExecutionFailedCause_Name(cause), kPrefix);
  return out.empty() ? std::to_string(static_cast<int>(cause)) : out;
}

// The messages the official SDKs raise for a child that could not start.
std::string StartFailedMessage(enums::StartChildWorkflowExecutionFailedCause cause) {
  switch (cause) {
    case enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_WORKFLOW_ALREADY_EXISTS:
      return "Workflow execution already started";
    case enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND:
      return "Namespace not found";
    case enums::START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_INVALID_VERSIONING_OVERRIDE:
      return "Invalid versioning override";
    default:
      return "Child workflow could not be started";
  }
}

std::optional<Trigger> LifecycleTrigger(enums::EventType type) {
  switch (type) {
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED:
      return Trigger::kStartedEvent;
    case enums::EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED:
      return Trigger::kStartFailedEvent;
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
      return Trigger::kCompletedEvent;
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
      return Trigger::kFailedEvent;
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
      return Trigger::kTimedOutEvent;
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
      return Trigger::kCanceledEvent;
    case enums::EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
      return Trigger::kTerminatedEvent;
    default:
      return std::nullopt;
  }
}
}  // namespace

std::string_view ChildWorkflowMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated:
      return "Created";
    case State::kStartCommandCreated:
      return "StartCommandCreated";
    case State::kStartEventRecorded:
      return "StartEventRecorded";
    case State::kStarted:
      return "Started";
    case State::kStartFailed:
      return "StartFailed";
    case State::kCompleted:
      return "Completed";
    case State::kFailed:
      return "Failed";
    case State::kTimedOut:
      return "TimedOut";
    case State::kCanceled:
      return "Canceled";
    case State::kTerminated:
      return "Terminated";
    case State::kCanceledBeforeSent:
      return "CanceledBeforeSent";
    case State::kResolvedCanceled:
      return "ResolvedCanceled";
    case State::kResolvedCanceledChildClosed:
      return "ResolvedCanceledChildClosed";
  }
  return "?";
}

std::string_view ChildWorkflowMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule:
      return "Schedule";
    case Trigger::kStartCommand:
      return "StartChildWorkflowExecutionCommand";
    case Trigger::kInitiatedEvent:
      return "StartChildWorkflowExecutionInitiated";
    case Trigger::kStartedEvent:
      return "ChildWorkflowExecutionStarted";
    case Trigger::kStartFailedEvent:
      return "StartChildWorkflowExecutionFailed";
    case Trigger::kCompletedEvent:
      return "ChildWorkflowExecutionCompleted";
    case Trigger::kFailedEvent:
      return "ChildWorkflowExecutionFailed";
    case Trigger::kTimedOutEvent:
      return "ChildWorkflowExecutionTimedOut";
    case Trigger::kCanceledEvent:
      return "ChildWorkflowExecutionCanceled";
    case Trigger::kTerminatedEvent:
      return "ChildWorkflowExecutionTerminated";
    case Trigger::kCancel:
      return "Cancel";
    case Trigger::kResolveCanceled:
      return "ResolveCanceled";
  }
  return "?";
}

std::string_view ChildWorkflowMachine::CancelRequestNames::Name(CancelRequestState state) {
  switch (state) {
    case CancelRequestState::kNotRequested:
      return "NotRequested";
    case CancelRequestState::kCommandCreated:
      return "CommandCreated";
    case CancelRequestState::kCommandRecorded:
      return "CommandRecorded";
    case CancelRequestState::kRequested:
      return "Requested";
    case CancelRequestState::kFailed:
      return "Failed";
  }
  return "?";
}

std::string_view ChildWorkflowMachine::CancelRequestNames::Name(CancelRequestTrigger trigger) {
  switch (trigger) {
    case CancelRequestTrigger::kIssue:
      return "Issue";
    case CancelRequestTrigger::kCommand:
      return "RequestCancelExternalWorkflowExecutionCommand";
    case CancelRequestTrigger::kInitiatedEvent:
      return "RequestCancelExternalWorkflowExecutionInitiated";
    case CancelRequestTrigger::kCancelRequestedEvent:
      return "ExternalWorkflowExecutionCancelRequested";
    case CancelRequestTrigger::kFailedEvent:
      return "RequestCancelExternalWorkflowExecutionFailed";
  }
  return "?";
}

ChildWorkflowMachine::ChildWorkflowMachine(uint32_t seq, StartChildWorkflowCommand command,
                                           std::source_location where)
    : CommandMachine(where),
      seq_(seq),
      command_(std::move(command)),
      workflow_id_(command_.attributes.workflow_id()),
      machine_(kTransitions, State::kCreated),
      cancel_request_(kCancelRequestTransitions, CancelRequestState::kNotRequested) {}

const std::string& ChildWorkflowMachine::workflow_type() const {
  return command_.attributes.workflow_type().name();
}

std::string ChildWorkflowMachine::Describe() const {
  return "child workflow " + Quoted(workflow_type()) + " (id " + Quoted(workflow_id_) + ")";
}

void ChildWorkflowMachine::Start(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command start;
  start.set_command_type(enums::COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION);
  *start.mutable_start_child_workflow_execution_command_attributes() = command_.attributes;
  sink.PushCommand(*this, std::move(start));
}

void ChildWorkflowMachine::OnCommandEvent(const Command& command, const HistoryEvent& event,
                                          MachineSink&) {
  if (command.command_type() == enums::COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION) {
    const auto& recorded = event.start_child_workflow_execution_initiated_event_attributes();
    if (recorded.workflow_type().name() != workflow_type()) {
      Mismatch(event, "the workflow started " + Describe());
    }
    if (command_.workflow_id_generated) {
      // Generated, by this SDK or another: the recorded id is the child's.
      workflow_id_ = recorded.workflow_id();
    } else if (recorded.workflow_id() != workflow_id_) {
      Mismatch(event, "the workflow started " + Describe());
    }
    initiated_event_id_ = event.event_id();
    namespace_ = recorded.namespace_();
    machine_.Apply(Trigger::kStartCommand);
    machine_.Apply(Trigger::kInitiatedEvent);
    return;
  }
  if (command.command_type() == enums::COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION) {
    const auto& recorded =
        event.request_cancel_external_workflow_execution_initiated_event_attributes();
    if (recorded.workflow_execution().workflow_id() != workflow_id_) {
      Mismatch(event, "the workflow canceled " + Describe());
    }
    cancel_request_.Apply(CancelRequestTrigger::kCommand);
    cancel_request_.Apply(CancelRequestTrigger::kInitiatedEvent);
    return;
  }
  Mismatch(event, "the workflow issued " + DescribeCommand(command) + " for " + Describe());
}

void ChildWorkflowMachine::OnEvent(const HistoryEvent& event, MachineSink& sink) {
  switch (event.event_type()) {
    case enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
      OnCancelRequestEvent(event, CancelRequestTrigger::kCancelRequestedEvent, sink);
      return;
    case enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
      OnCancelRequestEvent(event, CancelRequestTrigger::kFailedEvent, sink);
      return;
    default:
      break;
  }
  const std::optional<Trigger> trigger = LifecycleTrigger(event.event_type());
  if (!trigger || !machine_.CanApply(*trigger)) {
    Mismatch(event, "the workflow's " + Describe() + " is in state " +
                        std::string(Names::Name(state())) + ", where " +
                        ShortName(event.event_type()) + " cannot happen");
  }
  const State before = state();
  machine_.Apply(*trigger);
  if (*trigger == Trigger::kStartedEvent) {
    run_id_ =
        event.child_workflow_execution_started_event_attributes().workflow_execution().run_id();
    started_event_id_ = event.event_id();
  }
  // After the await resolved as canceled, the child's fate is no longer the
  // workflow's concern (sdk-core reports nothing either).
  if (before == State::kResolvedCanceled) return;

  switch (*trigger) {
    case Trigger::kStartedEvent: {
      sink.PushJob(ResolveChildStartJob{.seq = seq_,
                                        .kind = ResolveChildStartJob::Kind::kStarted,
                                        .run_id = run_id_,
                                        .workflow_id = workflow_id_,
                                        .cause = {},
                                        .failure = {}});
      return;
    }
    case Trigger::kStartFailedEvent: {
      const auto cause = event.start_child_workflow_execution_failed_event_attributes().cause();
      Failure failure = ChildFailure("Child Workflow execution failed to start",
                                     enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
      Failure* reason = failure.mutable_cause();
      reason->set_message(StartFailedMessage(cause));
      reason->mutable_application_failure_info()->set_type(CauseTypeName(cause));
      reason->mutable_application_failure_info()->set_non_retryable(true);
      sink.PushJob(ResolveChildStartJob{.seq = seq_,
                                        .kind = ResolveChildStartJob::Kind::kFailed,
                                        .run_id = {},
                                        .workflow_id = {},
                                        .cause = cause,
                                        .failure = std::move(failure)});
      return;
    }
    case Trigger::kCompletedEvent: {
      Resolution resolution{
          .kind = Resolution::Kind::kCompleted,
          .result = event.child_workflow_execution_completed_event_attributes().result(),
          .failure = {}};
      sink.PushJob(ResolveChildResultJob{.seq = seq_, .resolution = std::move(resolution)});
      return;
    }
    case Trigger::kFailedEvent: {
      const auto& attributes = event.child_workflow_execution_failed_event_attributes();
      Failure failure = ChildFailure("Child Workflow execution failed", attributes.retry_state());
      if (attributes.has_failure()) *failure.mutable_cause() = attributes.failure();
      sink.PushJob(ResolveChildResultJob{
          .seq = seq_,
          .resolution = {
              .kind = Resolution::Kind::kFailed, .result = {}, .failure = std::move(failure)}});
      return;
    }
    case Trigger::kTimedOutEvent: {
      Failure failure =
          ChildFailure("Child Workflow execution timed out",
                       event.child_workflow_execution_timed_out_event_attributes().retry_state());
      failure.mutable_cause()->set_message("Timed out");
      failure.mutable_cause()->mutable_timeout_failure_info()->set_timeout_type(
          enums::TIMEOUT_TYPE_START_TO_CLOSE);
      sink.PushJob(ResolveChildResultJob{
          .seq = seq_,
          .resolution = {
              .kind = Resolution::Kind::kFailed, .result = {}, .failure = std::move(failure)}});
      return;
    }
    case Trigger::kTerminatedEvent: {
      Failure failure = ChildFailure("Child Workflow execution terminated",
                                     enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
      failure.mutable_cause()->set_message("Terminated");
      failure.mutable_cause()->mutable_terminated_failure_info();
      sink.PushJob(ResolveChildResultJob{
          .seq = seq_,
          .resolution = {
              .kind = Resolution::Kind::kFailed, .result = {}, .failure = std::move(failure)}});
      return;
    }
    case Trigger::kCanceledEvent: {
      Failure failure = ChildFailure("Child Workflow execution cancelled",
                                     enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
      const auto& details = event.child_workflow_execution_canceled_event_attributes().details();
      auto* canceled = failure.mutable_cause()->mutable_canceled_failure_info();
      if (details.payloads_size() > 0) *canceled->mutable_details() = details;
      sink.PushJob(ResolveChildResultJob{
          .seq = seq_,
          .resolution = {
              .kind = Resolution::Kind::kCanceled, .result = {}, .failure = std::move(failure)}});
      return;
    }
    default:
      return;
  }
}

void ChildWorkflowMachine::OnCancelRequestEvent(const HistoryEvent& event,
                                                CancelRequestTrigger trigger, MachineSink& sink) {
  if (!cancel_request_.CanApply(trigger)) {
    Mismatch(event, "the workflow's request to cancel " + Describe() + " is in state " +
                        std::string(CancelRequestNames::Name(cancel_request_.state())) +
                        ", where " + ShortName(event.event_type()) + " cannot happen");
  }
  cancel_request_.Apply(trigger);
  // A failed request (the child was gone) leaves WaitCancellationRequested
  // waiting for the child's close, which then resolves the await.
  if (trigger == CancelRequestTrigger::kCancelRequestedEvent &&
      command_.cancellation_type == ChildWorkflowCancellationType::kWaitCancellationRequested &&
      machine_.CanApply(Trigger::kResolveCanceled)) {
    ResolveCanceled(sink);
  }
}

void ChildWorkflowMachine::Cancel(MachineSink& sink, std::string reason) {
  const State before = state();
  machine_.Apply(Trigger::kCancel);
  if (before == State::kStartCommandCreated) {
    sink.DropPendingCommands(*this);
    Failure failure = ChildFailure("Child Workflow Execution cancelled before scheduled: " + reason,
                                   enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
    failure.mutable_cause()->mutable_canceled_failure_info();
    sink.PushJob(ResolveChildStartJob{.seq = seq_,
                                      .kind = ResolveChildStartJob::Kind::kCanceled,
                                      .run_id = {},
                                      .workflow_id = {},
                                      .cause = {},
                                      .failure = std::move(failure)});
    return;
  }
  if (before != State::kStartEventRecorded && before != State::kStarted) return;

  const auto type = command_.cancellation_type;
  if (type != ChildWorkflowCancellationType::kAbandon &&
      cancel_request_.CanApply(CancelRequestTrigger::kIssue)) {
    IssueCancelRequest(sink, std::move(reason));
  }
  if (type == ChildWorkflowCancellationType::kAbandon ||
      type == ChildWorkflowCancellationType::kTryCancel) {
    ResolveCanceled(sink);
  }
}

void ChildWorkflowMachine::IssueCancelRequest(MachineSink& sink, std::string reason) {
  cancel_request_.Apply(CancelRequestTrigger::kIssue);
  Command cancel;
  cancel.set_command_type(enums::COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION);
  auto* attributes = cancel.mutable_request_cancel_external_workflow_execution_command_attributes();
  // No namespace: the field is deprecated, and a child lives in its
  // parent's namespace, which the server assumes.
  attributes->set_workflow_id(workflow_id_);
  // Empty while the child is only initiated: the server then targets the
  // current run of the id, which is the child about to start.
  attributes->set_run_id(run_id_);
  attributes->set_child_workflow_only(true);
  attributes->set_reason(std::move(reason));
  sink.PushCommand(*this, std::move(cancel));
}

void ChildWorkflowMachine::ResolveCanceled(MachineSink& sink) {
  machine_.Apply(Trigger::kResolveCanceled);
  Failure failure =
      ChildFailure("Child Workflow execution cancelled", enums::RETRY_STATE_NON_RETRYABLE_FAILURE);
  failure.mutable_cause()->mutable_canceled_failure_info();
  sink.PushJob(ResolveChildResultJob{
      .seq = seq_,
      .resolution = {
          .kind = Resolution::Kind::kCanceled, .result = {}, .failure = std::move(failure)}});
}

Failure ChildWorkflowMachine::ChildFailure(std::string message,
                                           enums::RetryState retry_state) const {
  Failure failure;
  failure.set_message(std::move(message));
  auto* info = failure.mutable_child_workflow_execution_failure_info();
  info->set_namespace_(namespace_);
  info->mutable_workflow_execution()->set_workflow_id(workflow_id_);
  info->mutable_workflow_execution()->set_run_id(run_id_);
  info->mutable_workflow_type()->set_name(workflow_type());
  info->set_initiated_event_id(initiated_event_id_);
  info->set_started_event_id(started_event_id_);
  info->set_retry_state(retry_state);
  return failure;
}

}  // namespace temporal::workflow_internal::machines
