// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/signal_external_machine.h"

#include <cctype>
#include <utility>

#include "temporal/workflow/nondeterminism_error.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::failure::v1::Failure;
using temporal::api::history::v1::HistoryEvent;

// "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND" ->
// "NamespaceNotFound": the ApplicationFailure type sdk-core gives the cause.
std::string CauseTypeName(enums::SignalExternalWorkflowExecutionFailedCause cause) {
  constexpr std::string_view kPrefix = "SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_";
  const std::string out = PascalCase(enums::SignalExternalWorkflowExecutionFailedCause_Name(cause), kPrefix);
  return out.empty() ? std::to_string(static_cast<int>(cause)) : out;
}

// Why, in sdk-core's words.
std::string_view FailureReason(enums::SignalExternalWorkflowExecutionFailedCause cause) {
  switch (cause) {
    case enums::
        SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND:
    case enums::SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_NAMESPACE_NOT_FOUND:
      return "it was not found";
    case enums::SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_CAUSE_SIGNAL_COUNT_LIMIT_EXCEEDED:
      return "The per-workflow signal limit was exceeded";
    default:
      return "unknown";
  }
}
}  // namespace

std::string_view SignalExternalMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated:
      return "Created";
    case State::kCommandCreated:
      return "CommandCreated";
    case State::kCommandRecorded:
      return "CommandRecorded";
    case State::kSignaled:
      return "Signaled";
    case State::kFailed:
      return "Failed";
    case State::kCanceled:
      return "Canceled";
  }
  return "?";
}

std::string_view SignalExternalMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule:
      return "Schedule";
    case Trigger::kSignalCommand:
      return "SignalExternalWorkflowExecutionCommand";
    case Trigger::kInitiatedEvent:
      return "SignalExternalWorkflowExecutionInitiated";
    case Trigger::kSignaledEvent:
      return "ExternalWorkflowExecutionSignaled";
    case Trigger::kFailedEvent:
      return "SignalExternalWorkflowExecutionFailed";
    case Trigger::kCancel:
      return "Cancel";
  }
  return "?";
}

SignalExternalMachine::SignalExternalMachine(uint32_t seq, SignalExternalWorkflowCommand command,
                                             std::source_location where)
    : CommandMachine(where),
      seq_(seq),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string SignalExternalMachine::Describe() const {
  return "signal " + Quoted(signal_name()) + " to workflow " + Quoted(target_workflow_id());
}

void SignalExternalMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command signal;
  signal.set_command_type(enums::COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION);
  *signal.mutable_signal_external_workflow_execution_command_attributes() = command_.attributes;
  sink.PushCommand(*this, std::move(signal));
}

void SignalExternalMachine::OnCommandEvent(const Command&, const HistoryEvent& event,
                                           MachineSink&) {
  const auto& recorded = event.signal_external_workflow_execution_initiated_event_attributes();
  if (recorded.signal_name() != signal_name() ||
      recorded.workflow_execution().workflow_id() != target_workflow_id()) {
    Mismatch(event, "the workflow sent " + Describe());
  }
  machine_.Apply(Trigger::kSignalCommand);
  machine_.Apply(Trigger::kInitiatedEvent);
}

void SignalExternalMachine::OnEvent(const HistoryEvent& event, MachineSink& sink) {
  Trigger trigger;
  switch (event.event_type()) {
    case enums::EVENT_TYPE_EXTERNAL_WORKFLOW_EXECUTION_SIGNALED:
      trigger = Trigger::kSignaledEvent;
      break;
    case enums::EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED:
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
  if (trigger == Trigger::kSignaledEvent) {
    sink.PushJob(ResolveSignalExternalJob{.seq = seq_, .failure = std::nullopt});
    return;
  }
  const auto cause = event.signal_external_workflow_execution_failed_event_attributes().cause();
  Failure failure;
  failure.set_message("Unable to signal external workflow because " +
                      std::string(FailureReason(cause)));
  failure.mutable_application_failure_info()->set_type(CauseTypeName(cause));
  sink.PushJob(ResolveSignalExternalJob{.seq = seq_, .failure = std::move(failure)});
}

void SignalExternalMachine::Cancel(MachineSink& sink) {
  const State before = state();
  machine_.Apply(Trigger::kCancel);
  if (before != State::kCommandCreated) return;
  sink.DropPendingCommands(*this);
  Failure failure;
  failure.set_message("Signal was cancelled before being sent");
  failure.mutable_canceled_failure_info();
  sink.PushJob(ResolveSignalExternalJob{.seq = seq_, .failure = std::move(failure)});
}

}  // namespace temporal::workflow_internal::machines
