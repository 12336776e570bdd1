// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/cancel_workflow_machine.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;

constexpr std::string_view kCodeDid =
    "the replayed result differs from the recorded close event: the workflow ended as canceled";
}  // namespace

std::string_view CancelWorkflowMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kCancelWorkflowCommandCreated: return "CancelWorkflowCommandCreated";
    case State::kCancelWorkflowCommandRecorded: return "CancelWorkflowCommandRecorded";
  }
  return "?";
}

std::string_view CancelWorkflowMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule: return "Schedule";
    case Trigger::kCancelWorkflowCommand: return "CancelWorkflowCommand";
    case Trigger::kWorkflowExecutionCanceledEvent: return "WorkflowExecutionCanceled";
  }
  return "?";
}

CancelWorkflowMachine::CancelWorkflowMachine(CancelWorkflowCommand command,
                                             std::source_location where)
    : CommandMachine(where),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string CancelWorkflowMachine::Describe() const { return "workflow cancellation"; }

void CancelWorkflowMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command cancel;
  cancel.set_command_type(enums::COMMAND_TYPE_CANCEL_WORKFLOW_EXECUTION);
  *cancel.mutable_cancel_workflow_execution_command_attributes()->mutable_details() =
      command_.details;
  sink.PushCommand(*this, std::move(cancel));
}

void CancelWorkflowMachine::OnCommandEvent(const Command&, const HistoryEvent& event,
                                           MachineSink&) {
  if (event.event_type() != enums::EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED) {
    Mismatch(event, std::string(kCodeDid));
  }
  if (!machine_.CanApply(Trigger::kCancelWorkflowCommand)) {
    Mismatch(event, std::string(kCodeDid) + ", and its cancellation is in state " +
                        std::string(Names::Name(machine_.state())) +
                        ", where it cannot be recorded");
  }
  machine_.Apply(Trigger::kCancelWorkflowCommand);
  machine_.Apply(Trigger::kWorkflowExecutionCanceledEvent);
}

void CancelWorkflowMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow ended as canceled (state " +
                      std::string(Names::Name(machine_.state())) +
                      "); no event follows a run's close");
}

}  // namespace temporal::workflow_internal::machines
