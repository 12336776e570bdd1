// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/cancel_external_machine.h"

#include <cctype>
#include <utility>

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;

// "CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND" ->
// "NamespaceNotFound": the ApplicationFailure type sdk-core gives the cause.
std::string CauseTypeName(enums::CancelExternalWorkflowExecutionFailedCause cause) {
  constexpr std::string_view kPrefix = "CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_";
  const std::string out = PascalCase(enums::CancelExternalWorkflowExecutionFailedCause_Name(cause), kPrefix);
  return out.empty() ? std::to_string(static_cast<int>(cause)) : out;
}

// Why, in sdk-core's words.
std::string_view FailureReason(enums::CancelExternalWorkflowExecutionFailedCause cause) {
  switch (cause) {
    case enums::
        CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND:
    case enums::CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND:
      return "not found";
    default:
      return "unknown";
  }
}
}  // namespace

std::string_view CancelExternalMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated:
      return "Created";
    case State::kCommandCreated:
      return "CommandCreated";
    case State::kCommandRecorded:
      return "CommandRecorded";
    case State::kCancelRequested:
      return "CancelRequested";
    case State::kFailed:
      return "Failed";
  }
  return "?";
}

std::string_view CancelExternalMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule:
      return "Schedule";
    case Trigger::kRequestCancelCommand:
      return "RequestCancelExternalWorkflowExecutionCommand";
    case Trigger::kInitiatedEvent:
      return "RequestCancelExternalWorkflowExecutionInitiated";
    case Trigger::kCancelRequestedEvent:
      return "ExternalWorkflowExecutionCancelRequested";
    case Trigger::kFailedEvent:
      return "RequestCancelExternalWorkflowExecutionFailed";
  }
  return "?";
}

CancelExternalMachine::CancelExternalMachine(uint32_t seq,
                                             RequestCancelExternalWorkflowCommand command,
                                             std::source_location where)
    : CommandMachine(where),
      seq_(seq),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string CancelExternalMachine::Describe() const {
  return "request to cancel workflow " + Quoted(target_workflow_id());
}

void CancelExternalMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command cancel;
  cancel.set_command_type(enums::COMMAND_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION);
  *cancel.mutable_request_cancel_external_workflow_execution_command_attributes() =
      command_.attributes;
  sink.PushCommand(*this, std::move(cancel));
}

void CancelExternalMachine::OnCommandEvent(const Command&, const HistoryEvent& event,
                                           MachineSink&) {
  const auto& recorded =
      event.request_cancel_external_workflow_execution_initiated_event_attributes();
  if (recorded.workflow_execution().workflow_id() != target_workflow_id()) {
    Mismatch(event, "the workflow requested to cancel workflow " + Quoted(target_workflow_id()));
  }
  machine_.Apply(Trigger::kRequestCancelCommand);
  machine_.Apply(Trigger::kInitiatedEvent);
}

void CancelExternalMachine::OnEvent(const HistoryEvent& event, MachineSink& sink) {
  Trigger trigger;
  switch (event.event_type()) {
    case enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
      trigger = Trigger::kCancelRequestedEvent;
      break;
    case enums::EVENT_TYPE_REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
      trigger = Trigger::kFailedEvent;
      break;
    default:
      Mismatch(event, "the workflow's " + Describe() + " has no " + ShortName(event.event_type()));
  }
  if (!machine_.CanApply(trigger)) {
    Mismatch(event, "the workflow's " + Describe() + " is in state " +
                        std::string(Names::Name(state())) + ", where " +
                        ShortName(event.event_type()) + " cannot happen");
  }
  machine_.Apply(trigger);
  if (trigger == Trigger::kCancelRequestedEvent) {
    sink.PushJob(ResolveCancelExternalJob{.seq = seq_, .failure = std::nullopt});
    return;
  }
  const auto cause =
      event.request_cancel_external_workflow_execution_failed_event_attributes().cause();
  Failure failure;
  failure.set_message("Unable to cancel external workflow because " +
                      std::string(FailureReason(cause)));
  failure.mutable_application_failure_info()->set_type(CauseTypeName(cause));
  sink.PushJob(ResolveCancelExternalJob{.seq = seq_, .failure = std::move(failure)});
}

}  // namespace temporal::workflow_internal::machines
