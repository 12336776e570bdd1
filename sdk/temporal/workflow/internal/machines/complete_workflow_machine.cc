// Copyright: the Temporal C++ SDK authors. See LICENSE.
#include "temporal/workflow/internal/machines/complete_workflow_machine.h"

namespace temporal::workflow_internal::machines {
namespace {
namespace enums = temporal::api::enums::v1;
using temporal::api::command::v1::Command;
using temporal::api::history::v1::HistoryEvent;

constexpr std::string_view kCodeDid =
    "the replayed result differs from the recorded close event: the workflow completed";
}  // namespace

std::string_view CompleteWorkflowMachine::Names::Name(State state) {
  switch (state) {
    case State::kCreated: return "Created";
    case State::kCompleteWorkflowCommandCreated: return "CompleteWorkflowCommandCreated";
    case State::kCompleteWorkflowCommandRecorded: return "CompleteWorkflowCommandRecorded";
  }
  return "?";
}

std::string_view CompleteWorkflowMachine::Names::Name(Trigger trigger) {
  switch (trigger) {
    case Trigger::kSchedule: return "Schedule";
    case Trigger::kCompleteWorkflowCommand: return "CompleteWorkflowCommand";
    case Trigger::kWorkflowExecutionCompletedEvent: return "WorkflowExecutionCompleted";
  }
  return "?";
}

CompleteWorkflowMachine::CompleteWorkflowMachine(CompleteWorkflowCommand command,
                                                 std::source_location where)
    : CommandMachine(where),
      command_(std::move(command)),
      machine_(kTransitions, State::kCreated) {}

std::string CompleteWorkflowMachine::Describe() const { return "workflow completion"; }

void CompleteWorkflowMachine::Schedule(MachineSink& sink) {
  machine_.Apply(Trigger::kSchedule);
  Command complete;
  complete.set_command_type(enums::COMMAND_TYPE_COMPLETE_WORKFLOW_EXECUTION);
  *complete.mutable_complete_workflow_execution_command_attributes()->mutable_result() =
      command_.result;
  sink.PushCommand(*this, std::move(complete));
}

void CompleteWorkflowMachine::OnCommandEvent(const Command&, const HistoryEvent& event,
                                             MachineSink&) {
  if (event.event_type() != enums::EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
    Mismatch(event, std::string(kCodeDid));
  }
  if (!machine_.CanApply(Trigger::kCompleteWorkflowCommand)) {
    Mismatch(event, std::string(kCodeDid) + ", and its completion is in state " +
                        std::string(Names::Name(machine_.state())) +
                        ", where it cannot be recorded");
  }
  machine_.Apply(Trigger::kCompleteWorkflowCommand);
  machine_.Apply(Trigger::kWorkflowExecutionCompletedEvent);
}

void CompleteWorkflowMachine::OnEvent(const HistoryEvent& event, MachineSink&) {
  Mismatch(event, "the workflow completed (state " + std::string(Names::Name(machine_.state())) +
                      "); no event follows a run's completion");
}

}  // namespace temporal::workflow_internal::machines
